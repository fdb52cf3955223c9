/**
 * The caller hangs up in the middle of in-call control: while a blind
 * transfer target rings, during an attended consultation, while a
 * conference party rings, while a supervisor's phone rings. Each ends
 * cleanly: every leg hung up, every agent free (or in wrap-up), the
 * record closed with the caller as the one who hung up.
 */
import test from 'ava';
import { type AcdUnderTest, waitForStatus } from './acd-harness.ts';
import {
  agentGid,
  channelGone,
  channelIds,
  connectCall,
  control,
  harnesses,
  loginReady,
  recordOf,
  supervisor,
  waitClosed,
  waitControl,
} from './in-call-helpers.ts';

const h = harnesses();
test.after.always(() => h.closeAll());

/** The caller hangs up; resolves once the call is closed and no channel is left. */
async function callerHangsUp(a: AcdUnderTest, callId: string, legs: readonly string[]) {
  const mark = a.events.length;
  a.sim.control.remoteHangup(callId);
  await waitClosed(a, callId, mark);
  for (const leg of legs) await channelGone(a, leg);
  return mark;
}

test('caller hangs up while a blind transfer target rings', async (t) => {
  const a = await h.start({ ringTimeoutS: 30 });
  const [first, second] = a.agents;
  a.sim.control.setPhone('2002', { mode: 'never' });
  const call = await connectCall(a, 0);
  await loginReady(a, 1);
  const mark = a.events.length;
  const done = await control(
    a,
    `transferCall(callId: "${call.callId}", target: { agentId: "${agentGid(second)}" })`,
    a.tokens[0],
  );
  await waitForStatus(a, second, 'ringing', mark);
  const closedAt = await callerHangsUp(a, call.callId, [done.channelId!, call.agentLeg]);
  t.like(a.runtime.agentView(second), { status: 'available', reason: 'caller-gone' });
  t.not(a.runtime.agentView(first).status, 'on-call');
  t.like((await recordOf(a, call.callId)).call, { hangupBy: 'caller' });
  t.true((await recordOf(a, call.callId)).legs.every((l) => l.endedAt !== null));
  t.deepEqual(channelIds(a), []);
  t.true(closedAt > mark);
});

test('caller hangs up during an attended consultation', async (t) => {
  const a = await h.start();
  const [first, second] = a.agents;
  const call = await connectCall(a, 0);
  await loginReady(a, 1);
  const mark = a.events.length;
  const done = await control(
    a,
    `transferCall(callId: "${call.callId}", target: { agentId: "${agentGid(second)}" }, mode: ATTENDED)`,
    a.tokens[0],
  );
  await waitControl(a, 'transfer', 'consulting', mark);
  const end = await callerHangsUp(a, call.callId, [done.channelId!, call.agentLeg]);
  await waitControl(a, 'transfer', 'cancelled', mark, (e) => e.detail === 'caller-gone');
  await waitForStatus(a, first, 'wrap-up', end);
  t.not(a.runtime.agentView(second).status, 'on-call');
  const { call: record, legs } = await recordOf(a, call.callId);
  t.like(record, { hangupBy: 'caller', agentId: first });
  t.true(legs.every((l) => l.endedAt !== null));
  t.deepEqual(channelIds(a), []);
});

test('caller hangs up while a conference party rings', async (t) => {
  const a = await h.start();
  const call = await connectCall(a, 0);
  const mark = a.events.length;
  // Numbers ending in 3 never answer (see harnesses()).
  const added = await control(
    a,
    `conferenceAdd(callId: "${call.callId}", target: { number: "+33155500043" })`,
    a.tokens[0],
  );
  await waitControl(a, 'conference', 'ringing', mark);
  await callerHangsUp(a, call.callId, [added.channelId!, call.agentLeg]);
  await waitControl(a, 'conference', 'failed', mark);
  const { call: record, legs } = await recordOf(a, call.callId);
  t.like(record, { hangupBy: 'caller' });
  t.true(legs.every((l) => l.endedAt !== null));
  await waitForStatus(a, a.agents[0], 'wrap-up', mark);
  t.deepEqual(channelIds(a), []);
});

test("caller hangs up while the supervisor's phone rings: no snoop is left, the supervisor is free", async (t) => {
  const a = await h.start();
  const boss = await supervisor(a);
  a.sim.control.setPhone('2003', { mode: 'never' });
  await a.gql('mutation { r: agentLogin { __typename } }', {}, boss.token);
  const call = await connectCall(a, 0);
  const mark = a.events.length;
  const listen = await control(a, `listenCall(callId: "${call.callId}")`, boss.token);
  await waitControl(a, 'monitor', 'ringing', mark);
  await callerHangsUp(a, call.callId, [listen.channelId!, call.agentLeg]);
  await waitControl(a, 'monitor', 'ended', mark);
  t.like(a.runtime.agentView(boss.agentId), { status: 'available' });
  t.false(a.sim.control.channels().some((c) => c.snoop !== null));
  t.deepEqual(channelIds(a), []);
  t.like((await recordOf(a, call.callId)).call, { hangupBy: 'caller' });
});

test('caller hangs up the moment the supervisor answers, before the snoop exists', async (t) => {
  const a = await h.start();
  const boss = await supervisor(a);
  const call = await connectCall(a, 0);
  const mark = a.events.length;
  // Inside the simulator, as the supervisor's phone goes off-hook the caller hangs up.
  const off = a.sim.core.bus.on((e) => {
    if (e.type !== 'ChannelStateChange' || e.channel.state !== 'Up') return;
    if (!e.channel.name.startsWith('PJSIP/2003-')) return;
    off();
    a.sim.control.remoteHangup(call.callId);
  });
  const listen = await control(a, `listenCall(callId: "${call.callId}")`, boss.token);
  await waitClosed(a, call.callId, mark);
  await waitControl(a, 'monitor', 'ended', mark);
  await channelGone(a, listen.channelId!);
  await channelGone(a, call.agentLeg);
  t.false(
    a.events.slice(mark).some((e) => e.type === 'call-control' && e.state === 'started'),
    'monitoring never started',
  );
  t.false(a.sim.control.channels().some((c) => c.snoop !== null));
  t.deepEqual(channelIds(a), []);
  const { call: record, legs } = await recordOf(a, call.callId);
  t.like(record, { hangupBy: 'caller' });
  t.true(legs.every((l) => l.endedAt !== null));
});
