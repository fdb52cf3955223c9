/**
 * When a queue cannot serve a caller (ACD-5), end to end through the
 * simulator: overflow into another queue, to an external number rung
 * through the trunk (answered, or busy), to voicemail (an IVR flow); a DID
 * routed to an IVR flow (ACD-8); position announcements to waiting callers
 * (ACD-6). Each checks where the call went and the call record written.
 */
import test from 'ava';
import {
  hangUp,
  offersOf,
  type RoutingWorld,
  startWorld,
  type WorldSpec,
} from './acd-routing-harness.ts';

const running: RoutingWorld[] = [];
async function world(spec: WorldSpec): Promise<RoutingWorld> {
  const w = await startWorld(spec);
  running.push(w);
  return w;
}
test.after.always(async () => {
  for (const w of running) await w.close();
});

const DID = '5001';
const MOBILE = '+33600000010';
const BUSY_MOBILE = '+33600000012';
/** Trunk callees answering quickly: numbers ending in 2 are busy, the rest answer in 0.3 s. */
const CALLEES: WorldSpec['callees'] = [
  { pattern: '2$', kind: 'busy' },
  { pattern: '.*', kind: 'human', answerAfterS: { kind: 'fixed', value: 0.3 } },
];

const phases = (w: RoutingWorld, callId: string) =>
  w.events.flatMap((e) => (e.type === 'call-changed' && e.callId === callId ? [e.to] : []));

test('max wait overflows into another queue, where an agent takes the call', async (t) => {
  const w = await world({
    queues: [
      {
        name: 'Front',
        maxWaitS: 1,
        acdSettings: { overflow: { onMaxWait: { kind: 'QUEUE', queueId: 'queue:Back' } } },
      },
      { name: 'Back' },
    ],
    agents: [
      { ext: '5101', queues: ['Front'] },
      { ext: '5102', queues: ['Back'] },
    ],
    routes: [{ did: DID, queue: 'Front' }],
  });
  await w.ready('5102');
  // 5101 is logged out: Front keeps the caller (no no-agents target) until its max wait.
  const callId = w.call('+33610000200', DID);
  t.is(await w.answeredBy(callId), '5102');
  t.deepEqual(phases(w, callId), ['waiting', 'overflowed', 'waiting', 'offered', 'connected']);
  const queuesSeen = w.events.flatMap((e) =>
    e.type === 'call-changed' && e.callId === callId ? [e.queueId] : [],
  );
  t.deepEqual([...new Set(queuesSeen)], [w.queues.Front, w.queues.Back]);
  const { record, legs } = await hangUp(w, callId);
  t.like(record, { queueId: w.queues.Back, agentId: w.agentId('5102'), hangupBy: 'caller' });
  t.deepEqual(legs.map((l) => l.role).sort(), ['agent', 'caller']);
  t.deepEqual(w.sim.control.bridges(), [], 'both holding bridges and the call bridge are gone');
});

test('nobody logged in: the caller is put through to an external number and the call is recorded', async (t) => {
  const w = await world({
    queues: [
      {
        name: 'Q',
        acdSettings: { overflow: { onNoAgents: { kind: 'EXTERNAL', number: MOBILE } } },
      },
    ],
    agents: [{ ext: '5201', queues: ['Q'] }],
    routes: [{ did: DID, queue: 'Q' }],
    callees: CALLEES,
  });
  const callId = w.call('+33610000201', DID);
  const bridged = await w.waitFor(
    'forward bridged',
    (e) => e.type === 'forward-bridged' && e.callId === callId,
  );
  if (bridged.type !== 'forward-bridged') throw new Error('not a forward');
  const bridge = w.sim.control.bridges().find((b) => b.id === bridged.bridgeId);
  t.deepEqual((bridge?.channels as string[]).slice().sort(), [callId, bridged.channelId].sort());
  const external = w.sim.control.channels().find((c) => c.id === bridged.channelId);
  t.regex(String(external?.name), /^PJSIP\/trunk-/);
  t.is(
    (external?.caller as { number: string }).number,
    '+33610000201',
    'the number sees who calls',
  );
  const { record, legs } = await hangUp(w, callId);
  t.like(record, { queueId: w.queues.Q, agentId: null, hangupBy: 'caller' });
  t.true(record.answeredAt !== null);
  const leg = legs.find((l) => l.role === 'external');
  t.like(leg, { channelId: bridged.channelId, channelName: MOBILE });
  t.true(leg?.answeredAt !== null && leg?.endedAt !== null);
  t.deepEqual(phases(w, callId), ['forwarding', 'forwarded', 'ended']);
  const recorded = w.sim.control
    .requests()
    .filter((r) => r.method === 'POST' && r.url.includes(`/bridges/${bridged.bridgeId}/record`));
  t.is(recorded.length, 1);
  t.deepEqual(w.sim.control.channels(), [], 'the external leg was hung up with the caller');
});

