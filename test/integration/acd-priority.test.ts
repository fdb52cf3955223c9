/**
 * Who gets a call first, end to end through the simulator: VIP callers
 * ahead of everyone (ACD-2), dedicated VIP agents (ACD-4), the sticky agent
 * with its hold (ACD-3), ring timeout to the next agent with auto-pause
 * (ACD-5), and a DID straight to one agent (ACD-8). Each checks which agent
 * got which call and the call record written.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
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
const VIP = '+33699999990';

function twoAgents(
  over: Partial<WorldSpec> = {},
  acdSettings?: Record<string, unknown>,
): WorldSpec {
  return {
    queues: [{ name: 'Q', ringTimeoutS: 5, ...(acdSettings ? { acdSettings } : {}) }],
    agents: [
      { ext: '4001', queues: ['Q'] },
      { ext: '4002', queues: ['Q'] },
    ],
    routes: [{ did: DID, queue: 'Q' }],
    ...over,
  };
}

/** Waits until the call waits in its queue. */
const queued = (w: RoutingWorld, callId: string) =>
  w.waitFor(
    `${callId} queued`,
    (e) => e.type === 'call-changed' && e.callId === callId && e.to === 'waiting',
  );

/** The time a call changed to `phase`. */
async function phaseAt(w: RoutingWorld, callId: string, phase: string): Promise<number> {
  const e = await w.waitFor(
    `${callId} ${phase}`,
    (x) => x.type === 'call-changed' && x.callId === callId && x.to === phase,
  );
  return e.type === 'call-changed' ? e.at : Number.NaN;
}

test('a VIP caller is served before a caller who has waited longer', async (t) => {
  const w = await world(twoAgents({ vips: [{ number: VIP }] }));
  const normal = w.call('+33610000100', DID);
  await queued(w, normal);
  const vip = w.call(VIP, DID);
  await queued(w, vip);
  await w.ready('4001');
  t.is(await w.answeredBy(vip), '4001');
  t.deepEqual(offersOf(w, normal), [], 'the earlier caller was not offered first');
  const vipRecord = await hangUp(w, vip);
  t.like(vipRecord.record, { ani: VIP, agentId: w.agentId('4001'), queueId: w.queues.Q });
  t.is(await w.answeredBy(normal), '4001');
  const normalRecord = await hangUp(w, normal);
  t.true(normalRecord.record.startedAt < vipRecord.record.startedAt);
  t.true(normalRecord.record.answeredAt! > vipRecord.record.answeredAt!);
});

test('a VIP with a dedicated agent goes to that agent, and to anyone once the hold ends', async (t) => {
  const w = await world(
    twoAgents(
      { vips: [{ number: VIP, agents: ['4002'] }] },
      // No sticky hold: the VIP's first call would otherwise hold the second for 4002 too.
      { vipHoldS: 2, sticky: { enabled: false } },
    ),
  );
  await w.ready('4001');
  await w.ready('4002');
  // 4001 has been free longer, yet the VIP's own agent takes the call.
  const first = w.call(VIP, DID);
  t.is(await w.answeredBy(first), '4002');
  t.deepEqual(offersOf(w, first), ['4002']);
  // The dedicated agent is on that call: the VIP's next call waits for it, then 4001 takes it.
  const second = w.call(VIP, DID);
  const waitingAt = await phaseAt(w, second, 'waiting');
  const offeredAt = await phaseAt(w, second, 'offered');
  t.is(await w.answeredBy(second), '4001');
  // The hold (2 s) counts from the caller's classification, a moment before its `waiting`
  // event (more under load): the offer comes well over a second after that event, where
  // without the hold it would come at once.
  t.true(
    offeredAt - waitingAt >= 1000,
    `held for the dedicated agent first (${offeredAt - waitingAt} ms)`,
  );
  t.deepEqual(offersOf(w, second), ['4001']);
  const records = [await hangUp(w, first), await hangUp(w, second)].map((r) => r.record);
  t.like(records[0], { ani: VIP, agentId: w.agentId('4002'), queueId: w.queues.Q });
  t.like(records[1], { ani: VIP, agentId: w.agentId('4001'), queueId: w.queues.Q });
});

