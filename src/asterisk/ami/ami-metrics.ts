/**
 * Prometheus metrics of the AMI client, registered on the injected registry.
 * Re-uses an existing metric of the same name so that two clients (or a
 * restart inside one process) never trip prom-client's duplicate check.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

/** The AMI client's metrics. */
export interface AmiMetrics {
  /** 1 while logged in, 0 otherwise. */
  readonly connected: Gauge;
  /** Frames and events dropped, by reason. */
  readonly framesRejected: Counter<'reason'>;
  /** Successful logins after the first one. */
  readonly reconnects: Counter;
  /** Actions by outcome: success, error, timeout, disconnected. */
  readonly actions: Counter<'outcome'>;
}

/** Creates (or finds) the AMI metrics on `registry`. */
export function createAmiMetrics(registry: Registry): AmiMetrics {
  return {
    connected: gauge(registry, 'callwright_ami_connected', 'Whether the AMI session is logged in'),
    framesRejected: counter(
      registry,
      'callwright_ami_frames_rejected_total',
      'AMI frames or events dropped as malformed',
      ['reason'],
    ),
    reconnects: counter(registry, 'callwright_ami_reconnects_total', 'AMI re-logins after a drop'),
    actions: counter(registry, 'callwright_ami_actions_total', 'AMI actions by outcome', [
      'outcome',
    ]),
  };
}

function gauge(registry: Registry, name: string, help: string): Gauge {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Gauge;
  return new Gauge({ name, help, registers: [registry] });
}

function counter<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}
