/**
 * The ACD across a lost ARI connection: the caller hangs up while our
 * WebSocket is down, so its hangup events never arrive. After the client
 * reconnects, the reconcile hook lists the PBX's channels and the runtime
 * ends the call it believed alive: agent leg hung up, record closed, agent
 * in wrap-up. Every wait is on a runtime event.
 */
import test from 'ava';
import { type AcdUnderTest, DID, startAcd, waitForStatus } from './acd-harness.ts';

let a: AcdUnderTest | undefined;
test.after.always(async () => {
  await a?.close();
});

test('a hangup missed while ARI was disconnected is replayed on reconnect', async (t) => {
  a = await startAcd({ wrapUpS: 30 });
  const [agent] = a.agents;
  const login = await a.runtime.agentAction(agent, { type: 'login' });
  t.true(login.ok);
  const { channelId } = a.sim.control.placeCall({ from: '+33612345673', to: DID });
  await a.waitFor('call bridged', (e) => e.type === 'call-bridged');
  const mark = a.events.length;

  t.is(a.sim.control.dropAriWebSockets(), 1);
  // While nobody listens: the caller's BYE and its events are lost to us.
  a.sim.control.remoteHangup(channelId);

  const closed = await a.waitFor('call closed', (e) => e.type === 'call-closed', mark);
  t.like(closed, { callId: channelId, phase: 'ended' });
  // First connect: nothing to reconcile; the reconnect found the caller gone (and ended the call).
  t.is(a.reconciled[0], 0);
  t.true((a.reconciled[1] ?? 0) >= 1);
  await waitForStatus(a, agent, 'wrap-up', mark);
  t.like(await a.store.calls.getByLinkedId(channelId), { hangupBy: 'caller', agentId: agent });
  t.deepEqual(a.sim.control.channels(), [], "the agent's leg was hung up too");
});
