/**
 * Recomputing the rollups of 15-minute buckets from their raw calls and
 * the agent state intervals that overlap them (the arithmetic is the
 * domain's: rollup.ts, agent-time.ts); consecutive buckets are read
 * together. A bucket's dirty mark is removed before its calls are read, so
 * a call written meanwhile marks it again and the bucket is rebuilt once
 * more: a rollup is never left stale.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Knex } from 'knex';
import type { CallRecord } from '../../domain/call/call-record.ts';
import { agentTimeInBucket, type StateInterval } from '../../domain/reports/agent-time.ts';
import { BUCKET_MS, bucketStart } from '../../domain/reports/buckets.ts';
import { regionRows, rollupRows } from '../../domain/reports/rollup.ts';
import { type DbTime, fromDbTime, toDbTime } from '../db-time.ts';
import type { CallModel } from '../models/call.model.ts';
import { toCall } from '../repositories/call-rows.ts';
import { atomically } from '../repositories/repository-deps.ts';
import { AGENT_TIME_COLUMNS, counterColumns, REGION_COLUMNS } from './rollup-columns.ts';

const ROWS_PER_STATEMENT = 200;
/**
 * Calls read per query. A busy hour holds tens of thousands of calls, and
 * on SQLite a read runs on the event loop: in pages, with a turn of the
 * loop between them, the calls being routed meanwhile wait for one page at
 * most, not for the whole run.
 */
const CALLS_PER_READ = 1000;

/** The calls started in [from, to), read page by page in (started_at, id) order. */
async function callsBetween(db: Knex, from: DbTime, to: DbTime): Promise<CallRecord[]> {
  const calls: CallRecord[] = [];
  let after: { startedAt: DbTime; id: string } | null = null;
  for (;;) {
    const q = db('calls').where('started_at', '<', to);
    if (after === null) q.where('started_at', '>=', from);
    else {
      const { startedAt, id } = after;
      // The plain bound gives every planner one range on started_at; the OR then skips the ties already read.
      q.where('started_at', '>=', startedAt).where((w) =>
        w
          .where('started_at', '>', startedAt)
          .orWhere((x) => x.where({ started_at: startedAt }).where('id', '>', id)),
      );
    }
    const rows: CallModel[] = await q.orderBy(['started_at', 'id']).limit(CALLS_PER_READ);
    for (const row of rows) calls.push(toCall(row));
    if (rows.length < CALLS_PER_READ) return calls;
    const last = rows[rows.length - 1]!;
    after = { startedAt: last.started_at, id: last.id };
    await nextTurn();
  }
}

interface IntervalRow {
  agent_id: string;
  business_line_id: string | null;
  state: string;
  started_at: DbTime;
  ended_at: DbTime;
}

async function insertChunks(trx: Knex, table: string, rows: Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await trx(table).insert(rows.slice(i, i + ROWS_PER_STATEMENT));
    // SQLite runs each statement on the event loop: let calls be routed between them.
    await nextTurn();
  }
}

async function serviceLevels(db: Knex, queueIds: string[]): Promise<Map<string, number>> {
  if (queueIds.length === 0) return new Map();
  const rows: Array<{ id: string; service_level_s: number }> = await db('queues')
    .whereIn('id', queueIds)
    .select('id', 'service_level_s');
  return new Map(rows.map((r) => [r.id, Number(r.service_level_s)]));
}

async function intervalsOf(db: Knex, from: string, to: string): Promise<StateInterval[]> {
  const rows: IntervalRow[] = await db('agent_state_intervals')
    .where('started_at', '<', to)
    .where('ended_at', '>', from);
  return rows.map((r) => ({
    agentId: r.agent_id,
    businessLineId: r.business_line_id,
    state: r.state,
    startedAt: fromDbTime(r.started_at),
    endedAt: fromDbTime(r.ended_at),
  }));
}

