/**
 * Transfers (AGT-2) end to end through the PBX simulator, GraphQL and the
 * call record: blind to an agent (the call's data follows: the new agent's
 * offer names the same call), to a queue and to a number; attended with
 * completion and with cancellation; refusals with stable codes. Each test
 * checks who is bridged with whom and the record written.
 */
import test from 'ava';
import { DID, waitForStatus } from './acd-harness.ts';
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
  tryControl,
  waitClosed,
  waitControl,
} from './in-call-helpers.ts';

const h = harnesses();
test.after.always(() => h.closeAll());

test('blind transfer to an agent: the caller is put through, the call id and record follow', async (t) => {
  const a = await h.start();
  const [first, second] = a.agents;
  const call = await connectCall(a, 0);
  await loginReady(a, 1);
  const mark = a.events.length;
  const done = await control(
    a,
    `transferCall(callId: "${call.callId}", target: { agentId: "${agentGid(second)}" }, mode: BLIND)`,
    a.tokens[0],
  );
  t.is(done.callId, call.callId);
  // The second agent's offer names the same call: its screen pop shows the same caller and notes.
  const offer = await a.waitFor(
    'offer to the second agent',
    (e) => e.type === 'offer-sent' && e.agentId === second,
    mark,
  );
  t.like(offer, { callId: call.callId, channelId: done.channelId });
  await waitControl(a, 'transfer', 'completed', mark);
  await a.waitFor(
    'bridged with the second agent',
    (e) => e.type === 'call-bridged' && e.agentId === second,
    mark,
  );
  await channelGone(a, call.agentLeg);
  t.deepEqual(bridged(a)[`cw-call-${call.callId}`], [call.callId, done.channelId!].sort());
  t.like(a.runtime.agentView(second), { status: 'on-call', callId: call.callId });
  t.true(['wrap-up', 'available'].includes(a.runtime.agentView(first).status));

  const end = a.events.length;
  a.sim.control.remoteHangup(call.callId);
  // The record is final (and written) once the call is closed.
  await waitClosed(a, call.callId, end);
  const after = await recordOf(a, call.callId);
  t.like(after.call, { agentId: second, hangupBy: 'caller', transfers: 1 });
  t.deepEqual(
    after.legs.filter((l) => l.agentId !== null).map((l) => [l.role, l.agentId]),
    [
      ['agent', first],
      ['transfer', second],
    ],
  );
  const firstLeg = after.legs.find((l) => l.agentId === first)!;
  t.true(firstLeg.endedAt! <= after.legs.find((l) => l.agentId === second)!.answeredAt!);
  t.true(after.legs.every((l) => l.endedAt !== null));
  await waitForStatus(a, second, 'wrap-up', end);
  t.deepEqual(bridged(a), {});
});

test('blind transfer to a queue: the caller waits as a transferred call and the next agent takes it', async (t) => {
  // A long wrap-up keeps the transferring agent out of the way: the other agent takes the call.
  const a = await h.start({ wrapUpS: 60 });
  const [first, second] = a.agents;
  const call = await connectCall(a, 0);
  await loginReady(a, 1);
  const mark = a.events.length;
  await control(
    a,
    `transferCall(callId: "${call.callId}", target: { queueId: "${encodeQueue(a.queueId)}" })`,
    a.tokens[0],
  );
  await waitControl(a, 'transfer', 'completed', mark);
  const bridgedAgain = await a.waitFor(
    'bridged again',
    (e) => e.type === 'call-bridged' && e.callId === call.callId,
    mark,
  );
  t.like(bridgedAgain, { agentId: second });
  const phases = a.events
    .slice(mark)
    .flatMap((e) => (e.type === 'call-changed' && e.callId === call.callId ? [e.to] : []));
  t.deepEqual(phases, ['waiting', 'offered', 'connected']);
  const offer = a.events
    .slice(mark)
    .find((e) => e.type === 'offer-sent' && e.callId === call.callId);
  t.like(offer, { agentId: second });
  t.deepEqual(bridged(a)[`cw-call-${call.callId}`]!.length, 2);
  t.true(bridged(a)[`cw-call-${call.callId}`]!.includes(call.callId));
  const end = a.events.length;
  a.sim.control.remoteHangup(call.callId);
  await waitClosed(a, call.callId, end);
  const { call: record, legs } = await recordOf(a, call.callId);
  t.like(record, { queueId: a.queueId, agentId: second, transfers: 1, hangupBy: 'caller' });
  t.deepEqual(
    legs.filter((l) => l.role === 'agent').map((l) => l.agentId),
    [first, second],
  );
  // The transferring agent went to wrap-up when the caller left it.
  await waitForStatus(a, first, 'wrap-up', mark);
});

test('a call transferred to a queue is served before a caller who has waited longer', async (t) => {
  const a = await h.start({ wrapUpS: 60 });
  const [, second] = a.agents;
  const call = await connectCall(a, 0);
  const mark = a.events.length;
  const { channelId: waiting } = a.sim.control.placeCall({ from: '+33612340000', to: DID });
  await a.waitFor(
    'second caller queued',
    (e) => e.type === 'call-changed' && e.callId === waiting && e.to === 'waiting',
    mark,
  );
  await control(
    a,
    `transferCall(callId: "${call.callId}", target: { queueId: "${encodeQueue(a.queueId)}" })`,
    a.tokens[0],
  );
  await a.waitFor(
    'transferred call queued',
    (e) => e.type === 'call-changed' && e.callId === call.callId && e.to === 'waiting',
    mark,
  );
  t.like(a.runtime.queueView(a.queueId), { waiting: 2 });
  // The first agent is in a long wrap-up: the second one, once ready, gets the transferred call.
  const ready = a.events.length;
  await loginReady(a, 1);
  const offer = await a.waitFor(
    'offer to the second agent',
    (e) => e.type === 'offer-sent' && e.agentId === second,
    ready,
  );
  t.like(offer, { callId: call.callId });
});

