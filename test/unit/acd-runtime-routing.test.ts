/**
 * The ACD runtime's routing over fake call control and fake time: the
 * sticky agent read from the call history at start, queue settings changed
 * while running, the last agent leaving sending callers to the no-agents
 * target, a full queue overflowing into another one, expected waits in
 * announcements, and the callback hook of an overflow.
 */
import test from 'ava';
import { fakeAcdRuntime } from '../helpers/acd.ts';
import { DID, loginAll, offerLeg, offers, type World, world } from './acd-runtime-world.ts';

const worlds: World[] = [];
async function make(o: Parameters<typeof world>[0] = {}): Promise<World> {
  const w = await world(o);
  worlds.push(w);
  return w;
}
test.after.always(async () => {
  for (const w of worlds) await w.close();
});

/** Stores ACD settings for the world's queue and tells the running ACD. */
async function settle(w: World, settings: Record<string, unknown>, queueId = w.queueId) {
  await w.store.queueSettings.put(queueId, settings);
  await w.runtime.reloadConfig({ queueIds: [queueId] });
}

test('a runtime starting up reads who served each caller from the call history (sticky agent)', async (t) => {
  const w = await make({ agents: 2 });
  const [first, second] = w.agents as [string, string];
  await w.store.calls.upsertCall({
    linkedId: 'earlier-call',
    businessLineId: w.lineId,
    direction: 'inbound',
    ani: '+33612345678',
    dnis: DID,
    queueId: w.queueId,
    agentId: second,
    startedAt: w.time.now() - 3_600_000,
    answeredAt: w.time.now() - 3_590_000,
    endedAt: w.time.now() - 3_500_000,
    hangupCause: 16,
    hangupBy: 'caller',
    disposition: null,
    notes: null,
  });
  const restarted = fakeAcdRuntime(w.store, { time: w.time, control: w.control });
  t.teardown(() => restarted.runtime.stop());
  await restarted.runtime.start();
  for (const id of [first, second]) {
    t.true((await restarted.runtime.agentAction(id, { type: 'login' })).ok);
    w.time.advance(1000);
  }
  const before = w.control.of('originate').length;
  restarted.runtime.handle({
    type: 'inbound-entered',
    channelId: 'back-again',
    channelName: 'PJSIP/trunk-00000009',
    ani: '+33612345678',
    dnis: DID,
    trunk: 'trunk',
    queueId: null,
  });
  // The first agent has been free longer; the caller still goes to the one who served them.
  t.like(w.control.of('originate')[before]?.offer, { agentId: second, callId: 'back-again' });
});

test('settings changed while running apply to the next caller', async (t) => {
  const w = await make({ agents: 1 });
  const announced = () => w.events.flatMap((e) => (e.type === 'announced' ? [e.callId] : []));
  const nth = (n: number) => w.waitFor(() => announced().length >= n);
  w.call('c1');
  w.time.advance(14_000);
  t.deepEqual(w.control.of('play'), []);
  w.time.advance(2000);
  await nth(1);
  t.like(w.control.of('play')[0], {
    channelId: 'c1',
    media: ['sound:queue-youarenext', 'sound:queue-thankyou'],
  });
  await settle(w, { announcements: { firstAfterS: 0 } });
  w.call('c2', '+33612345600');
  // c1 keeps its 45 s period; c2 entered with announcements off.
  w.time.advance(60_000);
  await nth(2);
  t.deepEqual(
    announced(),
    ['c1', 'c1'],
    'the new caller is not announced to; the one already waiting keeps its settings',
  );
});

test('the last agent logging out sends waiting callers to the no-agents target', async (t) => {
  const w = await make({ agents: 1 });
  const [agent] = w.agents as [string];
  await settle(w, { overflow: { onNoAgents: { kind: 'external', number: '+33600000010' } } });
  await loginAll(w, [agent]);
  await w.runtime.agentAction(agent, { type: 'pause', reason: 'lunch' });
  w.call('c1');
  t.deepEqual(w.control.of('originateLeg'), [], 'a paused member still counts as logged in');
  await w.runtime.agentAction(agent, { type: 'logout' });
  const leg = await w.control.waitFor((r) => r.op === 'originateLeg');
  t.like(leg.op === 'originateLeg' ? leg.leg : null, {
    callId: 'c1',
    target: { kind: 'external', number: '+33600000010' },
    callerNumber: '+33612345678',
    timeoutS: 30,
  });
  t.is(w.runtime.callView('c1')?.phase, 'forwarding');
});

