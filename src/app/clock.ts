/**
 * The clock port: domain and app code never call Date.now() themselves; the
 * composition root passes the wall clock and tests pass a fake one.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}
