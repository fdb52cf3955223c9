/**
 * What the predictive pacer measures about a campaign's traffic: the share
 * of dials answered by a human, the ring time of those answers, the talk
 * time, the after-call work. Updated per event with exponential forgetting
 * so the figures follow the time of day (answer rates change over a day),
 * and seeded from priors until enough calls were seen.
 */
import { type LogNormal, logNormalOf } from './probability.ts';

/** Running log-moments of a positive quantity. */
export interface LogMoments {
  readonly n: number;
  readonly mean: number;
  readonly m2: number;
}

/** The measured traffic figures. */
export interface PacingStats {
  /** Dials resolved (answered, failed, machine...). */
  readonly dials: number;
  /** Weighted share of resolved dials that reached a human. */
  readonly humanRate: number;
  /** Seconds from dial to the human verdict (ring + AMD). */
  readonly humanDelay: LogMoments;
  /** Talk seconds of connected calls. */
  readonly talk: LogMoments;
}

/** Weight of the newest sample in the answer rate (about the last 400 dials). */
const RATE_ALPHA = 1 / 400;
/** Samples kept for the time distributions (older ones fade). */
const MOMENT_WINDOW = 300;

const PRIOR_DELAY = logNormalOf(10, 0.5);
const PRIOR_TALK = logNormalOf(120, 0.8);

const fromPrior = (d: LogNormal): LogMoments => ({ n: 0, mean: d.mu, m2: d.sigma * d.sigma });

/** Stats before any call: priors only. */
export function emptyStats(): PacingStats {
  return {
    dials: 0,
    humanRate: 0.25,
    humanDelay: fromPrior(PRIOR_DELAY),
    talk: fromPrior(PRIOR_TALK),
  };
}

function addSample(m: LogMoments, x: number): LogMoments {
  const v = Math.log(Math.max(x, 0.05));
  const n = Math.min(m.n + 1, MOMENT_WINDOW);
  const w = 1 / (m.n === 0 ? 1 : n);
  const mean = m.n === 0 ? v : m.mean + w * (v - m.mean);
  const m2 = m.n === 0 ? m.m2 : (1 - w) * m.m2 + w * (v - m.mean) * (v - mean);
  return { n, mean, m2 };
}

/** A resolved dial: `human` when it reached a person, with seconds from dial to verdict. */
export function noteDial(stats: PacingStats, human: boolean, delayS: number | null): PacingStats {
  const alpha = Math.max(RATE_ALPHA, 1 / (stats.dials + 1));
  const humanRate = stats.humanRate + alpha * ((human ? 1 : 0) - stats.humanRate);
  const humanDelay =
    human && delayS !== null ? addSample(stats.humanDelay, delayS) : stats.humanDelay;
  return { ...stats, dials: stats.dials + 1, humanRate, humanDelay };
}

/** A conversation ended after `talkS` seconds. */
export const noteTalk = (stats: PacingStats, talkS: number): PacingStats => ({
  ...stats,
  talk: addSample(stats.talk, talkS),
});

/** The lognormal fitted to running log-moments. */
export const fitted = (m: LogMoments): LogNormal => ({
  mu: m.mean,
  sigma: Math.sqrt(Math.max(m.m2, 1e-4)),
});
