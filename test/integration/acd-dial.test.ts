/**
 * Click-to-dial (AGT-5), hangup by an agent, and internal calls between
 * extensions (AGT-9) end to end through the simulator: the agent's phone
 * rings first, then the number with the line's caller ID, bridged and
 * recorded; an agent on an internal call (placed through the shipped
 * dialplan, never our application) is not offered queue calls.
 */
import test from 'ava';
import { DID, waitForStatus } from './acd-harness.ts';
import {
  bridged,
  channelGone,
  channelIds,
  connectCall,
  control,
  harnesses,
  loginReady,
  recordingStarted,
  recordOf,
  tryControl,
  waitClosed,
  waitControl,
} from './in-call-helpers.ts';

const h = harnesses();
test.after.always(() => h.closeAll());

test('click-to-dial rings the agent, then the number with the queue DID as caller ID, bridged and recorded', async (t) => {
  const a = await h.start();
  const [agent] = a.agents;
  await loginReady(a, 0);
  const mark = a.events.length;
  const placed = await control(a, 'originateCall(number: "01 55 50 00 30")', a.tokens[0]);
  const callId = placed.callId;
  t.like(a.runtime.agentView(agent), { status: 'on-call', callId });
  await waitControl(a, 'outbound', 'connected', mark);
  const external = a.sim.control.channels().find((c) => c.id === `${callId}-out`);
  t.regex(String(external?.name), /^PJSIP\/trunk-/);
  t.is((external?.caller as { number: string }).number, DID, 'the line presents its DID');
  const agentLeg = a.sim.control.channels().find((c) => c.id === callId);
  t.regex(String(agentLeg?.name), /^PJSIP\/2001-/);
  t.deepEqual(bridged(a)[`cw-call-${callId}`], [callId, `${callId}-out`].sort());
  await recordingStarted(a, `call-${callId}`);
  t.like(a.sim.core.recordings.get(`call-${callId}`), { targetUri: `bridge:cw-call-${callId}` });
  const end = a.events.length;
  a.sim.control.remoteHangup(`${callId}-out`);
  await waitClosed(a, callId, end);
  await channelGone(a, callId);
  const after = await recordOf(a, callId);
  t.like(after.call, {
    direction: 'outbound',
    agentId: agent,
    ani: DID,
    dnis: '+33155500030',
    hangupBy: 'external',
    hangupCause: 16,
  });
  t.true(after.call.answeredAt! <= after.call.endedAt!);
  t.deepEqual(after.legs.map((l) => l.role).sort(), ['agent', 'external']);
  t.true(after.legs.every((l) => l.endedAt !== null));
  await waitForStatus(a, agent, 'available', end);
  t.deepEqual(bridged(a), {});
});

test('click-to-dial to a number that does not answer frees the agent and closes the record', async (t) => {
  const a = await h.start();
  const [agent] = a.agents;
  await loginReady(a, 0);
  const mark = a.events.length;
  // The callee rules make numbers ending in 3 ring forever; the agent gives up.
  const placed = await control(a, 'originateCall(number: "+33155500033")', a.tokens[0]);
  await waitControl(a, 'outbound', 'ringing', mark, (e) => e.detail === 'number');
  await control(a, `hangupCall(callId: "${placed.callId}")`, a.tokens[0]);
  await waitClosed(a, placed.callId, mark);
  await channelGone(a, placed.callId);
  await channelGone(a, `${placed.callId}-out`);
  t.like((await recordOf(a, placed.callId)).call, { hangupBy: 'agent', answeredAt: null });
  t.like(a.runtime.agentView(agent), { status: 'available' });
});

test('an agent hangs up its own call through GraphQL; another agent may not', async (t) => {
  const a = await h.start();
  const call = await connectCall(a, 0);
  const other = await tryControl(a, `hangupCall(callId: "${call.callId}")`, a.tokens[1]);
  t.like(other, { __typename: 'Problem', code: 'NOT_FOUND' });
  const mark = a.events.length;
  await control(a, `hangupCall(callId: "${call.callId}")`, a.tokens[0]);
  await waitClosed(a, call.callId, mark);
  await channelGone(a, call.callId);
  await channelGone(a, call.agentLeg);
  t.like((await recordOf(a, call.callId)).call, { hangupBy: 'agent', agentId: a.agents[0] });
});

test('an internal call between two extensions keeps both agents busy; queue calls wait for them', async (t) => {
  const a = await h.start();
  const [first, second] = a.agents;
  await loginReady(a, 0);
  await loginReady(a, 1);
  const mark = a.events.length;
  const internal = a.sim.control.dialFromPhone('2001', '2002');
  if (internal === undefined) throw new Error('phone 2001 cannot dial');
  await waitForStatus(a, first, 'on-call', mark);
  await waitForStatus(a, second, 'on-call', mark);
  t.like(a.runtime.agentView(first), { status: 'on-call', callId: internal.channelId });

  const { channelId: callId } = a.sim.control.placeCall({ from: '+33612345600', to: DID });
  await a.waitFor(
    'caller queued',
    (e) => e.type === 'call-changed' && e.callId === callId && e.to === 'waiting',
    mark,
  );
  t.false(
    a.events.slice(mark).some((e) => e.type === 'offer-sent'),
    'nobody on an internal call is offered the caller',
  );
  t.like(a.runtime.queueView(a.queueId), { waiting: 1 });

  a.sim.control.remoteHangup(internal.channelId);
  const bridgedEvent = await a.waitFor(
    'caller bridged once the internal call ended',
    (e) => e.type === 'call-bridged' && e.callId === callId,
    mark,
  );
  t.true([first, second].includes((bridgedEvent as { agentId: string }).agentId));
  t.false(channelIds(a).includes(internal.channelId));
});