/** The rollup rows of one bucket, from its calls and the agent intervals overlapping it. */
function bucketRows(
  bucket: number,
  calls: readonly CallRecord[],
  intervals: readonly StateInterval[],
  levels: Map<string, number>,
) {
  const at = toDbTime(bucket);
  const callRows = rollupRows(calls, (q) => levels.get(q) ?? null).map((r) => ({
    grain: r.key.grain,
    bucket_start: at,
    business_line_id: r.key.businessLineId,
    queue_id: r.key.queueId,
    agent_id: r.key.agentId,
    campaign_id: r.key.campaignId,
    direction: r.key.direction,
    ...counterColumns(r.counters),
  }));
  const regions = regionRows(calls).map((r) => ({
    bucket_start: at,
    business_line_id: r.key.businessLineId,
    country: r.key.country,
    region: r.key.region,
    number_type: r.key.numberType,
    ...Object.fromEntries(
      Object.entries(REGION_COLUMNS).map(([k, col]) => [
        col,
        r.counters[k as keyof typeof REGION_COLUMNS],
      ]),
    ),
  }));
  const agents = [...agentTimeInBucket(intervals, bucket)].map(
    ([agentId, { businessLineId, time }]) => ({
      bucket_start: at,
      agent_id: agentId,
      business_line_id: businessLineId,
      ...Object.fromEntries(
        Object.entries(AGENT_TIME_COLUMNS).map(([k, col]) => [
          col,
          time[k as keyof typeof AGENT_TIME_COLUMNS],
        ]),
      ),
    }),
  );
  return { callRows, regions, agents };
}

/**
 * Rebuilds every rollup of consecutive buckets `first`..`first + count - 1`
 * with one read of their calls and agent intervals, in one transaction.
 */
async function rebuildRun(db: Knex, first: number, count: number): Promise<void> {
  const from = toDbTime(first);
  const to = toDbTime(first + count * BUCKET_MS);
  const starts = Array.from({ length: count }, (_, i) => toDbTime(first + i * BUCKET_MS));
  await db('rollup_dirty').whereIn('bucket_start', starts).delete();
  try {
    const calls = await callsBetween(db, from, to);
    const levels = await serviceLevels(db, [
      ...new Set(calls.flatMap((c) => (c.queueId === null ? [] : [c.queueId]))),
    ]);
    const intervals = await intervalsOf(db, from, to);
    await nextTurn();
    const byBucket = new Map<number, CallRecord[]>();
    for (const call of calls) {
      const b = bucketStart(call.startedAt);
      const inBucket = byBucket.get(b);
      if (inBucket === undefined) byBucket.set(b, [call]);
      else inBucket.push(call);
    }
    const built: Array<ReturnType<typeof bucketRows>> = [];
    for (let i = 0; i < count; i += 1) {
      const bucket = first + i * BUCKET_MS;
      const calls = byBucket.get(bucket) ?? [];
      built.push(bucketRows(bucket, calls, intervals, levels));
      if (calls.length > 0) await nextTurn();
    }
    await atomically(db, async (trx) => {
      for (const table of ['call_rollups_15m', 'call_region_rollups_15m', 'agent_rollups_15m']) {
        await trx(table).whereIn('bucket_start', starts).delete();
      }
      await insertChunks(
        trx,
        'call_rollups_15m',
        built.flatMap((b) => b.callRows),
      );
      await insertChunks(
        trx,
        'call_region_rollups_15m',
        built.flatMap((b) => b.regions),
      );
      await insertChunks(
        trx,
        'agent_rollups_15m',
        built.flatMap((b) => b.agents),
      );
    });
  } catch (error) {
    // Mark them again so the next pass retries them.
    await db('rollup_dirty')
      .insert(starts.map((bucket_start) => ({ bucket_start })))
      .onConflict('bucket_start')
      .ignore();
    throw error;
  }
}

/** Buckets read and rebuilt together (4 hours): fewer, larger reads of the raw calls. */
const RUN = 16;

/** Rebuilds the rollups of `buckets`, consecutive ones together. */
export async function rebuildBuckets(db: Knex, buckets: readonly number[]): Promise<void> {
  const sorted = [...new Set(buckets)].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; ) {
    let count = 1;
    while (
      i + count < sorted.length &&
      count < RUN &&
      sorted[i + count] === sorted[i]! + count * BUCKET_MS
    ) {
      count += 1;
    }
    await rebuildRun(db, sorted[i]!, count);
    i += count;
  }
}

/** Rebuilds every rollup of the bucket starting at `bucket`. */
export function rebuildBucket(db: Knex, bucket: number): Promise<void> {
  return rebuildRun(db, bucket, 1);
}

/** Buckets waiting to be rebuilt, oldest first. */
export async function dirtyBuckets(db: Knex, limit: number): Promise<number[]> {
  const rows: Array<{ bucket_start: DbTime }> = await db('rollup_dirty')
    .orderBy('bucket_start')
    .limit(limit)
    .select('bucket_start');
  return rows.map((r) => fromDbTime(r.bucket_start));
}
