/**
 * Prometheus metrics of the FastAGI server, registered on the injected
 * registry (an existing metric of the same name is re-used).
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The FastAGI server's metrics. */
export interface AgiMetrics {
  readonly sessionsStarted: Counter;
  readonly sessionsActive: Gauge;
  /** Sessions that ended abnormally, by reason (env_timeout, env_incomplete, handler_error). */
  readonly sessionsFailed: Counter<'reason'>;
  /** Lines from Asterisk we could not use, by reason (garbage, too_long, unsolicited). */
  readonly linesRejected: Counter<'reason'>;
  /** Command round trips, by command verb and outcome. */
  readonly commandLatency: Histogram<'command' | 'outcome'>;
}

/** Creates (or finds) the AGI metrics on `registry`. */
export function createAgiMetrics(registry: Registry): AgiMetrics {
  const find = <T>(name: string, make: () => T): T =>
    (registry.getSingleMetric(name) as T | undefined) ?? make();
  const registers = [registry];
  return {
    sessionsStarted: find(
      'callwright_agi_sessions_started_total',
      () =>
        new Counter({
          name: 'callwright_agi_sessions_started_total',
          help: 'FastAGI sessions accepted',
          registers,
        }),
    ),
    sessionsActive: find(
      'callwright_agi_sessions_active',
      () =>
        new Gauge({
          name: 'callwright_agi_sessions_active',
          help: 'FastAGI sessions open',
          registers,
        }),
    ),
    sessionsFailed: find(
      'callwright_agi_sessions_failed_total',
      () =>
        new Counter({
          name: 'callwright_agi_sessions_failed_total',
          help: 'FastAGI sessions that ended abnormally',
          labelNames: ['reason'],
          registers,
        }),
    ),
    linesRejected: find(
      'callwright_agi_lines_rejected_total',
      () =>
        new Counter({
          name: 'callwright_agi_lines_rejected_total',
          help: 'Lines from Asterisk that were not a usable AGI reply',
          labelNames: ['reason'],
          registers,
        }),
    ),
    commandLatency: find(
      'callwright_agi_command_duration_seconds',
      () =>
        new Histogram({
          name: 'callwright_agi_command_duration_seconds',
          help: 'AGI command round-trip time',
          labelNames: ['command', 'outcome'],
          buckets: [0.005, 0.02, 0.1, 0.5, 2, 10, 60],
          registers,
        }),
    ),
  };
}

// Verbs made of two words; the label keeps both so GET DATA and GET VARIABLE differ.
const TWO_WORD = new Set([
  'CHANNEL',
  'CONTROL',
  'DATABASE',
  'GET',
  'RECEIVE',
  'RECORD',
  'SAY',
  'SEND',
  'SET',
  'SPEECH',
  'STREAM',
  'WAIT',
]);

/** The metric label of a command line: its verb, never its arguments. */
export function commandLabel(text: string): string {
  const [first = '', second = ''] = text.trim().toUpperCase().split(/\s+/, 2);
  const verb = TWO_WORD.has(first) && second ? `${first} ${second}` : first;
  return /^[A-Z ]{1,32}$/.test(verb) ? verb : 'OTHER';
}
