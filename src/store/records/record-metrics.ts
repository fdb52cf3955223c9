/**
 * The record writer's metrics on prom-client, registered on the injected
 * registry: `callwright_records_written_total`,
 * `callwright_records_rejected_total`, `callwright_records_outboxed_total`,
 * `callwright_records_outbox_entries`, `callwright_records_database_up` and
 * the batch write time `callwright_records_batch_seconds`; and those of
 * the retention job.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RecordWriterMetrics } from '../../app/records/ports.ts';
import type { RetentionMetrics } from '../../app/records/retention.ts';

function metric<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** Creates (or reuses, for a second writer on one registry) the writer's metrics. */
export function createRecordWriterMetrics(registry: Registry): RecordWriterMetrics {
  const registers = [registry];
  const written = metric(
    registry,
    'callwright_records_written_total',
    () =>
      new Counter({
        name: 'callwright_records_written_total',
        help: 'Call pictures written to the database',
        registers,
      }),
  );
  const rejected = metric(
    registry,
    'callwright_records_rejected_total',
    () =>
      new Counter({
        name: 'callwright_records_rejected_total',
        help: 'Call pictures the database refused (dropped, logged)',
        registers,
      }),
  );
  const outboxed = metric(
    registry,
    'callwright_records_outboxed_total',
    () =>
      new Counter({
        name: 'callwright_records_outboxed_total',
        help: 'Call pictures kept in the outbox file while the database was away',
        registers,
      }),
  );
  const outboxEntries = metric(
    registry,
    'callwright_records_outbox_entries',
    () =>
      new Gauge({
        name: 'callwright_records_outbox_entries',
        help: 'Call pictures waiting in the outbox file',
        registers,
      }),
  );
  const up = metric(
    registry,
    'callwright_records_database_up',
    () =>
      new Gauge({
        name: 'callwright_records_database_up',
        help: '1 while the record writer reaches the database, 0 while it uses the outbox',
        registers,
      }),
  );
  const batch = metric(
    registry,
    'callwright_records_batch_seconds',
    () =>
      new Histogram({
        name: 'callwright_records_batch_seconds',
        help: 'Time to write one batch of call pictures',
        buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
        registers,
      }),
  );
  up.set(1);
  return {
    written(count, seconds) {
      written.inc(count);
      if (seconds > 0) batch.observe(seconds);
    },
    rejected: (count) => rejected.inc(count),
    outboxed: (count) => outboxed.inc(count),
    outboxSize: (count) => outboxEntries.set(count),
    databaseUp: (isUp) => up.set(isUp ? 1 : 0),
  };
}

/** The retention job's metrics: `callwright_retention_deleted_total{kind}` and the last pass time. */
export function createRetentionMetrics(registry: Registry): RetentionMetrics {
  const deleted = metric(
    registry,
    'callwright_retention_deleted_total',
    () =>
      new Counter({
        name: 'callwright_retention_deleted_total',
        help: 'Call records and recordings deleted by retention',
        labelNames: ['kind'],
        registers: [registry],
      }),
  );
  const last = metric(
    registry,
    'callwright_retention_last_run_timestamp_seconds',
    () =>
      new Gauge({
        name: 'callwright_retention_last_run_timestamp_seconds',
        help: 'When the last retention pass finished',
        registers: [registry],
      }),
  );
  return {
    deleted: (kind, count) => deleted.inc({ kind }, count),
    finished: (atMs) => last.set(atMs / 1000),
  };
}
