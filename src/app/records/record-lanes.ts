/**
 * Several record writers side by side ("lanes"), seen as one
 * {@link RecordWriter}. Each lane is a complete writer (record-writer.ts):
 * its own batches, its own transactions on its own database connection, its
 * own outbox. MariaDB spends most of a batch's time in InnoDB's index
 * maintenance, on one connection at a time; lanes let it write several
 * batches at once while this process prepares the next ones.
 *
 * A call always goes to the same lane (a hash of its linkedid), so its
 * pictures are written, outboxed and replayed in the order they were handed
 * over, exactly as with one writer; calls of different lanes never share a
 * row, so their relative order does not matter.
 *
 * Outboxes left by a run with another number of lanes ("leftovers") are
 * handed to the lanes before they start, oldest first: their entries land
 * behind each lane's own outbox and before anything handed over in this
 * run. A leftover is emptied once every entry in it is written or durable
 * in its lane's outbox.
 */
import type { RecordEntry } from '../../domain/call/record-entry.ts';
import type { RecordOutbox, RecordWriterMetrics } from './ports.ts';
import { createRecordWriter, type RecordWriter, type RecordWriterDeps } from './record-writer.ts';

/** Entries read from a leftover outbox at a time. */
const LEFTOVER_READ = 500;

/** What the lanes are built from: a writer's deps, with one outbox per lane. */
export interface RecordLanesDeps extends Omit<RecordWriterDeps, 'outbox'> {
  /** Number of lanes (1 on SQLite: it has a single writer anyway). */
  lanes: number;
  /** The outbox of lane `lane` (0-based). */
  outbox(lane: number): RecordOutbox;
  /** Outboxes of earlier runs with another number of lanes, oldest first. */
  leftovers?: readonly RecordOutbox[];
}

/** The lane (0 to lanes-1) of a call: FNV-1a of its linkedid, stable across runs. */
export function laneOf(linkedId: string, lanes: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < linkedId.length; i += 1) {
    hash ^= linkedId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % lanes;
}

/**
 * Each lane's view of the shared metrics: counters add up as they are; the
 * outbox gauge is the sum over lanes, and the database counts as up only
 * while no lane finds it down.
 */
function laneMetrics(shared: RecordWriterMetrics, lanes: number): RecordWriterMetrics[] {
  const sizes = new Array<number>(lanes).fill(0);
  const up = new Array<boolean>(lanes).fill(true);
  return sizes.map((_, lane) => ({
    written: (count, seconds) => shared.written(count, seconds),
    rejected: (count) => shared.rejected(count),
    outboxed: (count) => shared.outboxed(count),
    outboxSize(count) {
      sizes[lane] = count;
      shared.outboxSize(sizes.reduce((a, b) => a + b, 0));
    },
    databaseUp(isUp) {
      up[lane] = isUp;
      shared.databaseUp(up.every(Boolean));
    },
  }));
}

async function readAll(outbox: RecordOutbox): Promise<RecordEntry[]> {
  const entries: RecordEntry[] = [];
  for (let cursor = 0; ; ) {
    const read = await outbox.read(cursor, LEFTOVER_READ);
    if (read.entries.length === 0) return entries;
    entries.push(...read.entries);
    cursor = read.next;
  }
}

/** Creates the lanes; call `start()` once. */
export function createRecordLanes(deps: RecordLanesDeps): RecordWriter {
  const count = Math.max(1, Math.floor(deps.lanes));
  const metrics = laneMetrics(deps.metrics, count);
  const log = deps.logger.child({ component: 'record-lanes' });
  const lanes = metrics.map((laneMetric, lane) =>
    createRecordWriter({
      ...deps,
      logger: count === 1 ? deps.logger : deps.logger.child({ lane }),
      outbox: deps.outbox(lane),
      metrics: laneMetric,
    }),
  );
  const route = (entry: RecordEntry) => lanes[laneOf(entry.record.linkedId, count)]!.put(entry);
  /** Entries handed over before the leftovers are queued (they must land behind them). */
  let early: Array<() => void> | null = [];
  const put = (entry: RecordEntry): Promise<void> => {
    if (early === null) return route(entry);
    const held = early;
    return new Promise<void>((resolve) => held.push(() => void route(entry).then(resolve)));
  };
  /** Leftovers being written through the lanes (idle and close wait for them). */
  let adopting: Promise<void> = Promise.resolve();

  /** Queues the leftovers' entries (before the lanes start); resolves once they are emptied. */
  async function adoptLeftovers(): Promise<() => Promise<void>> {
    const handed: Array<Promise<void>> = [];
    for (const leftover of deps.leftovers ?? []) {
      const entries = await readAll(leftover);
      if (entries.length === 0) continue;
      log.info(
        { entries: entries.length },
        'replaying an outbox left with another number of lanes',
      );
      const durable = Promise.all(entries.map(route));
      handed.push(durable.then(() => leftover.clear()));
    }
    return async () => {
      await Promise.all(handed);
    };
  }

  return {
    put,
    async start() {
      const emptied = await adoptLeftovers();
      const held = early ?? [];
      early = null;
      for (const hand of held) hand();
      await Promise.all(lanes.map((lane) => lane.start()));
      adopting = emptied().catch((error: unknown) => {
        // The entries are durable in the lanes; only emptying the old file failed: replayed again next start.
        log.error({ err: error }, 'could not empty a leftover record outbox');
      });
    },
    async idle() {
      await adopting;
      await Promise.all(lanes.map((lane) => lane.idle()));
    },
    degraded: () => lanes.some((lane) => lane.degraded()),
    outboxSize: () => lanes.reduce((sum, lane) => sum + lane.outboxSize(), 0),
    async close() {
      await Promise.all(lanes.map((lane) => lane.close()));
      await adopting;
    },
  };
}
