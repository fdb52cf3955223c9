import test from 'ava';
import type { AgentCommand, AgentEvent } from '../../src/domain/acd/agent.events.ts';
import { wrapUpTimerKey } from '../../src/domain/acd/agent.events.ts';
import { stepAgent } from '../../src/domain/acd/agent.machine.ts';
import {
  type AgentActivity,
  type AgentState,
  type AgentStatus,
  AUTO_PAUSE_REASON,
  initialAgentState,
  PHONE_LOST_REASON,
} from '../../src/domain/acd/agent.state.ts';
import { at, commandsOf, errorCodeOf } from './acd-helpers.ts';

const A = 'agent-1';

function withActivity(activity: AgentActivity, over: Partial<AgentState> = {}): AgentState {
  return { ...initialAgentState(A), activity, ...over };
}

const loggedOut = initialAgentState(A);
const available = withActivity({ status: 'available', idleSince: at(0) });
const reserved = withActivity({
  status: 'reserved',
  callId: 'c1',
  offerDeadline: at(15),
  since: at(1),
  idleSince: at(0),
});
const ringing = withActivity({ ...reserved.activity, status: 'ringing' } as AgentActivity);
const onCall = withActivity({ status: 'on-call', callId: 'c1', since: at(5) });
const wrapUp = withActivity({ status: 'wrap-up', callId: 'c1', since: at(60), until: at(90) });
const paused = withActivity({ status: 'paused', reason: 'lunch', since: at(0) });

/** Runs events in order from a state, failing the test on any refused step. */
function run(state: AgentState, events: [AgentEvent, number][]) {
  let s = state;
  const commands: AgentCommand[] = [];
  for (const [event, now] of events) {
    const step = stepAgent(s, event, now);
    if (!step.ok) throw new Error(`${event.type}: ${step.error.code}`);
    s = step.state;
    commands.push(...step.commands);
  }
  return { state: s, commands };
}

const transitions: [string, AgentState, AgentEvent, AgentStatus][] = [
  ['login', loggedOut, { type: 'login', phoneRegistered: true }, 'available'],
  ['pause when available', available, { type: 'pause', reason: 'lunch' }, 'paused'],
  ['unpause', paused, { type: 'unpause' }, 'available'],
  ['ready from pause', paused, { type: 'ready' }, 'available'],
  ['reserve', available, { type: 'reserve', callId: 'c1', offerDeadline: at(20) }, 'reserved'],
  ['ring', reserved, { type: 'ring', callId: 'c1' }, 'ringing'],
  ['answer while reserved', reserved, { type: 'answer', callId: 'c1' }, 'on-call'],
  ['answer while ringing', ringing, { type: 'answer', callId: 'c1' }, 'on-call'],
  ['call ended with wrap-up', onCall, { type: 'call-ended', callId: 'c1', wrapUpS: 30 }, 'wrap-up'],
  [
    'call ended without wrap-up',
    onCall,
    { type: 'call-ended', callId: 'c1', wrapUpS: 0 },
    'available',
  ],
  ['ready ends wrap-up', wrapUp, { type: 'ready' }, 'available'],
  ['pause ends wrap-up', wrapUp, { type: 'pause', reason: 'break' }, 'paused'],
  ['logout when available', available, { type: 'logout' }, 'logged-out'],
  ['logout when paused', paused, { type: 'logout' }, 'logged-out'],
  ['logout during wrap-up', wrapUp, { type: 'logout' }, 'logged-out'],
  ['logout while ringing', ringing, { type: 'logout' }, 'logged-out'],
  ['phone lost when available', available, { type: 'phone-lost' }, 'paused'],
  [
    'offer timeout',
    ringing,
    { type: 'offer-failed', callId: 'c1', cause: 'timeout', autoPauseAfter: 3 },
    'available',
  ],
];

for (const [name, from, event, to] of transitions) {
  test(`agent ${from.activity.status} -[${event.type}]-> ${to}: ${name}`, (t) => {
    const step = stepAgent(from, event, at(100));
    t.true(step.ok);
    t.is(step.state.activity.status, to);
  });
}

