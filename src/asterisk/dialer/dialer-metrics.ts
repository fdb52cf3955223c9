/**
 * The dialer's Prometheus metrics, read off the engine's call events (the
 * engine itself imports no metrics library): calls dialled, answered,
 * connected to an agent, abandoned and handed to a queue per campaign,
 * each ended call's outcome, and the calls in progress.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { DialerCallEvent } from '../../app/dialer/call-flow.ts';

/** What the metrics listen to. */
export interface DialerEventSource {
  onEvent(listener: (event: DialerCallEvent) => void): () => void;
}

const STEPS: ReadonlySet<DialerCallEvent['type']> = new Set([
  'dialled',
  'answered',
  'connected',
  'abandoned',
  'transferred',
]);

/**
 * Registers `callwright_dialer_calls_total{campaign,step}`,
 * `callwright_dialer_outcomes_total{campaign,outcome}` and
 * `callwright_dialer_calls_in_progress{campaign}`; returns the unsubscribe.
 */
export function observeDialerMetrics(engine: DialerEventSource, registry: Registry): () => void {
  for (const name of [
    'callwright_dialer_calls_total',
    'callwright_dialer_outcomes_total',
    'callwright_dialer_calls_in_progress',
  ]) {
    registry.removeSingleMetric(name);
  }
  const steps = new Counter({
    name: 'callwright_dialer_calls_total',
    help: 'Outbound calls by step reached: dialled, answered (by anyone), connected (to an agent), abandoned, transferred (broadcast to a queue)',
    labelNames: ['campaign', 'step'],
    registers: [registry],
  });
  const outcomes = new Counter({
    name: 'callwright_dialer_outcomes_total',
    help: 'Ended outbound calls by outcome (human, machine, busy, no-answer, delivered...)',
    labelNames: ['campaign', 'outcome'],
    registers: [registry],
  });
  const inProgress = new Gauge({
    name: 'callwright_dialer_calls_in_progress',
    help: 'Outbound calls dialled and not yet ended',
    labelNames: ['campaign'],
    registers: [registry],
  });
  return engine.onEvent((event) => {
    const campaign = event.campaignId;
    if (STEPS.has(event.type)) steps.inc({ campaign, step: event.type });
    if (event.type === 'dialled') inProgress.inc({ campaign });
    if (event.type === 'ended') {
      inProgress.dec({ campaign });
      outcomes.inc({ campaign, outcome: event.outcome ?? 'unknown' });
    }
  });
}
