/**
 * Simulated time. Everything in the simulator that takes time (ringing,
 * answer delays, playback lengths, talk times, caller patience) waits on the
 * one scheduler, and the scheduler is woken by the clock injected here: the
 * real wall clock by default, or a virtual clock that tests and the bench
 * drive by hand (`advance`) or let run instantly (`auto`).
 */

/** A source of time that can wake the scheduler at a given instant. */
export interface SimClock {
  /** Current time in milliseconds since the Unix epoch. */
  now(): number;
  /** Wakes `wake` at (or after) `atMs`; replaces any previous request. */
  arm(atMs: number, wake: () => void): void;
  /** Cancels the pending wake-up, if any. */
  disarm(): void;
}

/** The wall clock: one `setTimeout` for the earliest pending timer. */
export class RealClock implements SimClock {
  private timer: NodeJS.Timeout | undefined;

  now(): number {
    return Date.now();
  }

  arm(atMs: number, wake: () => void): void {
    this.disarm();
    // setTimeout caps at ~24.8 days; re-arming on wake handles longer delays.
    const delay = Math.min(Math.max(0, atMs - Date.now()), 2_000_000_000);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      wake();
    }, delay);
  }

  disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** Options of {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** Start time (ms since epoch); defaults to 2026-11-23T09:00:00Z. */
  startMs?: number;
  /**
   * When true the clock jumps straight to the next timer as soon as the event
   * loop is idle (setImmediate), so simulated minutes pass in microseconds.
   */
  auto?: boolean;
}

/** Lets pending promise continuations and I/O callbacks run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A clock that only moves when told to. `advance(ms)` runs every timer due in
 * that window in order, letting promise chains settle between timers so that
 * work scheduled "at the same simulated instant" happens before time moves on.
 */
export class VirtualClock implements SimClock {
  private current: number;
  private armedAt: number | undefined;
  private wake: (() => void) | undefined;
  private autoPending = false;
  private readonly auto: boolean;

  constructor(options: VirtualClockOptions = {}) {
    this.current = options.startMs ?? Date.UTC(2026, 10, 23, 9, 0, 0);
    this.auto = options.auto ?? false;
  }

  now(): number {
    return this.current;
  }

  arm(atMs: number, wake: () => void): void {
    this.armedAt = atMs;
    this.wake = wake;
    if (this.auto) this.scheduleAuto();
  }

  disarm(): void {
    this.armedAt = undefined;
    this.wake = undefined;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.current + Math.max(0, ms);
    await settle();
    while (this.armedAt !== undefined && this.armedAt <= target) {
      this.fire();
      await settle();
    }
    this.current = Math.max(this.current, target);
    await settle();
  }

  /** Runs timers until none is left within `limitMs` (guards against endless loops). */
  async runUntilIdle(limitMs = 24 * 3600_000): Promise<void> {
    const limit = this.current + limitMs;
    await settle();
    while (this.armedAt !== undefined && this.armedAt <= limit) {
      this.fire();
      await settle();
    }
  }

  private fire(): void {
    const at = this.armedAt;
    const wake = this.wake;
    if (at === undefined || !wake) return;
    this.armedAt = undefined;
    this.wake = undefined;
    this.current = Math.max(this.current, at);
    wake();
  }

  private scheduleAuto(): void {
    if (this.autoPending) return;
    this.autoPending = true;
    setImmediate(() => {
      this.autoPending = false;
      this.fire();
    });
  }
}
