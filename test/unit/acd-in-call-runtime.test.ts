/**
 * In-call control in the ACD runtime over fake call control and fake
 * time: a blind transfer whose target never answers sends the caller back
 * to its queue; legs and internal calls that ended while the PBX link was
 * down are replayed on reconnect, so no agent stays busy and the caller
 * comes back to its agent.
 */
import test from 'ava';
import { loginAll, offerLeg, type World, world } from './acd-runtime-world.ts';

const worlds: World[] = [];
async function make(o: Parameters<typeof world>[0] = {}): Promise<World> {
  const w = await world(o);
  worlds.push(w);
  return w;
}
test.after.always(async () => {
  for (const w of worlds) await w.close();
});

/** A call `id` connected to the first agent, the second one logged in and free. */
async function connected(w: World, id: string) {
  const [a1, a2] = w.agents as [string, string];
  await loginAll(w, [a1]);
  w.call(id);
  w.send({ type: 'offer-answered', channelId: offerLeg(id, 1), callId: id, agentId: a1 });
  await loginAll(w, [a2]);
  return { a1, a2 };
}

const legOf = async (w: World) => {
  const r = await w.control.waitFor((x) => x.op === 'originateLeg');
  if (r.op !== 'originateLeg') throw new Error('no leg');
  return r.leg.channelId;
};

test('a blind transfer target that never answers: the caller goes back to its queue', async (t) => {
  const w = await make({ agents: 2, wrapUpS: 30 });
  const { a1, a2 } = await connected(w, 'b1');
  const started = await w.runtime.calls.transfer('b1', { kind: 'agent', agentId: a2 }, 'blind');
  t.true(started.ok);
  const leg = await legOf(w);
  t.is(w.status(a1), 'wrap-up');
  t.is(w.status(a2), 'reserved');
  w.send({ type: 'offer-failed', channelId: leg, cause: 19 });
  const phases = w.events.flatMap((e) => (e.type === 'call-changed' ? [e.to] : []));
  t.deepEqual(phases.slice(-2), ['waiting', 'offered'], 'back in the queue, offered again');
  // The only free agent is the target itself: the queue offers it the call like any other.
  t.like(w.runtime.callView('b1'), { agentIds: [a2] });
  t.is(w.status(a2), 'reserved');
});

test('a consultation leg lost while disconnected: the caller comes back to the agent', async (t) => {
  const w = await make({ agents: 2 });
  const { a1, a2 } = await connected(w, 'c1');
  await w.runtime.calls.transfer('c1', { kind: 'agent', agentId: a2 }, 'attended');
  const leg = await legOf(w);
  w.send({ type: 'leg-answered', channelId: leg });
  t.is(w.status(a2), 'on-call');
  const missing = await w.runtime.reconcile(['c1', offerLeg('c1', 1)]);
  t.is(missing, 1);
  t.is(w.status(a2), 'available');
  t.like(w.runtime.agentView(a1), { status: 'on-call', callId: 'c1' });
  const back = await w.control.waitFor(
    (r) => r.op === 'connect' && r.channelIds.length === 1 && r.channelIds[0] === 'c1',
  );
  t.like(back, { bridgeId: 'cw-call-c1' });
});

test('an internal call that ended while disconnected frees the agent', async (t) => {
  const w = await make({ agents: 1 });
  const [a1] = w.agents as [string];
  await loginAll(w, [a1]);
  w.send({ type: 'phone-busy', endpoint: 'PJSIP/1001', channelId: '1700000001.5' });
  t.like(w.runtime.agentView(a1), { status: 'on-call', callId: '1700000001.5' });
  // A call on another phone (or the trunk) is nobody's business.
  w.send({ type: 'phone-busy', endpoint: 'PJSIP/trunk', channelId: '1700000001.6' });
  t.is(await w.runtime.reconcile([]), 1);
  t.is(w.status(a1), 'available');
});
