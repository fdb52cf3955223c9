/**
 * The KPIs of RPT-2, computed from additive counters (call-facts.ts) and
 * agent time (agent-time.ts). Each formula is written out in
 * docs/reports.md. A ratio whose denominator is zero is null ("no data"),
 * never 0 or NaN: a queue with no calls has no service level.
 */
import { type CallCounters, SL_THRESHOLDS_S, type SlThreshold } from './call-facts.ts';

/** Time agents spent in each state, summed over agents. */
export interface AgentTime {
  loggedInMs: number;
  availableMs: number;
  pausedMs: number;
  /** Ringing and on a call. */
  busyMs: number;
  wrapMs: number;
}

/** The KPIs of one group. Times in ms, ratios in [0, 1]. */
export interface Kpis {
  calls: number;
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  /** Abandoned less short abandons. */
  abandonedExShort: number;
  abandonRate: number | null;
  abandonRateExShort: number | null;
  /** Average speed of answer. */
  asaMs: number | null;
  /** Answered within T / answered. */
  serviceLevel: number | null;
  /** Asterisk's SL2: (answered within T + abandoned within T) / (answered + abandoned). */
  serviceLevel2: number | null;
  /** The T of the two service levels, in seconds; null: each queue's own. */
  serviceLevelS: number | null;
  /** Average talk time. */
  attMs: number | null;
  /** Average handle time: talk + hold + wrap-up. */
  ahtMs: number | null;
  /** Average trunk hold time. */
  athtMs: number | null;
  /** Average time in queue before abandoning. */
  avgAbandonWaitMs: number | null;
  talkMs: number;
  holdMs: number;
  wrapMs: number;
  transfers: number;
  callbacks: number;
  costMicros: number;
  /** Handle time / (handle time + available time); null without agent time. */
  occupancy: number | null;
  /** Handle time / logged-in time; null without agent time. */
  utilisation: number | null;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** Whether `s` is a threshold the rollups keep. */
export const isKeptThreshold = (s: number): s is SlThreshold =>
  (SL_THRESHOLDS_S as readonly number[]).includes(s);

/**
 * The KPIs of `c`. `slThresholdS` picks the service-level time: one of
 * SL_THRESHOLDS_S, or null for each queue's own. `time` adds occupancy and
 * utilisation (null: unknown).
 */
export function kpisOf(
  c: CallCounters,
  time: AgentTime | null,
  slThresholdS: SlThreshold | null = null,
): Kpis {
  const answeredInSl = slThresholdS === null ? c.answeredInSl : c.answeredWithin[slThresholdS];
  const abandonedInSl = slThresholdS === null ? c.abandonedInSl : c.abandonedWithin[slThresholdS];
  const handleMs = c.talkMs + c.holdMs + c.wrapMs;
  const abandonedExShort = c.abandoned - c.shortAbandoned;
  return {
    calls: c.calls,
    offered: c.offered,
    answered: c.answered,
    abandoned: c.abandoned,
    shortAbandoned: c.shortAbandoned,
    abandonedExShort,
    abandonRate: ratio(c.abandoned, c.offered),
    abandonRateExShort: ratio(abandonedExShort, c.offered - c.shortAbandoned),
    asaMs: ratio(c.waitAnsweredMs, c.answered),
    serviceLevel: ratio(answeredInSl, c.answered),
    serviceLevel2: ratio(answeredInSl + abandonedInSl, c.answered + c.abandoned),
    serviceLevelS: slThresholdS,
    attMs: ratio(c.talkMs, c.answered),
    ahtMs: ratio(handleMs, c.answered),
    athtMs: ratio(c.trunkMs, c.trunkCalls),
    avgAbandonWaitMs: ratio(c.waitAbandonedMs, c.abandoned),
    talkMs: c.talkMs,
    holdMs: c.holdMs,
    wrapMs: c.wrapMs,
    transfers: c.transfers,
    callbacks: c.callbacks,
    costMicros: c.costMicros,
    occupancy:
      time === null
        ? null
        : ratio(time.busyMs + time.wrapMs, time.busyMs + time.wrapMs + time.availableMs),
    utilisation: time === null ? null : ratio(time.busyMs + time.wrapMs, time.loggedInMs),
  };
}
