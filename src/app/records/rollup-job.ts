/**
 * Keeps the 15-minute rollups current: every pass rebuilds the buckets the
 * record writer (or the agent state log) marked since the last one, oldest
 * first. Reports therefore lag raw records by at most one interval.
 */
import type { Logger } from '../logger.ts';
import type { Store } from '../ports.ts';
import type { Schedule } from './record-writer.ts';

/** Dirty buckets read per step of a pass (a day of quarter hours). */
const BUCKETS_PER_STEP = 96;

/** The rollup job. */
export interface RollupJob {
  /** Rebuilds every marked bucket; resolves with how many were rebuilt. */
  runOnce(): Promise<number>;
  /** Runs a pass every `intervalMs` until stopped. */
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

/** Creates the job. */
export function createRollupJob(deps: {
  store: Store;
  logger: Logger;
  schedule: Schedule;
}): RollupJob {
  const log = deps.logger.child({ component: 'rollups' });
  let running: Promise<number> | null = null;
  let cancel: (() => void) | null = null;
  let stopped = false;

  /**
   * Rebuilds each dirty bucket once. A bucket marked again while the pass
   * runs (the current quarter hour, as calls keep ending) waits for the
   * next pass: rebuilding it again at once would keep a busy call center's
   * pass going for as long as calls come in, rereading the same calls.
   */
  async function pass(): Promise<number> {
    const done = new Set<number>();
    for (;;) {
      const dirty = await deps.store.reports.dirtyBuckets(BUCKETS_PER_STEP + done.size);
      const buckets = dirty.filter((b) => !done.has(b));
      if (buckets.length === 0) break;
      await deps.store.reports.rebuildBuckets(buckets);
      for (const b of buckets) done.add(b);
    }
    if (done.size > 0) log.debug({ rebuilt: done.size }, 'rollups rebuilt');
    return done.size;
  }

  const runOnce = () => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    runOnce,
    start(intervalMs) {
      const tick = () => {
        cancel = null;
        if (stopped) return;
        runOnce()
          .catch((error: unknown) => log.error({ err: error }, 'rollup pass failed'))
          .finally(() => {
            if (!stopped) cancel = deps.schedule(intervalMs, tick);
          });
      };
      cancel = deps.schedule(intervalMs, tick);
    },
    async stop() {
      stopped = true;
      cancel?.();
      await running?.catch(() => undefined);
    },
  };
}
