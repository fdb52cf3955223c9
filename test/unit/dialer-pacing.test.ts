/**
 * Pacing: the four modes table-driven, the predictive controller's
 * reaction to its budget, and one simulated day showing the predictive
 * pacer keeps the abandon cap while beating progressive on occupancy.
 */
import test from 'ava';
import { countAnswer, ratePct, windowOf } from '../../src/domain/dialer/abandon-budget.ts';
import { type PacingInput, pace } from '../../src/domain/dialer/pacing.ts';
import { simulateDay } from '../../src/domain/dialer/pacing-simulation.ts';
import { emptyStats, noteDial } from '../../src/domain/dialer/pacing-stats.ts';
import {
  adaptTaperedStrategy,
  predictiveStrategy,
  progressiveStrategy,
} from '../../src/domain/dialer/pacing-strategies.ts';
import { DEFAULT_TUNING, thresholdOf } from '../../src/domain/dialer/predictive.ts';
import { DEFAULT_SCENARIO } from '../../src/domain/dialer/simulation-model.ts';

const learned = () => {
  let stats = emptyStats();
  for (let i = 0; i < 400; i += 1) stats = noteDial(stats, i % 4 === 0, i % 4 === 0 ? 10 : null);
  return stats;
};
const emptyWindow = windowOf([], '2026-01-05');

const base: PacingInput = {
  mode: 'progressive',
  dialRatio: 2,
  maxLines: 30,
  freeAgents: 3,
  busyAgents: [],
  ringingAges: [],
  waitingHumans: 0,
  dialable: 1000,
  wrapUpS: 10,
  abandonTargetPct: 3,
  stats: learned(),
  window: emptyWindow,
  controller: {},
};

const cases: Array<[string, Partial<PacingInput>, number, string]> = [
  ['preview never dials by itself', { mode: 'preview' }, 0, 'preview'],
  ['progressive: one call per free agent', {}, 3, 'progressive'],
  ['progressive: bounded by the lines left', { maxLines: 2 }, 2, 'progressive'],
  ['progressive: bounded by the records left', { dialable: 1 }, 1, 'progressive'],
  ['progressive: no records', { dialable: 0 }, 0, 'no-records'],
  ['fixed ratio: two lines per free agent', { mode: 'fixed-ratio' }, 6, 'fixed-ratio'],
  [
    'fixed ratio: minus the calls ringing',
    { mode: 'fixed-ratio', ringingAges: [1, 2] },
    4,
    'fixed-ratio',
  ],
  [
    'predictive: a small team dials progressively',
    { mode: 'predictive', freeAgents: 2 },
    2,
    'small-team',
  ],
  [
    'predictive: learning first',
    { mode: 'predictive', freeAgents: 5, stats: emptyStats() },
    5,
    'learning',
  ],
  [
    'predictive: over the cap today it falls back to progressive',
    {
      mode: 'predictive',
      freeAgents: 5,
      window: {
        today: { answered: 100, abandoned: 3 },
        last30Days: { answered: 100, abandoned: 3 },
      },
    },
    5,
    'over-budget',
  ],
];
for (const [name, patch, calls, reason] of cases) {
  test(`pace: ${name}`, (t) => {
    const d = pace({ ...base, ...patch });
    t.is(d.calls, calls);
    t.is(d.reason as string, reason);
  });
}

test('predictive dials ahead: more calls than free agents at a 25% answer rate', (t) => {
  const d = pace({ ...base, mode: 'predictive', freeAgents: 5 });
  t.is(d.reason, 'predictive');
  t.true(d.calls > 5, `${d.calls} calls`);
  t.true(d.calls <= 30);
});

test('predictive counts agents about to free: wrap-ups ending soon add calls', (t) => {
  const idle = pace({ ...base, mode: 'predictive', freeAgents: 3, busyAgents: [] });
  const soon = pace({
    ...base,
    mode: 'predictive',
    freeAgents: 3,
    busyAgents: [
      { kind: 'wrap', remainingS: 3 },
      { kind: 'wrap', remainingS: 4 },
    ],
  });
  const late = pace({
    ...base,
    mode: 'predictive',
    freeAgents: 3,
    busyAgents: [
      { kind: 'talk', ageS: 1 },
      { kind: 'talk', ageS: 2 },
    ],
  });
  t.true(soon.calls > idle.calls);
  t.true(soon.calls > late.calls);
});

test('predictive counts calls already ringing as demand', (t) => {
  const none = pace({ ...base, mode: 'predictive', freeAgents: 5 });
  const ringing = pace({ ...base, mode: 'predictive', freeAgents: 5, ringingAges: [2, 2, 2, 2] });
  t.true(ringing.calls < none.calls);
});

test('the controller dials harder under the aim and softer over it', (t) => {
  const at = (answered: number, abandoned: number) =>
    thresholdOf(
      { today: { answered, abandoned }, last30Days: { answered, abandoned } },
      3,
      DEFAULT_TUNING,
    );
  t.true(at(1000, 5) > at(1000, 21));
  t.true(at(1000, 21) > at(1000, 40));
  t.is(thresholdOf(emptyWindow, 0, DEFAULT_TUNING), 0, 'a zero cap never dials ahead');
});

test('abandon window: per day and over 30 days', (t) => {
  let days = countAnswer([], '2026-01-01', true);
  days = countAnswer(days, '2026-01-01', false);
  days = countAnswer(days, '2026-01-20', false);
  const early = windowOf(days, '2026-01-20');
  t.deepEqual(early.today, { answered: 1, abandoned: 0 });
  t.deepEqual(early.last30Days, { answered: 3, abandoned: 1 });
  // Later, 1 January left the 30 days (and old buckets are pruned).
  days = countAnswer(days, '2026-02-15', false);
  const w = windowOf(days, '2026-02-15');
  t.deepEqual(w.today, { answered: 1, abandoned: 0 });
  t.deepEqual(w.last30Days, { answered: 2, abandoned: 0 });
  t.false(days.some((d) => d.day === '2026-01-01'));
  t.is(ratePct(early.last30Days), 100 / 3);
});

test('a simulated day: predictive stays under 3% and beats progressive and ADAPT_TAPERED', (t) => {
  const scenario = { ...DEFAULT_SCENARIO, agents: 20, answerRate: 0.25, hours: 8 };
  const ours = simulateDay(scenario, predictiveStrategy(), 7);
  const progressive = simulateDay(scenario, progressiveStrategy(), 7);
  const adapt = simulateDay(scenario, adaptTaperedStrategy(), 7);
  t.true(ours.answered > 1000, `${ours.answered} answered`);
  t.true(ours.abandonPct <= 3, `abandon ${ours.abandonPct}%`);
  t.is(progressive.abandoned, 0);
  t.true(
    ours.occupancy > progressive.occupancy + 0.1,
    `${ours.occupancy} vs ${progressive.occupancy}`,
  );
  t.true(ours.occupancy > adapt.occupancy + 0.08, `${ours.occupancy} vs ${adapt.occupancy}`);
});

test('a small team under predictive still keeps the cap', (t) => {
  const scenario = { ...DEFAULT_SCENARIO, agents: 5, answerRate: 0.4, hours: 8 };
  const ours = simulateDay(scenario, predictiveStrategy(), 3);
  t.true(ours.abandonPct <= 3, `abandon ${ours.abandonPct}%`);
});