const refusals: [string, AgentState, AgentEvent, string][] = [
  ['pause of a logged-out agent', loggedOut, { type: 'pause', reason: 'x' }, 'AGENT_NOT_LOGGED_IN'],
  ['logout of a logged-out agent', loggedOut, { type: 'logout' }, 'AGENT_NOT_LOGGED_IN'],
  [
    'login with an unregistered phone',
    loggedOut,
    { type: 'login', phoneRegistered: false },
    'AGENT_PHONE_UNREGISTERED',
  ],
  ['login twice', available, { type: 'login', phoneRegistered: true }, 'AGENT_ALREADY_LOGGED_IN'],
  ['logout on a call', onCall, { type: 'logout' }, 'AGENT_ON_CALL'],
  [
    'reserve a paused agent',
    paused,
    { type: 'reserve', callId: 'c2', offerDeadline: 0 },
    'AGENT_NOT_AVAILABLE',
  ],
  [
    'reserve an agent in wrap-up',
    wrapUp,
    { type: 'reserve', callId: 'c2', offerDeadline: 0 },
    'AGENT_NOT_AVAILABLE',
  ],
  [
    'reserve a reserved agent',
    reserved,
    { type: 'reserve', callId: 'c2', offerDeadline: 0 },
    'AGENT_NOT_AVAILABLE',
  ],
  [
    'reserve a logged-out agent',
    loggedOut,
    { type: 'reserve', callId: 'c2', offerDeadline: 0 },
    'AGENT_NOT_LOGGED_IN',
  ],
  ['answer another call', ringing, { type: 'answer', callId: 'c9' }, 'OFFER_MISMATCH'],
  ['answer with no offer', available, { type: 'answer', callId: 'c1' }, 'OFFER_MISMATCH'],
  ['ring for another call', reserved, { type: 'ring', callId: 'c9' }, 'OFFER_MISMATCH'],
  ['unpause an available agent', available, { type: 'unpause' }, 'AGENT_NOT_PAUSED'],
  ['ready while on a call', onCall, { type: 'ready' }, 'ILLEGAL_TRANSITION'],
];

for (const [name, from, event, code] of refusals) {
  test(`agent refuses ${name} with ${code}`, (t) => {
    const step = stepAgent(from, event, at(100));
    t.false(step.ok);
    t.is(errorCodeOf(step), code);
    t.is(step.state, from);
  });
}

test('a full call: publish events say from and to, wrap-up is timed', (t) => {
  const { state, commands } = run(loggedOut, [
    [{ type: 'login', phoneRegistered: true }, at(0)],
    [{ type: 'reserve', callId: 'c1', offerDeadline: at(25) }, at(10)],
    [{ type: 'ring', callId: 'c1' }, at(11)],
    [{ type: 'answer', callId: 'c1' }, at(14)],
    [{ type: 'call-ended', callId: 'c1', wrapUpS: 30 }, at(100)],
  ]);
  const moves = commands.flatMap((c) =>
    c.type === 'publish' ? [`${c.event.from}>${c.event.to}`] : [],
  );
  t.deepEqual(moves, [
    'logged-out>available',
    'available>reserved',
    'reserved>ringing',
    'ringing>on-call',
    'on-call>wrap-up',
  ]);
  t.deepEqual(state.activity, { status: 'wrap-up', callId: 'c1', since: at(100), until: at(130) });
  t.deepEqual(
    commands.find((c) => c.type === 'start-timer'),
    {
      type: 'start-timer',
      key: wrapUpTimerKey(A),
      at: at(130),
    },
  );
  t.is(state.counters.answeredToday, 1);
  t.is(state.counters.lastCallEndAt, at(100));
});

test('wrap-up holds until its time: an early or stale timer changes nothing', (t) => {
  const early = stepAgent(wrapUp, { type: 'wrap-up-elapsed' }, at(89));
  t.true(early.ok);
  t.is(early.state, wrapUp);
  const due = stepAgent(wrapUp, { type: 'wrap-up-elapsed' }, at(90));
  t.deepEqual(due.state.activity, { status: 'available', idleSince: at(90) });
  const stale = stepAgent(available, { type: 'wrap-up-elapsed' }, at(95));
  t.true(stale.ok);
  t.is(stale.state, available);
});

test('ready during wrap-up cancels the wrap-up timer', (t) => {
  const step = stepAgent(wrapUp, { type: 'ready' }, at(70));
  t.true(step.ok);
  t.deepEqual(commandsOf(step)[0], { type: 'cancel-timer', key: wrapUpTimerKey(A) });
  t.deepEqual(step.state.activity, { status: 'available', idleSince: at(70) });
});

test('auto-pause after N missed offers in a row; caller-gone and answered-elsewhere do not count', (t) => {
  const offer = (callId: string, now: number): [AgentEvent, number] => [
    { type: 'reserve', callId, offerDeadline: now + 15_000 },
    now,
  ];
  const miss = (
    callId: string,
    cause: 'timeout' | 'rejected' | 'caller-gone' | 'answered-elsewhere',
    now: number,
  ): [AgentEvent, number] => [{ type: 'offer-failed', callId, cause, autoPauseAfter: 3 }, now];
  const { state: afterTwo } = run(available, [
    offer('c1', at(1)),
    miss('c1', 'timeout', at(16)),
    offer('c2', at(20)),
    miss('c2', 'caller-gone', at(22)),
    offer('c3', at(30)),
    miss('c3', 'answered-elsewhere', at(31)),
    offer('c4', at(40)),
    miss('c4', 'rejected', at(42)),
  ]);
  t.is(afterTwo.activity.status, 'available');
  t.is(afterTwo.counters.missedInARow, 2);
  const { state: third } = run(afterTwo, [offer('c5', at(50)), miss('c5', 'timeout', at(65))]);
  t.deepEqual(third.activity, { status: 'paused', reason: AUTO_PAUSE_REASON, since: at(65) });
  const { state: back } = run(third, [[{ type: 'unpause' }, at(100)]]);
  t.is(back.counters.missedInARow, 0);
});

