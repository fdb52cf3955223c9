/**
 * The ACD's metrics port on prom-client, registered on the injected
 * registry (never the global one). It lives beside the ARI adapter because
 * application code may not import libraries; the runtime only sees the
 * `AcdMetrics` interface. Gauges are read from the runtime at scrape time.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { AcdGauges, AcdMetrics } from '../../app/acd/ports.ts';

function counter(registry: Registry, name: string, help: string): Counter<'queue'> {
  const known = registry.getSingleMetric(name) as Counter<'queue'> | undefined;
  return known ?? new Counter({ name, help, labelNames: ['queue'], registers: [registry] });
}

/**
 * Creates the ACD metrics: `callwright_acd_offers_total{queue}`,
 * `callwright_acd_calls_answered_total{queue}`,
 * `callwright_acd_calls_abandoned_total{queue}`, and the gauges
 * `callwright_acd_calls_waiting{queue}` and `callwright_acd_agents{status}`.
 */
export function createAcdMetrics(registry: Registry): AcdMetrics {
  const offers = counter(registry, 'callwright_acd_offers_total', 'Offers rung to agents');
  const answered = counter(
    registry,
    'callwright_acd_calls_answered_total',
    'Queued calls answered by an agent',
  );
  const abandoned = counter(
    registry,
    'callwright_acd_calls_abandoned_total',
    'Callers who hung up while queued',
  );
  let read: (() => AcdGauges) | null = null;
  // One runtime per registry: a second one (a restart in tests) takes the gauges over.
  registry.removeSingleMetric('callwright_acd_calls_waiting');
  registry.removeSingleMetric('callwright_acd_agents');
  new Gauge({
    name: 'callwright_acd_calls_waiting',
    help: 'Callers waiting in a queue (including those ringing an agent)',
    labelNames: ['queue'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [queue, n] of read?.().waitingByQueue ?? []) this.set({ queue }, n);
    },
  });
  new Gauge({
    name: 'callwright_acd_agents',
    help: 'Agents known to the ACD, by status',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [status, n] of read?.().agentsByStatus ?? []) this.set({ status }, n);
    },
  });
  return {
    offered: (queue) => offers.inc({ queue }),
    answered: (queue) => answered.inc({ queue }),
    abandoned: (queue) => abandoned.inc({ queue }),
    observe(reader) {
      read = reader;
    },
  };
}
