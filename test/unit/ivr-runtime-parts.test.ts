/**
 * The IVR's small parts around the interpreter: per-node statistics, the
 * references a flow makes, the AGI path and environment of a call, the
 * voicemail byte ranges, the TTS engines' EXEC lines, the call record
 * picture, and HTTP lookups against a real local server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { parseRange } from '../../src/api/ivr-voicemail-audio.ts';
import { ivrPathOf, ivrRecordEntry } from '../../src/app/ivr/ivr-call-record.ts';
import { agiCommands } from '../../src/asterisk/agi/agi-commands.ts';
import { buildAgiEnvironment } from '../../src/asterisk/agi/agi-environment.ts';
import { parseSuccess } from '../../src/asterisk/agi/agi-response.ts';
import { callFactsOf, ivrTarget } from '../../src/asterisk/ivr/agi-ivr-entry.ts';
import { createHttpLookup, MAX_BODY_BYTES } from '../../src/asterisk/ivr/http-lookup.ts';
import { BUILTIN_TTS_ENGINES, speakable } from '../../src/asterisk/ivr/tts-engines.ts';
import { missingReferences, referencesOf } from '../../src/domain/ivr/flow.references.ts';
import { nodeStats } from '../../src/domain/ivr/flow.stats.ts';
import type { IvrSession } from '../../src/domain/ivr/ivr.records.ts';
import { demoFlow, prepare } from './ivr-helpers.ts';

test('nodeStats folds event counts into one entry per node, most reached first', (t) => {
  const row = (
    nodeId: string,
    event: string,
    detail: string | null,
    count: number,
    calls = count,
  ) => ({
    nodeId,
    nodeType: 'menu',
    event: event as 'enter',
    detail,
    count,
    calls,
  });
  const stats = nodeStats([
    row('orders', 'enter', null, 2),
    row('main', 'enter', null, 7, 5),
    row('main', 'digits', '1', 3),
    row('main', 'digits', '2', 4),
    row('main', 'timeout', null, 2),
    row('main', 'hangup', null, 1),
    row('main', 'lookup-error', 'TIMEOUT', 1),
    row('main', 'exit', 'to-queue', 4),
    row('main', 'period', 'open', 5),
  ]);
  t.deepEqual(
    stats.map((s) => s.nodeId),
    ['main', 'orders'],
  );
  t.like(stats[0], { calls: 5, entries: 7, hangups: 1, timeouts: 2, invalid: 0 });
  t.deepEqual(stats[0]?.digits, [
    { detail: '2', count: 4 },
    { detail: '1', count: 3 },
  ]);
  t.deepEqual(stats[0]?.errors, [{ detail: 'TIMEOUT', count: 1 }]);
  t.deepEqual(stats[0]?.exits, [{ detail: 'to-queue', count: 4 }]);
  t.deepEqual(stats[0]?.other, [{ detail: 'period: open', count: 5 }]);
});

test('referencesOf lists the queues, schedules and mailboxes a flow names; the missing ones become issues', (t) => {
  const flow = prepare(demoFlow()).doc;
  const refs = referencesOf(flow);
  t.deepEqual(refs.map((r) => `${r.kind}:${r.ref}@${r.nodeId}`).sort(), [
    'mailbox:support@vm',
    'queue:billing@billing-queue',
    'queue:support@support-queue',
    'schedule:office@hours',
  ]);
  const issues = missingReferences(refs, (r) => r.kind !== 'queue' || r.ref === 'support');
  t.deepEqual(issues, [
    {
      code: 'UNKNOWN_REFERENCE',
      nodeId: 'billing-queue',
      field: 'queueId',
      message: 'node "billing-queue" queueId: queue "billing" does not exist in this business line',
    },
  ]);
});

test('the AGI path names the target; the environment gives the call', (t) => {
  t.is(ivrTarget('/ivr/8100'), '8100');
  t.is(ivrTarget('/ivr/support-line/'), 'support-line');
  t.is(ivrTarget('/ivr'), null);
  t.is(ivrTarget('/other/8100'), null);
  t.is(ivrTarget('/ivr/a/b'), null);
  const built = buildAgiEnvironment({
    agi_request: 'agi://127.0.0.1:4573/ivr/8100',
    agi_channel: 'PJSIP/trunk-00000001',
    agi_uniqueid: '1795424216.11',
    agi_callerid: 'unknown',
    agi_dnid: 'unknown',
    agi_extension: '8100',
  });
  if (!built.ok) throw new Error('environment');
  t.deepEqual(callFactsOf(built.env), {
    channelId: '1795424216.11',
    channelName: 'PJSIP/trunk-00000001',
    target: '8100',
    callerNumber: '',
    dialedNumber: '8100',
  });
});

test('parseRange reads one byte range, refuses what cannot be served, ignores the rest', (t) => {
  t.deepEqual(parseRange('bytes=0-3', 100), { start: 0, end: 3 });
  t.deepEqual(parseRange('bytes=90-', 100), { start: 90, end: 99 });
  t.deepEqual(parseRange('bytes=-10', 100), { start: 90, end: 99 });
  t.deepEqual(parseRange('bytes=50-500', 100), { start: 50, end: 99 });
  t.is(parseRange('bytes=100-', 100), 'unsatisfiable');
  t.is(parseRange('bytes=5-2', 100), 'unsatisfiable');
  t.is(parseRange('bytes=0-1,5-6', 100), null);
  t.is(parseRange(undefined, 100), null);
});

test('TTS engines run their dialplan application with text that cannot split its arguments', async (t) => {
  const sent: string[] = [];
  const agi = agiCommands({
    commandTimeoutMs: 0,
    command: async (text) => {
      sent.push(text);
      return parseSuccess('200 result=0', 'result=0')!;
    },
  });
  t.is(speakable('Hello, "Ann" | 42\\'), 'Hello   Ann    42');
  await BUILTIN_TTS_ENGINES.get('flite')!.speak(agi, 'Order 12, shipped', 'en');
  await BUILTIN_TTS_ENGINES.get('espeak')!.speak(agi, 'Bonjour', 'fr');
  t.deepEqual(sent, ['EXEC Flite "Order 12  shipped"', 'EXEC Espeak Bonjour,,fr']);
});

test('the call record of an IVR session: the path, and the end of calls that end in the IVR', (t) => {
  const session: Omit<IvrSession, 'id'> = {
    channelId: '1.1',
    channelName: 'PJSIP/trunk-1',
    businessLineId: 'bl',
    flowId: 'f',
    flowKey: 'main',
    flowVersion: 1,
    callerNumber: '+33612345678',
    dialedNumber: '8100',
    language: 'en',
    firewall: 'block',
    period: null,
    outcome: 'hangup',
    outcomeDetail: '21',
    error: null,
    startedAt: 1000,
    endedAt: 5000,
  };
  const path = [
    { nodeId: 'fw', event: 'enter' as const },
    { nodeId: 'fw', event: 'blocked' as const },
  ];
  t.is(ivrPathOf([...path, { nodeId: 'q', event: 'enter' }]), 'fw>q');
  const blocked = ivrRecordEntry(session, path);
  t.like(blocked.record, {
    linkedId: '1.1',
    endedAt: 5000,
    hangupCause: 21,
    hangupBy: 'system',
    ivrPath: 'fw',
    queueId: null,
  });
  const queued = ivrRecordEntry({ ...session, outcome: 'queue', outcomeDetail: 'q1' }, path);
  t.like(queued.record, { endedAt: null, hangupBy: null, queueId: 'q1' });
  t.like(queued.legs[0], { role: 'caller', answeredAt: 1000, endedAt: null });
});

test.serial(
  'HTTP lookups: any answer is a result, no answer in time or too much is an error',
  async (t) => {
    const held: Array<() => void> = [];
    const server: Server = createServer((req, res) => {
      if (req.url === '/slow') {
        held.push(() => res.end('{}'));
        return;
      }
      if (req.url === '/big') {
        res.end('x'.repeat(MAX_BODY_BYTES + 1));
        return;
      }
      if (req.url === '/echo') {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () =>
          res.end(JSON.stringify({ method: req.method, key: req.headers['x-key'], body })),
        );
        return;
      }
      res.writeHead(500);
      res.end('{"error":"down"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.teardown(() => {
      for (const release of held) release();
      server.closeAllConnections();
      server.close();
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const http = createHttpLookup();
    const ask = (path: string, extra: Partial<Parameters<typeof http.request>[0]> = {}) =>
      http.request({
        method: 'GET',
        url: `${base}${path}`,
        headers: {},
        body: null,
        timeoutMs: 5000,
        ...extra,
      });
    t.deepEqual(await ask('/fail'), {
      type: 'lookup-result',
      status: 500,
      body: '{"error":"down"}',
    });
    t.deepEqual(await ask('/slow', { timeoutMs: 200 }), {
      type: 'lookup-error',
      reason: 'TIMEOUT',
    });
    t.deepEqual(await ask('/big'), { type: 'lookup-error', reason: 'TOO_LARGE' });
    const echoed = await ask('/echo', {
      method: 'POST',
      headers: { 'X-Key': 'k1' },
      body: { id: '42' },
    });
    t.like(echoed, { type: 'lookup-result', status: 200 });
    t.deepEqual(JSON.parse((echoed as { body: string }).body), {
      method: 'POST',
      key: 'k1',
      body: '{"id":"42"}',
    });
    t.deepEqual(
      await http.request({
        method: 'GET',
        url: 'http://127.0.0.1:1/x',
        headers: {},
        body: null,
        timeoutMs: 5000,
      }),
      {
        type: 'lookup-error',
        reason: 'UNREACHABLE',
      },
    );
  },
);
