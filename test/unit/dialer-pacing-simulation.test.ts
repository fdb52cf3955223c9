/**
 * The pacing simulation is deterministic: the same seed gives the same
 * figures, every strategy meets the same callee stream, and the comparison
 * the bench prints folds the days as documented.
 */
import test from 'ava';
import {
  compareStrategies,
  matchAdaptTapered,
  summarise,
} from '../../src/domain/dialer/pacing-comparison.ts';
import { type SimResult, simulateDay } from '../../src/domain/dialer/pacing-simulation.ts';
import {
  adaptTaperedStrategy,
  fixedRatioStrategy,
  predictiveStrategy,
  progressiveStrategy,
} from '../../src/domain/dialer/pacing-strategies.ts';
import { seededRandom } from '../../src/domain/dialer/seeded-random.ts';
import { DEFAULT_SCENARIO, drawCallee } from '../../src/domain/dialer/simulation-model.ts';

const short = { ...DEFAULT_SCENARIO, agents: 10, answerRate: 0.25, hours: 1 };
const makers = [
  progressiveStrategy,
  () => fixedRatioStrategy(2),
  () => predictiveStrategy(),
  () => adaptTaperedStrategy(),
];

for (const make of makers) {
  test(`${make().name}: the same seed gives the same figures`, (t) => {
    const a = simulateDay(short, make(), 11);
    const b = simulateDay(short, make(), 11);
    t.deepEqual(a, b);
    t.true(a.dials > 0 && a.answered > 0, `${a.dials} dials, ${a.answered} answered`);
  });
}

test('another seed gives another day', (t) => {
  const a = simulateDay(short, predictiveStrategy(), 11);
  const b = simulateDay(short, predictiveStrategy(), 12);
  t.notDeepEqual(a, b);
});

test('every callee costs the same number of draws, so the k-th dial meets the same callee', (t) => {
  for (const answerRate of [0.1, 0.25, 0.4]) {
    const scenario = { ...short, answerRate };
    let draws = 0;
    const base = seededRandom(5);
    const counting = () => {
      draws += 1;
      return base();
    };
    const kinds = new Set<boolean>();
    const costs = new Set<number>();
    for (let i = 0; i < 200; i += 1) {
      const before = draws;
      kinds.add(drawCallee(counting, scenario).human);
      costs.add(draws - before);
    }
    // Two uniforms per lognormal (Box-Muller), one per exponential, three plain ones.
    t.deepEqual([...costs], [8]);
    t.deepEqual([...kinds].sort(), [false, true], 'both humans and others were drawn');
  }
});

test('a strategy that never dials sees no callee and no figure', (t) => {
  const idle = { name: 'idle', reservesAgent: false, decide: () => 0 };
  t.deepEqual(simulateDay(short, idle, 1), {
    dials: 0,
    answered: 0,
    abandoned: 0,
    abandonPct: 0,
    occupancy: 0,
    connectsPerAgentHour: 0,
  });
});

test('the comparison runs every strategy on the same seeds and is repeatable', (t) => {
  const seeds = [1, 2];
  const a = compareStrategies(short, seeds);
  const b = compareStrategies(short, seeds);
  t.deepEqual(a, b);
  t.deepEqual(
    a.figures.map((f) => f.strategy),
    ['progressive', 'fixed-ratio-2.0', 'predictive', 'adapt-tapered'],
  );
  const seen: string[] = [];
  compareStrategies(short, seeds, [progressiveStrategy], (name, seed) => {
    seen.push(`${name}:${seed}`);
  });
  t.deepEqual(seen, ['progressive:1', 'progressive:2']);
});

test('summarise: means over the days, the worst day for the abandon rate', (t) => {
  const day = (abandonPct: number, occupancy: number, connects: number): SimResult => ({
    dials: 100,
    answered: 40,
    abandoned: 0,
    abandonPct,
    occupancy,
    connectsPerAgentHour: connects,
  });
  const f = summarise('x', [day(1, 0.8, 20), day(3, 0.9, 22), day(2, 0.7, 24)]);
  t.is(f.strategy, 'x');
  t.is(f.abandonPctMean, 2);
  t.is(f.abandonPctWorst, 3);
  t.is(Math.round(f.occupancyPct * 1e9) / 1e9, 80);
  t.is(f.callsPerAgentHour, 22);
  t.is(f.dialsPerDay, 100);
  t.is(summarise('none', []).abandonPctWorst, 0);
});

test('ADAPT_TAPERED matched to our abandon: same seeds, the published run reused, abandon at or under ours', (t) => {
  const seeds = [1, 2];
  const c = compareStrategies(short, seeds);
  const days: string[] = [];
  const m = matchAdaptTapered(c, (name, seed) => days.push(`${name}:${seed}`));
  if (m === null) return t.fail('both strategies are in the comparison');
  const ours = c.figures.find((f) => f.strategy === 'predictive');
  const published = c.figures.find((f) => f.strategy === 'adapt-tapered');
  if (!ours || !published) return t.fail('both strategies are in the comparison');
  t.is(m.ourAbandonPctMean, ours.abandonPctMean);
  t.deepEqual(m.published, { ...published, limitPct: short.targetPct });
  t.is(m.search.trials[0], m.published, 'the as-published run is the first trial');
  // Every other trial ran ADAPT_TAPERED on each seed with a lower limit.
  const extra = m.search.trials.slice(1);
  t.deepEqual(
    days,
    extra.flatMap((x) => seeds.map((seed) => `adapt-tapered@${x.limitPct}%:${seed}`)),
  );
  for (const x of extra) t.true(x.limitPct < short.targetPct);
  if (m.search.matched !== null) {
    t.true(m.search.matched.abandonPctMean <= m.ourAbandonPctMean);
  } else {
    t.true(m.search.trials.every((x) => x.abandonPctMean > m.ourAbandonPctMean));
    t.true(
      m.search.trials.some((x) => x.limitPct === 0),
      'searched down to limit 0',
    );
  }
  // Repeatable: the same comparison gives the same search.
  t.deepEqual(matchAdaptTapered(c), m);
  t.is(matchAdaptTapered({ ...c, figures: c.figures.slice(0, 2) }), null);
});
