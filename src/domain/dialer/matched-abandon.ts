/**
 * Compares a reference dialer with ours "at equal or lower abandon": the
 * reference's drop-limit setting is lowered until its mean abandon rate
 * (over the same seeds) is at or below ours, and its occupancy at that
 * limit is what our occupancy is measured against. A dialer that buys
 * occupancy by dropping more calls than ours is not a fair yardstick.
 * Pure: the figures of each limit come from an injected evaluation.
 */

/** The reference's figures with one drop limit, over all seeds. */
export interface LimitTrial {
  /** The drop-limit setting, in percent. */
  readonly limitPct: number;
  readonly occupancyPct: number;
  readonly abandonPctMean: number;
}

/**
 * The highest-occupancy trial whose mean abandon is at or below
 * `targetAbandonPct`; on equal occupancy the lower abandon, then the
 * higher limit. Null when no trial gets down to the target.
 */
export function pickMatchedLimit<T extends LimitTrial>(
  trials: readonly T[],
  targetAbandonPct: number,
): T | null {
  let best: T | null = null;
  for (const t of trials) {
    if (t.abandonPctMean > targetAbandonPct) continue;
    if (best === null || better(t, best)) best = t;
  }
  return best;
}

const better = (a: LimitTrial, b: LimitTrial): boolean =>
  a.occupancyPct !== b.occupancyPct
    ? a.occupancyPct > b.occupancyPct
    : a.abandonPctMean !== b.abandonPctMean
      ? a.abandonPctMean < b.abandonPctMean
      : a.limitPct > b.limitPct;

/** The drop limits searched: from `fromPct` down to 0 in `stepPct` steps. */
export function limitGrid(fromPct: number, stepPct: number): number[] {
  const steps = Math.floor(fromPct / stepPct + 1e-9);
  const grid = Array.from({ length: steps + 1 }, (_, i) => round(fromPct - i * stepPct));
  if (grid[grid.length - 1] !== 0) grid.push(0);
  return grid;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** What a search tried and what it settled on. */
export interface LimitSearch<T extends LimitTrial> {
  /** Every limit evaluated, in the order tried. */
  readonly trials: readonly T[];
  /** The pick among the trials (see pickMatchedLimit), or null. */
  readonly matched: T | null;
  /** The trial with the lowest mean abandon (what is left when none matches). */
  readonly lowest: T;
}

/**
 * Searches `grid` (limits in descending order) for the highest limit whose
 * mean abandon is at or below the target, evaluating as few limits as
 * that takes: a lower limit makes the reference taper sooner, so its
 * abandon falls (or stays) as the limit falls. `first` is the figures
 * already known for grid[0] (the as-published run), so it is not run
 * again. The first guess is the highest limit at or under the target (a
 * reference that holds its abandon at its limit matches there), then one
 * step either way, then limit 0 (if that misses too, no limit matches),
 * then bisection. The pick is made over every trial, so a noisy,
 * non-monotone step never hides a qualifying limit that was run.
 */
export function searchMatchedLimit<T extends LimitTrial>(
  grid: readonly number[],
  targetAbandonPct: number,
  evaluate: (limitPct: number) => T,
  first?: T,
): LimitSearch<T> {
  if (grid.length === 0) throw new Error('searchMatchedLimit: empty grid');
  const n = grid.length;
  const trials: T[] = [];
  const passes = (i: number): boolean => {
    const t = i === 0 && first !== undefined ? first : evaluate(grid[i] as number);
    trials.push(t);
    return t.abandonPctMean <= targetAbandonPct;
  };
  if (!passes(0) && n > 1) {
    // grid[lo] is over the target; grid[hi] at or under it (hi = n: none found yet).
    let lo = 0;
    let hi = n;
    const at = grid.findIndex((limit) => limit <= targetAbandonPct);
    const guess = at < 1 ? (at === 0 ? 1 : n - 1) : at;
    if (passes(guess)) {
      hi = guess;
      if (hi - 1 > lo) {
        if (passes(hi - 1)) hi -= 1;
        else lo = hi - 1;
      }
    } else {
      lo = guess;
      if (lo + 1 < n) {
        if (passes(lo + 1)) hi = lo + 1;
        else lo += 1;
      }
      if (hi === n && lo < n - 1) {
        if (passes(n - 1)) hi = n - 1;
        else lo = n - 1;
      }
    }
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (passes(mid)) hi = mid;
      else lo = mid;
    }
  }
  const lowest = trials.reduce((a, b) =>
    b.abandonPctMean < a.abandonPctMean ||
    (b.abandonPctMean === a.abandonPctMean && b.occupancyPct > a.occupancyPct)
      ? b
      : a,
  );
  return { trials, matched: pickMatchedLimit(trials, targetAbandonPct), lowest };
}
