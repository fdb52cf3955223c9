/**
 * The ACD runtime when things go wrong: ring timeouts, busy phones, offers
 * that cannot be placed, callers hanging up while an agent rings, agents
 * leaving mid-offer, answers that come too late, and hangups missed while
 * the PBX link was down. Each ends with no agent stuck reserved or ringing.
 */
import test from 'ava';
import { loginAll, offerLeg, offers, type World, world } from './acd-runtime-world.ts';

const worlds: World[] = [];
async function make(o: Parameters<typeof world>[0] = {}): Promise<World> {
  const w = await world(o);
  worlds.push(w);
  return w;
}
test.after.always(async () => {
  for (const w of worlds) await w.close();
});

test('longest-idle offers the call to the agent free the longest', async (t) => {
  const w = await make({ agents: 3 });
  const [a1, a2, a3] = w.agents as [string, string, string];
  await loginAll(w, [a2, a3, a1]);
  w.call('k1');
  t.deepEqual(offers(w), [[a2, offerLeg('k1', 1)]]);
  w.call('k2');
  t.deepEqual(
    offers(w).map(([agent]) => agent),
    [a2, a3],
  );
});

test('a ring timeout stops that phone and offers the call to the next agent', async (t) => {
  const w = await make({ agents: 2, ringTimeoutS: 8 });
  const [a1, a2] = w.agents as [string, string];
  await loginAll(w, [a1, a2]);
  w.call('r1');
  w.send({ type: 'offer-ringing', channelId: offerLeg('r1', 1) });
  w.time.advance(7_999);
  t.is(w.status(a1), 'ringing');
  w.time.advance(1);
  t.deepEqual(offers(w), [
    [a1, offerLeg('r1', 1)],
    [a2, offerLeg('r1', 2)],
  ]);
  t.is(w.status(a1), 'available');
  t.is(w.status(a2), 'reserved');
  t.is(w.runtime.agentView(a1).reason, 'timeout');
  const hangup = await w.control.waitFor((r) => r.op === 'hangup');
  t.like(hangup, { channelId: offerLeg('r1', 1), cause: 19 });
  // The PBX's own report of that leg's end changes nothing any more.
  w.send({ type: 'offer-failed', channelId: offerLeg('r1', 1), cause: 19 });
  t.is(w.status(a2), 'reserved');
  t.deepEqual(offers(w).length, 2);
});

test('a busy phone fails the offer at once and the call goes to the next agent', async (t) => {
  const w = await make({ agents: 2 });
  const [a1, a2] = w.agents as [string, string];
  await loginAll(w, [a1, a2]);
  w.call('b1');
  w.send({ type: 'offer-failed', channelId: offerLeg('b1', 1), cause: 17 });
  t.is(w.runtime.agentView(a1).reason, 'rejected');
  t.deepEqual(
    offers(w).map(([agent]) => agent),
    [a1, a2],
  );
});

test('an offer the PBX refuses to place fails as unreachable', async (t) => {
  const w = await make({ agents: 2 });
  const [a1, a2] = w.agents as [string, string];
  w.control.answerWith = (r) =>
    r.op === 'originate' && r.offer.agentId === a1
      ? { ok: false, reason: 'failed', detail: 'ARI_SERVER_ERROR: Allocation failed' }
      : { ok: true };
  await loginAll(w, [a1, a2]);
  w.call('u1');
  const second = await w.waitFor((e) => e.type === 'offer-sent' && e.agentId === a2);
  t.like(second, { channelId: offerLeg('u1', 2) });
  t.is(w.runtime.agentView(a1).reason, 'unreachable');
});

test('three missed offers in a row pause the agent', async (t) => {
  const w = await make({ agents: 1 });
  const [a1] = w.agents as [string];
  await loginAll(w, [a1]);
  for (const [i, id] of ['m1', 'm2', 'm3'].entries()) {
    w.call(id);
    w.send({ type: 'offer-failed', channelId: offerLeg(id, 1), cause: 19 });
    // The missed call skips this agent for a while; each new call is offered to it again.
    t.is(w.status(a1), i < 2 ? 'available' : 'paused');
  }
  t.is(w.runtime.agentView(a1).reason, 'missed-offers');
});

test('the caller hanging up while an agent rings abandons the call and frees the agent', async (t) => {
  const w = await make({ agents: 1 });
  const [a1] = w.agents as [string];
  await loginAll(w, [a1]);
  w.call('h1');
  w.send({ type: 'offer-ringing', channelId: offerLeg('h1', 1) });
  w.send({ type: 'channel-hung-up', channelId: 'h1', cause: null });
  t.is(w.status(a1), 'available');
  await w.waitFor((e) => e.type === 'call-closed');
  t.like(w.control.of('hangup')[0], { channelId: offerLeg('h1', 1) });
  t.like(await w.store.calls.getByLinkedId('h1'), {
    agentId: null,
    answeredAt: null,
    hangupBy: 'caller',
  });
  t.is(w.metrics.counts.abandoned, 1);
  t.like(w.runtime.queueView(w.queueId), { waiting: 0, longestWaitS: null });
});

