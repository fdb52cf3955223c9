/**
 * What the ACD runtime keeps for callbacks (ACD-9): the open tasks, the
 * agents who just missed each one, the attempts being dialled and the
 * channels they own, and each queue's stored callback settings. It lives
 * in the runtime core beside the calls; `callback-desk.ts` changes it.
 */

import type { TriedAgent } from '../../../domain/acd/call.state.ts';
import type { CallbackSettings } from '../../../domain/acd/callback.settings.ts';
import type { CallbackBook, CallbackEvent, CallbackTask } from '../../../domain/acd/callback.ts';
import type { RecordDraft } from '../call-records.ts';

/** Where one attempt stands. */
export type AttemptPhase = 'agent-ringing' | 'customer-ringing' | 'connected' | 'over';

/** One attempt: the agent's phone first, then the customer, bridged and recorded. */
export interface CallbackAttempt {
  readonly taskId: string;
  /** The callback call's id: its first channel (the agent's leg) and its record's linked id. */
  readonly callId: string;
  readonly customerLegId: string;
  readonly bridgeId: string;
  readonly agentId: string;
  readonly queueId: string;
  readonly number: string;
  /** The queue's ring timeout, wrap-up and auto-pause at the start of the attempt. */
  readonly ringTimeoutS: number;
  readonly wrapUpS: number;
  readonly autoPauseAfter: number;
  readonly dialTimeoutS: number;
  phase: AttemptPhase;
  /** The agent machine took the call (answered); it must be let go with `call-ended`. */
  agentOnCall: boolean;
  /** PBX operations of this attempt, in order. */
  pbx: Promise<void>;
  readonly record: RecordDraft;
  /** Tells the task how the attempt ended (connected, failed and why). */
  readonly report: (event: CallbackEvent) => void;
}

/** Callback state of the runtime. */
export interface CallbackState {
  /** Open tasks by dedupe key (queue and number). */
  book: CallbackBook;
  /** Open tasks by id. */
  readonly tasks: Map<string, CallbackTask>;
  /** Agents who missed a task recently, skipped for it for a while. */
  readonly tried: Map<string, TriedAgent[]>;
  /** Attempts in progress by task id. */
  readonly attempts: Map<string, CallbackAttempt>;
  /** Channels owned by attempts (agent and customer legs), by channel id. */
  readonly legs: Map<string, CallbackAttempt>;
  /** Stored settings by queue id (queues without a row are not here). */
  readonly settings: Map<string, CallbackSettings>;
  /** Store writes of each task, in order. */
  readonly writes: Map<string, Promise<void>>;
}

/** Empty state. */
export function newCallbackState(): CallbackState {
  return {
    book: new Map(),
    tasks: new Map(),
    tried: new Map(),
    attempts: new Map(),
    legs: new Map(),
    settings: new Map(),
    writes: new Map(),
  };
}

/**
 * Published to observers: a task changed (new, dialled, retried, closed),
 * or an attempt's call is over, its record written and its bridge released.
 */
export type CallbackChanged =
  | { readonly type: 'callback-changed'; readonly task: CallbackTask }
  | { readonly type: 'callback-call-closed'; readonly taskId: string; readonly callId: string };
