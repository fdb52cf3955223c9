/**
 * The pure parts of voice broadcast (DIAL-6) and follow-ups (DIAL-9),
 * table-driven: broadcast pacing by lines with no agents, what a key or
 * the end of the message does, settings problems, reached contacts ending
 * the record; whom a due follow-up goes to, which bookings are refused and
 * what is on an agent's list of the day.
 */
import test from 'ava';
import { windowOf } from '../../src/domain/dialer/abandon-budget.ts';
import {
  type BroadcastEvent,
  type BroadcastStage,
  broadcastProblems,
  stepBroadcast,
} from '../../src/domain/dialer/broadcast.ts';
import {
  broadcastSchema,
  campaignSettingsSchema,
  retryRulesSchema,
} from '../../src/domain/dialer/campaign.ts';
import {
  type FollowUpStatus,
  isDueToday,
  type OwnerState,
  routeFollowUp,
  scheduleProblem,
} from '../../src/domain/dialer/follow-up.ts';
import type { AttemptOutcome } from '../../src/domain/dialer/outcome.ts';
import { type PacingInput, pace } from '../../src/domain/dialer/pacing.ts';
import { emptyStats } from '../../src/domain/dialer/pacing-stats.ts';
import { afterAttempt } from '../../src/domain/dialer/retry.ts';

const broadcastPacing: PacingInput = {
  mode: 'broadcast',
  dialRatio: 2,
  maxLines: 5,
  freeAgents: 0,
  busyAgents: [],
  ringingAges: [1],
  waitingHumans: 0,
  dialable: 1000,
  wrapUpS: 10,
  abandonTargetPct: 3,
  stats: emptyStats(),
  window: windowOf([], '2026-01-05'),
  controller: {},
  linesInUse: 2,
};

const pacingCases: Array<[string, Partial<PacingInput>, number, string]> = [
  ['fills the lines left with no agent at all', {}, 3, 'broadcast'],
  [
    'every call on the line holds one, not only the ringing ones',
    { linesInUse: 5 },
    0,
    'lines-full',
  ],
  ['bounded by the records left', { dialable: 1 }, 1, 'broadcast'],
  ['no records', { dialable: 0 }, 0, 'no-records'],
  ['free agents change nothing', { freeAgents: 10 }, 3, 'broadcast'],
];
for (const [name, patch, calls, reason] of pacingCases) {
  test(`broadcast pacing: ${name}`, (t) => {
    const d = pace({ ...broadcastPacing, ...patch });
    t.is(d.calls, calls);
    t.is(d.reason as string, reason);
    t.is(d.mode, 'broadcast');
  });
}

const settings = broadcastSchema.parse({ queueId: 'q-sales', answerKeys: ['2', '3'] });
const key = (k: string): BroadcastEvent => ({ type: 'key', key: k });
const stepCases: Array<[string, BroadcastStage, BroadcastEvent, BroadcastStage, unknown]> = [
  [
    'the agent key hands the callee to the queue',
    'message',
    key('1'),
    'done',
    { type: 'to-queue', queueId: 'q-sales', key: '1' },
  ],
  ['an answer key is kept', 'message', key('2'), 'done', { type: 'answer', key: '2' }],
  ['an answer key after the message', 'waiting', key('3'), 'done', { type: 'answer', key: '3' }],
  ['another key is ignored', 'message', key('9'), 'message', { type: 'none' }],
  ['after a decision keys change nothing', 'done', key('1'), 'done', { type: 'none' }],
  [
    'the end of the message opens the wait for a key',
    'message',
    { type: 'message-ended' },
    'waiting',
    { type: 'wait', seconds: 5 },
  ],
  [
    'the wait running out ends the call',
    'waiting',
    { type: 'wait-over' },
    'done',
    { type: 'hangup' },
  ],
  [
    'a late wait-over after a key does nothing',
    'done',
    { type: 'wait-over' },
    'done',
    { type: 'none' },
  ],
];
for (const [name, stage, event, next, command] of stepCases) {
  test(`broadcast step: ${name}`, (t) => {
    const step = stepBroadcast(stage, event, settings);
    t.is(step.stage, next);
    t.deepEqual(step.command, command);
  });
}

test('broadcast step: no wait after the message when keyWaitS is 0', (t) => {
  const step = stepBroadcast('message', { type: 'message-ended' }, { ...settings, keyWaitS: 0 });
  t.deepEqual(step, { stage: 'done', command: { type: 'hangup' } });
});

