import test from 'ava';
import type { AcdQueue, AcdQueueSettingsInput } from '../../src/domain/acd/acd.types.ts';
import { AUTO_PAUSE_REASON } from '../../src/domain/acd/agent.state.ts';
import { type EnterCallInput, enterCall } from '../../src/domain/acd/call.enter.ts';
import type { CallCommand } from '../../src/domain/acd/call.events.ts';
import { stepCall } from '../../src/domain/acd/call.machine.ts';
import type { QueuedCall } from '../../src/domain/acd/call.state.ts';
import { dispatchForCall } from '../../src/domain/acd/dispatcher.ts';
import {
  overflowOnEntry,
  type QueueFacts,
  validateOverflow,
} from '../../src/domain/acd/overflow.ts';
import { syncCall } from '../../src/domain/acd/snapshot.calls.ts';
import { at, commandsOf, noRng, queue, World } from './acd-helpers.ts';

const ANI = '+33612345678';

function enter(q: AcdQueue, facts: QueueFacts, over: Partial<EnterCallInput> = {}, now = at(0)) {
  return enterCall(
    {
      callId: 'c1',
      ani: ANI,
      dnis: '+33155550100',
      businessLineId: 'bl-1',
      queue: q,
      caller: { priority: 'normal', holds: [] },
      facts,
      ...over,
    },
    now,
  );
}

const entryCases: [string, number | null, AcdQueueSettingsInput, QueueFacts, unknown][] = [
  ['room left', 5, {}, { waiting: 4, loggedInMembers: 2 }, null],
  [
    'full, default busy',
    5,
    {},
    { waiting: 5, loggedInMembers: 2 },
    { reason: 'max-length', target: { kind: 'hangup', cause: 17 } },
  ],
  [
    'full, to another queue',
    1,
    { overflow: { onMaxLength: { kind: 'queue', queueId: 'Q2' } } },
    { waiting: 3, loggedInMembers: 2 },
    { reason: 'max-length', target: { kind: 'queue', queueId: 'Q2' } },
  ],
  ['nobody logged in, no target: wait', null, {}, { waiting: 0, loggedInMembers: 0 }, null],
  [
    'nobody logged in, to voicemail',
    null,
    { overflow: { onNoAgents: { kind: 'voicemail', flowId: 'vm-flow' } } },
    { waiting: 0, loggedInMembers: 0 },
    { reason: 'no-agents', target: { kind: 'voicemail', flowId: 'vm-flow' } },
  ],
  [
    'agents present, no-agents rule idle',
    null,
    { overflow: { onNoAgents: { kind: 'voicemail', flowId: 'vm-flow' } } },
    { waiting: 0, loggedInMembers: 1 },
    null,
  ],
];

for (const [name, maxLength, settings, facts, expected] of entryCases) {
  test(`overflow on entry: ${name}`, (t) => {
    t.deepEqual(overflowOnEntry(queue('Q', { maxLength, settings }), facts, ANI, 0), expected);
  });
}

test('a full queue overflows the call on entry: record, then redirect with one more hop', (t) => {
  const q = queue('Q', {
    maxLength: 2,
    settings: { overflow: { onMaxLength: { kind: 'queue', queueId: 'Q2' } } },
  });
  const r = enter(q, { waiting: 2, loggedInMembers: 4 }, { waitingSince: at(-30) });
  t.true(r.ok && r.state.phase.name === 'overflowed');
  const cmds = commandsOf(r);
  t.deepEqual(
    cmds
      .filter((c) => c.type === 'write-record')
      .map((c) => c.type === 'write-record' && c.record.kind),
    ['enter', 'overflow'],
  );
  t.deepEqual(
    cmds.find((c) => c.type === 'overflow'),
    {
      type: 'overflow',
      callId: 'c1',
      reason: 'max-length',
      target: { kind: 'queue', queueId: 'Q2' },
      hops: 1,
      waitingSince: at(-30),
    },
  );
  t.deepEqual(
    cmds.map((c) => c.type),
    ['write-record', 'write-record', 'overflow'],
    'nothing was started, so nothing is stopped',
  );
});

