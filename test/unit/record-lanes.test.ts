/**
 * Record writer lanes over a scripted database: batches of several lanes are
 * written at the same time, yet each call's pictures reach the database in
 * the order they were handed over; the database failing for one lane's
 * connection sends that lane to its outbox and loses nothing; an outbox left
 * with another number of lanes is written through the lanes before anything
 * new and then emptied.
 */
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import test from 'ava';
import pino from 'pino';
import type { RecordBatchStore } from '../../src/app/records/ports.ts';
import { createRecordLanes, laneOf } from '../../src/app/records/record-lanes.ts';
import type { RecordEntry } from '../../src/domain/call/record-entry.ts';
import { openOutboxFile } from '../../src/store/records/outbox-file.ts';
import { laneOutboxPath, leftoverOutboxPaths } from '../../src/store/records/outbox-lanes.ts';
import { ManualSchedule, memoryMetrics, pictureOf, tempOutboxPath } from '../helpers/records.ts';

const silent = pino({ level: 'silent' });

/**
 * A database whose writes finish when the test releases them, that can be
 * down for the calls of some lanes only (their connection is cut).
 */
class GatedStore implements RecordBatchStore {
  /** Revisions written, per call, in the order the database took them. */
  readonly written = new Map<string, number[]>();
  /** Most batches in flight at once. */
  maxInFlight = 0;
  /** Calls whose writes fail as if their connection were cut. */
  readonly cut = new Set<string>();
  private inFlight = 0;
  private gates: Array<() => void> = [];
  private gateWaiters: Array<() => void> = [];
  gated = false;

  async writeBatch(entries: readonly RecordEntry[]) {
    if (entries.some((e) => this.cut.has(e.record.linkedId))) {
      this.lastCut = true;
      throw new Error('connection reset');
    }
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    if (this.gated) {
      await new Promise<void>((resolve) => {
        this.gates.push(resolve);
        for (const w of this.gateWaiters.splice(0)) w();
      });
    }
    this.inFlight -= 1;
    for (const e of entries) {
      const list = this.written.get(e.record.linkedId) ?? [];
      list.push(e.revision ?? 0);
      this.written.set(e.record.linkedId, list);
    }
  }

  /** The ping after a failed write comes from the lane whose connection is cut. */
  private lastCut = false;
  async ping() {
    if (this.lastCut) {
      this.lastCut = false;
      throw new Error('connection reset');
    }
  }

  /** Resolves once `n` batches wait at the gate. */
  async waiting(n: number): Promise<void> {
    while (this.gates.length < n) await new Promise<void>((r) => this.gateWaiters.push(r));
  }

  /** Lets every waiting batch finish. */
  release(): void {
    for (const g of this.gates.splice(0)) g();
  }
}

function lanesOver(
  store: RecordBatchStore,
  outboxPath: string,
  lanes: number,
  leftovers: string[] = [],
) {
  const schedule = new ManualSchedule();
  const metrics = memoryMetrics();
  const writer = createRecordLanes({
    lanes,
    store,
    outbox: (lane) => openOutboxFile(laneOutboxPath(outboxPath, lane, lanes), silent),
    leftovers: leftovers.map((path) => openOutboxFile(path, silent)),
    logger: silent,
    metrics: metrics.metrics,
    schedule: schedule.schedule,
    seconds: () => 0,
    retryMinMs: 100,
  });
  return { writer, schedule, metrics };
}

/** `count` calls, one of them in each lane first (so every lane has work). */
function callsOverLanes(lanes: number, count: number): string[] {
  const ids: string[] = [];
  const seen = new Set<number>();
  for (let i = 0; ids.length < count; i += 1) {
    const id = `lane-call-${i}`;
    const lane = laneOf(id, lanes);
    if (seen.size < lanes && seen.has(lane)) continue;
    seen.add(lane);
    ids.push(id);
  }
  return ids;
}

const revisionOf = (linkedId: string, revision: number): RecordEntry => ({
  ...pictureOf({ linkedId }),
  revision,
});

test('a call always goes to the same lane, and calls spread over every lane', (t) => {
  t.is(laneOf('1716200000.42', 4), laneOf('1716200000.42', 4));
  const used = new Set(Array.from({ length: 200 }, (_, i) => laneOf(`1716200000.${i}`, 4)));
  t.deepEqual([...used].sort(), [0, 1, 2, 3]);
  t.is(laneOf('anything', 1), 0);
});

