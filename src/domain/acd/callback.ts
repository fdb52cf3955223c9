/**
 * Callback management (ACD-9). Callers who hang up after waiting long
 * enough, press the callback key, or overflow to a callback become tasks:
 * one open task per number per queue (asking twice does not call twice),
 * offered to an agent of that queue by the dispatcher as a waiting item of
 * class `callback`, and followed to an outcome with a bounded number of
 * attempts and an expiry.
 */
import {
  type AcdError,
  type AcdQueueSettings,
  acdError,
  type CancelTimer,
  type StartTimer,
  type Step,
} from './acd.types.ts';
import type { CallbackReason } from './call.events.ts';
import { canCallBack } from './overflow.ts';
import type { WaitingCall } from './snapshot.ts';

/** Where a task stands. */
export type CallbackStatus =
  | 'pending'
  | 'dialling'
  | 'connected'
  | 'failed'
  | 'expired'
  | 'cancelled';

/** One callback task. Times are epoch ms. */
export interface CallbackTask {
  readonly id: string;
  readonly queueId: string;
  readonly businessLineId: string;
  /** E.164 number to call back. */
  readonly number: string;
  readonly reason: CallbackReason;
  readonly status: CallbackStatus;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Customer dial attempts so far. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly retryDelayS: number;
  /** Not offered to an agent before this time. */
  readonly nextAttemptAt: number;
  readonly expiresAt: number;
  /** Agent of the current or last attempt. */
  readonly agentId: string | null;
  readonly lastCause: string | null;
}

/** Open tasks by dedupe key (queue and number). */
export type CallbackBook = ReadonlyMap<string, CallbackTask>;

/** Dedupe key of a task: one open task per number per queue. */
export const callbackKey = (queueId: string, number: string): string => `${queueId}|${number}`;

/** True while the task may still be dialled. */
export const isOpen = (t: CallbackTask): boolean =>
  t.status === 'pending' || t.status === 'dialling';

/** Timer key of a task's expiry. */
export const callbackExpiryKey = (taskId: string): string => `acd:callback-expiry:${taskId}`;

/** Codes of callback errors. */
export type CallbackErrorCode = 'CALLBACK_NUMBER_INVALID' | 'CALLBACK_NOT_DUE' | 'CALLBACK_CLOSED';

/** A callback error. */
export type CallbackError = AcdError<CallbackErrorCode>;

/** A command from the callback reducer. */
export type CallbackCommand =
  | StartTimer
  | CancelTimer
  /** Index the task in the dispatcher snapshot as due at `at` (`callbackAsWaiting`). */
  | { readonly type: 'schedule-callback'; readonly taskId: string; readonly at: number }
  /** Ring the agent, then dial the customer and bridge them. */
  | {
      readonly type: 'dial-callback';
      readonly taskId: string;
      readonly agentId: string;
      readonly queueId: string;
      readonly number: string;
    }
  | { readonly type: 'publish'; readonly task: CallbackTask };

/** Why an attempt failed; `agent-missed` gives the attempt back (the customer was never dialled). */
export type CallbackFailure = 'agent-missed' | 'busy' | 'no-answer' | 'unreachable';

/** Events of a task. */
export type CallbackEvent =
  | { readonly type: 'dial'; readonly agentId: string }
  | { readonly type: 'connected' }
  | { readonly type: 'failed'; readonly cause: CallbackFailure }
  | { readonly type: 'expire' }
  /** The customer got through on their own; nothing left to do. */
  | { readonly type: 'cancel' };

/** Result of a callback step. */
export type CallbackStep = Step<CallbackTask, CallbackCommand, CallbackError>;

/** A request for a callback. */
export interface CallbackRequest {
  readonly id: string;
  readonly queueId: string;
  readonly businessLineId: string;
  readonly number: string;
  readonly reason: CallbackReason;
}

/** Result of `requestCallback`: the open task for that number (new or existing). */
export type RequestResult =
  | {
      readonly ok: true;
      readonly book: CallbackBook;
      readonly task: CallbackTask;
      readonly created: boolean;
      readonly commands: readonly CallbackCommand[];
    }
  | { readonly ok: false; readonly error: CallbackError };

/** Books a callback, or returns the open task already booked for that number in that queue. */
export function requestCallback(
  book: CallbackBook,
  req: CallbackRequest,
  settings: AcdQueueSettings['callback'],
  now: number,
): RequestResult {
  if (!canCallBack(req.number)) {
    const error = acdError('CALLBACK_NUMBER_INVALID', 'no number to call back', { ...req });
    return { ok: false, error };
  }
  const key = callbackKey(req.queueId, req.number);
  const open = book.get(key);
  if (open !== undefined && isOpen(open)) {
    return { ok: true, book, task: open, created: false, commands: [] };
  }
  const task: CallbackTask = {
    ...req,
    status: 'pending',
    createdAt: now,
    updatedAt: now,
    attempts: 0,
    maxAttempts: settings.maxAttempts,
    retryDelayS: settings.retryDelayS,
    nextAttemptAt: now,
    expiresAt: now + settings.expiresAfterS * 1000,
    agentId: null,
    lastCause: null,
  };
  const next = new Map(book);
  next.set(key, task);
  const commands: CallbackCommand[] = [
    { type: 'start-timer', key: callbackExpiryKey(task.id), at: task.expiresAt },
    { type: 'schedule-callback', taskId: task.id, at: now },
    { type: 'publish', task },
  ];
  return { ok: true, book: next, task, created: true, commands };
}

