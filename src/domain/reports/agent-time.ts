/**
 * Agent time per state (for occupancy and utilisation), from the intervals
 * the ACD's agent state changes give: an interval is the time one agent
 * spent in one state. An interval is split over the 15-minute buckets it
 * overlaps, so any whole-bucket period sums exactly.
 *
 * - logged in: every state but logged-out;
 * - available: waiting for a call (available, and reserved for an offer);
 * - busy: ringing and on a call;
 * - wrap-up: after-call work;
 * - paused: not taking calls (breaks, DND, missed offers).
 */

import { BUCKET_MS, bucketStart } from './buckets.ts';
import type { AgentTime } from './kpi.ts';

/** The time one agent spent in one state. */
export interface StateInterval {
  agentId: string;
  businessLineId: string | null;
  state: string;
  startedAt: number;
  endedAt: number;
}

/** Agent time of no one. */
export const noAgentTime = (): AgentTime => ({
  loggedInMs: 0,
  availableMs: 0,
  pausedMs: 0,
  busyMs: 0,
  wrapMs: 0,
});

/** `a + b`. */
export function addAgentTime(a: AgentTime, b: AgentTime): AgentTime {
  return {
    loggedInMs: a.loggedInMs + b.loggedInMs,
    availableMs: a.availableMs + b.availableMs,
    pausedMs: a.pausedMs + b.pausedMs,
    busyMs: a.busyMs + b.busyMs,
    wrapMs: a.wrapMs + b.wrapMs,
  };
}

function timeIn(state: string, ms: number): AgentTime {
  const t = noAgentTime();
  if (state === 'logged-out' || ms <= 0) return t;
  t.loggedInMs = ms;
  if (state === 'available' || state === 'reserved') t.availableMs = ms;
  else if (state === 'ringing' || state === 'on-call') t.busyMs = ms;
  else if (state === 'wrap-up') t.wrapMs = ms;
  else t.pausedMs = ms;
  return t;
}

/** Per agent, the time of `intervals` that falls in the bucket starting at `bucket`. */
export function agentTimeInBucket(
  intervals: readonly StateInterval[],
  bucket: number,
): Map<string, { businessLineId: string; time: AgentTime }> {
  const end = bucket + BUCKET_MS;
  const out = new Map<string, { businessLineId: string; time: AgentTime }>();
  for (const i of intervals) {
    const ms = Math.min(end, i.endedAt) - Math.max(bucket, i.startedAt);
    if (ms <= 0) continue;
    const known = out.get(i.agentId);
    const time = timeIn(i.state, ms);
    out.set(i.agentId, {
      businessLineId: i.businessLineId ?? known?.businessLineId ?? '',
      time: known ? addAgentTime(known.time, time) : time,
    });
  }
  return out;
}

/** The buckets an interval overlaps. */
export function bucketsOf(interval: Pick<StateInterval, 'startedAt' | 'endedAt'>): number[] {
  const out: number[] = [];
  for (let b = bucketStart(interval.startedAt); b < interval.endedAt; b += BUCKET_MS) out.push(b);
  return out;
}
