/**
 * Call-detail records (`calls`) and their legs (`call_legs`). Writers upsert on
 * Asterisk's ids (linkedid, channel uniqueid) so that replaying an event after a
 * reconnect updates the row instead of adding a second one.
 */
import type { Knex } from 'knex';
import type { CallFilter, CallRepository } from '../../app/ports.ts';
import { bucketStart } from '../../domain/reports/buckets.ts';
import { REFERENCED } from '../constraints.ts';
import { withConstraintErrors } from '../db-errors.ts';
import { MAX_DB_TIME, MIN_DB_TIME, toDbTime } from '../db-time.ts';
import { CallModel } from '../models/call.model.ts';
import { CallLegModel } from '../models/call-leg.model.ts';
import { checkCallRow, checkLegRow } from './call-checks.ts';
import { callColumns, legColumns, toCall, toLeg } from './call-rows.ts';
import { checkLongText, checkNumber, checkOptionalText } from './input-checks.ts';
import { checkPage, distinct, paged } from './listing.ts';
import type { RepositoryDeps } from './repository-deps.ts';

/** Bounds on stored start times for [from, to); null when no storable time can match. */
function timeRange(filter: CallFilter): { from?: string; to?: string } | null {
  const { from, to } = filter;
  if (from !== undefined) checkNumber('from', from, -Infinity, Infinity);
  if (to !== undefined) checkNumber('to', to, -Infinity, Infinity);
  // Stored times are whole ms: `>= 1.5` means `>= 2` and `< 1.5` means `< 2`.
  if ((from !== undefined && from > MAX_DB_TIME) || (to !== undefined && to <= MIN_DB_TIME)) {
    return null;
  }
  return {
    ...(from !== undefined && from > MIN_DB_TIME ? { from: toDbTime(Math.ceil(from)) } : {}),
    ...(to !== undefined && to <= MAX_DB_TIME ? { to: toDbTime(Math.ceil(to)) } : {}),
  };
}

/** Calls matching `filter`; `to` is exclusive, `agentId` matches the call's agent or any leg's. */
function filtered(db: Knex, filter: CallFilter, range: { from?: string; to?: string }) {
  return (qb: ReturnType<typeof CallModel.query>): void => {
    const { numbers, businessLineIds } = filter;
    const lines = <W extends { whereIn(column: string, values: string[]): unknown }>(w: W) => {
      if (businessLineIds) w.whereIn('business_line_id', [...businessLineIds]);
      return w;
    };
    if (numbers !== undefined) {
      // The line is repeated inside each branch so that each is one range of its
      // (number, line, started_at) index; outside the OR the planner walked the line instead.
      qb.where((w) =>
        w
          .where((x) => lines(x.whereIn('ani', [...numbers])))
          .orWhere((x) => lines(x.whereIn('dnis', [...numbers]))),
      );
    } else lines(qb);
    if (filter.queueId !== undefined) qb.where('queue_id', filter.queueId);
    if (filter.anis !== undefined) qb.whereIn('ani', [...filter.anis]);
    if (filter.campaignId !== undefined) qb.where('campaign_id', filter.campaignId);
    if (filter.disposition !== undefined) qb.where('disposition', filter.disposition);
    if (filter.direction !== undefined) qb.where('direction', filter.direction);
    if (range.from !== undefined) qb.where('started_at', '>=', range.from);
    if (range.to !== undefined) qb.where('started_at', '<', range.to);
    const { agentId } = filter;
    if (agentId !== undefined) {
      const legCalls = CallLegModel.query(db).select('call_id').where('agent_id', agentId);
      qb.where((w) => w.where('agent_id', agentId).orWhereIn('id', legCalls));
    }
  };
}

/** The call repository over `deps.db`. */
export function createCallRepository({ db }: RepositoryDeps): CallRepository {
  const byLinkedId = async (linkedId: string) => {
    const row = await CallModel.query(db).findOne({ linked_id: linkedId });
    return row ? toCall(row) : undefined;
  };

  return {
    async get(id) {
      const row = await CallModel.query(db).findById(id);
      return row ? toCall(row) : undefined;
    },

    getByLinkedId: byLinkedId,

    /** Newest first (by start time, then id). */
    async list(filter, page) {
      checkPage(page);
      const range = timeRange(filter);
      if (filter.businessLineIds?.length === 0 || filter.numbers?.length === 0 || range === null) {
        return [];
      }
      const rows = await CallModel.query(db)
        .modify(filtered(db, filter, range))
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .modify(paged(page));
      return rows.map(toCall);
    },

    /** Legs of the calls, grouped by call, each call's legs in the order they started. */
    async legsOf(callIds) {
      if (callIds.length === 0) return [];
      const rows = await CallLegModel.query(db)
        .whereIn('call_id', distinct(callIds))
        .orderBy(['call_id', 'started_at', 'id']);
      return rows.map(toLeg);
    },

    /** Every field of the stored row is replaced by `record`'s (nulls included). */
    async upsertCall(record) {
      checkCallRow(record);
      const columns = callColumns(record);
      const { linked_id: _key, ...updates } = columns;
      const rules = {
        references: [
          {
            field: 'businessLineId',
            target: REFERENCED.businessLine,
            ids: [record.businessLineId],
          },
        ],
      };
      await withConstraintErrors(db, rules, () =>
        db(CallModel.tableName)
          .insert({ id: crypto.randomUUID(), ...columns })
          .onConflict('linked_id')
          .merge(Object.keys(updates)),
      );
      const saved = (await byLinkedId(record.linkedId))!;
      // The reports' rollup of the bucket the call starts in is out of date now.
      await db('rollup_dirty')
        .insert({ bucket_start: toDbTime(bucketStart(saved.startedAt)) })
        .onConflict('bucket_start')
        .ignore();
      return saved;
    },

    /** Every field of the stored leg is replaced by `leg`'s (nulls included). */
    async upsertLeg(leg) {
      checkLegRow(leg);
      const columns = legColumns(leg, leg.callId);
      const { channel_id: _key, ...updates } = columns;
      const rules = {
        references: [{ field: 'callId', target: REFERENCED.call, ids: [leg.callId] }],
      };
      await withConstraintErrors(db, rules, () =>
        db(CallLegModel.tableName)
          .insert({ id: crypto.randomUUID(), ...columns })
          .onConflict('channel_id')
          .merge(Object.keys(updates)),
      );
      const row = await CallLegModel.query(db).findOne({ channel_id: leg.channelId });
      return toLeg(row!);
    },

    /** Only the two wrap-up columns: call handling may be writing the rest at the same time. */
    async setWrapUp(linkedId, { disposition, notes }) {
      checkOptionalText('disposition', disposition, 64);
      checkLongText('notes', notes);
      await db(CallModel.tableName).where({ linked_id: linkedId }).update({ disposition, notes });
      return byLinkedId(linkedId);
    },
  };
}
