/**
 * The report repository: rollups (rollup-build.ts, rollup-reads.ts), agent
 * state intervals, the rate tables, the region prefix table and the
 * retention settings, and the raw-call reads and deletes of retention and
 * the agent's own figures.
 */
import type { Knex } from 'knex';
import type { RateTable, ReportRepository, RetentionSetting } from '../../app/records/ports.ts';
import type { CallLeg } from '../../domain/call/call-record.ts';
import { bucketsOf } from '../../domain/reports/agent-time.ts';
import { bucketStart } from '../../domain/reports/buckets.ts';
import { type DbTime, fromDbTime, toDbTime } from '../db-time.ts';
import type { CallModel } from '../models/call.model.ts';
import type { CallLegModel } from '../models/call-leg.model.ts';
import { toCall, toLeg } from '../repositories/call-rows.ts';
import { checkInt, checkOptionalText, checkText } from '../repositories/input-checks.ts';
import { atomically, type RepositoryDeps } from '../repositories/repository-deps.ts';
import { dirtyBuckets, rebuildBucket, rebuildBuckets } from './rollup-build.ts';
import { agentTimeSlices, callSlices, regionSlices } from './rollup-reads.ts';

interface RateRow {
  rate_table_id: string;
  prefix: string;
  trunk: string;
  per_minute_micros: number | string;
  increment_s: number;
  minimum_s: number;
  setup_micros: number | string;
}

interface TableRow {
  id: string;
  business_line_id: string | null;
  name: string;
  currency: string;
  created_at: DbTime;
  updated_at: DbTime;
}

function checkRateTable(table: Omit<RateTable, 'createdAt' | 'updatedAt'>): void {
  checkText('name', table.name, 255);
  if (!/^[A-Z]{3}$/.test(table.currency)) checkText('currency', '', 3);
  checkOptionalText('businessLineId', table.businessLineId, 36);
  table.rates.forEach((r, i) => {
    if (!/^\d{0,32}$/.test(r.prefix)) checkText(`rates.${i}.prefix`, '', 32);
    checkText(`rates.${i}.trunk`, r.trunk, 64, true);
    checkInt(`rates.${i}.perMinuteMicros`, r.perMinuteMicros, 0, Number.MAX_SAFE_INTEGER);
    checkInt(`rates.${i}.incrementS`, r.incrementS, 1, 3600);
    checkInt(`rates.${i}.minimumS`, r.minimumS, 0, 3600);
    checkInt(`rates.${i}.setupMicros`, r.setupMicros, 0, Number.MAX_SAFE_INTEGER);
  });
}

async function rateTables(db: Knex, ids?: readonly string[]): Promise<RateTable[]> {
  const qb = db<TableRow>('rate_tables').orderBy('name');
  if (ids) qb.whereIn('id', [...ids]);
  const tables: TableRow[] = await qb;
  if (tables.length === 0) return [];
  const rates: RateRow[] = await db('rates')
    .whereIn(
      'rate_table_id',
      tables.map((t) => t.id),
    )
    .orderBy(['prefix', 'trunk']);
  return tables.map((t) => ({
    id: t.id,
    businessLineId: t.business_line_id,
    name: t.name,
    currency: t.currency,
    rates: rates
      .filter((r) => r.rate_table_id === t.id)
      .map((r) => ({
        prefix: r.prefix,
        trunk: r.trunk,
        perMinuteMicros: Number(r.per_minute_micros),
        incrementS: Number(r.increment_s),
        minimumS: Number(r.minimum_s),
        setupMicros: Number(r.setup_micros),
      })),
    createdAt: fromDbTime(t.created_at),
    updatedAt: fromDbTime(t.updated_at),
  }));
}

/** '' stands for "no business line" (the default) in `retention_settings`. */
const lineKey = (id: string | null) => id ?? '';

