/**
 * Conferences (AGT-3) end to end through the PBX simulator: a third party
 * joins the call's bridge; whoever leaves, the others go on talking; once
 * one party is left the call is over and its record closed.
 */
import test from 'ava';
import { waitForStatus } from './acd-harness.ts';
import {
  agentGid,
  bridged,
  channelGone,
  channelIds,
  connectCall,
  control,
  harnesses,
  loginReady,
  recordOf,
  waitClosed,
  waitControl,
} from './in-call-helpers.ts';

const h = harnesses();
test.after.always(() => h.closeAll());

test('a number joins the call; the agent leaves and caller and number go on until one hangs up', async (t) => {
  const a = await h.start();
  const [agent] = a.agents;
  const call = await connectCall(a, 0);
  const mark = a.events.length;
  const added = await control(
    a,
    `conferenceAdd(callId: "${call.callId}", target: { number: "+33155500020" })`,
    a.tokens[0],
  );
  await waitControl(a, 'conference', 'joined', mark);
  const party = added.channelId!;
  t.deepEqual(bridged(a)[`cw-call-${call.callId}`], [call.callId, call.agentLeg, party].sort());

  a.sim.control.remoteHangup(call.agentLeg);
  await waitControl(a, 'conference', 'left', mark, (e) => e.detail === 'owner');
  await channelGone(a, call.agentLeg);
  t.deepEqual(bridged(a)[`cw-call-${call.callId}`], [call.callId, party].sort());
  await waitForStatus(a, agent, 'wrap-up', mark);
  t.true(a.runtime.calls.parties(call.callId) !== undefined, 'the call goes on');

  const end = a.events.length;
  a.sim.control.remoteHangup(party);
  await waitClosed(a, call.callId, end);
  const { call: record, legs } = await recordOf(a, call.callId);
  t.like(record, { hangupBy: 'external' });
  t.like(
    legs.find((l) => l.channelId === party),
    { role: 'conference', channelName: 'external:+33155500020' },
  );
  t.true(legs.every((l) => l.endedAt !== null));
  t.deepEqual(channelIds(a), []);
});

test('three-way with another agent: the caller leaves, the agents go on, the last one ends it', async (t) => {
  const a = await h.start();
  const [first, second] = a.agents;
  const call = await connectCall(a, 0);
  await loginReady(a, 1);
  const mark = a.events.length;
  const added = await control(
    a,
    `conferenceAdd(callId: "${call.callId}", target: { agentId: "${agentGid(second)}" })`,
    a.tokens[0],
  );
  const offer = await a.waitFor(
    'offer to the party',
    (e) => e.type === 'offer-sent' && e.agentId === second,
    mark,
  );
  t.like(offer, { callId: call.callId, channelId: added.channelId });
  await waitControl(a, 'conference', 'joined', mark);
  const party = added.channelId!;
  t.deepEqual(bridged(a)[`cw-call-${call.callId}`], [call.callId, call.agentLeg, party].sort());
  t.like(a.runtime.agentView(second), { status: 'on-call', callId: call.callId });

  a.sim.control.remoteHangup(call.callId);
  await waitControl(a, 'conference', 'left', mark, (e) => e.detail === 'caller');
  await channelGone(a, call.callId);
  t.deepEqual(bridged(a)[`cw-call-${call.callId}`], [call.agentLeg, party].sort());

  const end = a.events.length;
  a.sim.control.remoteHangup(party);
  await waitClosed(a, call.callId, end);
  await channelGone(a, call.agentLeg);
  const { call: record, legs } = await recordOf(a, call.callId);
  t.like(record, { agentId: first });
  t.deepEqual(
    legs.filter((l) => l.agentId !== null).map((l) => [l.role, l.agentId]),
    [
      ['agent', first],
      ['conference', second],
    ],
  );
  t.true(legs.every((l) => l.endedAt !== null));
  await waitForStatus(a, first, 'wrap-up', end);
  await waitForStatus(a, second, 'wrap-up', mark);
  t.deepEqual(channelIds(a), []);
});

test('the agent leaves a conference with another agent: that agent takes the call over', async (t) => {
  const a = await h.start();
  const [, second] = a.agents;
  const call = await connectCall(a, 0);
  await loginReady(a, 1);
  const mark = a.events.length;
  const added = await control(
    a,
    `conferenceAdd(callId: "${call.callId}", target: { agentId: "${agentGid(second)}" })`,
    a.tokens[0],
  );
  await waitControl(a, 'conference', 'joined', mark);
  a.sim.control.remoteHangup(call.agentLeg);
  await waitControl(a, 'conference', 'left', mark, (e) => e.detail === 'owner');
  t.like(a.runtime.calls.parties(call.callId), { agentId: second });
  t.like(a.runtime.agentView(second), { status: 'on-call', callId: call.callId });
  // The new owner's hangup ends the call like any agent's.
  const end = a.events.length;
  a.sim.control.remoteHangup(added.channelId!);
  await waitClosed(a, call.callId, end);
  t.like((await recordOf(a, call.callId)).call, { hangupBy: 'agent', agentId: second });
  t.deepEqual(channelIds(a), []);
});
