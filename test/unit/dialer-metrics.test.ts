/** The dialer's metrics follow the engine's call events. */
import test from 'ava';
import { Registry } from 'prom-client';
import type { DialerCallEvent } from '../../src/app/dialer/call-flow.ts';
import { observeDialerMetrics } from '../../src/asterisk/dialer/dialer-metrics.ts';

async function value(registry: Registry, name: string, labels: Record<string, string>) {
  const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
  return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
}

test('steps, outcomes and calls in progress per campaign', async (t) => {
  const registry = new Registry();
  const listeners = new Set<(e: DialerCallEvent) => void>();
  const stop = observeDialerMetrics(
    {
      onEvent: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    registry,
  );
  const emit = (type: DialerCallEvent['type'], callId: string, outcome: string | null = null) => {
    for (const l of listeners) {
      l({ type, callId, campaignId: 'c1', recordId: 1, agentId: null, outcome });
    }
  };
  emit('dialled', 'x1');
  emit('dialled', 'x2');
  emit('answered', 'x1');
  emit('connected', 'x1');
  emit('ended', 'x1', 'human');
  emit('ended', 'x2', 'busy');
  emit('dialled', 'x3');
  t.is(
    await value(registry, 'callwright_dialer_calls_total', { campaign: 'c1', step: 'dialled' }),
    3,
  );
  t.is(
    await value(registry, 'callwright_dialer_calls_total', { campaign: 'c1', step: 'connected' }),
    1,
  );
  t.is(
    await value(registry, 'callwright_dialer_outcomes_total', { campaign: 'c1', outcome: 'busy' }),
    1,
  );
  t.is(await value(registry, 'callwright_dialer_calls_in_progress', { campaign: 'c1' }), 1);
  stop();
  emit('dialled', 'x4');
  t.is(
    await value(registry, 'callwright_dialer_calls_total', { campaign: 'c1', step: 'dialled' }),
    3,
    'unsubscribed',
  );
});