test('max wait: the timer rings the external number, not a second early; the caller keeps its music', (t) => {
  const q = queue('Q', {
    maxWaitS: 60,
    settings: { overflow: { onMaxWait: { kind: 'external', number: '+33700000000' } } },
  });
  const entered = enter(q, { waiting: 0, loggedInMembers: 1 });
  if (!entered.ok) throw new Error(entered.error.code);
  const offered = stepCall(
    entered.state,
    { type: 'offer', agentIds: ['a'], ringAll: false },
    at(50),
  ).state;
  const early = stepCall(offered, { type: 'max-wait-reached' }, at(59));
  t.is(early.state, offered);
  const due = stepCall(offered, { type: 'max-wait-reached' }, at(60));
  t.deepEqual(due.state.phase, {
    name: 'forwarding',
    reason: 'max-wait',
    number: '+33700000000',
    since: at(60),
  });
  const cmds = commandsOf(due);
  t.like(
    cmds.find((c) => c.type === 'cancel-offers'),
    { agentIds: ['a'], cause: 'caller-gone' },
  );
  t.deepEqual(
    cmds.find((c) => c.type === 'dial-external'),
    { type: 'dial-external', callId: 'c1', number: '+33700000000', ani: ANI, ringTimeoutS: 30 },
  );
  t.false(cmds.some((c) => c.type === 'stop-moh'));
});

test('overflow loops stop after maxHops queue-to-queue moves', (t) => {
  const q = queue('Q', {
    maxLength: 0,
    settings: { overflow: { onMaxLength: { kind: 'queue', queueId: 'Q2' }, maxHops: 2 } },
  });
  const r = enter(q, { waiting: 0, loggedInMembers: 1 }, { hops: 2 });
  t.like(r.ok ? r.state.phase : null, {
    name: 'overflowed',
    target: { kind: 'hangup', cause: 34 },
  });
  t.like(
    commandsOf(r).find((c) => c.type === 'hangup-caller'),
    { cause: 34 },
  );
});

test('overflow to a callback books one and confirms it; a withheld number is hung up instead', (t) => {
  const q = queue('Q', {
    maxWaitS: 10,
    settings: { overflow: { onMaxWait: { kind: 'callback' } } },
  });
  const timeout = (ani: string) => {
    const r = enter(q, { waiting: 0, loggedInMembers: 1 }, { ani });
    if (!r.ok) throw new Error(r.error.code);
    return commandsOf(stepCall(r.state, { type: 'max-wait-reached' }, at(10)));
  };
  const withNumber = timeout(ANI);
  t.like(
    withNumber.find((c) => c.type === 'create-callback'),
    { number: ANI, reason: 'overflow', queueId: 'Q' },
  );
  t.like(
    withNumber.find((c) => c.type === 'hangup-caller'),
    { prompt: 'callback-confirmed' },
  );
  const withheld = timeout('');
  t.false(withheld.some((c) => c.type === 'create-callback'));
  t.like(
    withheld.find((c) => c.type === 'hangup-caller'),
    { cause: 16, prompt: null },
  );
});

test('the last agent logging out overflows waiting callers only when the queue says so', (t) => {
  const noRule = enter(queue('Q'), { waiting: 0, loggedInMembers: 1 });
  const vm = enter(
    queue('Q', {
      settings: { overflow: { onNoAgents: { kind: 'voicemail', flowId: 'vm-flow' } } },
    }),
    {
      waiting: 0,
      loggedInMembers: 1,
    },
  );
  if (!noRule.ok || !vm.ok) throw new Error('enter refused');
  t.is(stepCall(noRule.state, { type: 'no-agents' }, at(5)).state.phase.name, 'waiting');
  t.like(stepCall(vm.state, { type: 'no-agents' }, at(5)).state.phase, {
    name: 'overflowed',
    reason: 'no-agents',
  });
});