test('sticky agent: a returning caller goes to the agent who served them, or to another after the hold', async (t) => {
  const w = await world(twoAgents({}, { sticky: { holdS: 2 } }));
  const caller = '+33610000102';
  await w.ready('4001');
  const first = w.call(caller, DID);
  t.is(await w.answeredBy(first), '4001');
  await w.ready('4002');
  await hangUp(w, first);
  // 4002 has now been free longer than 4001, but the caller comes back to 4001.
  const second = w.call(caller, DID);
  t.is(await w.answeredBy(second), '4001');
  t.deepEqual(offersOf(w, second), ['4001']);
  // 4001 is on that call: the caller's next call waits the hold for 4001, then goes to 4002.
  const third = w.call(caller, DID);
  const waitingAt = await phaseAt(w, third, 'waiting');
  const offeredAt = await phaseAt(w, third, 'offered');
  t.is(await w.answeredBy(third), '4002');
  // The hold (2 s) counts from the caller's classification, a moment before its `waiting`
  // event (more under load): the offer comes well over a second after that event, where
  // without the hold it would come at once.
  t.true(offeredAt - waitingAt >= 1000, `offered ${offeredAt - waitingAt} ms after waiting`);
  const records = [await hangUp(w, second), await hangUp(w, third)].map((r) => r.record.agentId);
  t.deepEqual(records, [w.agentId('4001'), w.agentId('4002')]);
});

test('ring timeout: the next agent gets the call; the agent who missed it is auto-paused', async (t) => {
  const w = await world({
    // Rings of 3 s: room for a slow machine to set the second agent's phone ringing and answering.
    queues: [{ name: 'Q', ringTimeoutS: 3, acdSettings: { autoPauseAfterMisses: 1 } }],
    agents: [
      { ext: '4001', queues: ['Q'], phone: { mode: 'never' } },
      { ext: '4002', queues: ['Q'] },
    ],
    routes: [{ did: DID, queue: 'Q' }],
  });
  await w.ready('4001');
  await w.ready('4002');
  const callId = w.call('+33610000103', DID);
  t.is(await w.answeredBy(callId), '4002');
  t.deepEqual(offersOf(w, callId), ['4001', '4002']);
  t.like(w.runtime.agentView(w.agentId('4001')), { status: 'paused', reason: 'missed-offers' });
  const { record, legs } = await hangUp(w, callId);
  t.like(record, { agentId: w.agentId('4002'), queueId: w.queues.Q });
  const missed = legs.find((l) => l.agentId === w.agentId('4001'));
  t.like(missed, { role: 'agent', answeredAt: null, hangupCause: 19 });
});

test('a DID straight to an agent rings only that agent; with the agent logged out the caller is told at once', async (t) => {
  const w = await world(
    twoAgents({
      routes: [
        { did: DID, queue: 'Q' },
        { did: '5002', agent: '4002' },
      ],
    }),
  );
  await w.ready('4001');
  await w.ready('4002');
  const direct = w.call('+33610000104', '5002');
  t.is(await w.answeredBy(direct), '4002');
  t.deepEqual(offersOf(w, direct), ['4002']);
  const { record, legs } = await hangUp(w, direct);
  t.like(record, { dnis: '5002', agentId: w.agentId('4002'), queueId: null, hangupBy: 'caller' });
  t.true(record.answeredAt !== null);
  t.deepEqual(legs.map((l) => l.role).sort(), ['agent', 'caller']);

  const logout = await w.gql('mutation($a: ID) { r: agentLogout(agentId: $a) { __typename } }', {
    a: encodeGlobalID('Agent', w.agentId('4002')),
  });
  t.falsy(logout.errors);
  const absent = w.call('+33610000105', '5002');
  const closed = await w.closed(absent);
  t.like(closed.record, { agentId: null, hangupBy: 'system', hangupCause: 20, queueId: null });
  t.deepEqual(offersOf(w, absent), []);
  t.is(
    w.runtime.agentView(w.agentId('4001')).status,
    'available',
    'the other agent was never offered it',
  );
});

test('a remote agent is rung on its own number through the trunk and takes the call (ACD-10)', async (t) => {
  const w = await world({
    queues: [{ name: 'Q' }],
    agents: [{ ext: '4101', queues: ['Q'], external: '+33600000030' }],
    routes: [{ did: DID, queue: 'Q' }],
    callees: [{ pattern: '.*', kind: 'human', answerAfterS: { kind: 'fixed', value: 0.3 } }],
  });
  await w.ready('4101');
  const callId = w.call('+33610000106', DID);
  t.is(await w.answeredBy(callId), '4101');
  const offer = w.events.find((e) => e.type === 'offer-sent' && e.callId === callId);
  const leg = w.sim.control
    .channels()
    .find((c) => offer?.type === 'offer-sent' && c.id === offer.channelId);
  t.regex(String(leg?.name), /^PJSIP\/trunk-/, 'dialled through the trunk');
  const { record, legs } = await hangUp(w, callId);
  t.like(record, { agentId: w.agentId('4101'), queueId: w.queues.Q });
  t.like(
    legs.find((l) => l.role === 'agent'),
    // The record names the channel the PBX created for the offer, as its CDR would.
    { channelName: String(leg?.name), agentId: w.agentId('4101') },
  );
});
