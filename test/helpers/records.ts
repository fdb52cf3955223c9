/**
 * Helpers for the record writer tests: call pictures, a retry schedule the
 * test fires by hand, a batch store whose database the test can swap for a
 * dead one (and back), and a writer over all of it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { RecordBatchStore } from '../../src/app/records/ports.ts';
import { createRecordWriter, type RecordWriter } from '../../src/app/records/record-writer.ts';
import type { LegInput, RecordEntry, RecordInput } from '../../src/domain/call/record-entry.ts';
import { openOutboxFile } from '../../src/store/records/outbox-file.ts';
import { unique } from './databases.ts';

export const T0 = Date.UTC(2025, 4, 20, 14, 0, 0, 0);

/** A record with every core field; `patch` overrides. */
export function recordOf(patch: Partial<RecordInput> = {}): RecordInput {
  return {
    linkedId: unique('1747749600.1'),
    businessLineId: null,
    direction: 'inbound',
    ani: '+33612345678',
    dnis: '33170000001',
    queueId: null,
    agentId: null,
    startedAt: T0,
    answeredAt: null,
    endedAt: null,
    hangupCause: null,
    hangupBy: null,
    disposition: null,
    notes: null,
    ...patch,
  };
}

/** A leg; `patch` overrides. */
export function legOf(patch: Partial<LegInput> = {}): LegInput {
  return {
    channelId: unique('1747749600.2'),
    channelName: 'PJSIP/trunk-00000001',
    role: 'caller',
    agentId: null,
    startedAt: T0,
    answeredAt: null,
    endedAt: null,
    hangupCause: null,
    ...patch,
  };
}

/** A picture of a call with one caller leg whose channel id is the linkedid. */
export function pictureOf(patch: Partial<RecordInput> = {}, legs?: LegInput[]): RecordEntry {
  const record = recordOf(patch);
  return {
    record,
    legs: legs ?? [legOf({ channelId: record.linkedId, startedAt: record.startedAt })],
  };
}

/** Retries the writer scheduled, fired by the test. */
export class ManualSchedule {
  private pending: Array<{ ms: number; run: () => void; live: boolean }> = [];
  private waiters: Array<(ms: number) => void> = [];

  schedule = (ms: number, run: () => void) => {
    const entry = { ms, run, live: true };
    this.pending.push(entry);
    for (const w of this.waiters.splice(0)) w(ms);
    return () => {
      entry.live = false;
    };
  };

  /** Resolves with the delay of the next retry scheduled from now on. */
  nextDelay(): Promise<number> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Delays asked for so far (cancelled ones included). */
  delays(): number[] {
    return this.pending.map((p) => p.ms);
  }

  /** Runs every live scheduled retry; returns how many ran. */
  fire(): number {
    const due = this.pending.filter((p) => p.live);
    this.pending = [];
    for (const p of due) p.run();
    return due.length;
  }
}

/** A batch store that forwards to `current`, which the test swaps. */
export class SwitchableStore implements RecordBatchStore {
  writes = 0;
  constructor(public current: RecordBatchStore) {}
  writeBatch = (entries: readonly RecordEntry[]) => {
    this.writes += 1;
    return this.current.writeBatch(entries);
  };
  ping = () => this.current.ping();
}

/** A fresh outbox path in a temp directory. */
export function tempOutboxPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'cw-outbox-')), 'records.outbox.jsonl');
}

const silent = pino({ level: 'silent' });

/** Counters the writer reports, in memory. */
export function memoryMetrics() {
  const m = { written: 0, rejected: 0, outboxed: 0, outboxSize: 0, up: true };
  return {
    m,
    metrics: {
      written: (n: number) => {
        m.written += n;
      },
      rejected: (n: number) => {
        m.rejected += n;
      },
      outboxed: (n: number) => {
        m.outboxed += n;
      },
      outboxSize: (n: number) => {
        m.outboxSize = n;
      },
      databaseUp: (up: boolean) => {
        m.up = up;
      },
    },
  };
}

/** A writer over `store` with an outbox at `outboxPath` and a manual retry schedule. */
export function writerOver(
  store: RecordBatchStore,
  outboxPath: string,
  schedule = new ManualSchedule(),
  maxBatch = 500,
): { writer: RecordWriter; schedule: ManualSchedule; metrics: ReturnType<typeof memoryMetrics> } {
  const metrics = memoryMetrics();
  const writer = createRecordWriter({
    store,
    outbox: openOutboxFile(outboxPath, silent),
    logger: silent,
    metrics: metrics.metrics,
    schedule: schedule.schedule,
    seconds: () => performance.now() / 1000,
    maxBatch,
  });
  return { writer, schedule, metrics };
}
