import test from 'ava';
import type { AcdQueue } from '../../src/domain/acd/acd.types.ts';
import { type EnterCallInput, enterCall } from '../../src/domain/acd/call.enter.ts';
import {
  announceTimerKey,
  type CallCommand,
  type CallEvent,
  maxWaitTimerKey,
  ringTimerKey,
} from '../../src/domain/acd/call.events.ts';
import { stepCall } from '../../src/domain/acd/call.machine.ts';
import type { QueuedCall } from '../../src/domain/acd/call.state.ts';
import { at, commandsOf, errorCodeOf, queue } from './acd-helpers.ts';

const facts = { waiting: 0, loggedInMembers: 3 };

function input(q: AcdQueue, over: Partial<EnterCallInput> = {}): EnterCallInput {
  return {
    callId: 'c1',
    ani: '+33612345678',
    dnis: '+33155550100',
    businessLineId: 'bl-1',
    queue: q,
    caller: { priority: 'normal', holds: [] },
    facts,
    ...over,
  };
}

function enter(q: AcdQueue = queue('Q'), over: Partial<EnterCallInput> = {}, now = at(0)) {
  const r = enterCall(input(q, over), now);
  if (!r.ok) throw new Error(r.error.code);
  return r;
}

/** Steps events in order; throws on a refused step; returns the last state and all commands. */
function run(call: QueuedCall, events: [CallEvent, number][]) {
  let s = call;
  const commands: CallCommand[] = [];
  for (const [event, now] of events) {
    const step = stepCall(s, event, now);
    if (!step.ok) throw new Error(`${event.type}: ${step.error.code}`);
    s = step.state;
    commands.push(...step.commands);
  }
  return { state: s, commands };
}

const types = (commands: readonly CallCommand[]) => commands.map((c) => c.type);
const ofType = <T extends CallCommand['type']>(commands: readonly CallCommand[], type: T) =>
  commands.filter((c): c is Extract<CallCommand, { type: T }> => c.type === type);

test('entering starts hold music, the max-wait and announce timers, and a dispatch', (t) => {
  const q = queue('Q', {
    maxWaitS: 300,
    settings: { announcements: { firstAfterS: 20, everyS: 60 } },
  });
  const { state, commands } = enter(q);
  t.is(state.phase.name, 'waiting');
  t.deepEqual(types(commands), [
    'write-record',
    'start-moh',
    'start-timer',
    'start-timer',
    'schedule-dispatch',
  ]);
  t.deepEqual(ofType(commands, 'start-timer'), [
    { type: 'start-timer', key: maxWaitTimerKey('c1'), at: at(300) },
    { type: 'start-timer', key: announceTimerKey('c1'), at: at(20) },
  ]);
});

test('a call cannot enter another business line queue', (t) => {
  const r = enterCall(input(queue('Q', { businessLineId: 'bl-2' })), at(0));
  t.false(r.ok);
  t.is(errorCodeOf(r), 'BUSINESS_LINE_MISMATCH');
});

test('an offer originates to each agent and arms the ring timer', (t) => {
  const { state } = enter(queue('Q', { ringTimeoutS: 20 }));
  const { state: offered, commands } = run(state, [
    [{ type: 'offer', agentIds: ['a'], ringAll: false }, at(1)],
  ]);
  t.like(offered.phase, { name: 'offered', agentIds: ['a'], deadline: at(21) });
  t.like(ofType(commands, 'originate-offer')[0], {
    agentId: 'a',
    ani: '+33612345678',
    deadline: at(21),
  });
  t.deepEqual(ofType(commands, 'start-timer'), [
    { type: 'start-timer', key: ringTimerKey('c1'), at: at(21) },
  ]);
});

