/**
 * The wallboard's figures of today, computed from the day's call records
 * (pure, so tested without a browser):
 * - per queue, calls offered (answered or abandoned), the service level and
 *   the abandon rate, as the reports define them (docs/reports.md): calls
 *   answered within the queue's threshold over calls answered, and calls
 *   abandoned over calls offered; the wait is counted from the call's start;
 * - calls per quarter hour since local midnight, for the chart;
 * - alerts for queues whose service level is below their target.
 */

/** A call record as the wallboard reads it. */
export interface DayCall {
  id: string;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  direction: string | null;
  queue: { id: string } | null;
}

/** A queue as the wallboard shows it. */
export interface BoardQueue {
  id: string;
  name: string;
  serviceLevelS: number | null;
  serviceLevelTarget: number | null;
}

/** Today's figures of one queue. */
export interface QueueDay {
  offered: number;
  answered: number;
  abandoned: number;
  /** Answered within the threshold over answered; null before any answer. */
  serviceLevel: number | null;
  /** Abandoned over offered; null before any call. */
  abandonRate: number | null;
}

/** A queue whose service level is under target. */
export interface Alert {
  queueId: string;
  queueName: string;
  serviceLevel: number;
  target: number;
}

const QUARTER_MS = 15 * 60_000;
/** Threshold used for a queue that sets none. */
const DEFAULT_SL_S = 20;

/** Today's figures of `queue` from the day's calls (calls still waiting are not counted yet). */
export function queueDay(calls: readonly DayCall[], queue: BoardQueue): QueueDay {
  const threshold = (queue.serviceLevelS ?? DEFAULT_SL_S) * 1000;
  let answered = 0;
  let abandoned = 0;
  let inTime = 0;
  for (const call of calls) {
    if (call.queue?.id !== queue.id) continue;
    if (call.answeredAt !== null) {
      answered += 1;
      if (Date.parse(call.answeredAt) - Date.parse(call.startedAt) <= threshold) inTime += 1;
    } else if (call.endedAt !== null) {
      abandoned += 1;
    }
  }
  const offered = answered + abandoned;
  return {
    offered,
    answered,
    abandoned,
    serviceLevel: answered === 0 ? null : inTime / answered,
    abandonRate: offered === 0 ? null : abandoned / offered,
  };
}

/** Calls started in each quarter hour from `midnight` up to the one holding `now`. */
export function callsPerQuarter(
  calls: readonly DayCall[],
  midnight: number,
  now: number,
): number[] {
  const slots = Math.max(1, Math.floor((now - midnight) / QUARTER_MS) + 1);
  const counts = new Array<number>(slots).fill(0);
  for (const call of calls) {
    const slot = Math.floor((Date.parse(call.startedAt) - midnight) / QUARTER_MS);
    if (slot >= 0 && slot < slots) counts[slot] = (counts[slot] ?? 0) + 1;
  }
  return counts;
}

/** Queues whose service level today is below their target, worst first. */
export function alertsOf(
  queues: readonly BoardQueue[],
  days: ReadonlyMap<string, QueueDay>,
): Alert[] {
  const alerts: Alert[] = [];
  for (const queue of queues) {
    const sl = days.get(queue.id)?.serviceLevel ?? null;
    const target = queue.serviceLevelTarget;
    if (sl !== null && target !== null && sl < target) {
      alerts.push({ queueId: queue.id, queueName: queue.name, serviceLevel: sl, target });
    }
  }
  return alerts.sort((a, b) => a.serviceLevel - a.target - (b.serviceLevel - b.target));
}

/** Local midnight of the day holding `now`, in the viewer's zone. */
export function localMidnight(now: number): number {
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/**
 * Where the next read of the day's calls starts: a call already finished
 * does not change any more, so only calls from the earliest one still in
 * progress (or else the latest start seen) on are read again.
 */
export function rereadFrom(calls: Iterable<DayCall>, midnight: number): number {
  let earliestOpen = Number.POSITIVE_INFINITY;
  let latest = midnight;
  for (const call of calls) {
    const start = Date.parse(call.startedAt);
    if (call.endedAt === null) earliestOpen = Math.min(earliestOpen, start);
    latest = Math.max(latest, start);
  }
  return Math.min(earliestOpen, latest);
}
