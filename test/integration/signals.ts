/**
 * A stream of values a test waits on one at a time (reconnect hook runs,
 * logins, snapshots): `next()` resolves with the next value emitted after
 * the call, `seen` keeps them all. The timeout only turns a value that never
 * comes into a readable failure.
 */
const TIMEOUT_MS = 20_000;

/** Values emitted over time. */
export class Signals<T> {
  readonly seen: T[] = [];
  private waiters: Array<(value: T) => void> = [];

  /** Records a value and wakes every waiter. */
  emit(value: T): void {
    this.seen.push(value);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake(value);
  }

  /** The next value emitted from now on. */
  next(): Promise<T> {
    return new Promise((resolve, reject) => {
      const wake = (value: T) => {
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        reject(new Error(`nothing emitted within ${TIMEOUT_MS} ms (seen ${this.seen.length})`));
      }, TIMEOUT_MS);
      this.waiters.push(wake);
    });
  }
}