test('an answer resets the miss streak', (t) => {
  const { state } = run(available, [
    [{ type: 'reserve', callId: 'c1', offerDeadline: at(15) }, at(0)],
    [{ type: 'offer-failed', callId: 'c1', cause: 'timeout', autoPauseAfter: 2 }, at(15)],
    [{ type: 'reserve', callId: 'c2', offerDeadline: at(35) }, at(20)],
    [{ type: 'answer', callId: 'c2' }, at(22)],
    [{ type: 'call-ended', callId: 'c2', wrapUpS: 0 }, at(50)],
    [{ type: 'reserve', callId: 'c3', offerDeadline: at(75) }, at(60)],
    [{ type: 'offer-failed', callId: 'c3', cause: 'timeout', autoPauseAfter: 2 }, at(75)],
  ]);
  t.is(state.activity.status, 'available');
  t.is(state.counters.missedInARow, 1);
});

test('a missed offer keeps the idle time: the agent did not serve anyone', (t) => {
  const step = stepAgent(
    ringing,
    { type: 'offer-failed', callId: 'c1', cause: 'timeout', autoPauseAfter: 0 },
    at(16),
  );
  t.deepEqual(step.state.activity, { status: 'available', idleSince: at(0) });
});

test('an offer failure for a call the agent no longer holds is ignored', (t) => {
  const step = stepAgent(
    onCall,
    { type: 'offer-failed', callId: 'c7', cause: 'timeout', autoPauseAfter: 1 },
    at(16),
  );
  t.true(step.ok);
  t.is(step.state, onCall);
});

test('a pause asked for during a call starts after wrap-up', (t) => {
  const { state, commands } = run(onCall, [
    [{ type: 'pause', reason: 'training' }, at(10)],
    [{ type: 'call-ended', callId: 'c1', wrapUpS: 20 }, at(30)],
  ]);
  t.is(state.activity.status, 'wrap-up');
  t.is(state.pendingPause, 'training');
  t.false(commands.some((c) => c.type === 'publish' && c.event.to === 'paused'));
  const { state: after } = run(state, [[{ type: 'wrap-up-elapsed' }, at(50)]]);
  t.deepEqual(after.activity, { status: 'paused', reason: 'training', since: at(50) });
  t.is(after.pendingPause, null);
});

test('a pending pause applies when an offer fails, and unpause cancels it while busy', (t) => {
  const { state } = run(ringing, [
    [{ type: 'pause', reason: 'break' }, at(5)],
    [{ type: 'offer-failed', callId: 'c1', cause: 'caller-gone', autoPauseAfter: 3 }, at(6)],
  ]);
  t.deepEqual(state.activity, { status: 'paused', reason: 'break', since: at(6) });
  const { state: cancelled } = run(onCall, [
    [{ type: 'pause', reason: 'break' }, at(5)],
    [{ type: 'unpause' }, at(6)],
    [{ type: 'call-ended', callId: 'c1', wrapUpS: 0 }, at(7)],
  ]);
  t.is(cancelled.activity.status, 'available');
});

test('leaving with an offer pending withdraws it so the call moves on', (t) => {
  const logout = stepAgent(ringing, { type: 'logout' }, at(5));
  t.deepEqual(commandsOf(logout)[0], { type: 'withdraw-offer', agentId: A, callId: 'c1' });
  const lost = stepAgent(reserved, { type: 'phone-lost' }, at(5));
  t.deepEqual(lost.state.activity, { status: 'paused', reason: PHONE_LOST_REASON, since: at(5) });
  t.true(commandsOf(lost).some((c) => c.type === 'withdraw-offer'));
});

test('day rollover zeroes calls answered today and nothing else', (t) => {
  const busy = {
    ...onCall,
    counters: { answeredToday: 12, lastCallEndAt: at(1), missedInARow: 1 },
  };
  const step = stepAgent(busy, { type: 'day-rollover' }, at(200));
  t.deepEqual(step.state.counters, { answeredToday: 0, lastCallEndAt: at(1), missedInARow: 1 });
  t.is(step.state.activity, busy.activity);
});