test('an external number that is busy: the caller hears busy and the record says so', async (t) => {
  const w = await world({
    queues: [
      {
        name: 'Q',
        maxWaitS: 1,
        acdSettings: { overflow: { onMaxWait: { kind: 'EXTERNAL', number: BUSY_MOBILE } } },
      },
    ],
    agents: [{ ext: '5301', queues: ['Q'] }],
    routes: [{ did: DID, queue: 'Q' }],
    callees: CALLEES,
  });
  const callId = w.call('+33610000202', DID);
  const { record, legs } = await w.closed(callId);
  t.like(record, { agentId: null, answeredAt: null, hangupBy: 'system', hangupCause: 17 });
  t.like(
    legs.find((l) => l.role === 'external'),
    { answeredAt: null, hangupCause: 17 },
  );
  t.deepEqual(phases(w, callId), ['waiting', 'forwarding', 'overflowed']);
});

test('overflow to voicemail hands the caller to the IVR flow that takes messages', async (t) => {
  const w = await world({
    queues: [
      {
        name: 'Q',
        acdSettings: {
          overflow: { onNoAgents: { kind: 'VOICEMAIL', ivrFlow: 'sales-voicemail' } },
        },
      },
    ],
    agents: [{ ext: '5401', queues: ['Q'] }],
    routes: [{ did: DID, queue: 'Q' }],
  });
  const callId = w.call('+33610000203', DID);
  await w.waitFor('IVR hand-off', (e) => e.type === 'ivr-handoff' && e.channelId === callId);
  const { record } = await w.closed(callId);
  t.like(record, { queueId: w.queues.Q, agentId: null, hangupBy: 'system' });
  t.deepEqual(offersOf(w, callId), []);
  // The shipped dialplan ran the flow over FastAGI: the IVR is asked for exactly that flow.
  t.is(await w.agiRequested(), '/ivr/sales-voicemail');
  t.deepEqual(w.agiPaths, ['/ivr/sales-voicemail']);
});

test('a DID routed to an IVR flow leaves the ACD for the IVR', async (t) => {
  const w = await world({
    queues: [{ name: 'Q' }],
    agents: [{ ext: '5501', queues: ['Q'] }],
    routes: [{ did: '5003', ivrFlow: 'night-menu' }],
  });
  await w.ready('5501');
  const callId = w.call('+33610000204', '5003');
  await w.waitFor('IVR hand-off', (e) => e.type === 'ivr-handoff' && e.channelId === callId);
  t.is(await w.agiRequested(), '/ivr/night-menu');
  const variables = w.sim.control
    .requests()
    .filter((r) => r.url.includes(`/channels/${callId}/`))
    .map(
      (r) =>
        `${r.method} ${r.url.split('?')[0]!.replace(`/ari/channels/${callId}`, '')} ${r.status}`,
    );
  t.deepEqual(variables, ['POST /variable 204', 'POST /continue 204']);
  t.deepEqual(offersOf(w, callId), []);
  t.is(w.runtime.agentView(w.agentId('5501')).status, 'available');
});

test('waiting callers hear their position, then again every period', async (t) => {
  const w = await world({
    queues: [{ name: 'Q', acdSettings: { announcements: { firstAfterS: 1, everyS: 1 } } }],
    agents: [{ ext: '5601', queues: ['Q'] }],
    routes: [{ did: DID, queue: 'Q' }],
  });
  const first = w.call('+33610000205', DID);
  const second = w.call('+33610000206', DID);
  const heard = async (callId: string, times: number) => {
    const seen: string[][] = [];
    let after = 0;
    for (let i = 0; i < times; i++) {
      const e = await w.waitFor(
        `${callId} announcement`,
        (x) => x.type === 'announced' && x.callId === callId,
        after,
      );
      after = w.events.indexOf(e) + 1;
      if (e.type === 'announced') seen.push([...e.media]);
    }
    return seen;
  };
  t.deepEqual(await heard(first, 2), [
    ['sound:queue-youarenext', 'sound:queue-thankyou'],
    ['sound:queue-youarenext', 'sound:queue-thankyou'],
  ]);
  t.deepEqual((await heard(second, 1))[0], [
    'sound:queue-thereare',
    'sound:digits/2',
    'sound:queue-callswaiting',
    'sound:queue-thankyou',
  ]);
  const plays = w.sim.control
    .requests()
    .filter((r) => r.method === 'POST' && r.url.startsWith(`/ari/channels/${second}/play`));
  t.true(plays.length >= 1 && plays.every((p) => p.status === 201), JSON.stringify(plays));
  t.true(decodeURIComponent(plays[0]!.url).includes('media=sound:queue-thereare'));
  await w.ready('5601');
  t.is(await w.answeredBy(first), '5601');
  const { record } = await hangUp(w, first);
  t.like(record, { agentId: w.agentId('5601') });
  await hangUp(w, second);
});
