/**
 * The durable, batched call-record writer (RPT-1): a {@link RecordSink}.
 *
 * Group commit: one batch is written at a time, in one transaction; entries
 * handed over while it is being written form the next batch. An idle writer
 * thus writes at once, a busy one in batches of up to `maxBatch`.
 *
 * When a batch fails, the writer asks the database for a ping:
 * - it answers: the batch holds a record the database refuses (a poison
 *   entry); entries are written one by one and the refused ones are logged
 *   and counted, so one bad record never blocks the others;
 * - it does not: the batch, and everything handed over after it, is
 *   appended to the outbox file (durable before `put` resolves), and the
 *   writer retries with capped exponential backoff. When the database
 *   answers again the outbox is written back in order, batch by batch;
 *   entries handed over meanwhile are appended behind it, so order holds.
 *   Once the outbox is drained it is emptied and writes go direct again.
 *
 * On start an outbox left by a previous run is replayed the same way.
 * Replaying entries that were already written is harmless: writes are
 * idempotent on Asterisk ids.
 */
import type { RecordEntry } from '../../domain/call/record-entry.ts';
import type { Logger } from '../logger.ts';
import type { RecordBatchStore, RecordOutbox, RecordSink, RecordWriterMetrics } from './ports.ts';

/** Schedules `run` after `ms`; returns a function that cancels it. */
export type Schedule = (ms: number, run: () => void) => () => void;

/** What the writer is built from. */
export interface RecordWriterDeps {
  store: RecordBatchStore;
  outbox: RecordOutbox;
  logger: Logger;
  metrics: RecordWriterMetrics;
  schedule: Schedule;
  /** Monotonic seconds, for the batch duration metric. */
  seconds: () => number;
  /** Largest batch (default 500). */
  maxBatch?: number;
  /**
   * How long a batch gathers pictures before it is written, unless it is
   * full (default 0: the pictures handed over in the same tick). A call
   * hands over a picture at each step; a window of a few tens of ms folds
   * them into one row write per call instead of one transaction per step.
   */
  batchWindowMs?: number;
  /** First retry delay while the database is away (default 1 s). */
  retryMinMs?: number;
  /** Longest retry delay (default 30 s). */
  retryMaxMs?: number;
}

/** The writer: a sink plus its lifecycle. */
export interface RecordWriter extends RecordSink {
  /**
   * Replays an outbox left by a previous run (in the background). Entries
   * handed over before start wait for it, so they land after the replay.
   */
  start(): Promise<void>;
  /** Resolves when nothing waits: every entry written and the outbox empty. */
  idle(): Promise<void>;
  /** True while entries wait in the outbox for the database. */
  degraded(): boolean;
  /** Records waiting in the outbox now (for /readyz). */
  outboxSize(): number;
  /** Writes (or outboxes) what is pending and stops retrying. */
  close(): Promise<void>;
}

interface Pending {
  readonly entry: RecordEntry;
  readonly done: () => void;
}

