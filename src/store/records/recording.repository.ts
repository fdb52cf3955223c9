/**
 * The recording index (`recordings`), joined to `calls` by linkedid for
 * searches by business line, agent, number and date. A recording whose call
 * is not (yet) recorded has no business line: only admins' searches, which
 * carry no business-line scope, find it.
 */
import type { Knex } from 'knex';
import type { Clock } from '../../app/clock.ts';
import type { PageRequest } from '../../app/ports.ts';
import type { RecordingFilter, RecordingRepository } from '../../app/records/ports.ts';
import type { Recording, RecordingInput } from '../../domain/call/recording.ts';
import { type DbTime, fromDbTime, fromDbTimeOrNull, toDbTime, toDbTimeOrNull } from '../db-time.ts';
import { checkInt, checkText, checkTime } from '../repositories/input-checks.ts';
import { checkPage, distinct } from '../repositories/listing.ts';

interface RecordingRow {
  id: string;
  linked_id: string;
  name: string;
  format: string;
  started_at: DbTime | null;
  ended_at: DbTime;
  duration_ms: number;
  size_bytes: number | string | null;
  deleted_at: DbTime | null;
  created_at: DbTime;
}

function toRecording(row: RecordingRow): Recording {
  return {
    id: row.id,
    linkedId: row.linked_id,
    name: row.name,
    format: row.format,
    startedAt: fromDbTimeOrNull(row.started_at),
    endedAt: fromDbTime(row.ended_at),
    durationMs: Number(row.duration_ms),
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    deletedAt: fromDbTimeOrNull(row.deleted_at),
    createdAt: fromDbTime(row.created_at),
  };
}

function checkInput(input: RecordingInput): void {
  checkText('linkedId', input.linkedId, 150);
  checkText('name', input.name, 255);
  checkText('format', input.format, 16);
  checkTime('startedAt', input.startedAt, true);
  checkTime('endedAt', input.endedAt);
  checkInt('durationMs', input.durationMs, 0);
  if (input.sizeBytes !== null) checkInt('sizeBytes', input.sizeBytes, 0, Number.MAX_SAFE_INTEGER);
}

const COLUMNS = [
  'recordings.id',
  'recordings.linked_id',
  'recordings.name',
  'recordings.format',
  'recordings.started_at',
  'recordings.ended_at',
  'recordings.duration_ms',
  'recordings.size_bytes',
  'recordings.deleted_at',
  'recordings.created_at',
];

/** Restricts a recordings-join-calls query to `filter`. */
function applyFilter(db: Knex, qb: Knex.QueryBuilder, filter: RecordingFilter): void {
  if (filter.businessLineIds) qb.whereIn('calls.business_line_id', [...filter.businessLineIds]);
  for (const agentId of [filter.ownAgentId, filter.agentId]) {
    if (agentId === undefined) continue;
    const legCalls = db('call_legs').select('call_id').where('agent_id', agentId);
    qb.where((w) => w.where('calls.agent_id', agentId).orWhereIn('calls.id', legCalls));
  }
  if (filter.numbers) {
    const numbers = [...filter.numbers];
    qb.where((w) => w.whereIn('calls.ani', numbers).orWhereIn('calls.dnis', numbers));
  }
  if (filter.from !== undefined) qb.where('recordings.ended_at', '>=', toDbTime(filter.from));
  if (filter.to !== undefined) qb.where('recordings.ended_at', '<', toDbTime(filter.to));
}

/** The recording index over `db`. */
export function createRecordingRepository(deps: { db: Knex; clock: Clock }): RecordingRepository {
  const { db, clock } = deps;
  const byName = async (name: string) => {
    const row = await db<RecordingRow>('recordings').where('name', name).first();
    return row ? toRecording(row) : undefined;
  };
  return {
    async index(input) {
      checkInput(input);
      const columns = {
        linked_id: input.linkedId,
        name: input.name,
        format: input.format,
        started_at: toDbTimeOrNull(input.startedAt),
        ended_at: toDbTime(input.endedAt),
        duration_ms: input.durationMs,
        size_bytes: input.sizeBytes,
      };
      await db('recordings')
        .insert({ id: crypto.randomUUID(), created_at: toDbTime(clock.now()), ...columns })
        .onConflict('name')
        .merge(Object.keys(columns));
      return (await byName(input.name))!;
    },

    async get(id) {
      const row = await db<RecordingRow>('recordings').where('id', id).first();
      return row ? toRecording(row) : undefined;
    },

    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows: RecordingRow[] = await db('recordings').whereIn('id', distinct(ids));
      return rows.map(toRecording);
    },

    async search(filter: RecordingFilter, page: PageRequest) {
      checkPage(page);
      if (filter.businessLineIds?.length === 0 || filter.numbers?.length === 0) return [];
      const qb = db('recordings')
        .leftJoin('calls', 'calls.linked_id', 'recordings.linked_id')
        .whereNull('recordings.deleted_at')
        .select(COLUMNS);
      applyFilter(db, qb, filter);
      const rows: RecordingRow[] = await qb
        .orderBy('recordings.ended_at', 'desc')
        .orderBy('recordings.id', 'desc')
        .offset(page.offset)
        .limit(page.limit);
      return rows.map(toRecording);
    },

    async ofCalls(linkedIds) {
      if (linkedIds.length === 0) return [];
      const rows: RecordingRow[] = await db('recordings')
        .whereIn('linked_id', distinct(linkedIds))
        .whereNull('deleted_at')
        .orderBy('ended_at');
      return rows.map(toRecording);
    },

    async endedBefore(cutoff, scope, limit) {
      const qb = db('recordings')
        .leftJoin('calls', 'calls.linked_id', 'recordings.linked_id')
        .whereNull('recordings.deleted_at')
        .where('recordings.ended_at', '<', toDbTime(cutoff))
        .select(COLUMNS);
      if (scope.businessLineIds) qb.whereIn('calls.business_line_id', [...scope.businessLineIds]);
      if (scope.exceptBusinessLineIds && scope.exceptBusinessLineIds.length > 0) {
        const except = [...scope.exceptBusinessLineIds];
        qb.where((w) =>
          w.whereNull('calls.business_line_id').orWhereNotIn('calls.business_line_id', except),
        );
      }
      const rows: RecordingRow[] = await qb.orderBy('recordings.ended_at').limit(limit);
      return rows.map(toRecording);
    },

    async linkedIdOfChannel(channelId) {
      const row: { linked_id: string } | undefined = await db('call_legs')
        .join('calls', 'calls.id', 'call_legs.call_id')
        .where('call_legs.channel_id', channelId)
        .first('calls.linked_id');
      return row?.linked_id;
    },

    async markDeleted(ids, at) {
      if (ids.length === 0) return;
      await db('recordings')
        .whereIn('id', distinct(ids))
        .update({ deleted_at: toDbTime(at) });
    },
  };
}
