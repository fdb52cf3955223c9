/**
 * Retention (RPT-6, REC-3): deletes call records and recording files older
 * than each business line's setting, in small batches so the database is
 * never locked for long, with progress logged, metrics counted and one
 * audit entry per business line and pass. With `archive` on, deleted call
 * records (with their legs) are first written to the archive.
 *
 * The default setting (no business line) covers every line without a
 * setting of its own, and calls of no line. Rollups keep their totals:
 * reports of past periods stay whole after the raw records are gone.
 */
import { DomainError } from '../../domain/shared/errors.ts';
import { audit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../ports.ts';
import type { RecordArchive, RecordingFiles, RetentionScope, RetentionSetting } from './ports.ts';

const DAY_MS = 24 * 3600 * 1000;

/** Counters of the retention job. */
export interface RetentionMetrics {
  deleted(kind: 'calls' | 'recordings', count: number): void;
  finished(atMs: number): void;
}

/** What one pass did. */
export interface RetentionResult {
  calls: number;
  recordings: number;
}

/** What the retention job is built from. */
export interface RetentionDeps {
  store: Store;
  files: RecordingFiles;
  archive?: RecordArchive;
  clock: Clock;
  logger: Logger;
  metrics: RetentionMetrics;
  /** Rows per batch (default 500). */
  batchSize?: number;
}

function scopeOf(setting: RetentionSetting, all: readonly RetentionSetting[]): RetentionScope {
  if (setting.businessLineId !== null) return { businessLineIds: [setting.businessLineId] };
  const own = all.flatMap((s) => (s.businessLineId === null ? [] : [s.businessLineId]));
  return { exceptBusinessLineIds: own };
}

/** Creates the job; `run()` does one full pass. */
export function createRetention(deps: RetentionDeps) {
  const { store, files, clock, metrics } = deps;
  const log = deps.logger.child({ component: 'retention' });
  const batch = deps.batchSize ?? 500;
  let running: Promise<RetentionResult> | null = null;

  async function purgeCalls(setting: RetentionSetting, scope: RetentionScope, cutoff: number) {
    let total = 0;
    for (;;) {
      const rows = await store.reports.callsBefore(cutoff, scope, batch);
      if (rows.length === 0) return total;
      if (setting.archive) {
        if (!deps.archive)
          throw new DomainError('UNAVAILABLE', 'archiving asked for but no archive is configured');
        await deps.archive.append('calls', rows);
      }
      const deleted = await store.reports.deleteCalls(rows.map((r) => r.call.id));
      total += deleted;
      metrics.deleted('calls', deleted);
      log.info({ businessLineId: setting.businessLineId, deleted, total }, 'call records deleted');
      if (rows.length < batch) return total;
    }
  }

  async function purgeRecordings(setting: RetentionSetting, scope: RetentionScope, cutoff: number) {
    let total = 0;
    for (;;) {
      const rows = await store.recordings.endedBefore(cutoff, scope, batch);
      if (rows.length === 0) return total;
      if (setting.archive && deps.archive) await deps.archive.append('recordings', rows);
      for (const r of rows) await files.remove(r.name, r.format);
      await store.recordings.markDeleted(
        rows.map((r) => r.id),
        clock.now(),
      );
      total += rows.length;
      metrics.deleted('recordings', rows.length);
      log.info(
        { businessLineId: setting.businessLineId, deleted: rows.length, total },
        'recordings deleted',
      );
      if (rows.length < batch) return total;
    }
  }

  async function pass(): Promise<RetentionResult> {
    const settings = await store.reports.listRetention();
    const result: RetentionResult = { calls: 0, recordings: 0 };
    for (const setting of settings) {
      const scope = scopeOf(setting, settings);
      const now = clock.now();
      const calls =
        setting.callDays === null
          ? 0
          : await purgeCalls(setting, scope, now - setting.callDays * DAY_MS);
      const recordings =
        setting.recordingDays === null
          ? 0
          : await purgeRecordings(setting, scope, now - setting.recordingDays * DAY_MS);
      result.calls += calls;
      result.recordings += recordings;
      if (calls + recordings === 0) continue;
      await store.transaction((tx) =>
        audit(tx, clock, null, {
          action: 'retention.purge',
          entity: 'BusinessLine',
          entityId: setting.businessLineId,
          after: {
            calls,
            recordings,
            callDays: setting.callDays,
            recordingDays: setting.recordingDays,
          },
        }),
      );
    }
    metrics.finished(clock.now());
    log.info(result, 'retention pass done');
    return result;
  }

  return {
    /** One pass over every setting; a pass already running is joined, not doubled. */
    run(): Promise<RetentionResult> {
      running ??= pass().finally(() => {
        running = null;
      });
      return running;
    },
  };
}

/** The retention job. */
export type Retention = ReturnType<typeof createRetention>;
