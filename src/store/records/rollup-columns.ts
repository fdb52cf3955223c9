/**
 * Counters <-> columns of the rollup tables. One list drives the inserts of
 * the rollup job and the SUMs of the report queries, so the two can never
 * disagree about a column.
 */
import {
  type CallCounters,
  emptyCounters,
  SL_THRESHOLDS_S,
} from '../../domain/reports/call-facts.ts';
import type { AgentTime } from '../../domain/reports/kpi.ts';
import type { RegionCounters } from '../../domain/reports/rollup.ts';

type Plain = Exclude<keyof CallCounters, 'answeredWithin' | 'abandonedWithin'>;

/** Plain counter -> column of `call_rollups_15m`. */
const PLAIN: Record<Plain, string> = {
  calls: 'calls',
  offered: 'offered',
  answered: 'answered',
  abandoned: 'abandoned',
  shortAbandoned: 'short_abandoned',
  answeredInSl: 'answered_in_sl',
  abandonedInSl: 'abandoned_in_sl',
  waitAnsweredMs: 'wait_answered_ms',
  waitAbandonedMs: 'wait_abandoned_ms',
  talkMs: 'talk_ms',
  holdMs: 'hold_ms',
  wrapMs: 'wrap_ms',
  trunkCalls: 'trunk_calls',
  trunkMs: 'trunk_ms',
  transfers: 'transfers',
  callbacks: 'callbacks',
  costMicros: 'cost_micros',
};

/** Every counter column of `call_rollups_15m`. */
export const CALL_COUNTER_COLUMNS = [
  ...Object.values(PLAIN),
  ...SL_THRESHOLDS_S.flatMap((s) => [`answered_le_${s}`, `abandoned_le_${s}`]),
];

/** The counter columns of one call rollup row. */
export function counterColumns(c: CallCounters): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, column] of Object.entries(PLAIN)) out[column] = c[key as Plain];
  for (const s of SL_THRESHOLDS_S) {
    out[`answered_le_${s}`] = c.answeredWithin[s];
    out[`abandoned_le_${s}`] = c.abandonedWithin[s];
  }
  return out;
}

/** Counters from a row of summed columns (drivers return SUMs as text or numbers). */
export function countersFromRow(row: Record<string, unknown>): CallCounters {
  const c = emptyCounters();
  for (const [key, column] of Object.entries(PLAIN)) c[key as Plain] = Number(row[column] ?? 0);
  for (const s of SL_THRESHOLDS_S) {
    c.answeredWithin[s] = Number(row[`answered_le_${s}`] ?? 0);
    c.abandonedWithin[s] = Number(row[`abandoned_le_${s}`] ?? 0);
  }
  return c;
}

/** Agent time columns of `agent_rollups_15m`. */
export const AGENT_TIME_COLUMNS: Record<keyof AgentTime, string> = {
  loggedInMs: 'logged_in_ms',
  availableMs: 'available_ms',
  pausedMs: 'paused_ms',
  busyMs: 'busy_ms',
  wrapMs: 'wrap_ms',
};

/** Region counter columns of `call_region_rollups_15m`. */
export const REGION_COLUMNS: Record<keyof RegionCounters, string> = {
  calls: 'calls',
  answered: 'answered',
  abandoned: 'abandoned',
  talkMs: 'talk_ms',
  costMicros: 'cost_micros',
};
