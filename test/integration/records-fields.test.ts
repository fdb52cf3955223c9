/**
 * Call records written by the ACD through the production record path
 * (enricher, batch store, durable writer) from calls placed on the PBX
 * simulator, every field of the call row and of each leg checked: an
 * answered call, a caller who gives up in the queue, and the same call's
 * pictures handed to the writer twice and out of order, which must leave
 * the very same rows. Times are checked against the moments the test saw
 * things happen; every wait is on a runtime event or the writer's promise.
 */
import test from 'ava';
import pino from 'pino';
import type { RecordSink } from '../../src/app/records/ports.ts';
import { createRecordEnricher } from '../../src/app/records/record-enricher.ts';
import type { RecordWriter } from '../../src/app/records/record-writer.ts';
import type { RecordEntry } from '../../src/domain/call/record-entry.ts';
import { createRecordBatchStore } from '../../src/store/records/record-batch-store.ts';
import { tempOutboxPath, writerOver } from '../helpers/records.ts';
import { type AcdUnderTest, DID, startAcd } from './acd-harness.ts';

const logger = pino({ level: 'silent' });
const running: AcdUnderTest[] = [];
test.after.always(async () => {
  for (const a of running) await a.close();
});

/** An ACD whose records go through the production writer; `tap` sees each picture first. */
async function acdWithWriter(tap?: (entry: RecordEntry, sink: RecordSink) => Promise<void>) {
  let writer: RecordWriter | undefined;
  let refresh: Promise<void> = Promise.resolve();
  const a = await startAcd({
    wrapUpS: 0,
    phone: { answerAfterS: 0.2 },
    records: (store) => {
      const enricher = createRecordEnricher({ store, logger });
      refresh = enricher.refresh();
      writer = writerOver(
        createRecordBatchStore(store.knex, enricher.enrich),
        tempOutboxPath(),
      ).writer;
      void writer.start();
      const sink = writer;
      return tap ? { put: (entry) => tap(entry, sink) } : sink;
    },
  });
  running.push(a);
  await refresh;
  return { a, writer: writer! };
}

async function readCall(a: AcdUnderTest, linkedId: string) {
  const call = await a.store.calls.getByLinkedId(linkedId);
  if (call === null || call === undefined) throw new Error(`no record for ${linkedId}`);
  const legs = await a.store.calls.legsOf([call.id]);
  return { call, legs };
}

/** `values` are in order and each within [from, to]. */
function inOrder(values: Array<number | null | undefined>, from: number, to: number): boolean {
  let last = from;
  for (const v of values) {
    if (typeof v !== 'number' || v < last || v > to) return false;
    last = v;
  }
  return true;
}

/** One answered call, from the caller's dial to its hangup; the moments the test saw. */
async function answeredCall(a: AcdUnderTest) {
  const [agent] = a.agents;
  await a.runtime.agentAction(agent, { type: 'login' });
  await a.runtime.agentAction(agent, { type: 'ready' });
  const before = Date.now();
  const { channelId } = a.sim.control.placeCall({ from: '+33612345678', to: DID });
  await a.waitFor('call bridged', (e) => e.type === 'call-bridged');
  const mark = a.events.length;
  a.sim.control.remoteHangup(channelId);
  await a.waitFor('call closed', (e) => e.type === 'call-closed', mark);
  return { channelId, agent, before, after: Date.now() };
}

