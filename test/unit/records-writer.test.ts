/**
 * The record writer's decisions over a scripted database: retries back off
 * (doubling, capped) and reset; a refused picture is dropped but a database
 * that goes away while pictures are written one by one sends the batch to
 * the outbox; closing while the database is away keeps everything there.
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import pino from 'pino';
import type { RecordBatchStore } from '../../src/app/records/ports.ts';
import { createRecordWriter } from '../../src/app/records/record-writer.ts';
import type { RecordEntry } from '../../src/domain/call/record-entry.ts';
import { openOutboxFile } from '../../src/store/records/outbox-file.ts';
import { ManualSchedule, memoryMetrics, pictureOf, tempOutboxPath } from '../helpers/records.ts';

/** A database the test scripts: up or down, and pictures it refuses. */
class ScriptedStore implements RecordBatchStore {
  up = true;
  readonly written: string[] = [];
  readonly refuse = new Set<string>();
  /** Goes down after this many single-picture writes (one-by-one mode). */
  downAfterSingles = Number.POSITIVE_INFINITY;
  async writeBatch(entries: readonly RecordEntry[]) {
    if (entries.length === 1 && --this.downAfterSingles < 0) this.up = false;
    if (!this.up) throw new Error('connection refused');
    if (entries.some((e) => this.refuse.has(e.record.linkedId))) throw new Error('refused');
    this.written.push(...entries.map((e) => e.record.linkedId));
  }
  async ping() {
    if (!this.up) throw new Error('connection refused');
  }
}

function writer(store: ScriptedStore, outbox = tempOutboxPath()) {
  const schedule = new ManualSchedule();
  const metrics = memoryMetrics();
  const w = createRecordWriter({
    store,
    outbox: openOutboxFile(outbox, pino({ level: 'silent' })),
    logger: pino({ level: 'silent' }),
    metrics: metrics.metrics,
    schedule: schedule.schedule,
    seconds: () => 0,
    retryMinMs: 100,
    retryMaxMs: 700,
  });
  return { w, schedule, metrics, outbox };
}

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).length;

test('retries back off, doubling up to the cap, and start over once the database answers', async (t) => {
  const store = new ScriptedStore();
  const { w, schedule } = writer(store);
  await w.start();
  store.up = false;
  const first = schedule.nextDelay();
  await w.put(pictureOf());
  t.is(await first, 100);
  for (const expected of [200, 400, 700, 700]) {
    const next = schedule.nextDelay();
    t.is(schedule.fire(), 1);
    t.is(await next, expected);
  }
  store.up = true;
  schedule.fire();
  await w.idle();
  t.is(store.written.length, 1);
  store.up = false;
  const again = schedule.nextDelay();
  await w.put(pictureOf());
  t.is(await again, 100, 'the next outage starts from the shortest delay');
  await w.close();
});

test('a refused picture is dropped; the database going away meanwhile sends the batch to the outbox', async (t) => {
  const store = new ScriptedStore();
  const { w, metrics, outbox } = writer(store);
  await w.start();
  const [a, bad, c] = [pictureOf(), pictureOf(), pictureOf()];
  store.refuse.add(bad.record.linkedId);
  await Promise.all([w.put(a), w.put(bad), w.put(c)]);
  t.deepEqual(store.written, [a.record.linkedId, c.record.linkedId]);
  t.is(metrics.m.rejected, 1);

  const [d, bad2, f] = [pictureOf(), pictureOf(), pictureOf()];
  store.refuse.add(bad2.record.linkedId);
  store.downAfterSingles = 1; // d is written alone, then the database dies
  await Promise.all([w.put(d), w.put(bad2), w.put(f)]);
  t.is(metrics.m.rejected, 1, 'nothing dropped because of the outage');
  t.true(w.degraded());
  t.is(lines(outbox), 3, 'the whole batch waits in the outbox');
  await w.close();
});

test('closing while the database is away keeps every picture in the outbox', async (t) => {
  const store = new ScriptedStore();
  const { w, outbox } = writer(store);
  await w.start();
  store.up = false;
  const pending = [pictureOf(), pictureOf(), pictureOf()].map((p) => w.put(p));
  await w.close();
  await Promise.all(pending);
  t.is(lines(outbox), 3);
  t.deepEqual(store.written, []);
});
