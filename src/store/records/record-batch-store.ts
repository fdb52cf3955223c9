/**
 * Writes batches of call pictures in one transaction each:
 *
 * 1. the batch is folded into one entry per call (record-entry.ts);
 * 2. application pictures are upserted as they are: their defined fields
 *    replace the stored ones, fields they leave undefined are not written
 *    (one multi-row statement per set of columns, so no read is needed);
 * 3. PBX pictures are combined with what is stored: dropped when our
 *    application recorded the call, or when one of their channels already
 *    belongs to another call (an application leg under another linkedid),
 *    else merged with the stored PBX picture;
 * 4. legs are upserted on their channel uniqueid, calls on their linkedid,
 *    so a repeated or replayed batch changes nothing (new rows get
 *    time-ordered ids, so InnoDB appends them: ordered-id.ts);
 * 5. the 15-minute buckets the calls start in are marked for the rollups.
 */
import type { Knex } from 'knex';
import mysql from 'mysql2';
import type { RecordBatchStore } from '../../app/records/ports.ts';
import {
  coalesceEntries,
  combineEntries,
  isStale,
  type LegInput,
  type RecordEntry,
  type RecordInput,
  sourceOf,
} from '../../domain/call/record-entry.ts';
import { bucketStart } from '../../domain/reports/buckets.ts';
import { isSqlite } from '../connection.ts';
import { toDbTime } from '../db-time.ts';
import type { CallModel } from '../models/call.model.ts';
import type { CallLegModel } from '../models/call-leg.model.ts';
import { orderedId } from '../ordered-id.ts';
import { checkCallRow, checkLegRow } from '../repositories/call-checks.ts';
import { callColumns, legColumns, toCall, toLeg } from '../repositories/call-rows.ts';
import { atomically } from '../repositories/repository-deps.ts';
import { upsertStatement } from './upsert-sql.ts';

/** Bound values per statement (SQLite allows 32,766, MySQL 65,535). */
const MAX_PARAMS = 30_000;
/** Rows per read of a list of keys. */
const KEYS_PER_READ = 500;

/** Adds what is derived from a record before it is written (caller region, cost). */
export type RecordEnricher = (record: RecordInput) => RecordInput;

function chunks<T>(items: readonly T[], size = KEYS_PER_READ): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Every column of a record, with stored defaults for details never set. */
function completeRecord(record: RecordInput): RecordInput {
  return {
    source: 'app',
    trunk: null,
    ivrPath: null,
    queueEnteredAt: null,
    holdMs: null,
    wrapUpMs: null,
    transfers: 0,
    callbackRequested: false,
    campaignId: null,
    attempt: null,
    costMicros: null,
    callerCountry: null,
    callerRegion: null,
    callerNumberType: null,
    ...Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)),
  } as RecordInput;
}

function completeLeg(leg: LegInput): LegInput {
  return { ringingAt: null, ...leg, ...(leg.ringingAt === undefined ? { ringingAt: null } : {}) };
}

async function storedEntries(trx: Knex, linkedIds: string[]) {
  const byLinkedId = new Map<string, { id: string; entry: RecordEntry }>();
  for (const part of chunks(linkedIds)) {
    const calls: CallModel[] = await trx('calls').whereIn('linked_id', part);
    if (calls.length === 0) continue;
    const legs: CallLegModel[] = await trx('call_legs').whereIn(
      'call_id',
      calls.map((c) => c.id),
    );
    for (const row of calls) {
      const { id, ...record } = toCall(row);
      const own = legs
        .filter((l) => l.call_id === id)
        .map((l) => {
          const { id: _id, callId: _callId, ...leg } = toLeg(l);
          return leg;
        });
      byLinkedId.set(row.linked_id, { id, entry: { record, legs: own } });
    }
  }
  return byLinkedId;
}

/** Channel ids of PBX captures that already belong to a call with another linkedid. */
async function foreignChannels(trx: Knex, entries: readonly RecordEntry[]): Promise<Set<string>> {
  const wanted = entries
    .filter((e) => sourceOf(e.record) === 'pbx')
    .flatMap((e) => e.legs.map((l) => ({ channelId: l.channelId, linkedId: e.record.linkedId })));
  const foreign = new Set<string>();
  for (const part of chunks(wanted)) {
    const rows: Array<{ channel_id: string; linked_id: string }> = await trx('call_legs')
      .join('calls', 'calls.id', 'call_legs.call_id')
      .whereIn(
        'call_legs.channel_id',
        part.map((w) => w.channelId),
      )
      .select('call_legs.channel_id', 'calls.linked_id');
    for (const row of rows) {
      const mine = part.find((w) => w.channelId === row.channel_id);
      if (mine && mine.linkedId !== row.linked_id) foreign.add(mine.linkedId);
    }
  }
  return foreign;
}

/**
 * Upserts rows on `key`: rows with the same columns share multi-row
 * statements, and only the columns a row has are updated (a column left
 * undefined is not written).
 */
