/**
 * Queue figures for the `queueStats` feed, coalesced: a queue whose figures
 * change is published at once if it has not been for `intervalMs`, else
 * once when the interval is up, with the figures of that moment. A burst of
 * calls or agent changes thus costs at most a few messages per second per
 * queue, and the last state is never lost.
 */
import type { QueueStatsView } from '../acd/live-view.ts';
import type { Timers } from '../acd/ports.ts';
import type { Clock } from '../clock.ts';
import type { QueueStatsMessage } from './live-events.ts';

/** What the feed is built from. */
export interface QueueStatsFeedDeps {
  /** The queue's figures now; undefined for a queue the ACD does not hold. */
  read(queueId: string): QueueStatsView | undefined;
  publish(message: QueueStatsMessage): void;
  timers: Timers;
  clock: Clock;
  /** Shortest time between two messages of one queue. */
  intervalMs: number;
}

/** The queue figures of a view, as published. */
export function queueStatsMessage(view: QueueStatsView, at: number): QueueStatsMessage {
  return {
    type: 'queue-stats',
    queueId: view.queueId,
    businessLineId: view.businessLineId,
    waiting: view.waiting,
    longestWaitS: view.longestWaitS,
    agentsByStatus: view.agentsByStatus,
    at,
  };
}

/** The coalescing feed. */
export interface QueueStatsFeed {
  /** The queue's figures may have changed. */
  changed(queueId: string): void;
  /** Drops the timers of messages not yet sent. */
  close(): void;
}

/** Creates the feed. */
export function createQueueStatsFeed(deps: QueueStatsFeedDeps): QueueStatsFeed {
  const lastSent = new Map<string, number>();
  const scheduled = new Set<string>();
  const timerKey = (queueId: string) => `live:queue-stats:${queueId}`;

  const send = (queueId: string) => {
    const now = deps.clock.now();
    lastSent.set(queueId, now);
    const view = deps.read(queueId);
    if (view !== undefined) deps.publish(queueStatsMessage(view, now));
  };

  return {
    changed(queueId) {
      if (scheduled.has(queueId)) return;
      const due = (lastSent.get(queueId) ?? Number.NEGATIVE_INFINITY) + deps.intervalMs;
      if (deps.clock.now() >= due) {
        send(queueId);
        return;
      }
      scheduled.add(queueId);
      deps.timers.set(timerKey(queueId), due, () => {
        scheduled.delete(queueId);
        send(queueId);
      });
    },
    close() {
      for (const queueId of scheduled) deps.timers.cancel(timerKey(queueId));
      scheduled.clear();
    },
  };
}
