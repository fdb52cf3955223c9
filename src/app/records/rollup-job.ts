/**
 * Keeps the 15-minute rollups current: every pass rebuilds the buckets the
 * record writer (or the agent state log) marked since the last one, oldest
 * first. Reports therefore lag raw records by at most one interval.
 */
import type { Logger } from '../logger.ts';
import type { Store } from '../ports.ts';
import type { Schedule } from './record-writer.ts';

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

  async function pass(): Promise<number> {
    let rebuilt = 0;
    for (;;) {
      const buckets = await deps.store.reports.dirtyBuckets(96);
      if (buckets.length === 0) break;
      await deps.store.reports.rebuildBuckets(buckets);
      rebuilt += buckets.length;
    }
    if (rebuilt > 0) log.debug({ rebuilt }, 'rollups rebuilt');
    return rebuilt;
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
