/**
 * Callback tasks (`callback_tasks`). A task is saved whole (insert or
 * update by id); `open_number` mirrors the number while the task is open,
 * so the unique key (queue_id, open_number) refuses a second open task for
 * the same number in the same queue on both backends.
 */
import type { Knex } from 'knex';
import type { CallbackFilter, CallbackRepository } from '../../app/acd/callbacks/callback-ports.ts';
import type { CallbackReason } from '../../domain/acd/call.events.ts';
import {
  CALLBACK_STATUSES,
  type CallbackStatus,
  type CallbackTask,
  isOpen,
} from '../../domain/acd/callback.ts';
import { REFERENCED, UNIQUE_KEYS } from '../constraints.ts';
import { withConstraintErrors } from '../db-errors.ts';
import { type DbTime, fromDbTime, fromDbTimeOrNull, toDbTime, toDbTimeOrNull } from '../db-time.ts';
import { checkInt, checkOneOf, checkOptionalText, checkText, checkTime } from './input-checks.ts';
import { checkPage, distinct, inRequestOrder } from './listing.ts';
import { atomically, type RepositoryDeps } from './repository-deps.ts';

const TABLE = 'callback_tasks';
const REASONS: readonly CallbackReason[] = ['abandoned', 'keypress', 'requested', 'overflow'];

interface Row {
  id: string;
  business_line_id: string;
  queue_id: string;
  number: string;
  open_number: string | null;
  contact_id: string | null;
  reason: string;
  status: string;
  requested_at: DbTime;
  due_at: DbTime | null;
  next_attempt_at: DbTime;
  expires_at: DbTime;
  attempts: number;
  max_attempts: number;
  retry_delay_s: number;
  last_attempt_at: DbTime | null;
  last_cause: string | null;
  agent_id: string | null;
  origin_call_id: string | null;
  callback_call_id: string | null;
  updated_at: DbTime;
}

function toTask(r: Row): CallbackTask {
  return {
    id: r.id,
    queueId: r.queue_id,
    businessLineId: r.business_line_id,
    number: r.number,
    contactId: r.contact_id,
    reason: r.reason as CallbackReason,
    status: r.status as CallbackStatus,
    createdAt: fromDbTime(r.requested_at),
    updatedAt: fromDbTime(r.updated_at),
    dueAt: fromDbTimeOrNull(r.due_at),
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    retryDelayS: r.retry_delay_s,
    nextAttemptAt: fromDbTime(r.next_attempt_at),
    expiresAt: fromDbTime(r.expires_at),
    lastAttemptAt: fromDbTimeOrNull(r.last_attempt_at),
    agentId: r.agent_id,
    lastCause: r.last_cause,
    originCallId: r.origin_call_id,
    callbackCallId: r.callback_call_id,
  };
}

function checkTask(t: CallbackTask): void {
  checkText('number', t.number, 32);
  checkOneOf('reason', t.reason, REASONS);
  checkOneOf('status', t.status, CALLBACK_STATUSES);
  checkInt('attempts', t.attempts, 0);
  checkInt('maxAttempts', t.maxAttempts, 1);
  checkInt('retryDelayS', t.retryDelayS, 0);
  for (const [field, at] of [
    ['createdAt', t.createdAt],
    ['updatedAt', t.updatedAt],
    ['nextAttemptAt', t.nextAttemptAt],
    ['expiresAt', t.expiresAt],
  ] as const) {
    checkTime(field, at);
  }
  checkTime('dueAt', t.dueAt, true);
  checkTime('lastAttemptAt', t.lastAttemptAt, true);
  checkOptionalText('lastCause', t.lastCause, 32);
  checkOptionalText('agentId', t.agentId, 36);
  checkOptionalText('originCallId', t.originCallId, 150);
  checkOptionalText('callbackCallId', t.callbackCallId, 150);
}

function columns(t: CallbackTask): Omit<Row, 'id'> {
  return {
    business_line_id: t.businessLineId,
    queue_id: t.queueId,
    number: t.number,
    open_number: isOpen(t) ? t.number : null,
    contact_id: t.contactId,
    reason: t.reason,
    status: t.status,
    requested_at: toDbTime(t.createdAt),
    due_at: toDbTimeOrNull(t.dueAt),
    next_attempt_at: toDbTime(t.nextAttemptAt),
    expires_at: toDbTime(t.expiresAt),
    attempts: t.attempts,
    max_attempts: t.maxAttempts,
    retry_delay_s: t.retryDelayS,
    last_attempt_at: toDbTimeOrNull(t.lastAttemptAt),
    last_cause: t.lastCause,
    agent_id: t.agentId,
    origin_call_id: t.originCallId,
    callback_call_id: t.callbackCallId,
    updated_at: toDbTime(t.updatedAt),
  };
}

function filtered(filter: CallbackFilter) {
  return (qb: Knex.QueryBuilder): void => {
    if (filter.businessLineIds) qb.whereIn('business_line_id', [...filter.businessLineIds]);
    if (filter.queueIds) qb.whereIn('queue_id', [...filter.queueIds]);
    if (filter.statuses) qb.whereIn('status', [...filter.statuses]);
    if (filter.number !== undefined) qb.where('number', filter.number);
  };
}

/** The callback task repository over `deps.db`. */
export function createCallbackRepository({ db }: RepositoryDeps): CallbackRepository {
  const byId = async (id: string) => {
    const row: Row | undefined = await db(TABLE).where('id', id).first();
    return row ? toTask(row) : undefined;
  };

  return {
    get: byId,

    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows: Row[] = await db(TABLE).whereIn('id', distinct(ids));
      return inRequestOrder(ids, rows.map(toTask));
    },

    async list(filter, page) {
      checkPage(page);
      if (
        filter.businessLineIds?.length === 0 ||
        filter.queueIds?.length === 0 ||
        filter.statuses?.length === 0
      ) {
        return [];
      }
      const rows: Row[] = await db(TABLE)
        .modify(filtered(filter))
        .orderBy('requested_at', 'desc')
        .orderBy('id', 'desc')
        .offset(page.offset)
        .limit(page.limit);
      return rows.map(toTask);
    },

    async listOpen() {
      const rows: Row[] = await db(TABLE)
        .whereIn('status', ['pending', 'dialling'])
        .orderBy('requested_at')
        .orderBy('id');
      return rows.map(toTask);
    },

    async save(task) {
      checkTask(task);
      const row = columns(task);
      const rules = {
        unique: [{ key: UNIQUE_KEYS.callbackOpenNumber, value: task.number }],
        references: [
          { field: 'businessLineId', target: REFERENCED.businessLine, ids: [task.businessLineId] },
          { field: 'queueId', target: REFERENCED.queue, ids: [task.queueId] },
          { field: 'contactId', target: REFERENCED.contact, ids: [task.contactId] },
        ],
      };
      await withConstraintErrors(db, rules, () =>
        atomically(db, async (trx) => {
          const updated = await trx(TABLE).where('id', task.id).update(row);
          if (updated === 0) await trx(TABLE).insert({ id: task.id, ...row });
        }),
      );
      return (await byId(task.id))!;
    },
  };
}
