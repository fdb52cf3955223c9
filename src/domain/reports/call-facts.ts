/**
 * What one finished call contributes to the reports. Every definition here
 * is written out in docs/reports.md; change both together.
 *
 * - offered: the call entered a queue (it has a queue or a queue-entry time);
 * - answered: offered, and an agent answered;
 * - abandoned: offered, ended, never answered;
 * - short abandon: abandoned after waiting less than SHORT_ABANDON_MS;
 * - wait: from queue entry (else the call's start) to the answer (answered)
 *   or to the end (abandoned);
 * - talk: from the answer to the end, less the time on hold;
 * - trunk hold: from the start to the end, for calls over a trunk (inbound
 *   and outbound calls; internal calls hold no trunk);
 * - a call counts in the 15-minute bucket of its start, even when it runs
 *   past midnight or a DST change.
 */
import type { CallRecord } from '../call/call-record.ts';

/** Abandons after a shorter wait count as short abandons (5 s). */
export const SHORT_ABANDON_MS = 5000;

/** The answer/abandon thresholds (seconds) the rollups keep a count for. */
export const SL_THRESHOLDS_S = [10, 15, 20, 30, 45, 60, 90, 120, 180] as const;

/** A threshold the rollups keep. */
export type SlThreshold = (typeof SL_THRESHOLDS_S)[number];

/** Additive counters of a set of calls; every KPI is computed from these. */
export interface CallCounters {
  /** Finished calls of any kind. */
  calls: number;
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  /** Answered / abandoned within the queue's own service-level time. */
  answeredInSl: number;
  abandonedInSl: number;
  waitAnsweredMs: number;
  waitAbandonedMs: number;
  talkMs: number;
  holdMs: number;
  wrapMs: number;
  /** Calls over a trunk, and the time they held it. */
  trunkCalls: number;
  trunkMs: number;
  transfers: number;
  callbacks: number;
  costMicros: number;
  /** Answered / abandoned within each threshold of SL_THRESHOLDS_S. */
  answeredWithin: Record<SlThreshold, number>;
  abandonedWithin: Record<SlThreshold, number>;
}

const zeroWithin = (): Record<SlThreshold, number> =>
  Object.fromEntries(SL_THRESHOLDS_S.map((s) => [s, 0])) as Record<SlThreshold, number>;

/** Counters of no calls. */
export function emptyCounters(): CallCounters {
  return {
    calls: 0,
    offered: 0,
    answered: 0,
    abandoned: 0,
    shortAbandoned: 0,
    answeredInSl: 0,
    abandonedInSl: 0,
    waitAnsweredMs: 0,
    waitAbandonedMs: 0,
    talkMs: 0,
    holdMs: 0,
    wrapMs: 0,
    trunkCalls: 0,
    trunkMs: 0,
    transfers: 0,
    callbacks: 0,
    costMicros: 0,
    answeredWithin: zeroWithin(),
    abandonedWithin: zeroWithin(),
  };
}

/** `a + b`, field by field. */
export function addCounters(a: CallCounters, b: CallCounters): CallCounters {
  return addCountersInto(addCountersInto(emptyCounters(), a), b);
}

/** The counter fields that are plain sums. */
const SUMMED = (Object.keys(emptyCounters()) as Array<keyof CallCounters>).filter(
  (key): key is Exclude<keyof CallCounters, 'answeredWithin' | 'abandonedWithin'> =>
    key !== 'answeredWithin' && key !== 'abandonedWithin',
);

/**
 * Adds `b` into `total` and returns it: for sums kept in a local
 * accumulator (a rollup of thousands of calls), where a new object per
 * addition would be most of the work.
 */
export function addCountersInto(total: CallCounters, b: CallCounters): CallCounters {
  for (const key of SUMMED) total[key] += b[key];
  for (const s of SL_THRESHOLDS_S) {
    total.answeredWithin[s] += b.answeredWithin[s];
    total.abandonedWithin[s] += b.abandonedWithin[s];
  }
  return total;
}

/** The call's wait in queue, in ms (0 when it was never queued or has not ended). */
export function waitMs(call: CallRecord): number {
  const enteredAt = call.queueEnteredAt ?? call.startedAt;
  const until = call.answeredAt ?? call.endedAt;
  return until === null ? 0 : Math.max(0, until - enteredAt);
}

/** The call's talk time in ms: answer to end, less hold. */
export function talkMs(call: CallRecord): number {
  if (call.answeredAt === null || call.endedAt === null) return 0;
  return Math.max(0, call.endedAt - call.answeredAt - (call.holdMs ?? 0));
}

/**
 * The counters of one finished call; `slThresholdS` is the service-level
 * time of its queue (null when it has none). Unfinished calls count nothing.
 */
export function countersOf(call: CallRecord, slThresholdS: number | null): CallCounters {
  const c = emptyCounters();
  if (call.endedAt === null) return c;
  c.calls = 1;
  const offered = call.queueId !== null || (call.queueEnteredAt ?? null) !== null;
  const answered = call.answeredAt !== null;
  const wait = waitMs(call);
  if (offered) {
    c.offered = 1;
    if (answered) {
      c.answered = 1;
      c.waitAnsweredMs = wait;
      if (slThresholdS !== null && wait <= slThresholdS * 1000) c.answeredInSl = 1;
      for (const s of SL_THRESHOLDS_S) if (wait <= s * 1000) c.answeredWithin[s] = 1;
    } else {
      c.abandoned = 1;
      c.waitAbandonedMs = wait;
      if (wait < SHORT_ABANDON_MS) c.shortAbandoned = 1;
      if (slThresholdS !== null && wait <= slThresholdS * 1000) c.abandonedInSl = 1;
      for (const s of SL_THRESHOLDS_S) if (wait <= s * 1000) c.abandonedWithin[s] = 1;
    }
  }
  if (answered) {
    c.talkMs = talkMs(call);
    c.holdMs = call.holdMs ?? 0;
    c.wrapMs = call.wrapUpMs ?? 0;
  }
  if (call.direction !== 'internal') {
    c.trunkCalls = 1;
    c.trunkMs = call.endedAt - call.startedAt;
  }
  c.transfers = call.transfers ?? 0;
  c.callbacks = call.callbackRequested ? 1 : 0;
  c.costMicros = call.costMicros ?? 0;
  return c;
}
