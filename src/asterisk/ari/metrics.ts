/**
 * Prometheus metrics of the ARI client, registered on the injected registry
 * (never the global default one).
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { FRAME_REJECT_REASONS } from './event-parser.ts';

/** The metrics the ARI client updates. */
export interface AriMetrics {
  /** `callwright_ari_frames_rejected_total{reason}`. */
  readonly framesRejected: Counter<'reason'>;
  /** `callwright_ari_events_total{type}`: accepted events by type. */
  readonly events: Counter<'type'>;
  /** `callwright_ari_connected`: 1 while the event WebSocket is open. */
  readonly connected: Gauge;
  /** `callwright_ari_connects_total`: successful WebSocket (re)connects. */
  readonly connects: Counter;
  /** `callwright_ari_reconcile_failures_total`: reconnect hooks that threw. */
  readonly reconcileFailures: Counter;
  /** `callwright_ari_rest_duration_seconds{operation,outcome}`; its count is the call count. */
  readonly restDuration: Histogram<'operation' | 'outcome'>;
  /** `callwright_ari_rest_errors_total{operation,code}`: calls that threw an AriError. */
  readonly restErrors: Counter<'operation' | 'code'>;
}

/**
 * Returns the metric already registered under `name` (a second client on the
 * same registry, e.g. in contract tests) or registers a new one.
 */
function reuse<M>(registry: Registry, name: string, make: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? make();
}

function counter<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): Counter<L> {
  return reuse(
    registry,
    name,
    () => new Counter({ name, help, labelNames, registers: [registry] }),
  );
}

/** Creates (or reuses) the ARI metrics on `registry`. */
export function createAriMetrics(registry: Registry): AriMetrics {
  const framesRejected = counter(
    registry,
    'callwright_ari_frames_rejected_total',
    'ARI WebSocket frames dropped at the edge, by reason',
    ['reason'],
  );
  for (const reason of FRAME_REJECT_REASONS) framesRejected.inc({ reason }, 0);
  const gauge = 'callwright_ari_connected';
  const histogram = 'callwright_ari_rest_duration_seconds';
  return {
    framesRejected,
    events: counter(registry, 'callwright_ari_events_total', 'ARI events accepted, by type', [
      'type',
    ]),
    connected: reuse(
      registry,
      gauge,
      () =>
        new Gauge({
          name: gauge,
          help: '1 while the ARI event WebSocket is connected, else 0',
          registers: [registry],
        }),
    ),
    connects: counter(
      registry,
      'callwright_ari_connects_total',
      'ARI event WebSocket connections opened (first connect and reconnects)',
    ),
    reconcileFailures: counter(
      registry,
      'callwright_ari_reconcile_failures_total',
      'ARI reconnect hooks that threw',
    ),
    restDuration: reuse(
      registry,
      histogram,
      () =>
        new Histogram({
          name: histogram,
          help: 'ARI REST call latency by operation and outcome (ok, gone, error)',
          labelNames: ['operation', 'outcome'] as const,
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
          registers: [registry],
        }),
    ),
    restErrors: counter(
      registry,
      'callwright_ari_rest_errors_total',
      'ARI REST calls that failed, by operation and error code',
      ['operation', 'code'],
    ),
  };
}
