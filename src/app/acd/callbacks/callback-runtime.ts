/**
 * The callback part of the ACD runtime as the rest of the app sees it
 * (`AcdRuntime` includes it): booking and cancelling tasks, the settings
 * in force per queue, and the start-up that resumes open tasks. Every
 * operation runs as a runtime task, so it never interleaves with call or
 * agent decisions, and resolves once the store has the change.
 */

import type { AcdError } from '../../../domain/acd/acd.types.ts';
import type { CallbackSettings } from '../../../domain/acd/callback.settings.ts';
import type { CallbackTask } from '../../../domain/acd/callback.ts';
import { type AcdCore, run } from '../core.ts';
import { withdrawAttempt } from './callback-attempt.ts';
import {
  cancelIn,
  type DeskRequest,
  type DeskResult,
  requestIn,
  resumeTasks,
  watchRuntime,
} from './callback-desk.ts';
import {
  callbackSettingsChanged,
  callbackSettingsOf,
  loadCallbackSettings,
} from './callback-settings.ts';

export type { DeskRequest as CallbackBooking } from './callback-desk.ts';

/** What a booking or cancellation came to. */
export type CallbackResult =
  | { readonly ok: true; readonly task: CallbackTask; readonly created: boolean }
  | { readonly ok: false; readonly error: AcdError };

/** Callback operations of the runtime. */
export interface CallbackRuntime {
  /** Books a callback, or refreshes the open task already booked for that number in that queue. */
  requestCallback(booking: DeskRequest): Promise<CallbackResult>;
  /** Cancels a pending task (CALLBACK_CLOSED when it is being dialled or closed). */
  cancelCallback(taskId: string): Promise<CallbackResult>;
  /** The callback settings in force for a queue; undefined for a queue the runtime does not hold. */
  callbackSettings(queueId: string): CallbackSettings | undefined;
  /** A queue's callback settings were stored through the API: new calls follow them. */
  callbackSettingsChanged(queueId: string, settings: CallbackSettings): void;
}

/** Runs `work` as a runtime task and waits for the store to have its result. */
async function inTask(core: AcdCore, work: () => DeskResult): Promise<CallbackResult> {
  // Never step inside a running drain (an observer calling back in): wait for it to end.
  await Promise.resolve();
  let result: DeskResult | undefined;
  run(core, () => {
    result = work();
  });
  if (result === undefined) throw new Error('callback task did not run');
  if (!result.ok) return result;
  await result.written;
  return { ok: true, task: result.task, created: result.created };
}

/** The callback operations over `core`; also starts watching the runtime's events. */
export function createCallbackRuntime(core: AcdCore): CallbackRuntime {
  watchRuntime(core, (callId) => withdrawAttempt(core, callId));
  return {
    requestCallback: (booking) => inTask(core, () => requestIn(core, booking)),
    cancelCallback: (taskId) => inTask(core, () => cancelIn(core, taskId)),
    callbackSettings: (queueId) => callbackSettingsOf(core, queueId),
    callbackSettingsChanged: (queueId, settings) =>
      run(core, () => callbackSettingsChanged(core, queueId, settings)),
  };
}

/** At start, after the configuration is loaded: stored settings laid over the queues, open tasks resumed. */
export async function startCallbacks(core: AcdCore): Promise<void> {
  await loadCallbackSettings(core);
  const open = await core.deps.store.callbacks.listOpen();
  run(core, () => resumeTasks(core, open));
  if (open.length > 0) core.log.info({ tasks: open.length }, 'open callbacks resumed');
}