/** The report repository over `deps.db`. */
export function createReportRepository({ db }: RepositoryDeps): ReportRepository {
  return {
    dirtyBuckets: (limit) => dirtyBuckets(db, limit),
    rebuildBucket: (bucket) => rebuildBucket(db, bucket),
    rebuildBuckets: (buckets) => rebuildBuckets(db, buckets),
    callSlices: (filter, dimension, periodStarts) =>
      callSlices(db, filter, dimension, periodStarts),
    agentTimeSlices: (filter) => agentTimeSlices(db, filter),
    regionSlices: (filter) => regionSlices(db, filter),

    async appendStateIntervals(intervals) {
      if (intervals.length === 0) return;
      await atomically(db, async (trx) => {
        await trx('agent_state_intervals').insert(
          intervals.map((i) => ({
            id: crypto.randomUUID(),
            agent_id: i.agentId,
            business_line_id: i.businessLineId,
            state: i.state.slice(0, 16),
            reason: null,
            started_at: toDbTime(i.startedAt),
            ended_at: toDbTime(i.endedAt),
          })),
        );
        const buckets = [...new Set(intervals.flatMap(bucketsOf))];
        await trx('rollup_dirty')
          .insert(buckets.map((b) => ({ bucket_start: toDbTime(b) })))
          .onConflict('bucket_start')
          .ignore();
      });
    },

    async callsOfAgentSince(agentId, from) {
      const legCalls = db('call_legs').select('call_id').where('agent_id', agentId);
      const rows: CallModel[] = await db('calls')
        .where('started_at', '>=', toDbTime(from))
        .where((w) => w.where('agent_id', agentId).orWhereIn('id', legCalls))
        .orderBy('started_at');
      return rows.map(toCall);
    },

    listRateTables: () => rateTables(db),

    async saveRateTable(table, at) {
      checkRateTable(table);
      await atomically(db, async (trx) => {
        const known = await trx('rate_tables').where('id', table.id).first();
        const columns = {
          business_line_id: table.businessLineId,
          name: table.name,
          currency: table.currency,
          updated_at: toDbTime(at),
        };
        if (known) await trx('rate_tables').where('id', table.id).update(columns);
        else
          await trx('rate_tables').insert({ id: table.id, created_at: toDbTime(at), ...columns });
        await trx('rates').where('rate_table_id', table.id).delete();
        for (let i = 0; i < table.rates.length; i += 200) {
          await trx('rates').insert(
            table.rates.slice(i, i + 200).map((r) => ({
              id: crypto.randomUUID(),
              rate_table_id: table.id,
              prefix: r.prefix,
              trunk: r.trunk,
              per_minute_micros: r.perMinuteMicros,
              increment_s: r.incrementS,
              minimum_s: r.minimumS,
              setup_micros: r.setupMicros,
            })),
          );
        }
      });
      return (await rateTables(db, [table.id]))[0]!;
    },

    async deleteRateTable(id) {
      return (await db('rate_tables').where('id', id).delete()) > 0;
    },

    async listRegionPrefixes() {
      const rows: Array<{ prefix: string; region: string }> = await db('region_prefixes')
        .orderBy('prefix')
        .select('prefix', 'region');
      return rows;
    },

    async replaceRegionPrefixes(rows, at) {
      rows.forEach((r, i) => {
        if (!/^\d{1,32}$/.test(r.prefix)) checkText(`prefixes.${i}.prefix`, '', 32);
        checkText(`prefixes.${i}.region`, r.region, 128);
      });
      await atomically(db, async (trx) => {
        await trx('region_prefixes').delete();
        for (let i = 0; i < rows.length; i += 300) {
          await trx('region_prefixes').insert(
            rows
              .slice(i, i + 300)
              .map((r) => ({ prefix: r.prefix, region: r.region, created_at: toDbTime(at) })),
          );
        }
      });
    },

    async listRetention() {
      const rows: Array<{
        business_line_id: string;
        call_days: number | null;
        recording_days: number | null;
        archive: number | boolean;
        updated_at: DbTime;
      }> = await db('retention_settings').orderBy('business_line_id');
      return rows.map(
        (r): RetentionSetting => ({
          businessLineId: r.business_line_id === '' ? null : r.business_line_id,
          callDays: r.call_days === null ? null : Number(r.call_days),
          recordingDays: r.recording_days === null ? null : Number(r.recording_days),
          archive: Boolean(r.archive),
          updatedAt: fromDbTime(r.updated_at),
        }),
      );
    },

    async saveRetention(setting, at) {
      for (const [field, days] of [
        ['callDays', setting.callDays],
        ['recordingDays', setting.recordingDays],
      ] as const) {
        if (days !== null) checkInt(field, days, 1, 36_500);
      }
      const columns = {
        call_days: setting.callDays,
        recording_days: setting.recordingDays,
        archive: setting.archive,
        updated_at: toDbTime(at),
      };
      await db('retention_settings')
        .insert({ business_line_id: lineKey(setting.businessLineId), ...columns })
        .onConflict('business_line_id')
        .merge(Object.keys(columns));
      return { ...setting, updatedAt: at };
    },

    async callsBefore(cutoff, scope, limit) {
      const qb = db('calls').where('started_at', '<', toDbTime(cutoff));
      if (scope.businessLineIds) qb.whereIn('business_line_id', [...scope.businessLineIds]);
      if (scope.exceptBusinessLineIds && scope.exceptBusinessLineIds.length > 0) {
        const except = [...scope.exceptBusinessLineIds];
        qb.where((w) => w.whereNull('business_line_id').orWhereNotIn('business_line_id', except));
      }
      const rows: CallModel[] = await qb.orderBy('started_at').limit(limit);
      if (rows.length === 0) return [];
      const legs: CallLegModel[] = await db('call_legs').whereIn(
        'call_id',
        rows.map((r) => r.id),
      );
      const legsOf = new Map<string, CallLeg[]>();
      for (const leg of legs.map(toLeg))
        legsOf.set(leg.callId, [...(legsOf.get(leg.callId) ?? []), leg]);
      return rows.map((r) => ({ call: toCall(r), legs: legsOf.get(r.id) ?? [] }));
    },

    async deleteCalls(ids) {
      if (ids.length === 0) return 0;
      return atomically(db, async (trx) => {
        await trx('call_legs')
          .whereIn('call_id', [...ids])
          .delete();
        return trx('calls')
          .whereIn('id', [...ids])
          .delete();
      });
    },
  };
}

/** The bucket a time falls in, as stored (for tests and tools). */
export const storedBucket = (ms: number): string => toDbTime(bucketStart(ms));