test('broadcast step: without a queue the agent key is an ordinary key', (t) => {
  const noQueue = { ...settings, queueId: null };
  t.deepEqual(stepBroadcast('message', key('1'), noQueue).command, { type: 'none' });
});

test('broadcast settings: defaults, problems and bad keys', (t) => {
  const parsed = campaignSettingsSchema.parse({ mode: 'broadcast' });
  t.is(parsed.mode, 'broadcast');
  t.deepEqual(parsed.broadcast.message, ['sound:broadcast-message']);
  t.is(parsed.broadcast.agentKey, '1');
  t.deepEqual(broadcastProblems(parsed.broadcast), [
    'broadcast.queueId: the agent key needs a queue',
  ]);
  t.deepEqual(broadcastProblems({ ...settings, answerKeys: ['1', '2'] }), [
    'broadcast.answerKeys: 1 is the agent key',
  ]);
  t.deepEqual(broadcastProblems({ ...settings, agentKey: null, queueId: null }), []);
  t.false(broadcastSchema.safeParse({ agentKey: '12' }).success);
  t.false(broadcastSchema.safeParse({ message: [] }).success);
});

const rules = retryRulesSchema.parse({});
const reached: AttemptOutcome[] = ['delivered', 'transferred', 'message-left', 'connected'];
for (const outcome of reached) {
  test(`a ${outcome} attempt completes the record`, (t) => {
    const d = afterAttempt({
      numbers: [{ e164: '+33612345678', timezone: 'Europe/Paris', attempts: 0, status: 'active' }],
      index: 0,
      outcome,
      recordAttempts: 1,
      rules,
      now: 0,
    });
    t.like(d, { kind: 'finished', status: 'completed' });
  });
}

const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const routeCases: Array<[string, FollowUpStatus, number, OwnerState, string]> = [
  ['not due yet', 'scheduled', NOW + 1, 'free', 'not-due'],
  ['due, owner free: for the owner', 'scheduled', NOW, 'free', 'agent'],
  ['due, owner busy: waits for the owner', 'scheduled', NOW - 60_000, 'busy', 'wait'],
  ['due, owner logged out: for the campaign', 'scheduled', NOW - 1, 'away', 'campaign'],
  ['already dialled', 'dialled', NOW - 1, 'free', 'not-due'],
  ['cancelled', 'cancelled', NOW - 1, 'away', 'not-due'],
];
for (const [name, status, dueAt, owner, kind] of routeCases) {
  test(`follow-up route: ${name}`, (t) => {
    t.is(routeFollowUp({ status, dueAt }, owner, NOW).kind as string, kind);
  });
}

test('follow-up bookings: a little late is fine, the past and beyond a year are not', (t) => {
  t.is(scheduleProblem(NOW + 3_600_000, NOW), null);
  t.is(scheduleProblem(NOW - 30_000, NOW), null);
  t.is(scheduleProblem(NOW - 3_600_000, NOW), 'dueAt: in the past');
  t.is(scheduleProblem(NOW + 400 * 86_400_000, NOW), 'dueAt: more than a year ahead');
  t.is(scheduleProblem(Number.NaN, NOW), 'dueAt: not a time');
});

test("follow-ups of the day: today's date in the line's zone, and overdue ones still waiting", (t) => {
  // 09:00 UTC is 10:00 in Paris and 04:00 in New York.
  const at = (iso: string) => Date.parse(iso);
  const f = (dueAt: number, status: FollowUpStatus = 'scheduled') => ({ dueAt, status });
  t.true(isDueToday(f(at('2026-11-23T20:00:00Z')), NOW, 'Europe/Paris'));
  t.false(isDueToday(f(at('2026-11-23T23:30:00Z')), NOW, 'Europe/Paris'), 'tomorrow in Paris');
  t.true(isDueToday(f(at('2026-11-24T03:00:00Z')), NOW, 'America/New_York'), 'still today there');
  t.true(isDueToday(f(at('2026-11-20T08:00:00Z')), NOW, 'Europe/Paris'), 'overdue, not dialled');
  t.false(isDueToday(f(at('2026-11-20T08:00:00Z'), 'dialled'), NOW, 'Europe/Paris'));
  t.true(isDueToday(f(at('2026-11-23T08:00:00Z'), 'dialled'), NOW, 'Europe/Paris'));
  t.false(isDueToday(f(at('2026-11-23T10:00:00Z'), 'cancelled'), NOW, 'Europe/Paris'));
});