/** Creates the writer; call `start()` once. */
export function createRecordWriter(deps: RecordWriterDeps): RecordWriter {
  const log = deps.logger.child({ component: 'record-writer' });
  const maxBatch = deps.maxBatch ?? 500;
  const batchWindowMs = deps.batchWindowMs ?? 0;
  /** Ends the current batch window at once (close() does not wait for it). */
  let endWindow: (() => void) | null = null;
  const retryMin = deps.retryMinMs ?? 1000;
  const retryMax = deps.retryMaxMs ?? 30_000;
  const queue: Pending[] = [];
  let mode: 'direct' | 'outbox' = 'direct';
  let cursor = 0;
  let running: Promise<void> | null = null;
  let retryDelay = retryMin;
  let cancelRetry: (() => void) | null = null;
  /** The retry timer fired while other work ran. */
  let retryDue = false;
  let closed = false;
  let started = false;
  let idleWaiters: Array<() => void> = [];

  const settleIdle = () => {
    if (running || queue.length > 0 || mode === 'outbox') return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  /** Writes one batch; false when the database is unreachable. */
  async function write(entries: readonly RecordEntry[]): Promise<boolean> {
    const began = deps.seconds();
    try {
      await deps.store.writeBatch(entries);
      deps.metrics.written(entries.length, deps.seconds() - began);
      return true;
    } catch (error) {
      try {
        await deps.store.ping();
      } catch {
        log.warn({ err: error, entries: entries.length }, 'database unreachable: using the outbox');
        deps.metrics.databaseUp(false);
        return false;
      }
      return writeOneByOne(entries, error);
    }
  }

  /**
   * Writes entries one at a time, dropping those the database refuses.
   * False when the database goes away meanwhile: the whole batch then goes
   * to the outbox (rewriting the entries already written is harmless).
   */
  async function writeOneByOne(entries: readonly RecordEntry[], batchError: unknown) {
    log.warn({ err: batchError, entries: entries.length }, 'batch refused: writing one by one');
    for (const entry of entries) {
      try {
        await deps.store.writeBatch([entry]);
        deps.metrics.written(1, 0);
      } catch (error) {
        try {
          await deps.store.ping();
        } catch {
          deps.metrics.databaseUp(false);
          return false;
        }
        deps.metrics.rejected(1);
        log.error({ err: error, linkedId: entry.record.linkedId }, 'call record refused, dropped');
      }
    }
    return true;
  }

  /** Makes `pending` durable in the outbox; on failure they go back to the head of the queue. */
  async function toOutbox(pending: Pending[]): Promise<void> {
    if (pending.length === 0) return;
    try {
      await deps.outbox.append(pending.map((p) => p.entry));
    } catch (error) {
      queue.unshift(...pending);
      throw error;
    }
    deps.metrics.outboxed(pending.length);
    deps.metrics.outboxSize(deps.outbox.size());
    for (const p of pending) p.done();
  }

  function retryLater(): void {
    if (closed || cancelRetry) return;
    const delay = retryDelay;
    retryDelay = Math.min(retryMax, retryDelay * 2);
    cancelRetry = deps.schedule(delay, () => {
      cancelRetry = null;
      if (running) retryDue = true;
      else kick();
    });
  }

  /** One step in outbox mode; false when the loop should stop and wait for a retry. */
  async function drainStep(): Promise<boolean> {
    await toOutbox(queue.splice(0));
    const { entries, next } = await deps.outbox.read(cursor, maxBatch);
    if (entries.length === 0) {
      if (queue.length > 0) return true;
      await deps.outbox.clear();
      cursor = 0;
      mode = 'direct';
      deps.metrics.outboxSize(0);
      log.info('outbox drained: writing directly again');
      return true;
    }
    if (!(await write(entries))) return false;
    deps.metrics.databaseUp(true);
    retryDelay = retryMin;
    cursor = next;
    return true;
  }

  async function loop(): Promise<void> {
    for (;;) {
      if (mode === 'outbox') {
        if (closed) return toOutbox(queue.splice(0));
        if (!(await drainStep())) return retryLater();
        continue;
      }
      if (queue.length === 0) return;
      const batch = queue.splice(0, maxBatch);
      if (await write(batch.map((p) => p.entry))) {
        for (const p of batch) p.done();
        // A part batch waits for its window again (afterWork kicks); a full one goes now.
        if (batchWindowMs > 0 && !closed && queue.length < maxBatch) return;
        continue;
      }
      mode = 'outbox';
      cursor = 0;
      await toOutbox(batch);
      if (closed) return toOutbox(queue.splice(0));
      return retryLater();
    }
  }

  /** What runs after a piece of work ends: a due retry, queued entries, or nothing. */
  function afterWork(): void {
    running = null;
    if (retryDue) {
      retryDue = false;
      kick();
    } else if (queue.length > 0) {
      if (mode === 'outbox' && (closed || cancelRetry)) appendWhileWaiting();
      else kick();
    }
    settleIdle();
  }

  function kick(): void {
    // Before start() nothing is written: an outbox left by the last run goes first.
    if (running || !started) return;
    // Started a microtask (or the batch window) later, so that pictures share a batch.
    running = batchWindow()
      .then(loop)
      .catch((error: unknown) => {
        // Only the outbox file itself failing lands here: nothing else can keep the records.
        log.fatal({ err: error }, 'record outbox failed: call records are at risk');
        retryLater();
      })
      .finally(afterWork);
  }

  /** Resolves when the batch may be written: at once, or after the window in direct mode. */
  function batchWindow(): Promise<void> {
    if (batchWindowMs <= 0 || closed || mode === 'outbox' || queue.length >= maxBatch) {
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        endWindow = null;
        resolve();
      }, batchWindowMs);
      endWindow = () => {
        clearTimeout(timer);
        endWindow = null;
        resolve();
      };
    });
  }

  /** Appends queued entries while the loop sleeps until its next retry. */
  function appendWhileWaiting(): void {
    if (running) return;
    running = toOutbox(queue.splice(0))
      .catch((error: unknown) => {
        log.fatal({ err: error }, 'record outbox failed: call records are at risk');
      })
      .finally(afterWork);
  }

  return {
    put(entry) {
      return new Promise<void>((resolve) => {
        queue.push({ entry, done: resolve });
        // Waiting for the database: keep the entry durable now, behind the outbox.
        if (mode === 'outbox' && (closed || cancelRetry)) appendWhileWaiting();
        else kick();
      });
    },
    async start() {
      started = true;
      if (!(await deps.outbox.exhausted(0))) {
        mode = 'outbox';
        cursor = 0;
        deps.metrics.outboxSize(deps.outbox.size());
        log.info({ entries: deps.outbox.size() }, 'replaying the record outbox');
      }
      kick();
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
    degraded: () => mode === 'outbox',
    outboxSize: () => deps.outbox.size(),
    async close() {
      closed = true;
      cancelRetry?.();
      cancelRetry = null;
      endWindow?.();
      while (running) await running;
      if (queue.length > 0) {
        kick();
        while (running) await running;
      }
    },
  };
}