test('blind transfer to a number: the caller is bridged with it and its hangup ends the call', async (t) => {
  const a = await h.start();
  const call = await connectCall(a, 0);
  const mark = a.events.length;
  const done = await control(
    a,
    `transferCall(callId: "${call.callId}", target: { number: "+33155500010" })`,
    a.tokens[0],
  );
  await waitControl(a, 'transfer', 'completed', mark);
  const external = a.sim.control.channels().find((c) => c.id === done.channelId);
  t.regex(String(external?.name), /^PJSIP\/trunk-/);
  await channelGone(a, call.agentLeg);
  t.deepEqual(bridged(a)[`cw-call-${call.callId}`], [call.callId, done.channelId!].sort());
  const end = a.events.length;
  a.sim.control.remoteHangup(done.channelId!);
  await waitClosed(a, call.callId, end);
  const { call: record, legs } = await recordOf(a, call.callId);
  t.like(record, { hangupBy: 'external', transfers: 1 });
  t.like(
    legs.find((l) => l.channelId === done.channelId),
    { role: 'transfer', channelName: 'external:+33155500010', agentId: null },
  );
  t.deepEqual(channelIds(a), [], 'nobody is left on the line');
});

test('attended transfer: the caller holds during the consultation, then talks to the target', async (t) => {
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
  t.deepEqual(bridged(a)[`cw-call-${call.callId}`], [call.agentLeg, done.channelId!].sort());
  t.deepEqual(bridged(a)[`cw-hold-${call.callId}`], [call.callId], 'the caller holds with music');
  const premature = await tryControl(
    a,
    `transferCall(callId: "${call.callId}", target: { number: "+33155500010" })`,
    a.tokens[0],
  );
  t.like(premature, { __typename: 'Problem', code: 'CONFLICT' });

  await control(a, `completeTransfer(callId: "${call.callId}")`, a.tokens[0]);
  await waitControl(a, 'transfer', 'completed', mark);
  await channelGone(a, call.agentLeg);
  t.deepEqual(bridged(a)[`cw-call-${call.callId}`], [call.callId, done.channelId!].sort());
  t.deepEqual(bridged(a)[`cw-hold-${call.callId}`], []);
  t.like(a.runtime.agentView(second), { status: 'on-call', callId: call.callId });
  await waitForStatus(a, first, 'wrap-up', mark);
  const end = a.events.length;
  a.sim.control.remoteHangup(call.callId);
  await waitClosed(a, call.callId, end);
  t.like((await recordOf(a, call.callId)).call, { agentId: second, transfers: 1 });
});

test('attended transfer cancelled: the target leaves and the caller is back with the agent', async (t) => {
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
  await control(a, `cancelTransfer(callId: "${call.callId}")`, a.tokens[0]);
  await waitControl(a, 'transfer', 'cancelled', mark);
  await waitForStatus(a, second, 'available', mark);
  await channelGone(a, done.channelId!);
  t.deepEqual(bridged(a)[`cw-call-${call.callId}`], [call.callId, call.agentLeg].sort());
  t.like(a.runtime.agentView(first), { status: 'on-call', callId: call.callId });
  const end = a.events.length;
  a.sim.control.remoteHangup(call.callId);
  await waitClosed(a, call.callId, end);
  const { call: record, legs } = await recordOf(a, call.callId);
  t.like(record, { agentId: first, hangupBy: 'caller' });
  t.is(record.transfers ?? 0, 0);
  t.like(
    legs.find((l) => l.channelId === done.channelId),
    { role: 'transfer', agentId: second },
  );
});

test('transfers to a missing agent or queue are NOT_FOUND, and only the own call may be transferred', async (t) => {
  const a = await h.start();
  const call = await connectCall(a, 0);
  const missingAgent = await tryControl(
    a,
    `transferCall(callId: "${call.callId}", target: { agentId: "${agentGid('no-such-agent')}" })`,
    a.tokens[0],
  );
  t.like(missingAgent, { __typename: 'Problem', code: 'NOT_FOUND' });
  const missingQueue = await tryControl(
    a,
    `transferCall(callId: "${call.callId}", target: { queueId: "${encodeQueue('no-such-queue')}" })`,
    a.tokens[0],
  );
  t.like(missingQueue, { __typename: 'Problem', code: 'NOT_FOUND' });
  const notMine = await tryControl(
    a,
    `transferCall(callId: "${call.callId}", target: { number: "+33155500010" })`,
    a.tokens[1],
  );
  t.like(notMine, { __typename: 'Problem', code: 'NOT_FOUND' });
  const twoTargets = await tryControl(
    a,
    `transferCall(callId: "${call.callId}", target: { number: "+33155500010", queueId: "${encodeQueue(a.queueId)}" })`,
    a.tokens[0],
  );
  t.like(twoTargets, { __typename: 'Problem', code: 'VALIDATION_FAILED' });
  const attendedQueue = await tryControl(
    a,
    `transferCall(callId: "${call.callId}", target: { queueId: "${encodeQueue(a.queueId)}" }, mode: ATTENDED)`,
    a.tokens[0],
  );
  t.like(attendedQueue, { __typename: 'Problem', code: 'CONFLICT' });
  t.like(a.runtime.agentView(a.agents[0]), { status: 'on-call', callId: call.callId });
});

function encodeQueue(id: string): string {
  return Buffer.from(`Queue:${id}`).toString('base64');
}
