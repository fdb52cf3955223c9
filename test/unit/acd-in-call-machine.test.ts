/**
 * The pure parts of in-call control: an agent taking a call the dispatcher
 * did not offer (`seize`: click-to-dial, internal calls, supervisors) and a
 * connected call changing hands (`handOver`: transfers, conferences).
 */
import test from 'ava';
import { wrapUpTimerKey } from '../../src/domain/acd/agent.events.ts';
import { stepAgent } from '../../src/domain/acd/agent.machine.ts';
import {
  type AgentActivity,
  type AgentState,
  initialAgentState,
} from '../../src/domain/acd/agent.state.ts';
import { handOver } from '../../src/domain/acd/call.handover.ts';
import type { QueuedCall } from '../../src/domain/acd/call.state.ts';
import { at, queue } from './acd-helpers.ts';

const A = 'agent-1';
const state = (activity: AgentActivity, over: Partial<AgentState> = {}): AgentState => ({
  ...initialAgentState(A),
  activity,
  ...over,
});

test('seize: a free, paused or wrapping-up agent is on the call; a busy or absent one refuses', (t) => {
  const cases: [string, AgentState, string][] = [
    ['available', state({ status: 'available', idleSince: at(0) }), 'on-call'],
    ['paused', state({ status: 'paused', reason: 'lunch', since: at(0) }), 'on-call'],
    ['wrap-up', state({ status: 'wrap-up', callId: 'c0', since: at(0), until: at(30) }), 'on-call'],
    ['logged out', initialAgentState(A), 'AGENT_NOT_LOGGED_IN'],
    ['on call', state({ status: 'on-call', callId: 'c0', since: at(0) }), 'AGENT_ON_CALL'],
    [
      'reserved',
      state({
        status: 'reserved',
        callId: 'c0',
        offerDeadline: at(9),
        since: at(0),
        idleSince: at(0),
      }),
      'AGENT_NOT_AVAILABLE',
    ],
  ];
  for (const [name, from, expected] of cases) {
    const step = stepAgent(from, { type: 'seize', callId: 'out-1' }, at(10));
    const got: string = step.ok ? step.state.activity.status : step.error.code;
    t.is(got, expected, name);
    if (step.ok) t.like(step.state.activity, { callId: 'out-1', since: at(10) });
  }
});

test('seize keeps a pause for after the call and cuts wrap-up short', (t) => {
  const paused = stepAgent(
    state({ status: 'paused', reason: 'lunch', since: at(0) }),
    { type: 'seize', callId: 'out-1' },
    at(10),
  );
  if (!paused.ok) throw new Error(paused.error.code);
  t.is(paused.state.pendingPause, 'lunch');
  const ended = stepAgent(
    paused.state,
    { type: 'call-ended', callId: 'out-1', wrapUpS: 0 },
    at(70),
  );
  t.like(ended.state.activity, { status: 'paused', reason: 'lunch' });

  const wrap = stepAgent(
    state({ status: 'wrap-up', callId: 'c0', since: at(0), until: at(30) }),
    { type: 'seize', callId: 'out-2' },
    at(10),
  );
  t.true(
    wrap.ok && wrap.commands.some((c) => c.type === 'cancel-timer' && c.key === wrapUpTimerKey(A)),
  );
  t.false(wrap.ok && wrap.state.counters.answeredToday !== 0, 'not a queue call answered');
});

const connected = (agentId: string): QueuedCall => ({
  callId: 'c1',
  ani: '+33612345678',
  dnis: '5001',
  businessLineId: 'bl-1',
  queue: queue('q1'),
  enteredAt: at(0),
  waitingSince: at(0),
  priority: 'normal',
  requiredSkills: [],
  holds: [],
  tried: [],
  hops: 0,
  phase: { name: 'connected', agentId, since: at(5) },
});

test('handOver: the connected call now belongs to the other agent, with a transfer record', (t) => {
  const step = handOver(connected('a1'), 'a2', at(60));
  if (!step.ok) throw new Error(step.error.code);
  t.deepEqual(step.state.phase, { name: 'connected', agentId: 'a2', since: at(60) });
  t.deepEqual(step.commands, [
    {
      type: 'write-record',
      record: {
        callId: 'c1',
        queueId: 'q1',
        kind: 'transfer',
        at: at(60),
        agentId: 'a2',
        detail: 'agent:a1',
      },
    },
  ]);
  const same = handOver(connected('a1'), 'a1', at(60));
  t.true(same.ok && same.commands.length === 0);
  const waiting = handOver(
    { ...connected('a1'), phase: { name: 'waiting', since: at(0) } },
    'a2',
    at(60),
  );
  t.false(waiting.ok);
  t.is(waiting.ok ? '' : waiting.error.code, 'CALL_NOT_CONNECTED');
});
