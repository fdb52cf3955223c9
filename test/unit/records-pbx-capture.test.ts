/**
 * The PBX call capture on captured Asterisk frames: a call through
 * app_queue (never in our Stasis application) becomes one `pbx` picture
 * with every channel as a leg; duplicated and reordered events converge;
 * calls that ran our application are left to it; CDR-only input works.
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import pino from 'pino';
import type { PbxRecordEvent } from '../../src/app/records/pbx-call-events.ts';
import { type ChannelParties, createPbxCapture } from '../../src/app/records/pbx-capture.ts';
import { parseAmiEvent } from '../../src/asterisk/ami/ami-event-parse.ts';
import { AmiFrameParser } from '../../src/asterisk/ami/ami-frame-parser.ts';
import {
  asteriskTime,
  hangupCauseOf,
  translateRecordEvent,
} from '../../src/asterisk/records/ami-record-events.ts';
import type { RecordEntry } from '../../src/domain/call/record-entry.ts';

function capturedEvents(): PbxRecordEvent[] {
  const text = readFileSync(
    new URL('../fixtures/records/ami-queue-call.txt', import.meta.url),
    'latin1',
  );
  const out: PbxRecordEvent[] = [];
  for (const frame of new AmiFrameParser().push(text)) {
    if (frame.kind !== 'message') continue;
    const parsed = parseAmiEvent(frame.message);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const event = translateRecordEvent(parsed.event);
    if (event) out.push(event);
  }
  return out;
}

const parties: ChannelParties = {
  agentOf: async (name) =>
    name.startsWith('Local/2001@sim-agent')
      ? { id: 'agent-2001', businessLineId: 'line-1' }
      : undefined,
  trunkOf: () => null,
};

function run(events: readonly PbxRecordEvent[], appName = 'callwright') {
  const puts: RecordEntry[] = [];
  const capture = createPbxCapture({
    sink: { put: async (entry) => void puts.push(entry) },
    parties,
    appName,
    logger: pino({ level: 'silent' }),
  });
  for (const e of events) capture.handle(e);
  return capture.settled().then(() => puts);
}

const LINKED = '1795424332.21';

test('the captured frames translate into channel events, CDRs and the call end', (t) => {
  const events = capturedEvents();
  const kinds = events.map((e) => e.type);
  t.is(kinds.filter((k) => k === 'channel-started').length, 4);
  t.is(kinds.filter((k) => k === 'cdr').length, 3);
  t.is(kinds.at(-1), 'call-ended');
  const cdr = events.find((e) => e.type === 'cdr');
  t.like(cdr, {
    channelId: LINKED,
    linkedId: null,
    source: '5559876',
    destination: '600',
    lastApplication: 'Wait',
    disposition: 'ANSWERED',
    startedAt: Date.UTC(2026, 10, 23, 8, 58, 52),
    endedAt: Date.UTC(2026, 10, 23, 8, 58, 58),
  });
  const start = events.find((e) => e.type === 'channel-started');
  // CEL times come from the exact Timestamp header, not the second-resolution EventTime.
  t.like(start, { channelId: LINKED, linkedId: LINKED, at: 1795424332_382 });
});

test('a call that never touched our application becomes one pbx picture with all its channels', async (t) => {
  const puts = await run(capturedEvents());
  t.is(puts.length, 1, 'handed over once, at LINKEDID_END');
  const last = puts[0]!;
  t.like(last.record, {
    linkedId: LINKED,
    source: 'pbx',
    direction: 'internal',
    ani: '5559876',
    dnis: '600',
    agentId: 'agent-2001',
    businessLineId: 'line-1',
    hangupCause: 16,
  });
  t.is(last.record.startedAt, 1795424332_382);
  t.true(last.record.endedAt! >= Date.UTC(2026, 10, 23, 8, 58, 58));
  t.true(last.record.answeredAt! > last.record.startedAt);
  t.deepEqual(
    last.legs.map((l) => [l.channelId, l.role]),
    [
      [LINKED, 'caller'],
      ['1795424332.22', 'callee'],
      ['1795424332.23', 'agent'],
      ['1795424332.24', 'agent'],
    ],
  );
  t.true(last.legs.every((l) => l.endedAt !== null));
  // The caller's Wait() ran out: Asterisk reports cause 0 ("unknown") for it, kept as null.
  t.deepEqual(
    last.legs.map((l) => l.hangupCause),
    [null, 16, 16, 16],
  );
});

test('duplicated events give the same final picture', async (t) => {
  const events = capturedEvents();
  const once = (await run(events)).at(-1);
  const doubled = events.flatMap((e): PbxRecordEvent[] => (e.type === 'call-ended' ? [e] : [e, e]));
  t.deepEqual((await run(doubled)).at(-1), once);
});

test('a call that ran our Stasis application is left to the application', async (t) => {
  const events = capturedEvents().map((e) =>
    e.type === 'cdr' && e.lastApplication === 'Queue'
      ? { ...e, lastApplication: 'Stasis', lastData: 'callwright,inbound,600' }
      : e,
  );
  t.deepEqual(await run(events), []);
  // Another Stasis application's calls are still captured.
  t.not((await run(events, 'other-app')).length, 0);
});

test('without CEL, each CDR is a picture of its own channel', async (t) => {
  const cdrs = capturedEvents().filter((e) => e.type === 'cdr');
  const puts = await run(cdrs);
  t.is(puts.length, 3);
  t.deepEqual(
    puts.map((p) => p.record.linkedId),
    cdrs.map((c) => (c.type === 'cdr' ? c.channelId : '')),
  );
  // With cdr_manager's linkedid mapping they are one call.
  const mapped = cdrs.map((c) => ({ ...c, linkedId: LINKED }));
  const linked = await run(mapped);
  t.true(linked.every((p) => p.record.linkedId === LINKED && p.record.source === 'pbx'));
  t.deepEqual(
    linked.flatMap((p) => p.legs.map((l) => l.channelId)),
    cdrs.map((c) => (c.type === 'cdr' ? c.channelId : '')),
  );
});

test('Asterisk wall times are read in the configured zone', (t) => {
  t.is(asteriskTime('2026-11-23 08:58:52', 'UTC'), Date.UTC(2026, 10, 23, 8, 58, 52));
  t.is(asteriskTime('2026-11-23 09:58:52', 'Europe/Paris'), Date.UTC(2026, 10, 23, 8, 58, 52));
  t.is(asteriskTime('', 'UTC'), null);
  t.is(hangupCauseOf('{"hangupcause":17,"hangupsource":"","dialstatus":""}'), 17);
  t.is(hangupCauseOf(''), null);
});

test('a call whose Stasis() failed (application not connected) is captured all the same', async (t) => {
  const events = capturedEvents().map((e) =>
    e.type === 'cdr' && e.lastApplication === 'Queue'
      ? { ...e, lastApplication: 'Stasis', lastData: 'callwright,inbound,600' }
      : e,
  );
  const stasisCdr = events.find((e) => e.type === 'cdr' && e.lastApplication === 'Stasis');
  if (stasisCdr?.type !== 'cdr') return t.fail('the fixture has a Stasis CDR');
  // The VarSet Asterisk's app_stasis sends when no WebSocket registered the application.
  const frame = readFileSync(
    new URL('../fixtures/ami/events/VarSet.txt', import.meta.url),
    'latin1',
  )
    .replace(/^Uniqueid: .*$/m, `Uniqueid: ${stasisCdr.channelId}`)
    .replace(/^Linkedid: .*$/m, `Linkedid: ${LINKED}`)
    .replace(/^Variable: .*$/m, 'Variable: STASISSTATUS')
    .replace(/^Value: .*$/m, 'Value: FAILED');
  const [message] = new AmiFrameParser().push(`${frame.replace(/\r?\n/g, '\r\n')}\r\n`);
  if (message?.kind !== 'message') return t.fail('the VarSet frame parses');
  const parsed = parseAmiEvent(message.message);
  if (!parsed.ok) return t.fail(JSON.stringify(parsed.problems));
  const failed = translateRecordEvent(parsed.event);
  t.deepEqual(failed, { type: 'stasis-failed', channelId: stasisCdr.channelId, linkedId: LINKED });
  const withFailure = [events[0]!, failed!, ...events.slice(1)];
  const puts = await run(withFailure);
  t.is(puts.at(-1)?.record.linkedId, LINKED);
  t.is(puts.at(-1)?.record.source, 'pbx');
  // Without the failure the same call stays the application's.
  t.deepEqual(await run(events), []);
});