async function upsertRows(
  trx: Knex,
  table: string,
  key: string,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  const dialect = isSqlite(trx) ? 'sqlite' : 'mysql';
  const groups = new Map<string, Array<Record<string, unknown>>>();
  for (const row of rows) {
    // Rows are built by the same functions, so the same columns come in the same order.
    let columns = '';
    for (const column in row) if (row[column] !== undefined) columns += `${column},`;
    const group = groups.get(columns);
    if (group === undefined) groups.set(columns, [row]);
    else group.push(row);
  }
  for (const [joined, group] of groups) {
    const columns = ['id', ...joined.split(',').filter((c) => c !== 'id' && c !== '')];
    const updates = columns.filter((c) => c !== key && c !== 'id');
    const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
    for (const part of chunks(group, perStatement)) {
      const { sql, bindings } = upsertStatement(
        dialect,
        table,
        key,
        columns,
        updates,
        part.map((row) => ({ id: orderedId(), ...row })),
        // MySQL: values escaped by the driver's own function, written into the statement; through
        // bindings its thousands of placeholders would be scanned twice (knex, then the driver).
        dialect === 'mysql'
          ? (value) => mysql.escape(value as Parameters<typeof mysql.escape>[0])
          : undefined,
      );
      if (bindings.length === 0) await trx.raw(sql);
      else await trx.raw(sql, bindings as Knex.RawBinding[]);
    }
  }
}

async function callIds(trx: Knex, linkedIds: readonly string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const part of chunks(linkedIds)) {
    const rows: Array<{ id: string; linked_id: string }> = await trx('calls')
      .whereIn('linked_id', part)
      .select('id', 'linked_id');
    for (const row of rows) ids.set(row.linked_id, row.id);
  }
  return ids;
}

async function markDirty(trx: Knex, starts: readonly number[]) {
  // In ascending order: batches of several writer lanes mark shared buckets in one order, so they
  // may wait for each other but never deadlock on them.
  const buckets = [...new Set(starts.map(bucketStart))]
    .sort((a, b) => a - b)
    .map((b) => ({ bucket_start: toDbTime(b) }));
  for (const part of chunks(buckets)) {
    await trx('rollup_dirty').insert(part).onConflict('bucket_start').ignore();
  }
}

/**
 * PBX pictures combined with what is stored (those of calls our application
 * recorded are dropped), and the stored start times they move away from.
 */
async function capturedFinals(trx: Knex, folded: readonly RecordEntry[]) {
  const captured = folded.filter((e) => sourceOf(e.record) === 'pbx');
  const finals: RecordEntry[] = [];
  const movedFrom: number[] = [];
  if (captured.length === 0) return { finals, movedFrom };
  const stored = await storedEntries(
    trx,
    captured.map((e) => e.record.linkedId),
  );
  const foreign = await foreignChannels(trx, captured);
  for (const entry of captured) {
    if (foreign.has(entry.record.linkedId)) continue;
    const known = stored.get(entry.record.linkedId);
    const combined = known ? combineEntries(known.entry, entry) : entry;
    if (combined === undefined) continue;
    finals.push(combined);
    if (known && known.entry.record.startedAt !== combined.record.startedAt) {
      movedFrom.push(known.entry.record.startedAt);
    }
  }
  return { finals, movedFrom };
}

/**
 * Application pictures that are not older than the stored one of their
 * call (a late delivery of an earlier picture must not undo a later one).
 */
async function currentAppEntries(trx: Knex, folded: readonly RecordEntry[]) {
  const app = folded.filter((e) => sourceOf(e.record) === 'app');
  const counted = app.filter((e) => e.revision !== undefined).map((e) => e.record.linkedId);
  const stored = new Map<string, number>();
  for (const part of chunks(counted)) {
    const rows: Array<{ linked_id: string; picture_revision: number | null }> = await trx('calls')
      .whereIn('linked_id', part)
      .whereNotNull('picture_revision')
      .select('linked_id', 'picture_revision');
    for (const row of rows) stored.set(row.linked_id, Number(row.picture_revision));
  }
  return app.filter((e) => !isStale({ revision: stored.get(e.record.linkedId) }, e));
}

/** Throws VALIDATION_FAILED when a picture does not fit its columns (the writer then drops it). */
function checkEntry(entry: RecordEntry): void {
  checkCallRow(entry.record);
  for (const leg of entry.legs) checkLegRow(leg);
}

/** The batch store over `db`; `enrich` derives region and cost (identity by default). */
export function createRecordBatchStore(
  db: Knex,
  enrich: RecordEnricher = (record) => record,
): RecordBatchStore {
  return {
    async writeBatch(entries) {
      const folded = coalesceEntries(entries);
      for (const entry of folded) checkEntry(entry);
      if (folded.length === 0) return;
      await atomically(db, async (trx) => {
        const captured = await capturedFinals(trx, folded);
        const finals = [
          ...(await currentAppEntries(trx, folded)).map((e) => ({
            record: enrich({ ...e.record, source: 'app' as const }),
            legs: e.legs,
            complete: false,
            revision: e.revision,
          })),
          ...captured.finals.map((e) => ({
            record: enrich(e.record),
            legs: e.legs,
            complete: true,
            revision: undefined,
          })),
        ];
        if (finals.length === 0) return;
        await upsertRows(
          trx,
          'calls',
          'linked_id',
          finals.map((f) => ({
            ...callColumns(f.complete ? completeRecord(f.record) : f.record),
            ...(f.revision === undefined ? {} : { picture_revision: f.revision }),
          })),
        );
        const ids = await callIds(
          trx,
          finals.map((f) => f.record.linkedId),
        );
        const legs = finals.flatMap((f) =>
          f.legs.map((leg) =>
            legColumns(f.complete ? completeLeg(leg) : leg, ids.get(f.record.linkedId)!),
          ),
        );
        await upsertRows(trx, 'call_legs', 'channel_id', legs);
        // Application pictures never move a call's start (ACD, IVR and dialer keep their first);
        // a PBX merge may move it earlier, and then the bucket it left is rebuilt too.
        await markDirty(trx, [...finals.map((f) => f.record.startedAt), ...captured.movedFrom]);
      });
    },
    async ping() {
      await db.raw('select 1');
    },
  };
}
