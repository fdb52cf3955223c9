/**
 * Report reads: rollup rows of [from, to) summed per bucket and per value of
 * one dimension. A month is ~2,900 buckets; a report reads the rows of its
 * own grain, so it sums a few rows per bucket and dimension value whatever
 * the number of raw calls.
 */
import type { Knex } from 'knex';
import type {
  AgentTimeSlice,
  RegionSlice,
  RollupDimension,
  RollupFilter,
  RollupSlice,
} from '../../app/records/ports.ts';
import type { RollupGrain } from '../../domain/reports/rollup.ts';
import { type DbTime, fromDbTime, toDbTime } from '../db-time.ts';
import {
  AGENT_TIME_COLUMNS,
  CALL_COUNTER_COLUMNS,
  countersFromRow,
  REGION_COLUMNS,
} from './rollup-columns.ts';

const DIMENSION_COLUMN: Record<RollupDimension, string | null> = {
  queue: 'queue_id',
  agent: 'agent_id',
  campaign: 'campaign_id',
  'business-line': 'business_line_id',
  direction: 'direction',
  none: null,
};

/** Filter lists by the column they restrict. */
function listsOf(filter: RollupFilter): Array<[string, readonly string[] | undefined]> {
  return [
    ['business_line_id', filter.businessLineIds],
    ['queue_id', filter.queueIds],
    ['agent_id', filter.agentIds],
    ['campaign_id', filter.campaignIds],
    ['direction', filter.directions],
  ];
}

/**
 * The rollup grain a report reads: the rows of its own dimension when it
 * filters only on that dimension and business lines (the common case, a
 * few rows per bucket), the detail rows otherwise.
 */
export function grainFor(filter: RollupFilter, dimension: RollupDimension): RollupGrain {
  const own = DIMENSION_COLUMN[dimension];
  const crossing = listsOf(filter).some(
    ([column, values]) => values !== undefined && column !== 'business_line_id' && column !== own,
  );
  if (crossing) return 'detail';
  return dimension === 'none' || dimension === 'business-line' ? 'line' : dimension;
}

function filtered(qb: Knex.QueryBuilder, filter: RollupFilter, columns: readonly string[]): void {
  qb.where('bucket_start', '>=', toDbTime(filter.from)).where(
    'bucket_start',
    '<',
    toDbTime(filter.to),
  );
  for (const [column, values] of listsOf(filter)) {
    if (values !== undefined && columns.includes(column)) qb.whereIn(column, [...values]);
  }
}

const sums = (db: Knex, columns: readonly string[]) =>
  columns.map((c) => db.raw('sum(??) as ??', [c, c]));

/**
 * The index of the period a bucket falls in, as SQL: `CASE WHEN bucket_start
 * < start1 THEN 0 WHEN bucket_start < start2 THEN 1 ... ELSE n-1 END`.
 * Stored times compare as text on SQLite and as DATETIME on MariaDB alike.
 */
function periodIndex(db: Knex, starts: readonly number[]): Knex.Raw {
  if (starts.length < 2) return db.raw('0');
  const whens = starts.slice(1).map((_, i) => `WHEN bucket_start < ? THEN ${i}`);
  return db.raw(`CASE ${whens.join(' ')} ELSE ${starts.length - 1} END`, [
    ...starts.slice(1).map(toDbTime),
  ]);
}

/**
 * Call counters per bucket and dimension value; with `periodStarts`, summed
 * per period by the database (a month by day is ~30 rows per value, not
 * ~3,000), each slice's `bucketStart` being its period's start.
 */
export async function callSlices(
  db: Knex,
  filter: RollupFilter,
  dimension: RollupDimension,
  periodStarts?: readonly number[],
): Promise<RollupSlice[]> {
  const column = DIMENSION_COLUMN[dimension];
  const grain = grainFor(filter, dimension);
  const byPeriod = periodStarts !== undefined && periodStarts.length > 0;
  const time = byPeriod ? periodIndex(db, periodStarts) : db.raw('??', ['bucket_start']);
  const qb = db('call_rollups_15m')
    .where('grain', grain)
    .select(db.raw('? as ??', [time, 'slot']));
  if (column) qb.select({ dimension: column });
  qb.select(sums(db, CALL_COUNTER_COLUMNS));
  filtered(qb, filter, ['business_line_id', 'queue_id', 'agent_id', 'campaign_id', 'direction']);
  qb.groupBy(column ? ['slot', column] : ['slot']);
  const rows: Array<Record<string, unknown> & { slot: DbTime; dimension?: string }> = await qb;
  return rows.map((row) => ({
    bucketStart: byPeriod ? periodStarts[Number(row.slot)]! : fromDbTime(row.slot),
    dimension: row.dimension ?? '',
    counters: countersFromRow(row),
  }));
}

/** Agent time per bucket and agent. */
export async function agentTimeSlices(db: Knex, filter: RollupFilter): Promise<AgentTimeSlice[]> {
  const qb = db('agent_rollups_15m').select(
    'bucket_start',
    'agent_id',
    'business_line_id',
    ...Object.values(AGENT_TIME_COLUMNS),
  );
  filtered(qb, filter, ['business_line_id', 'agent_id']);
  const rows: Array<
    Record<string, unknown> & { bucket_start: DbTime; agent_id: string; business_line_id: string }
  > = await qb;
  return rows.map((row) => ({
    bucketStart: fromDbTime(row.bucket_start),
    agentId: row.agent_id,
    businessLineId: row.business_line_id,
    time: {
      loggedInMs: Number(row.logged_in_ms),
      availableMs: Number(row.available_ms),
      pausedMs: Number(row.paused_ms),
      busyMs: Number(row.busy_ms),
      wrapMs: Number(row.wrap_ms),
    },
  }));
}

/** Caller-origin counters per bucket and origin. */
export async function regionSlices(db: Knex, filter: RollupFilter): Promise<RegionSlice[]> {
  const qb = db('call_region_rollups_15m')
    .select('bucket_start', 'country', 'region', 'number_type')
    .select(sums(db, Object.values(REGION_COLUMNS)));
  filtered(qb, filter, ['business_line_id']);
  qb.groupBy(['bucket_start', 'country', 'region', 'number_type']);
  const rows: Array<
    Record<string, unknown> & {
      bucket_start: DbTime;
      country: string;
      region: string;
      number_type: string;
    }
  > = await qb;
  return rows.map((row) => ({
    bucketStart: fromDbTime(row.bucket_start),
    country: row.country,
    region: row.region,
    numberType: row.number_type,
    counters: {
      calls: Number(row.calls),
      answered: Number(row.answered),
      abandoned: Number(row.abandoned),
      talkMs: Number(row.talk_ms),
      costMicros: Number(row.cost_micros),
    },
  }));
}