test('ring-all: the first answer wins, the others stop ringing, a second answer is rejected', (t) => {
  const { state } = enter(queue('R', { strategy: 'ring-all' }));
  const { state: won, commands } = run(state, [
    [{ type: 'offer', agentIds: ['a', 'b', 'c'], ringAll: true }, at(1)],
    [{ type: 'offer-ringing', agentId: 'a' }, at(2)],
    [{ type: 'offer-ringing', agentId: 'b' }, at(2)],
    [{ type: 'offer-answered', agentId: 'b' }, at(5)],
  ]);
  t.deepEqual(won.phase, { name: 'connected', agentId: 'b', since: at(5) });
  t.deepEqual(ofType(commands, 'cancel-offers'), [
    { type: 'cancel-offers', callId: 'c1', agentIds: ['a', 'c'], cause: 'answered-elsewhere' },
  ]);
  t.deepEqual(ofType(commands, 'bridge'), [{ type: 'bridge', callId: 'c1', agentId: 'b' }]);
  const second = stepCall(won, { type: 'offer-answered', agentId: 'a' }, at(5));
  t.true(second.ok);
  t.is(second.state, won);
  t.deepEqual(commandsOf(second), [{ type: 'reject-answer', callId: 'c1', agentId: 'a' }]);
  const again = stepCall(won, { type: 'offer-answered', agentId: 'b' }, at(6));
  t.deepEqual(commandsOf(again), [], 'a repeated answer event from the winner is a no-op');
});

test('ring timeout: the offer is cancelled, the agent skipped, the call waits for the next agent', (t) => {
  const { state } = enter(queue('Q', { ringTimeoutS: 15, settings: { reofferAfterS: 30 } }));
  const { state: offered } = run(state, [
    [{ type: 'offer', agentIds: ['a'], ringAll: false }, at(1)],
  ]);
  const early = stepCall(offered, { type: 'ring-timeout' }, at(15));
  t.is(early.state, offered, 'a ring timer firing early changes nothing');
  const { state: back, commands } = run(offered, [[{ type: 'ring-timeout' }, at(16)]]);
  t.deepEqual(back.phase, { name: 'waiting', since: at(16) });
  t.deepEqual(back.tried, [{ agentId: 'a', until: at(46) }]);
  t.deepEqual(ofType(commands, 'cancel-offers'), [
    { type: 'cancel-offers', callId: 'c1', agentIds: ['a'], cause: 'timeout' },
  ]);
  t.deepEqual(
    ofType(commands, 'schedule-dispatch').map((c) => c.at),
    [at(16), at(46)],
  );
  const late = stepCall(back, { type: 'offer-answered', agentId: 'a' }, at(17));
  t.deepEqual(types(commandsOf(late)), ['reject-answer']);
});

test('ring-all: one agent rejecting leaves the others ringing; the last failure re-queues', (t) => {
  const { state } = enter(queue('R', { strategy: 'ring-all' }));
  const { state: one } = run(state, [
    [{ type: 'offer', agentIds: ['a', 'b'], ringAll: true }, at(1)],
    [{ type: 'offer-failed', agentId: 'a', cause: 'rejected' }, at(2)],
  ]);
  t.like(one.phase, { name: 'offered', agentIds: ['b'] });
  const { state: none } = run(one, [
    [{ type: 'offer-failed', agentId: 'b', cause: 'unreachable' }, at(3)],
  ]);
  t.is(none.phase.name, 'waiting');
  t.deepEqual(
    none.tried.map((x) => x.agentId),
    ['a', 'b'],
  );
});

test('caller hangs up while agents ring: offers cancelled with caller-gone, call abandoned', (t) => {
  const { state } = enter();
  const { state: gone, commands } = run(state, [
    [{ type: 'offer', agentIds: ['a'], ringAll: false }, at(1)],
    [{ type: 'caller-hangup' }, at(3)],
  ]);
  t.is(gone.phase.name, 'abandoned');
  t.deepEqual(ofType(commands, 'cancel-offers')[0]?.cause, 'caller-gone');
  t.true(types(commands).includes('stop-moh'));
  t.deepEqual(
    ofType(commands, 'write-record').map((c) => c.record.kind),
    ['offer', 'abandon'],
  );
  const after = stepCall(gone, { type: 'offer-answered', agentId: 'a' }, at(4));
  t.deepEqual(types(commandsOf(after)), ['reject-answer'], 'the agent leg is hung up');
});

