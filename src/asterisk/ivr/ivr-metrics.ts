/**
 * The IVR runtime's metrics on prom-client, registered on the injected
 * registry: `callwright_ivr_sessions_total{outcome}`,
 * `callwright_ivr_session_duration_seconds`, `callwright_ivr_errors_total{reason}`
 * and `callwright_ivr_lookup_duration_seconds{outcome}`.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { IvrMetrics } from '../../app/ivr/ports.ts';

function find<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** Creates (or finds) the IVR metrics on `registry`. */
export function createIvrMetrics(registry: Registry): IvrMetrics {
  const registers = [registry];
  const sessions = find(
    registry,
    'callwright_ivr_sessions_total',
    () =>
      new Counter({
        name: 'callwright_ivr_sessions_total',
        help: 'Calls that left the IVR, by outcome',
        labelNames: ['outcome'],
        registers,
      }),
  );
  const duration = find(
    registry,
    'callwright_ivr_session_duration_seconds',
    () =>
      new Histogram({
        name: 'callwright_ivr_session_duration_seconds',
        help: 'Time calls spent in the IVR',
        buckets: [5, 15, 30, 60, 120, 300, 900],
        registers,
      }),
  );
  const errors = find(
    registry,
    'callwright_ivr_errors_total',
    () =>
      new Counter({
        name: 'callwright_ivr_errors_total',
        help: 'Problems met by calls in the IVR, by reason',
        labelNames: ['reason'],
        registers,
      }),
  );
  const lookups = find(
    registry,
    'callwright_ivr_lookup_duration_seconds',
    () =>
      new Histogram({
        name: 'callwright_ivr_lookup_duration_seconds',
        help: 'HTTP lookups of IVR flows, by outcome',
        labelNames: ['outcome'],
        buckets: [0.05, 0.2, 0.5, 1, 3, 10],
        registers,
      }),
  );
  return {
    sessionEnded(outcome, durationS) {
      sessions.inc({ outcome });
      duration.observe(durationS);
    },
    // The reason's first word only: details (a prompt name, a mailbox) would explode the labels.
    error: (reason) => errors.inc({ reason: reason.split(' ')[0]!.slice(0, 40) }),
    lookup: (outcome, durationS) => lookups.observe({ outcome }, durationS),
  };
}
