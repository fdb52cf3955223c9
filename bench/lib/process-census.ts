/**
 * What the soak measures of its own process: memory after a full garbage
 * collection, active handles and timers, and the listeners on every live
 * EventEmitter. Kept out of `bench/*.ts`, which the runner takes for benches.
 */
import { EventEmitter } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Every emitter that ever got a listener, held weakly, to count live listeners. */
export class ListenerCensus {
  private readonly emitters = new Set<WeakRef<EventEmitter>>();
  private readonly seen = new WeakSet<EventEmitter>();

  install(): void {
    const census = this;
    for (const name of ['on', 'addListener', 'once', 'prependListener'] as const) {
      const original = EventEmitter.prototype[name];
      EventEmitter.prototype[name] = function (this: EventEmitter, ...args: unknown[]) {
        census.note(this);
        return (original as (...a: unknown[]) => EventEmitter).apply(this, args);
      } as (typeof EventEmitter.prototype)[typeof name];
    }
  }

  private note(emitter: EventEmitter): void {
    if (this.seen.has(emitter)) return;
    this.seen.add(emitter);
    this.emitters.add(new WeakRef(emitter));
  }

  /** Listeners on emitters still alive (dead ones are dropped). */
  count(): number {
    let total = 0;
    for (const ref of this.emitters) {
      const emitter = ref.deref();
      if (!emitter) {
        this.emitters.delete(ref);
        continue;
      }
      for (const event of emitter.eventNames()) total += emitter.listenerCount(event);
    }
    return total;
  }
}

/** `gc` of --expose-gc, with the options V8 takes. */
type Gc = (options?: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/**
 * A full, memory-reducing collection: `gc` when node runs with --expose-gc,
 * otherwise the same function fetched through V8's flag (the bench runner
 * starts node without it). The last-resort flavour is what V8 does under
 * memory pressure: it also shrinks the young generation and releases free
 * pages, so RSS reads what the process holds, not how far its heap last
 * stretched under load (a plain `gc()` leaves RSS 20-40 MB apart between
 * readings of the same load). A plain one first, a turn before: emitters of
 * finished calls held only by WeakRefs are freed by it, their WeakRefs
 * cleared for the second; and a last-resort collection right after a plain
 * one gives back far more pages than one alone (measured on node 20).
 */
export function collector(): () => Promise<void> {
  let gc = (globalThis as { gc?: Gc }).gc;
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as Gc;
  }
  const full = gc;
  const options = { type: 'major', execution: 'sync', flavor: 'last-resort' } as const;
  return async () => {
    full();
    await nextTurn();
    full(options);
  };
}

/** One reading of the process. */
export interface Reading {
  rssMb: number;
  heapMb: number;
  handles: number;
  timers: number;
  listeners: number;
}

/** Reads the process after a full collection. */
export async function read(census: ListenerCensus, gc: () => Promise<void>): Promise<Reading> {
  await gc();
  const resources = process.getActiveResourcesInfo();
  const memory = process.memoryUsage();
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  return {
    rssMb: mb(memory.rss),
    heapMb: mb(memory.heapUsed),
    handles: resources.filter((r) => r !== 'Timeout' && r !== 'Immediate').length,
    timers: resources.filter((r) => r === 'Timeout').length,
    listeners: census.count(),
  };
}

/** The median of each figure over `readings` (one reading taken mid-burst does not decide). */
export function medianOf(readings: readonly Reading[]): Reading {
  const median = (pick: (r: Reading) => number) => {
    const sorted = readings.map(pick).sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
  };
  return {
    rssMb: median((r) => r.rssMb),
    heapMb: median((r) => r.heapMb),
    handles: median((r) => r.handles),
    timers: median((r) => r.timers),
    listeners: median((r) => r.listeners),
  };
}

/** Growth from `start` to `end` in percent, one decimal. */
export const growthPct = (start: number, end: number): number =>
  start === 0 ? 0 : Math.round(((end - start) / start) * 1000) / 10;
