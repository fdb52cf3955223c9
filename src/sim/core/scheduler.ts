/**
 * The simulator's single timer queue. Every delay in the simulation goes
 * through here so that one injected {@link SimClock} decides how fast
 * simulated time passes (real time, a hand-driven virtual clock, or instant).
 */
import type { SimClock } from './clock.ts';

/** Handle of a scheduled callback; pass it to {@link Scheduler.cancel}. */
export interface TimerHandle {
  readonly at: number;
  cancelled: boolean;
}

interface Timer extends TimerHandle {
  readonly seq: number;
  readonly fn: () => void;
}

/** Raised by {@link Scheduler.sleep} when its signal aborts. */
export class SleepAborted extends Error {
  constructor() {
    super('sleep aborted');
    this.name = 'SleepAborted';
  }
}

/** A min-heap timer queue woken by the injected clock. */
export class Scheduler {
  private readonly heap: Timer[] = [];
  private seq = 0;
  private closed = false;
  private armedFor: number | undefined;

  constructor(readonly clock: SimClock) {}

  /** Current simulated time (ms since epoch). */
  now(): number {
    return this.clock.now();
  }

  /** Runs `fn` after `ms` simulated milliseconds. */
  after(ms: number, fn: () => void): TimerHandle {
    return this.at(this.now() + Math.max(0, ms), fn);
  }

  /** Runs `fn` at simulated time `atMs`. */
  at(atMs: number, fn: () => void): TimerHandle {
    const timer: Timer = { at: atMs, seq: this.seq++, fn, cancelled: false };
    if (this.closed) {
      timer.cancelled = true;
      return timer;
    }
    this.push(timer);
    this.rearm();
    return timer;
  }

  /** Cancels a pending callback (no-op when it already ran). */
  cancel(handle: TimerHandle | undefined): void {
    if (handle) handle.cancelled = true;
  }

  /** Resolves after `ms` simulated ms; rejects with {@link SleepAborted} if `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new SleepAborted());
        return;
      }
      const onAbort = (): void => {
        this.cancel(handle);
        reject(new SleepAborted());
      };
      const handle = this.after(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Number of live (not cancelled) timers; used by tests and close(). */
  pending(): number {
    return this.heap.filter((t) => !t.cancelled).length;
  }

  /** Drops every timer and stops waking; later `at()` calls are ignored. */
  close(): void {
    this.closed = true;
    for (const t of this.heap) t.cancelled = true;
    this.heap.length = 0;
    this.clock.disarm();
    this.armedFor = undefined;
  }

  private run(): void {
    this.armedFor = undefined;
    const now = this.now();
    for (;;) {
      const top = this.heap[0];
      if (!top || top.at > now) break;
      this.pop();
      if (!top.cancelled) top.fn();
    }
    this.rearm();
  }

  private rearm(): void {
    while (this.heap[0]?.cancelled) this.pop();
    const top = this.heap[0];
    if (!top || this.closed) {
      if (this.armedFor !== undefined) this.clock.disarm();
      this.armedFor = undefined;
      return;
    }
    if (this.armedFor === top.at) return;
    this.armedFor = top.at;
    this.clock.arm(top.at, () => this.run());
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