test('an answered call: every field of the call and of both legs', async (t) => {
  const { a, writer } = await acdWithWriter();
  const { channelId, agent, before, after } = await answeredCall(a);
  await writer.idle();
  const { call, legs } = await readCall(a, channelId);
  const line = (await a.store.businessLines.getByName('Line'))!;

  t.deepEqual(
    { ...call, id: typeof call.id },
    {
      id: 'string',
      linkedId: channelId,
      businessLineId: line.id,
      direction: 'inbound',
      ani: '+33612345678',
      dnis: DID,
      queueId: a.queueId,
      agentId: agent,
      startedAt: call.startedAt,
      answeredAt: call.answeredAt,
      endedAt: call.endedAt,
      hangupCause: 16,
      hangupBy: 'caller',
      disposition: null,
      notes: null,
      source: 'app',
      trunk: 'trunk',
      ivrPath: null,
      queueEnteredAt: call.queueEnteredAt,
      holdMs: null,
      wrapUpMs: null,
      transfers: 0,
      callbackRequested: false,
      campaignId: null,
      attempt: null,
      costMicros: null,
      callerCountry: 'FR',
      callerRegion: 'FR',
      callerNumberType: 'MOBILE',
    },
  );
  t.true(
    inOrder([call.startedAt, call.queueEnteredAt, call.answeredAt, call.endedAt], before, after),
    `call times in order within the test's window: ${JSON.stringify(call)}`,
  );

  const [caller, agentLeg] = [...legs].sort((x, y) => (x.role < y.role ? 1 : -1));
  t.is(legs.length, 2);
  t.deepEqual(
    { ...caller!, id: typeof caller!.id },
    {
      id: 'string',
      callId: call.id,
      channelId,
      channelName: caller!.channelName,
      role: 'caller',
      agentId: null,
      startedAt: call.startedAt,
      answeredAt: caller!.answeredAt,
      endedAt: call.endedAt,
      hangupCause: 16,
      ringingAt: null,
    },
  );
  t.regex(caller!.channelName, /^PJSIP\/trunk-[0-9a-f]{8}$/);
  t.deepEqual(
    { ...agentLeg!, id: typeof agentLeg!.id },
    {
      id: 'string',
      callId: call.id,
      channelId: `${channelId}-offer-1`,
      channelName: agentLeg!.channelName,
      role: 'agent',
      agentId: agent,
      startedAt: agentLeg!.startedAt,
      answeredAt: call.answeredAt,
      endedAt: call.endedAt,
      hangupCause: 16,
      ringingAt: agentLeg!.ringingAt,
    },
  );
  t.regex(agentLeg!.channelName, /^PJSIP\/2001-[0-9a-f]{8}$/);
  // The agent's phone rings while the caller is still being answered and put on hold.
  t.true(
    inOrder([call.startedAt, caller!.answeredAt, call.answeredAt], before, after) &&
      inOrder(
        [call.startedAt, agentLeg!.startedAt, agentLeg!.ringingAt, call.answeredAt],
        before,
        after,
      ),
    `leg times in order: ${JSON.stringify(legs)}`,
  );
});

test('a caller who gives up in the queue: abandoned, no agent, no answer', async (t) => {
  const { a, writer } = await acdWithWriter();
  const before = Date.now();
  const { channelId } = a.sim.control.placeCall({ from: '+12125550147', to: DID });
  await a.waitFor('caller queued', (e) => e.type === 'call-changed');
  const mark = a.events.length;
  a.sim.control.remoteHangup(channelId);
  await a.waitFor('call closed', (e) => e.type === 'call-closed', mark);
  await writer.idle();
  const after = Date.now();
  const { call, legs } = await readCall(a, channelId);
  t.like(call, {
    linkedId: channelId,
    direction: 'inbound',
    ani: '+12125550147',
    dnis: DID,
    queueId: a.queueId,
    agentId: null,
    answeredAt: null,
    hangupCause: 16,
    hangupBy: 'caller',
    trunk: 'trunk',
    transfers: 0,
    callerCountry: 'US',
    callerRegion: 'US',
  });
  t.true(
    inOrder([call.startedAt, call.queueEnteredAt, call.endedAt], before, after),
    JSON.stringify({ before, after, call }),
  );
  t.deepEqual(
    legs.map((l) => [l.role, l.channelId, l.endedAt === call.endedAt, l.hangupCause]),
    [['caller', channelId, true, 16]],
  );
});

test('pictures handed twice and out of order leave the same rows', async (t) => {
  const seen: RecordEntry[] = [];
  const { a, writer } = await acdWithWriter(async (entry, sink) => {
    seen.push(entry);
    await sink.put(entry);
    await sink.put(entry);
  });
  const { channelId } = await answeredCall(a);
  await writer.idle();
  const settled = await readCall(a, channelId);
  const pictures = seen.filter((e) => e.record.linkedId === channelId);
  t.true(pictures.length >= 3, `several pictures of the call: ${pictures.length}`);

  // Every earlier picture again, newest first: a late, reordered delivery.
  for (const entry of [...pictures].reverse()) await writer.put(entry);
  await writer.idle();
  const again = await readCall(a, channelId);
  t.deepEqual(again.call, settled.call);
  t.deepEqual(
    [...again.legs].sort((x, y) => x.channelId.localeCompare(y.channelId)),
    [...settled.legs].sort((x, y) => x.channelId.localeCompare(y.channelId)),
  );
  const rows = await a.store.knex('calls').where('linked_id', channelId).count({ n: '*' });
  t.is(Number(rows[0]?.n), 1);
});
