/**
 * Reconnect delays: exponential from `minMs`, capped at `maxMs`, with jitter
 * so that many callwright instances do not reconnect to a restarted Asterisk
 * in lockstep.
 */

/** Bounds of the reconnect delay. */
export interface BackoffOptions {
  readonly minMs: number;
  readonly maxMs: number;
}

/**
 * Delay before reconnect attempt number `failures` (0 for the first retry
 * after a drop). "Equal jitter": half the exponential step is fixed, the
 * other half random, so the delay is never shorter than half the step and
 * never longer than `maxMs`.
 * @param random a source in [0, 1), injected so tests can pin it.
 */
export function backoffDelay(
  failures: number,
  options: BackoffOptions,
  random: () => number,
): number {
  const min = Math.max(0, options.minMs);
  const max = Math.max(min, options.maxMs);
  const step = Math.min(max, min * 2 ** Math.min(failures, 30));
  return Math.round(step / 2 + (random() * step) / 2);
}
