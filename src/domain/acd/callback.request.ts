/**
 * Booking a callback (ACD-9): a new task, or the open task already booked
 * for that number in that queue, refreshed by the new request (a new due
 * time, a contact found since). Asking twice never calls twice.
 */
import type { AcdQueueSettings } from './acd.types.ts';
import { acdError } from './acd.types.ts';
import type { CallbackReason } from './call.events.ts';
import {
  type CallbackBook,
  type CallbackCommand,
  type CallbackError,
  type CallbackTask,
  callbackDueKey,
  callbackExpiryKey,
  callbackKey,
  isOpen,
  putTask,
} from './callback.ts';
import { canCallBack } from './overflow.ts';

/** A request for a callback. */
export interface CallbackRequest {
  /** Id the task gets when the request creates one. */
  readonly id: string;
  readonly queueId: string;
  readonly businessLineId: string;
  readonly number: string;
  readonly reason: CallbackReason;
  /** When the customer wants the call; null or absent: as soon as an agent is free. */
  readonly dueAt?: number | null;
  readonly contactId?: string | null;
  /** Linked id of the call the request came from. */
  readonly originCallId?: string | null;
}

/** Result of `requestCallback`: the open task for that number (new, refreshed or as it was). */
export type RequestResult =
  | {
      readonly ok: true;
      readonly book: CallbackBook;
      readonly task: CallbackTask;
      readonly created: boolean;
      readonly commands: readonly CallbackCommand[];
    }
  | { readonly ok: false; readonly error: CallbackError };

/** The settings a request reads. */
export type RequestSettings = Pick<
  AcdQueueSettings['callback'],
  'maxAttempts' | 'retryDelayS' | 'expiresAfterS'
>;

/** Books a callback, or refreshes the open task already booked for that number in that queue. */
export function requestCallback(
  book: CallbackBook,
  req: CallbackRequest,
  settings: RequestSettings,
  now: number,
): RequestResult {
  if (!canCallBack(req.number)) {
    const error = acdError('CALLBACK_NUMBER_INVALID', 'no number to call back', { ...req });
    return { ok: false, error };
  }
  const open = book.get(callbackKey(req.queueId, req.number));
  if (open !== undefined && isOpen(open)) return refresh(book, open, req, settings, now);
  const dueAt = req.dueAt ?? null;
  const nextAttemptAt = Math.max(now, dueAt ?? now);
  const task: CallbackTask = {
    id: req.id,
    queueId: req.queueId,
    businessLineId: req.businessLineId,
    number: req.number,
    contactId: req.contactId ?? null,
    reason: req.reason,
    status: 'pending',
    createdAt: now,
    updatedAt: now,
    dueAt,
    attempts: 0,
    maxAttempts: settings.maxAttempts,
    retryDelayS: settings.retryDelayS,
    nextAttemptAt,
    expiresAt: nextAttemptAt + settings.expiresAfterS * 1000,
    lastAttemptAt: null,
    agentId: null,
    lastCause: null,
    originCallId: req.originCallId ?? null,
    callbackCallId: null,
  };
  const commands: CallbackCommand[] = [
    { type: 'start-timer', key: callbackExpiryKey(task.id), at: task.expiresAt },
    { type: 'schedule-callback', taskId: task.id, at: nextAttemptAt },
    { type: 'publish', task },
  ];
  return { ok: true, book: putTask(book, task), task, created: true, commands };
}

/**
 * A second request for an open task: a pending task moves to the new due
 * time (and its expiry follows when it would come first), a missing contact
 * is filled in. A task being dialled is left alone. Nothing changed: no commands.
 */
function refresh(
  book: CallbackBook,
  open: CallbackTask,
  req: CallbackRequest,
  settings: RequestSettings,
  now: number,
): RequestResult {
  const contactId = open.contactId ?? req.contactId ?? null;
  const moves = open.status === 'pending' && req.dueAt !== undefined && req.dueAt !== null;
  const nextAttemptAt = moves ? Math.max(now, req.dueAt ?? now) : open.nextAttemptAt;
  const expiresAt = moves
    ? Math.max(open.expiresAt, nextAttemptAt + settings.expiresAfterS * 1000)
    : open.expiresAt;
  const changed =
    contactId !== open.contactId ||
    nextAttemptAt !== open.nextAttemptAt ||
    (moves && req.dueAt !== open.dueAt);
  if (!changed) return { ok: true, book, task: open, created: false, commands: [] };
  const dueAt = moves ? (req.dueAt ?? null) : open.dueAt;
  const task = { ...open, contactId, dueAt, nextAttemptAt, expiresAt, updatedAt: now };
  const commands: CallbackCommand[] = [];
  if (expiresAt !== open.expiresAt) {
    commands.push({ type: 'start-timer', key: callbackExpiryKey(task.id), at: expiresAt });
  }
  if (nextAttemptAt !== open.nextAttemptAt) {
    commands.push({ type: 'cancel-timer', key: callbackDueKey(task.id) });
    commands.push({ type: 'schedule-callback', taskId: task.id, at: nextAttemptAt });
  }
  commands.push({ type: 'publish', task });
  return { ok: true, book: putTask(book, task), task, created: false, commands };
}