test('a full queue overflows the newcomer into another queue of its own hold', async (t) => {
  const w = await make({ agents: 1 });
  const other = await w.store.queues.create({
    businessLineId: w.lineId,
    name: 'Overflow',
    strategy: 'longest-idle',
    ringTimeoutS: 15,
    maxWaitS: null,
    maxLength: null,
    wrapUpS: 0,
    serviceLevelS: 20,
    serviceLevelTarget: 0.8,
    requiredSkills: [],
  });
  await w.store.queues.update(w.queueId, { maxLength: 1 });
  await settle(w, { overflow: { onMaxLength: { kind: 'queue', queueId: other.id } } });
  await w.runtime.reloadConfig({ queueIds: [other.id] });
  w.call('c1');
  w.time.advance(5000);
  w.call('c2', '+33612345600');
  t.is(w.runtime.callView('c1')?.queueId, w.queueId);
  t.is(w.runtime.callView('c2')?.queueId, other.id);
  t.deepEqual(
    w.events.flatMap((e) => (e.type === 'call-changed' && e.callId === 'c2' ? [e.to] : [])),
    ['overflowed', 'waiting'],
  );
  await w.control.waitFor((r) => r.op === 'startHold' && r.channelId === 'c2');
  t.deepEqual(
    w.control.of('startHold').map((h) => [h.channelId, h.holdId]),
    [
      ['c1', 'cw-hold-c1'],
      ['c2', 'cw-hold-c2'],
    ],
  );
});

test('a caller overflowing on max wait keeps its first entry time in the next queue', async (t) => {
  const w = await make({ agents: 1, maxWaitS: 30 });
  const other = await w.store.queues.create({
    businessLineId: w.lineId,
    name: 'Next',
    strategy: 'longest-idle',
    ringTimeoutS: 15,
    maxWaitS: null,
    maxLength: null,
    wrapUpS: 0,
    serviceLevelS: 20,
    serviceLevelTarget: 0.8,
    requiredSkills: [],
  });
  await settle(w, { overflow: { onMaxWait: { kind: 'queue', queueId: other.id } } });
  const start = w.time.now();
  w.call('c1');
  w.time.advance(30_000);
  t.like(w.runtime.callView('c1'), {
    queueId: other.id,
    phase: 'waiting',
    waitingSince: start,
    enteredAt: start + 30_000,
  });
});

test('the expected wait is announced once the queue has a handle time', async (t) => {
  const w = await make({ agents: 1, wrapUpS: 10 });
  const [agent] = w.agents as [string];
  await settle(w, { announcements: { firstAfterS: 10, everyS: 0 } });
  await loginAll(w, [agent]);
  w.call('a');
  w.send({ type: 'offer-answered', channelId: offerLeg('a', 1), callId: 'a', agentId: agent });
  w.time.advance(120_000);
  w.send({ type: 'channel-hung-up', channelId: 'a', cause: 16 });
  w.time.advance(10_000);
  w.call('b', '+33612345601');
  w.send({ type: 'offer-answered', channelId: offerLeg('b', 1), callId: 'b', agentId: agent });
  t.deepEqual(
    offers(w).map(([id]) => id),
    [agent, agent],
  );
  w.call('c', '+33612345602');
  w.time.advance(10_000);
  // One call of 120 s talk + 10 s wrap-up, one agent serving, the caller next: 130 s, "3 minutes".
  const played = await w.control.waitFor((r) => r.op === 'play' && r.channelId === 'c');
  t.deepEqual(played.op === 'play' ? played.media : null, [
    'sound:queue-youarenext',
    'sound:queue-holdtime',
    'sound:digits/3',
    'sound:queue-minutes',
    'sound:queue-thankyou',
  ]);
});

test('an overflow to a callback asks the callback part for one and lets the caller go', async (t) => {
  const w = await make({ agents: 1, maxWaitS: 30 });
  await settle(w, { overflow: { onMaxWait: { kind: 'callback' } } });
  w.call('c1');
  w.time.advance(30_000);
  t.like(await w.waitFor((e) => e.type === 'callback-requested'), {
    callId: 'c1',
    queueId: w.queueId,
    businessLineId: w.lineId,
    number: '+33612345678',
    reason: 'overflow',
  });
  t.like(await w.store.calls.getByLinkedId('c1'), { hangupBy: 'system', hangupCause: 16 });
});

test('a direct DID to an agent added since start and not logged in tells the caller at once', async (t) => {
  const w = await make({ agents: 1 });
  const agent = await w.store.agents.create({
    businessLineId: w.lineId,
    name: 'New',
    extension: '1999',
    reach: 'sip',
    endpoint: 'PJSIP/1999',
    skills: [],
  });
  await w.store.didRoutes.create({
    businessLineId: w.lineId,
    did: '5999',
    trunk: null,
    target: { kind: 'agent', agentId: agent.id },
  });
  await w.runtime.reloadConfig({ routes: true });
  w.send({
    type: 'inbound-entered',
    channelId: 'd1',
    channelName: 'PJSIP/trunk-0000000d',
    ani: '+33612345678',
    dnis: '5999',
    trunk: 'trunk',
    queueId: null,
  });
  t.like(await w.control.waitFor((r) => r.op === 'hangup' && r.channelId === 'd1'), { cause: 20 });
  await w.waitFor((e) => e.type === 'call-closed' && e.callId === 'd1');
  t.like(await w.store.calls.getByLinkedId('d1'), {
    queueId: null,
    agentId: null,
    hangupBy: 'system',
    hangupCause: 20,
  });
});
