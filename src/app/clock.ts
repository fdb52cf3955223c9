/** The clock port: domain and app code never call Date.now() themselves. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** Wall-clock time, for the composition root. */
export const systemClock: Clock = { now: () => Date.now() };
