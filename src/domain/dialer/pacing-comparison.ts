/**
 * Compares the pacing strategies on one traffic scenario over a set of
 * seeds (DIAL-1, DIAL-7): every strategy runs the same days against the
 * same callee streams, and the per-day figures are folded into the
 * figures a supervisor checks before a campaign starts (occupancy,
 * abandon rate on average and on the worst day, connected calls per
 * agent-hour), and ADAPT_TAPERED is also run with its drop limit
 * lowered until its abandon matches ours. Pure: the bench prints what
 * this returns.
 */

import {
  type LimitSearch,
  type LimitTrial,
  limitGrid,
  searchMatchedLimit,
} from './matched-abandon.ts';
import { type SimResult, type SimStrategy, simulateDay } from './pacing-simulation.ts';
import {
  adaptTaperedStrategy,
  fixedRatioStrategy,
  predictiveStrategy,
  progressiveStrategy,
} from './pacing-strategies.ts';
import type { Scenario } from './simulation-model.ts';

/** The strategies compared, each made fresh per simulated day (they keep state). */
export const COMPARED_STRATEGIES: ReadonlyArray<() => SimStrategy> = [
  progressiveStrategy,
  () => fixedRatioStrategy(2),
  () => predictiveStrategy(),
  () => adaptTaperedStrategy(),
];

/** One strategy's figures over all seeds of a scenario. */
export interface StrategyFigures {
  readonly strategy: string;
  /** Mean over the seeds of (talk + wrap) over logged-in time, in percent. */
  readonly occupancyPct: number;
  /** Mean over the seeds of the day's abandon rate, in percent. */
  readonly abandonPctMean: number;
  /** The worst day's abandon rate, in percent. */
  readonly abandonPctWorst: number;
  /** Mean calls connected to an agent per agent-hour. */
  readonly callsPerAgentHour: number;
  /** Mean dials per day. */
  readonly dialsPerDay: number;
}

/** A scenario and the figures of every strategy on it. */
export interface ScenarioComparison {
  readonly scenario: Scenario;
  readonly seeds: readonly number[];
  readonly figures: readonly StrategyFigures[];
}

/** Called after each simulated day (the bench shows progress with it). */
export type DayObserver = (strategy: string, seed: number, result: SimResult) => void;

/** Runs every strategy on every seed of `scenario`. */
export function compareStrategies(
  scenario: Scenario,
  seeds: readonly number[],
  strategies: ReadonlyArray<() => SimStrategy> = COMPARED_STRATEGIES,
  onDay?: DayObserver,
): ScenarioComparison {
  const figures = strategies.map((make) => runDays(scenario, seeds, make, onDay));
  return { scenario, seeds, figures };
}

/** One strategy over every seed, folded into its figures. */
function runDays(
  scenario: Scenario,
  seeds: readonly number[],
  make: () => SimStrategy,
  onDay?: DayObserver,
): StrategyFigures {
  const days: SimResult[] = [];
  let name = '';
  for (const seed of seeds) {
    const strategy = make();
    name = strategy.name;
    const result = simulateDay(scenario, strategy, seed);
    days.push(result);
    onDay?.(name, seed, result);
  }
  return summarise(name, days);
}

/** Drop limits are searched in steps of this many points (3.0, 2.9, ... 0). */
export const ADAPT_LIMIT_STEP_PCT = 0.1;

/** ADAPT_TAPERED's figures with one drop limit (adaptive_dropped_percentage). */
export interface AdaptTrial extends StrategyFigures, LimitTrial {}

/** ADAPT_TAPERED as published and at the drop limit that matches our abandon. */
export interface AdaptMatch {
  /** Our predictive's mean abandon over the seeds: the level to match. */
  readonly ourAbandonPctMean: number;
  /** With the scenario's cap as its drop limit (the as-published run). */
  readonly published: AdaptTrial;
  /** The limits tried, the highest-occupancy one at or under our abandon, the lowest-abandon one. */
  readonly search: LimitSearch<AdaptTrial>;
}

/**
 * Lowers ADAPT_TAPERED's drop limit (its algorithm unchanged) from the
 * scenario's cap until its mean abandon over the same seeds, so the same
 * callee streams, is at or below our predictive's; the as-published run
 * already in `comparison` is reused for the first limit. Null when the
 * comparison lacks either strategy.
 */
export function matchAdaptTapered(
  comparison: ScenarioComparison,
  onDay?: DayObserver,
): AdaptMatch | null {
  const { scenario, seeds } = comparison;
  const ours = comparison.figures.find((f) => f.strategy === 'predictive');
  const theirs = comparison.figures.find((f) => f.strategy === 'adapt-tapered');
  if (!ours || !theirs) return null;
  const published: AdaptTrial = { ...theirs, limitPct: scenario.targetPct };
  const evaluate = (limitPct: number): AdaptTrial => {
    const make = () => ({
      ...adaptTaperedStrategy(3, limitPct),
      name: `adapt-tapered@${limitPct}%`,
    });
    return { ...runDays(scenario, seeds, make, onDay), limitPct };
  };
  const grid = limitGrid(scenario.targetPct, ADAPT_LIMIT_STEP_PCT);
  const search = searchMatchedLimit(grid, ours.abandonPctMean, evaluate, published);
  return { ourAbandonPctMean: ours.abandonPctMean, published, search };
}

/** Folds the days of one strategy into its figures. */
export function summarise(strategy: string, days: readonly SimResult[]): StrategyFigures {
  const mean = (f: (r: SimResult) => number) =>
    days.length === 0 ? 0 : days.reduce((sum, r) => sum + f(r), 0) / days.length;
  return {
    strategy,
    occupancyPct: 100 * mean((r) => r.occupancy),
    abandonPctMean: mean((r) => r.abandonPct),
    abandonPctWorst: days.reduce((worst, r) => Math.max(worst, r.abandonPct), 0),
    callsPerAgentHour: mean((r) => r.connectsPerAgentHour),
    dialsPerDay: mean((r) => r.dials),
  };
}
