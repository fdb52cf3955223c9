/**
 * The traffic a pacing simulation runs against, and what each dial meets.
 * A callee is drawn with a fixed number of draws per dial, so the k-th
 * dial meets the same callee whatever the strategy: strategies compared
 * on one seed face the very same list.
 */
import { exponentialDraw, logNormalDraw, type Random } from './seeded-random.ts';

/** A traffic scenario. */
export interface Scenario {
  readonly agents: number;
  /** Share of dials a human answers. */
  readonly answerRate: number;
  /** Mean talk seconds (lognormal). */
  readonly talkMeanS: number;
  readonly talkCv: number;
  readonly wrapS: number;
  /** Mean seconds of ringing before a human answers (lognormal). */
  readonly ringMeanS: number;
  /** Seconds AMD listens before saying human. */
  readonly amdHumanS: number;
  /** Mean seconds an answered human holds on without an agent (exponential). */
  readonly patienceMeanS: number;
  /** Seconds a no-answer call rings before the dialer gives up. */
  readonly ringTimeoutS: number;
  readonly hours: number;
  /** Abandon cap in percent. */
  readonly targetPct: number;
}

/** The reference traffic: 120 s lognormal talk, 10 s wrap-up. */
export const DEFAULT_SCENARIO: Scenario = {
  agents: 20,
  answerRate: 0.25,
  talkMeanS: 120,
  talkCv: 0.7,
  wrapS: 10,
  ringMeanS: 8,
  amdHumanS: 2,
  patienceMeanS: 8,
  ringTimeoutS: 25,
  hours: 8,
  targetPct: 3,
};

/** What one dial meets. */
export type Callee =
  | {
      readonly human: true;
      /** Seconds from dial to the human verdict. */
      readonly verdictS: number;
      readonly patienceS: number;
      readonly talkS: number;
    }
  | { readonly human: false; readonly endS: number };

/** Draws the next callee; always eight uniform draws, whatever the callee. */
export function drawCallee(rng: Random, s: Scenario): Callee {
  const kind = rng();
  const ring = logNormalDraw(rng, s.ringMeanS, 0.5);
  const patience = exponentialDraw(rng, s.patienceMeanS);
  const talk = logNormalDraw(rng, s.talkMeanS, s.talkCv);
  const otherKind = rng();
  const otherTime = rng();
  if (kind < s.answerRate) {
    return { human: true, verdictS: ring + s.amdHumanS, patienceS: patience, talkS: talk };
  }
  // Not a human: busy early, an answering machine after its greeting, or ringing out.
  if (otherKind < 0.15) return { human: false, endS: 1 + 4 * otherTime };
  if (otherKind < 0.5) return { human: false, endS: Math.min(s.ringTimeoutS, ring + 3.5) };
  return { human: false, endS: s.ringTimeoutS };
}
