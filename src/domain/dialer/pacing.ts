/**
 * How many calls a campaign starts now (DIAL-1), as one pure function:
 * `pace(input) -> { calls, mode, reason }`.
 *
 * - preview: never on its own; the agent dials.
 * - progressive: one call per free agent, the agent reserved for it.
 * - fixed ratio: `dialRatio` lines per free agent, minus calls in progress.
 * - predictive: dial ahead so that the humans expected to answer meet the
 *   agents expected to be free when they do (see `predictive.ts`), within
 *   the abandon budget; it falls back to progressive while it cannot keep
 *   the budget (small teams, too few calls measured, rate over the cap).
 * - broadcast: no agents; keeps `maxLines` calls going, every call of the
 *   campaign still on the line (ringing, listening, keying) using one.
 */
import type { AbandonWindow } from './abandon-budget.ts';
import type { DialMode } from './campaign.ts';
import type { PacingStats } from './pacing-stats.ts';
import {
  type AgentLoad,
  type ControllerState,
  type PredictiveTuning,
  predictCalls,
} from './predictive.ts';

/** Everything pacing looks at. */
export interface PacingInput {
  readonly mode: DialMode;
  readonly dialRatio: number;
  /** Lines the campaign may use in all. */
  readonly maxLines: number;
  /** Agents of the campaign that are available and not reserved. */
  readonly freeAgents: number;
  /** Agents of the campaign busy with a call or after-call work. */
  readonly busyAgents: readonly AgentLoad[];
  /** Seconds since each call still ringing (not yet answered) was dialled. */
  readonly ringingAges: readonly number[];
  /** Answered humans waiting for an agent right now. */
  readonly waitingHumans: number;
  /** Records that may be dialled now (the list may run dry). */
  readonly dialable: number;
  readonly wrapUpS: number;
  readonly abandonTargetPct: number;
  readonly stats: PacingStats;
  readonly window: AbandonWindow;
  readonly controller: ControllerState;
  /** Seconds a callee rings before no answer. */
  readonly ringTimeoutS?: number;
  /** Calls of the campaign not ended yet, whatever their stage (broadcast pacing). */
  readonly linesInUse?: number;
  /** Controller knobs (tests and the bench); production uses the defaults. */
  readonly tuning?: PredictiveTuning;
}

/** Why pacing decided as it did. */
export type PacingReason =
  | 'preview'
  | 'progressive'
  | 'fixed-ratio'
  | 'predictive'
  | 'broadcast'
  | 'learning'
  | 'small-team'
  | 'over-budget'
  | 'no-records'
  | 'lines-full';

/** The decision. */
export interface PacingDecision {
  /** Calls to start now. */
  readonly calls: number;
  /** The mode that decided (predictive may fall back to progressive). */
  readonly mode: DialMode;
  readonly reason: PacingReason;
}

/** Dials resolved before predictive trusts its answer-rate measure. */
export const MIN_DIALS_FOR_PREDICTION = 50;
/** Fewer logged-in agents than this dial progressively: there is nothing to pool. */
export const MIN_AGENTS_FOR_PREDICTION = 3;

/** The share of the cap predictive aims for; above it, it stops dialling ahead. */
const GUARD_SHARE = 0.9;
/** Answered calls before the guard trusts today's rate (a few early drops say little). */
const GUARD_MIN_ANSWERED = 30;

function cap(input: PacingInput, wanted: number, mode: DialMode, reason: PacingReason) {
  const inProgress = input.ringingAges.length + input.waitingHumans;
  const room = Math.max(0, input.maxLines - inProgress);
  const calls = Math.max(0, Math.min(Math.floor(wanted), room, input.dialable));
  if (wanted > 0 && input.dialable <= 0) return { calls: 0, mode, reason: 'no-records' as const };
  if (wanted > 0 && room === 0) return { calls: 0, mode, reason: 'lines-full' as const };
  return { calls, mode, reason };
}

/** Over the cap (or about to be) on today's or the 30-day count. */
export function overBudget(window: AbandonWindow, targetPct: number): boolean {
  const limit = (GUARD_SHARE * targetPct) / 100;
  const over = (c: { answered: number; abandoned: number }) =>
    c.answered >= GUARD_MIN_ANSWERED && c.abandoned > limit * c.answered;
  return over(window.today) || over(window.last30Days);
}

/** Decides how many calls to start now. */
export function pace(input: PacingInput): PacingDecision {
  switch (input.mode) {
    case 'preview':
      return { calls: 0, mode: 'preview', reason: 'preview' };
    case 'progressive':
      return cap(input, input.freeAgents, 'progressive', 'progressive');
    case 'fixed-ratio': {
      const lines = Math.ceil(input.dialRatio * input.freeAgents);
      return cap(input, lines - input.ringingAges.length, 'fixed-ratio', 'fixed-ratio');
    }
    case 'predictive':
      return predictive(input);
    case 'broadcast':
      return broadcast(input);
  }
}

/** Broadcast: fill the configured lines; a call holds its line until it ends. */
function broadcast(input: PacingInput): PacingDecision {
  const inUse = input.linesInUse ?? input.ringingAges.length + input.waitingHumans;
  const room = Math.max(0, input.maxLines - inUse);
  if (input.dialable <= 0) return { calls: 0, mode: 'broadcast', reason: 'no-records' };
  if (room === 0) return { calls: 0, mode: 'broadcast', reason: 'lines-full' };
  return { calls: Math.min(room, input.dialable), mode: 'broadcast', reason: 'broadcast' };
}

function predictive(input: PacingInput): PacingDecision {
  const progressive = (reason: PacingReason) =>
    cap(
      input,
      input.freeAgents - input.ringingAges.length - input.waitingHumans,
      'progressive',
      reason,
    );
  const agents = input.freeAgents + input.busyAgents.length;
  if (agents < MIN_AGENTS_FOR_PREDICTION) return progressive('small-team');
  if (input.stats.dials < MIN_DIALS_FOR_PREDICTION) return progressive('learning');
  if (overBudget(input.window, input.abandonTargetPct)) return progressive('over-budget');
  const wanted = predictCalls({
    freeAgents: input.freeAgents,
    busyAgents: input.busyAgents,
    ringingAges: input.ringingAges,
    waitingHumans: input.waitingHumans,
    wrapUpS: input.wrapUpS,
    stats: input.stats,
    targetPct: input.abandonTargetPct,
    window: input.window,
    controller: input.controller,
    maxCalls: Math.max(0, input.maxLines - input.ringingAges.length - input.waitingHumans),
    ...(input.ringTimeoutS === undefined ? {} : { ringTimeoutS: input.ringTimeoutS }),
    ...(input.tuning === undefined ? {} : { tuning: input.tuning }),
  });
  return cap(input, wanted, 'predictive', 'predictive');
}