test('an agent answering after its offer timed out is hung up, not bridged', async (t) => {
  const w = await make({ agents: 2, ringTimeoutS: 5 });
  const [a1, a2] = w.agents as [string, string];
  await loginAll(w, [a1, a2]);
  w.call('l1');
  w.time.advance(5_000);
  w.send({ type: 'offer-answered', channelId: offerLeg('l1', 1), callId: 'l1', agentId: a1 });
  t.is(w.status(a1), 'available');
  t.is(w.status(a2), 'reserved');
  await w.runtime.stop();
  const hangups = w.control.of('hangup').map((h) => h.channelId);
  t.deepEqual(hangups, [offerLeg('l1', 1), offerLeg('l1', 1)]);
  t.deepEqual(w.control.of('connect'), []);
});

test('an agent logging out while its phone rings passes the call to the next agent', async (t) => {
  const w = await make({ agents: 2 });
  const [a1, a2] = w.agents as [string, string];
  await loginAll(w, [a1, a2]);
  w.call('w1');
  w.send({ type: 'offer-ringing', channelId: offerLeg('w1', 1) });
  const out = await w.runtime.agentAction(a1, { type: 'logout' });
  t.true(out.ok);
  t.is(w.status(a1), 'logged-out');
  t.is(w.status(a2), 'reserved');
  t.deepEqual(
    offers(w).map(([agent]) => agent),
    [a1, a2],
  );
});

test('a pause asked for during a call starts when the call ends', async (t) => {
  const w = await make({ agents: 1, wrapUpS: 0 });
  const [a1] = w.agents as [string];
  await loginAll(w, [a1]);
  w.call('p1');
  w.send({ type: 'offer-answered', channelId: offerLeg('p1', 1), callId: 'p1', agentId: a1 });
  const paused = await w.runtime.agentAction(a1, { type: 'pause', reason: 'lunch' });
  t.like(paused, { ok: true, view: { status: 'on-call' } });
  w.send({ type: 'channel-hung-up', channelId: 'p1', cause: null });
  t.like(w.runtime.agentView(a1), { status: 'paused', reason: 'lunch' });
});

test('the agent machine refuses what makes no sense, with a stable code', async (t) => {
  const w = await make({ agents: 1 });
  const [a1] = w.agents as [string];
  const pause = await w.runtime.agentAction(a1, { type: 'pause', reason: 'x' });
  t.like(pause, { ok: false, error: { code: 'AGENT_NOT_LOGGED_IN' } });
  w.control.unregistered.add('PJSIP/1001');
  const login = await w.runtime.agentAction(a1, { type: 'login' });
  t.like(login, { ok: false, error: { code: 'AGENT_PHONE_UNREGISTERED' } });
  const unknown = await w.runtime.agentAction('no-such-agent', { type: 'ready' });
  t.like(unknown, { ok: false, error: { code: 'AGENT_NOT_FOUND' } });
});

test('reconcile ends calls whose caller vanished while the link was down', async (t) => {
  const w = await make({ agents: 2, wrapUpS: 0 });
  const [a1, a2] = w.agents as [string, string];
  await loginAll(w, [a1, a2]);
  w.call('x1');
  w.call('x2');
  w.send({ type: 'offer-answered', channelId: offerLeg('x1', 1), callId: 'x1', agentId: a1 });
  // x1 (connected) is still there; x2's caller and its offer leg are gone.
  const missing = await w.runtime.reconcile(['x1', offerLeg('x1', 1)]);
  t.is(missing, 2);
  t.is(w.status(a1), 'on-call');
  t.is(w.status(a2), 'available');
  await w.waitFor((e) => e.type === 'call-closed' && e.callId === 'x2');
  t.like(await w.store.calls.getByLinkedId('x2'), { hangupBy: 'caller' });
});

test("a caller who waits the queue's max wait is hung up with congestion and recorded", async (t) => {
  const w = await make({ agents: 1, maxWaitS: 60 });
  w.call('o1');
  w.time.advance(60_000);
  const closed = await w.waitFor((e) => e.type === 'call-closed');
  t.like(closed, { callId: 'o1', phase: 'overflowed' });
  t.deepEqual(w.control.of('hangup'), [{ op: 'hangup', channelId: 'o1', cause: 19 }]);
  t.like(await w.store.calls.getByLinkedId('o1'), { hangupBy: 'system', hangupCause: 19 });
});
