/**
 * Reconnect delays: exponential from `minMs`, capped at `maxMs`, with jitter
 * so that many clients cut off by one Asterisk restart do not reconnect in
 * lockstep. Pure: the random source is a parameter.
 */

/** Backoff settings. */
export interface BackoffOptions {
  /** First delay, e.g. 100 ms. */
  minMs: number;
  /** Cap before jitter, e.g. 5000 ms. */
  maxMs: number;
  /** Relative jitter, e.g. 0.2 for ±20%. */
  jitter?: number;
}

/**
 * The default: 50 ms doubling to 800 ms, ±20%. The cap keeps the worst
 * wait under a second once Asterisk is reachable again: while ARI is down
 * no call is offered, so a slow retry costs calls, and one HTTP upgrade a
 * second is nothing for Asterisk.
 */
export const DEFAULT_BACKOFF: Required<BackoffOptions> = { minMs: 50, maxMs: 800, jitter: 0.2 };

/**
 * The delay before reconnect attempt `attempt` (0 for the first retry).
 * `random` returns a number in [0, 1), like Math.random.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number,
): number {
  const jitter = options.jitter ?? DEFAULT_BACKOFF.jitter;
  // 2^30 already exceeds any sane cap; stop there so the product stays finite.
  const exponent = Math.min(Math.max(attempt, 0), 30);
  const capped = Math.min(options.maxMs, options.minMs * 2 ** exponent);
  const factor = 1 + (random() * 2 - 1) * jitter;
  return Math.max(0, Math.round(capped * factor));
}