test('lanes write at the same time, and each call keeps the order of its pictures', async (t) => {
  const store = new GatedStore();
  store.gated = true;
  const { writer } = lanesOver(store, tempOutboxPath(), 4);
  await writer.start();
  const calls = callsOverLanes(4, 12);
  const done: Array<Promise<void>> = [];
  for (const id of calls) done.push(writer.put(revisionOf(id, 1)));
  // Every lane holds a batch at the gate: four transactions at once.
  await store.waiting(4);
  t.is(store.maxInFlight, 4);
  // Later pictures arrive while the first batches are being written.
  for (let revision = 2; revision <= 5; revision += 1) {
    for (const id of calls) done.push(writer.put(revisionOf(id, revision)));
  }
  store.gated = false;
  store.release();
  await Promise.all(done);
  await writer.idle();
  for (const id of calls) {
    t.deepEqual(store.written.get(id), [1, 2, 3, 4, 5], `pictures of ${id} in order`);
  }
  await writer.close();
});

test("the database failing on one lane's connection sends that lane to its outbox and loses nothing", async (t) => {
  const store = new GatedStore();
  const outbox = tempOutboxPath();
  const { writer, schedule, metrics } = lanesOver(store, outbox, 4);
  await writer.start();
  const calls = callsOverLanes(4, 8);
  const victim = calls[0]!;
  const victimLane = laneOf(victim, 4);
  store.cut.add(victim);
  const retry = schedule.nextDelay();
  await Promise.all(calls.map((id) => writer.put(revisionOf(id, 1))));
  await retry;
  t.true(writer.degraded());
  t.false(metrics.m.up, 'the database counts as down while one lane cannot reach it');
  const laneFile = laneOutboxPath(outbox, victimLane, 4);
  const outboxed = readFileSync(laneFile, 'utf8').split('\n').filter(Boolean);
  const victimLaneCalls = calls.filter((id) => laneOf(id, 4) === victimLane);
  t.is(outboxed.length, victimLaneCalls.length, "only that lane's batch went to the outbox");
  t.is(metrics.m.outboxSize, victimLaneCalls.length);
  for (const id of calls.filter((c) => laneOf(c, 4) !== victimLane)) {
    t.deepEqual(store.written.get(id), [1], `${id} written directly by its own lane`);
  }
  // The victim's next picture waits behind the first, in the outbox.
  await writer.put(revisionOf(victim, 2));
  t.is(store.written.get(victim), undefined);

  store.cut.clear();
  schedule.fire();
  await writer.idle();
  t.false(writer.degraded());
  t.true(metrics.m.up);
  t.is(metrics.m.outboxSize, 0);
  t.deepEqual(store.written.get(victim), [1, 2], 'replayed in order');
  for (const id of calls) t.true(store.written.has(id), `${id} written`);
  await writer.close();
});

test('an outbox left with another number of lanes is written first, then emptied', async (t) => {
  const outbox = tempOutboxPath();
  // A single-lane run left pictures of six calls behind.
  const calls = callsOverLanes(2, 6);
  await openOutboxFile(laneOutboxPath(outbox, 0, 1), silent).append(
    calls.map((id) => revisionOf(id, 1)),
  );
  const leftovers = leftoverOutboxPaths(outbox, 2);
  t.deepEqual(leftovers, [laneOutboxPath(outbox, 0, 1)]);

  const store = new GatedStore();
  const { writer } = lanesOver(store, outbox, 2, leftovers);
  // Handed over before start, as the application may do: lands after the leftover.
  const newer = writer.put(revisionOf(calls[0]!, 2));
  await writer.start();
  await newer;
  await writer.idle();
  for (const id of calls) t.truthy(store.written.get(id), `${id} written`);
  t.deepEqual(store.written.get(calls[0]!), [1, 2], 'the old picture first');
  t.false(existsSync(laneOutboxPath(outbox, 0, 1)), 'the leftover is emptied');
  t.deepEqual(leftoverOutboxPaths(outbox, 2), []);
  await writer.close();
});

test('lane outbox paths: one lane keeps the configured file; files of other counts are leftovers', async (t) => {
  const outbox = tempOutboxPath();
  t.is(laneOutboxPath(outbox, 0, 1), outbox);
  t.is(laneOutboxPath(outbox, 2, 4), `${outbox}.3-of-4`);
  const written = [laneOutboxPath(outbox, 1, 2), laneOutboxPath(outbox, 0, 4), outbox];
  for (const [age, path] of written.entries()) {
    await openOutboxFile(path, silent).append([pictureOf()]);
    const at = new Date(Date.UTC(2025, 0, 1, 0, age));
    utimesSync(path, at, at);
  }
  await openOutboxFile(`${outbox}.1-of-3`, silent).clear(); // an emptied file is no leftover
  writeFileSync(`${outbox}.notes`, 'not an outbox');
  t.deepEqual(leftoverOutboxPaths(outbox, 4), [laneOutboxPath(outbox, 1, 2), outbox]);
  t.deepEqual(leftoverOutboxPaths(outbox, 1), [
    laneOutboxPath(outbox, 1, 2),
    laneOutboxPath(outbox, 0, 4),
  ]);
});
