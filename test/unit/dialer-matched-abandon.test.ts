/**
 * Matching ADAPT_TAPERED's abandon to ours: of the drop limits tried, the
 * highest-occupancy one whose mean abandon is at or below ours is picked;
 * the search lowers the limit by bisection, reuses the as-published run,
 * and says so when no limit gets down to our abandon.
 */
import test from 'ava';
import {
  type LimitTrial,
  limitGrid,
  pickMatchedLimit,
  searchMatchedLimit,
} from '../../src/domain/dialer/matched-abandon.ts';

const trial = (limitPct: number, occupancyPct: number, abandonPctMean: number): LimitTrial => ({
  limitPct,
  occupancyPct,
  abandonPctMean,
});

test('pick: the highest occupancy among the limits at or under the target abandon', (t) => {
  const trials = [trial(3, 85, 3.1), trial(2, 84, 2.05), trial(1.5, 83.5, 1.6), trial(1, 82, 1.1)];
  t.deepEqual(pickMatchedLimit(trials, 2), trial(1.5, 83.5, 1.6));
  // Equal abandon counts as matched.
  t.deepEqual(pickMatchedLimit(trials, 2.05), trial(2, 84, 2.05));
  t.deepEqual(pickMatchedLimit(trials, 5), trial(3, 85, 3.1));
});

test('pick: not the first or highest limit when a lower one runs busier (noise)', (t) => {
  const trials = [trial(2, 80, 1.9), trial(1.5, 81, 1.7), trial(1, 79, 1.2)];
  t.deepEqual(pickMatchedLimit(trials, 2), trial(1.5, 81, 1.7));
});

test('pick: on equal occupancy the lower abandon, then the higher limit', (t) => {
  t.deepEqual(pickMatchedLimit([trial(2, 80, 1.9), trial(1, 80, 1.5)], 2), trial(1, 80, 1.5));
  t.deepEqual(pickMatchedLimit([trial(1, 80, 1.5), trial(2, 80, 1.5)], 2), trial(2, 80, 1.5));
});

test('pick: null when no limit gets down to the target', (t) => {
  t.is(pickMatchedLimit([trial(3, 85, 3.1), trial(0, 80, 2.2)], 2), null);
  t.is(pickMatchedLimit([], 2), null);
});

test('the grid runs from the cap down to 0 in steps, without float drift', (t) => {
  t.deepEqual(limitGrid(3, 0.5), [3, 2.5, 2, 1.5, 1, 0.5, 0]);
  const fine = limitGrid(3, 0.1);
  t.is(fine.length, 31);
  t.is(fine[1], 2.9);
  t.is(fine[29], 0.1);
  t.is(fine[30], 0);
  t.deepEqual(limitGrid(1.25, 0.5), [1.25, 0.75, 0.25, 0]);
});

/** A reference whose abandon falls with its limit (plus a floor) and occupancy with it. */
function model(floorPct: number) {
  const tried: number[] = [];
  const evaluate = (limitPct: number): LimitTrial => {
    tried.push(limitPct);
    return trial(limitPct, 80 + limitPct, Math.max(floorPct, limitPct + 0.05));
  };
  return { tried, evaluate };
}

test('search: a reference that holds its limit matches in two runs past the published one', (t) => {
  const grid = limitGrid(3, 0.1);
  const { tried, evaluate } = model(0);
  const published = trial(3, 83, 3.05);
  const s = searchMatchedLimit(grid, 1.32, evaluate, published);
  // abandon = limit + 0.05 <= 1.32 first at limit 1.2; 1.3 misses.
  t.is(s.matched?.limitPct, 1.2);
  t.false(tried.includes(3), 'the as-published run is reused, not run again');
  t.is(s.trials[0], published);
  t.deepEqual(tried, [1.3, 1.2]);
});

test('search: finds the highest matching limit of any monotone reference, in few runs', (t) => {
  const grid = limitGrid(3, 0.1);
  // Abandon falling with the limit at various slopes, offsets and floors.
  const shapes = [
    (l: number) => l + 0.05,
    (l: number) => 0.4 * l + 1.1,
    (l: number) => Math.max(2.6, l),
    (l: number) => 2 * l - 0.3,
    (l: number) => (l > 1 ? 8 : 0.5),
  ];
  for (const [k, shape] of shapes.entries()) {
    for (const target of [0.2, 0.9, 1.32, 1.7, 2.04, 2.6, 3.5]) {
      const tried: number[] = [];
      const evaluate = (l: number) => {
        tried.push(l);
        return trial(l, 70 + l, shape(l));
      };
      const s = searchMatchedLimit(grid, target, evaluate);
      const best = grid.find((l) => shape(l) <= target);
      t.is(s.matched?.limitPct, best, `shape ${k}, target ${target}`);
      // The published limit, a guess, one step, limit 0, then a bisection at worst.
      const bound = 4 + Math.ceil(Math.log2(grid.length));
      t.true(tried.length <= bound, `shape ${k}, target ${target}: ${tried.join(' ')}`);
      if (best === undefined) t.true(tried.includes(0), 'a miss is only declared after limit 0');
    }
  }
});

test('search: no extra run when the as-published limit already matches', (t) => {
  const { tried, evaluate } = model(0);
  const published = trial(3, 83, 1.1);
  const s = searchMatchedLimit(limitGrid(3, 0.1), 1.5, evaluate, published);
  t.deepEqual(tried, []);
  t.is(s.matched, published);
});

test('search: without the as-published figures the first limit is run too', (t) => {
  const { tried, evaluate } = model(0);
  const s = searchMatchedLimit([3, 2, 1, 0], 2.5, evaluate);
  t.is(tried[0], 3);
  t.is(s.matched?.limitPct, 2);
});

test('search: when even limit 0 stays over the target, no match and the lowest abandon', (t) => {
  const { tried, evaluate } = model(2.2);
  const s = searchMatchedLimit(limitGrid(3, 0.1), 1.5, evaluate, trial(3, 83, 3.05));
  t.is(s.matched, null);
  t.true(tried.includes(0), 'the search went all the way down to 0');
  t.is(s.lowest.abandonPctMean, 2.2);
  // Of the limits at the floor, the busiest one is the lowest-abandon figure shown.
  t.is(
    s.lowest.limitPct,
    Math.max(...s.trials.filter((x) => x.abandonPctMean === 2.2).map((x) => x.limitPct)),
  );
});

test('search: an empty grid is a caller error', (t) => {
  t.throws(() => searchMatchedLimit([], 1, () => trial(0, 0, 0)), { message: /empty grid/ });
});
