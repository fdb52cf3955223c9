/**
 * Callback management (ACD-9). Callers who hang up after waiting long
 * enough, press the callback key, ask through the API, or overflow to a
 * callback become tasks: one open task per number per queue (asking twice
 * does not call twice, `callback.request.ts`), offered to an agent of that
 * queue by the dispatcher as a waiting item of class `callback` (behind
 * every live caller: a caller on hold pays for the wait, a callback does
 * not), and followed to an outcome with a bounded number of attempts and an
 * expiry. This file holds the task and its reducer.
 */
import {
  type AcdError,
  acdError,
  type CancelTimer,
  type StartTimer,
  type Step,
} from './acd.types.ts';
import type { CallbackReason } from './call.events.ts';
import type { TriedAgent } from './call.state.ts';
import type { WaitingCall } from './snapshot.ts';

/** Where a task stands. */
export type CallbackStatus =
  | 'pending'
  | 'dialling'
  | 'connected'
  | 'failed'
  | 'expired'
  | 'cancelled';

/** Every status, open ones first. */
export const CALLBACK_STATUSES: readonly CallbackStatus[] = [
  'pending',
  'dialling',
  'connected',
  'failed',
  'expired',
  'cancelled',
];

/** One callback task. Times are epoch ms. */
export interface CallbackTask {
  readonly id: string;
  readonly queueId: string;
  readonly businessLineId: string;
  /** E.164 number to call back. */
  readonly number: string;
  /** The customer record of that number, when one was found. */
  readonly contactId: string | null;
  readonly reason: CallbackReason;
  readonly status: CallbackStatus;
  /** When the callback was asked for. */
  readonly createdAt: number;
  readonly updatedAt: number;
  /** The time the customer asked to be called at; null: as soon as an agent is free. */
  readonly dueAt: number | null;
  /** Customer dial attempts so far. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly retryDelayS: number;
  /** Not offered to an agent before this time. */
  readonly nextAttemptAt: number;
  readonly expiresAt: number;
  /** When the current or last attempt started. */
  readonly lastAttemptAt: number | null;
  /** Agent of the current or last attempt. */
  readonly agentId: string | null;
  /** Why the last attempt failed (`busy`, `no-answer`...), or the cause the task closed with. */
  readonly lastCause: string | null;
  /** Linked id of the call the request came from (abandoned, key press, overflow). */
  readonly originCallId: string | null;
  /** Linked id of the current or last callback call. */
  readonly callbackCallId: string | null;
}

/** Open tasks by dedupe key (queue and number). */
export type CallbackBook = ReadonlyMap<string, CallbackTask>;

/** Dedupe key of a task: one open task per number per queue. */
export const callbackKey = (queueId: string, number: string): string => `${queueId}|${number}`;

/** True while the task may still be dialled. */
export const isOpen = (t: Pick<CallbackTask, 'status'>): boolean =>
  t.status === 'pending' || t.status === 'dialling';

/** Timer key of a task's expiry. */
export const callbackExpiryKey = (taskId: string): string => `acd:callback-expiry:${taskId}`;

/** Timer key of a task's next attempt. */
export const callbackDueKey = (taskId: string): string => `acd:callback-due:${taskId}`;

/** Codes of callback errors. */
export type CallbackErrorCode = 'CALLBACK_NUMBER_INVALID' | 'CALLBACK_NOT_DUE' | 'CALLBACK_CLOSED';

/** A callback error. */
export type CallbackError = AcdError<CallbackErrorCode>;

/** A command from the callback reducers. */
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
      readonly callId: string;
    }
  | { readonly type: 'publish'; readonly task: CallbackTask };

/**
 * Why an attempt failed. `agent-missed` gives the attempt back (the
 * customer was never reached: the agent did not answer, or left before the
 * customer did); `interrupted` is an attempt cut by a restart of the ACD.
 */
export type CallbackFailure = 'agent-missed' | 'busy' | 'no-answer' | 'unreachable' | 'interrupted';

/** Events of a task. */
export type CallbackEvent =
  /** An agent is reserved; `callId` is the linked id the callback call will carry. */
  | { readonly type: 'dial'; readonly agentId: string; readonly callId: string }
  | { readonly type: 'connected' }
  | { readonly type: 'failed'; readonly cause: CallbackFailure }
  | { readonly type: 'expire' }
  /** Nothing left to do (the customer got through on their own, or someone cancelled it). */
  | { readonly type: 'cancel' };

/** Result of a callback step. */
export type CallbackStep = Step<CallbackTask, CallbackCommand, CallbackError>;

/** Stores a stepped task back in the book; a closed task leaves it. */
export function putTask(book: CallbackBook, task: CallbackTask): CallbackBook {
  const next = new Map(book);
  const key = callbackKey(task.queueId, task.number);
  if (isOpen(task)) next.set(key, task);
  else if (next.get(key)?.id === task.id) next.delete(key);
  return next;
}

/** Pending tasks whose next attempt is due at `now`, oldest first. */
export function dueCallbacks(book: CallbackBook, now: number): CallbackTask[] {
  return [...book.values()]
    .filter((t) => t.status === 'pending' && t.nextAttemptAt <= now && now < t.expiresAt)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/**
 * The dispatcher's view of a pending task: a waiting item of class
 * `callback`, ordered by when it was asked for; `tried` keeps an agent who
 * just missed it from being offered it again at once.
 */
export const callbackAsWaiting = (
  task: CallbackTask,
  tried: readonly TriedAgent[] = [],
): WaitingCall => ({
  id: task.id,
  queueId: task.queueId,
  businessLineId: task.businessLineId,
  kind: 'callback',
  priority: 'callback',
  waitingSince: task.createdAt,
  requiredSkills: [],
  holds: [],
  tried,
  notBefore: task.nextAttemptAt,
});

/** Applies one event to a task at `now`. */
export function stepCallback(task: CallbackTask, event: CallbackEvent, now: number): CallbackStep {
  switch (event.type) {
    case 'dial':
      return onDial(task, event.agentId, event.callId, now);
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
    { type: 'cancel-timer', key: callbackDueKey(task.id) },
    { type: 'publish', task: next },
  ];
  return { ok: true, state: next, commands } as const;
}

function onDial(task: CallbackTask, agentId: string, callId: string, now: number): CallbackStep {
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
    lastAttemptAt: now,
    callbackCallId: callId,
    updatedAt: now,
  } as const;
  const { queueId, number } = task;
  const dial = {
    type: 'dial-callback',
    taskId: task.id,
    agentId,
    queueId,
    number,
    callId,
  } as const;
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
