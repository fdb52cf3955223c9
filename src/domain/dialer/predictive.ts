/**
 * The predictive pacer (DIAL-1, DIAL-7). It targets the abandon budget,
 * not zero idle agents.
 *
 * Model, at each decision: a new call is answered by a human with the
 * measured probability q, after the measured dial-to-verdict delay. By
 * then, the agents free are those free now plus each busy agent with the
 * chance it finishes within that delay (its call's age against the talk
 * time distribution, then the after-call work). The delay is spread
 * (lognormal), so the chance is averaged over three answer times rather
 * than taken at the mean: an early answer meets fewer free agents, and
 * ignoring it made the pacer drop more calls than it predicted. Calls already ringing are
 * demand too, each with the chance it still turns into a human given how
 * long it has rung. Calls are added one by one while the last one's
 * marginal chance of being abandoned (a human with no agent) stays under a
 * threshold λ: the Lagrangian view of "maximise connects subject to an
 * abandon cap". λ is then steered by the measured rate: below the aim it
 * grows (dial harder), above it shrinks, so the realised rate settles
 * under the cap over the day and the 30 days.
 */
import type { AbandonWindow } from './abandon-budget.ts';
import { fitted, type PacingStats } from './pacing-stats.ts';
import {
  addTrial,
  type CountDistribution,
  endsWithin,
  logNormalCdf,
  sumOfTrials,
} from './probability.ts';

/** One busy agent of the campaign. */
export type AgentLoad =
  | { readonly kind: 'talk'; readonly ageS: number }
  | { readonly kind: 'wrap'; readonly remainingS: number };

/** Knobs of the controller (the bench and tests try others). */
export interface PredictiveTuning {
  /** Share of the cap the controller aims for. */
  readonly aim: number;
  /** λ at the aim, as a multiple of the cap. */
  readonly lambdaAtAim: number;
  /** How strongly λ reacts to the distance from the aim. */
  readonly gain: number;
  /** Pseudo-count of answered calls at the aim, so the first calls do not swing λ. */
  readonly priorAnswered: number;
  /** Seconds an answered human may wait for an agent (the 2-second rule). */
  readonly graceS: number;
}

/** The tuning used in production. */
export const DEFAULT_TUNING: PredictiveTuning = {
  aim: 0.7,
  lambdaAtAim: 1.3,
  // Large teams drop few calls at a given λ: a stronger reaction lets them use the budget.
  gain: 4,
  priorAnswered: 150,
  graceS: 2,
};

/** Controller state carried between decisions (none yet: λ follows from the counts). */
export type ControllerState = Readonly<Record<string, never>>;

/** Inputs of {@link predictCalls}. */
export interface PredictInput {
  readonly freeAgents: number;
  readonly busyAgents: readonly AgentLoad[];
  readonly ringingAges: readonly number[];
  readonly waitingHumans: number;
  readonly wrapUpS: number;
  readonly stats: PacingStats;
  readonly targetPct: number;
  readonly window: AbandonWindow;
  readonly controller: ControllerState;
  /** Upper bound (free lines). */
  readonly maxCalls: number;
  /** Seconds a callee may ring (no-answer calls end then). */
  readonly ringTimeoutS?: number;
  readonly tuning?: PredictiveTuning;
}

/** λ from the measured rates: the worse of today and the 30 days decides. */
export function thresholdOf(window: AbandonWindow, targetPct: number, t: PredictiveTuning) {
  const cap = targetPct / 100;
  if (cap <= 0) return 0;
  const aim = t.aim * cap;
  const rate = (c: { answered: number; abandoned: number }) =>
    (c.abandoned + aim * t.priorAnswered) / (c.answered + t.priorAnswered);
  const worst = Math.max(rate(window.today), rate(window.last30Days));
  const lambda = t.lambdaAtAim * cap * Math.exp((t.gain * (aim - worst)) / cap);
  return Math.min(0.5, Math.max(0.05 * cap, lambda));
}

/** Chance an agent is free within `h` seconds. */
function freesWithin(load: AgentLoad, h: number, stats: PacingStats, wrapUpS: number): number {
  if (load.kind === 'wrap') return load.remainingS <= h ? 1 : 0;
  return endsWithin(fitted(stats.talk), load.ageS, h - wrapUpS);
}

/** Chance a call that has rung `age` seconds still turns into a human. */
function stillHuman(ageS: number, stats: PacingStats, ringTimeoutS: number): number {
  const q = stats.humanRate;
  const humanLeft = q * (1 - logNormalCdf(fitted(stats.humanDelay), ageS));
  // Calls that end without a human are spread over the ring time (busy early, no answer last).
  const otherLeft = (1 - q) * Math.max(0.02, 1 - ageS / (ringTimeoutS + 5));
  return humanLeft + otherLeft <= 0 ? 0 : humanLeft / (humanLeft + otherLeft);
}

/**
 * When a new call's human answers is uncertain (lognormal): its chance of
 * finding no agent is averaged over three-point Gauss-Hermite nodes of the
 * log answer time rather than taken at the mean answer time.
 */
const ANSWER_TIME_NODES: ReadonlyArray<readonly [number, number]> = [
  [-Math.sqrt(3), 1 / 6],
  [0, 2 / 3],
  [Math.sqrt(3), 1 / 6],
];

/** Calls to start now. */
export function predictCalls(input: PredictInput): number {
  const t = input.tuning ?? DEFAULT_TUNING;
  const q = input.stats.humanRate;
  if (q <= 0 || input.maxCalls <= 0) return 0;
  const delay = fitted(input.stats.humanDelay);
  const supplyCdfs = ANSWER_TIME_NODES.map(([z]) => {
    const horizon = Math.exp(delay.mu + z * delay.sigma) + t.graceS;
    const busy = input.busyAgents.map((a) => freesWithin(a, horizon, input.stats, input.wrapUpS));
    return cumulative(shift(sumOfTrials(busy), input.freeAgents));
  });
  const short = (d: CountDistribution) =>
    ANSWER_TIME_NODES.reduce((sum, [, w], i) => sum + w * chanceShort(d, supplyCdfs[i] ?? [1]), 0);
  const ringTimeoutS = input.ringTimeoutS ?? 25;
  let demand = shift(
    sumOfTrials(input.ringingAges.map((age) => stillHuman(age, input.stats, ringTimeoutS))),
    input.waitingHumans,
  );
  const lambda = thresholdOf(input.window, input.targetPct, t);
  let calls = 0;
  // One more human raises E[(D - S)^+] by exactly P(D >= S): the chance that
  // this call, if a human answers, finds no agent.
  while (calls < input.maxCalls && short(demand) <= lambda) {
    demand = addTrial(demand, q);
    calls += 1;
  }
  return calls;
}

/** P(S <= k) by k. */
function cumulative(dist: CountDistribution): number[] {
  let sum = 0;
  return dist.map((p) => {
    sum += p;
    return sum;
  });
}

/** P(D >= S) for independent D and S (S given by its cumulative distribution). */
function chanceShort(demand: CountDistribution, supplyCdf: readonly number[]): number {
  let total = 0;
  const last = supplyCdf.length - 1;
  for (const [d, p] of demand.entries()) total += p * (supplyCdf[Math.min(d, last)] ?? 0);
  return total;
}

/** A count distribution moved up by a certain `k`. */
function shift(dist: CountDistribution, k: number): CountDistribution {
  return k <= 0 ? dist : [...new Array<number>(k).fill(0), ...dist];
}