test('overflow targets must be queues of the same business line', (t) => {
  const queues = new Map([
    ['Q2', { businessLineId: 'bl-1' }],
    ['Z', { businessLineId: 'bl-2' }],
  ]);
  const check = (target: string) =>
    validateOverflow(
      queue('Q', { settings: { overflow: { onMaxWait: { kind: 'queue', queueId: target } } } }),
      queues,
    ).map((e) => e.code);
  t.deepEqual(check('Q2'), []);
  t.deepEqual(check('Z'), ['OVERFLOW_CROSSES_BUSINESS_LINE']);
  t.deepEqual(check('nope'), ['OVERFLOW_QUEUE_NOT_FOUND']);
  t.deepEqual(check('Q'), ['OVERFLOW_QUEUE_NOT_FOUND']);
});

/** Carries out call commands the way the app will, for the commands these tests need. */
function drive(
  w: World,
  q: AcdQueue,
  call: QueuedCall,
  commands: readonly CallCommand[],
  now: number,
): QueuedCall {
  let current = call;
  syncCall(w.snap, current);
  for (const c of commands) {
    if (c.type === 'cancel-offers') {
      for (const agentId of c.agentIds) {
        w.step(
          agentId,
          {
            type: 'offer-failed',
            callId: c.callId,
            cause: c.cause,
            autoPauseAfter: q.settings.autoPauseAfterMisses,
          },
          now,
        );
      }
    }
    if (c.type === 'schedule-dispatch' && c.at <= now) {
      const a = dispatchForCall(w.snap, c.callId, now, noRng);
      if (a === null) continue;
      for (const id of a.agentIds)
        w.step(
          id,
          { type: 'reserve', callId: a.callId, offerDeadline: now + q.ringTimeoutS * 1000 },
          now,
        );
      const step = stepCall(
        current,
        { type: 'offer', agentIds: a.agentIds, ringAll: a.ringAll },
        now,
      );
      current = drive(w, q, step.state, commandsOf(step), now);
    }
  }
  return current;
}

test('ring timeout goes to the next agent; an agent missing N offers in a row is auto-paused', (t) => {
  const q = queue('Q', {
    ringTimeoutS: 15,
    settings: { autoPauseAfterMisses: 2, reofferAfterS: 30 },
  });
  const w = new World(
    [q],
    [
      { id: 'sleepy', queues: ['Q'] },
      { id: 'awake', queues: ['Q'] },
    ],
  );
  w.login(at(0), 'sleepy');
  w.login(at(1), 'awake');
  const entered = enter(q, { waiting: 0, loggedInMembers: 2 }, {}, at(10));
  if (!entered.ok) throw new Error(entered.error.code);
  let call = drive(w, q, entered.state, entered.commands, at(10));
  t.like(call.phase, { name: 'offered', agentIds: ['sleepy'] });
  let step = stepCall(call, { type: 'ring-timeout' }, at(25));
  call = drive(w, q, step.state, commandsOf(step), at(25));
  t.like(call.phase, { name: 'offered', agentIds: ['awake'] }, 'next agent rung at once');
  t.is(w.agents.get('sleepy')!.activity.status, 'available');
  t.is(w.agents.get('sleepy')!.counters.missedInARow, 1);
  // awake misses too; the call comes back to sleepy only after the re-offer delay.
  step = stepCall(call, { type: 'ring-timeout' }, at(40));
  call = drive(w, q, step.state, commandsOf(step), at(40));
  t.is(call.phase.name, 'waiting');
  call = drive(w, q, call, [{ type: 'schedule-dispatch', callId: 'c1', at: at(55) }], at(55));
  t.like(call.phase, { name: 'offered', agentIds: ['sleepy'] });
  step = stepCall(call, { type: 'ring-timeout' }, at(70));
  drive(w, q, step.state, commandsOf(step), at(70));
  t.like(w.agents.get('sleepy')!.activity, { status: 'paused', reason: AUTO_PAUSE_REASON });
});