/** Stores a stepped task back in the book. */
export function putTask(book: CallbackBook, task: CallbackTask): CallbackBook {
  const next = new Map(book);
  next.set(callbackKey(task.queueId, task.number), task);
  return next;
}

/** Pending tasks whose next attempt is due at `now`, oldest first. */
export function dueCallbacks(book: CallbackBook, now: number): CallbackTask[] {
  return [...book.values()]
    .filter((t) => t.status === 'pending' && t.nextAttemptAt <= now && now < t.expiresAt)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/** The dispatcher's view of a pending task: a waiting item of class `callback`. */
export const callbackAsWaiting = (task: CallbackTask): WaitingCall => ({
  id: task.id,
  queueId: task.queueId,
  businessLineId: task.businessLineId,
  kind: 'callback',
  priority: 'callback',
  waitingSince: task.createdAt,
  requiredSkills: [],
  holds: [],
  tried: [],
  notBefore: task.nextAttemptAt,
});

/** Applies one event to a task at `now`. */
export function stepCallback(task: CallbackTask, event: CallbackEvent, now: number): CallbackStep {
  switch (event.type) {
    case 'dial':
      return onDial(task, event.agentId, now);
    case 'connected':
      if (task.status !== 'dialling') return closed(task, 'connect');
      return finish(task, 'connected', now, null);
    case 'failed':
      return onFailed(task, event.cause, now);
    case 'expire':
      // A dial in progress is let to finish; only a pending task expires.
      if (task.status !== 'pending' || now < task.expiresAt)
        return { ok: true, state: task, commands: [] };
      return finish(task, 'expired', now, task.lastCause);
    case 'cancel':
      if (task.status !== 'pending') return closed(task, 'cancel');
      return finish(task, 'cancelled', now, task.lastCause);
    default:
      return assertNever(event);
  }
}

function assertNever(event: never): never {
  throw new Error(`unknown callback event ${JSON.stringify(event)}`);
}

const closed = (task: CallbackTask, action: string): CallbackStep => ({
  ok: false,
  state: task,
  error: acdError('CALLBACK_CLOSED', `callback ${task.id} cannot ${action} while ${task.status}`, {
    taskId: task.id,
    status: task.status,
  }),
});

function finish(task: CallbackTask, status: CallbackStatus, now: number, cause: string | null) {
  const next = { ...task, status, updatedAt: now, lastCause: cause };
  const commands: CallbackCommand[] = [
    { type: 'cancel-timer', key: callbackExpiryKey(task.id) },
    { type: 'publish', task: next },
  ];
  return { ok: true, state: next, commands } as const;
}

function onDial(task: CallbackTask, agentId: string, now: number): CallbackStep {
  if (task.status !== 'pending') return closed(task, 'dial');
  if (now < task.nextAttemptAt) {
    const details = { taskId: task.id, nextAttemptAt: task.nextAttemptAt };
    return { ok: false, state: task, error: acdError('CALLBACK_NOT_DUE', 'not due yet', details) };
  }
  const next = {
    ...task,
    status: 'dialling',
    attempts: task.attempts + 1,
    agentId,
    updatedAt: now,
  } as const;
  const { queueId, number } = task;
  const dial = { type: 'dial-callback', taskId: task.id, agentId, queueId, number } as const;
  return { ok: true, state: next, commands: [dial, { type: 'publish', task: next }] };
}

function onFailed(task: CallbackTask, cause: CallbackFailure, now: number): CallbackStep {
  if (task.status !== 'dialling') return closed(task, 'fail');
  const missed = cause === 'agent-missed';
  const attempts = missed ? task.attempts - 1 : task.attempts;
  if (!missed && attempts >= task.maxAttempts) return finish(task, 'failed', now, cause);
  const nextAttemptAt = missed ? now : now + task.retryDelayS * 1000;
  if (nextAttemptAt >= task.expiresAt) return finish(task, 'expired', now, cause);
  const next = {
    ...task,
    status: 'pending',
    attempts,
    nextAttemptAt,
    updatedAt: now,
    lastCause: cause,
  } as const;
  const commands: CallbackCommand[] = [
    { type: 'schedule-callback', taskId: task.id, at: nextAttemptAt },
    { type: 'publish', task: next },
  ];
  return { ok: true, state: next, commands };
}