test('a connected call ends: each side hanging up hangs up the other', (t) => {
  const { state } = enter();
  const { state: connected } = run(state, [
    [{ type: 'offer', agentIds: ['a'], ringAll: false }, at(1)],
    [{ type: 'offer-answered', agentId: 'a' }, at(4)],
  ]);
  const caller = run(connected, [[{ type: 'caller-hangup' }, at(60)]]);
  t.deepEqual(caller.state.phase, { name: 'ended', at: at(60), by: 'caller' });
  t.deepEqual(ofType(caller.commands, 'hangup-agent'), [
    { type: 'hangup-agent', callId: 'c1', agentId: 'a' },
  ]);
  const agent = run(connected, [[{ type: 'agent-hangup' }, at(60)]]);
  t.like(agent.state.phase, { name: 'ended', by: 'agent' });
  t.true(types(agent.commands).includes('hangup-caller'));
});

test('announcements repeat every N seconds while queued and stop once connected', (t) => {
  const q = queue('Q', { settings: { announcements: { firstAfterS: 10, everyS: 30 } } });
  const { state } = enter(q);
  const { commands } = run(state, [
    [{ type: 'announce-due', position: 3, expectedWaitS: 120 }, at(10)],
  ]);
  t.deepEqual(commands, [
    { type: 'announce-position', callId: 'c1', position: 3, expectedWaitS: 120 },
    { type: 'start-timer', key: announceTimerKey('c1'), at: at(40) },
  ]);
  const { state: connected } = run(state, [
    [{ type: 'offer', agentIds: ['a'], ringAll: false }, at(1)],
    [{ type: 'offer-answered', agentId: 'a' }, at(2)],
  ]);
  const late = stepCall(connected, { type: 'announce-due', position: 1, expectedWaitS: 0 }, at(40));
  t.deepEqual(commandsOf(late), []);
});

test('a blind transfer re-queues the caller as transferred in the new queue', (t) => {
  const { state } = enter(queue('Q'));
  const { state: connected } = run(state, [
    [{ type: 'offer', agentIds: ['a'], ringAll: false }, at(1)],
    [{ type: 'offer-answered', agentId: 'a' }, at(2)],
  ]);
  const { state: moved, commands } = run(connected, [
    [{ type: 'transfer', queue: queue('T'), facts }, at(100)],
  ]);
  t.like(moved, { priority: 'transferred', enteredAt: at(100), waitingSince: at(100) });
  t.is(moved.queue.id, 'T');
  t.is(moved.phase.name, 'waiting');
  t.like(ofType(commands, 'write-record')[0]?.record, {
    kind: 'transfer',
    queueId: 'T',
    agentId: 'a',
  });
  const foreign = stepCall(
    connected,
    { type: 'transfer', queue: queue('Z', { businessLineId: 'bl-9' }), facts },
    at(100),
  );
  t.false(foreign.ok);
  t.is(errorCodeOf(foreign), 'BUSINESS_LINE_MISMATCH');
});

test('refused steps carry stable codes', (t) => {
  const { state } = enter(queue('Q', { settings: { callback: { offerKey: null } } }));
  const empty = stepCall(state, { type: 'offer', agentIds: [], ringAll: false }, at(1));
  t.false(empty.ok);
  t.is(errorCodeOf(empty), 'OFFER_EMPTY');
  const { state: offered } = run(state, [
    [{ type: 'offer', agentIds: ['a'], ringAll: false }, at(1)],
  ]);
  const twice = stepCall(offered, { type: 'offer', agentIds: ['b'], ringAll: false }, at(2));
  t.is(errorCodeOf(twice), 'CALL_NOT_WAITING');
  const transfer = stepCall(state, { type: 'transfer', queue: queue('T'), facts }, at(2));
  t.is(errorCodeOf(transfer), 'CALL_NOT_CONNECTED');
  const key = stepCall(state, { type: 'callback-key' }, at(2));
  t.is(errorCodeOf(key), 'CALLBACK_NOT_AVAILABLE');
});
