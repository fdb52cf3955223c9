/**
 * Callback settings inside the runtime: the stored rows are kept in memory
 * and laid over the callback part of each queue's ACD settings in the
 * dispatcher snapshot, which is where a call entering the queue takes its
 * settings from (the abandon threshold and the callback key are read by the
 * call machine). Re-applied whenever queues are (re)loaded.
 */
import type { AcdQueue } from '../../../domain/acd/acd.types.ts';
import {
  type CallbackSettings,
  queueCallbackOf,
  settingsFromQueue,
} from '../../../domain/acd/callback.settings.ts';
import { putQueue } from '../../../domain/acd/snapshot.ts';
import type { AcdCore } from '../core.ts';

/** The queue as the ACD holds it, undefined when not loaded. */
const queueOf = (core: AcdCore, queueId: string): AcdQueue | undefined =>
  core.snapshot.queues.get(queueId)?.queue;

/** The settings in force for a queue: its stored row, else what its ACD settings say. */
export function callbackSettingsOf(core: AcdCore, queueId: string): CallbackSettings | undefined {
  const stored = core.callbacks.settings.get(queueId);
  if (stored !== undefined) return stored;
  const queue = queueOf(core, queueId);
  return queue === undefined ? undefined : settingsFromQueue(queue.settings.callback);
}

/** Lays the stored settings over the queues (all, or those listed). */
export function overlayCallbackSettings(core: AcdCore, queueIds?: readonly string[]): void {
  const ids = queueIds ?? [...core.callbacks.settings.keys()];
  for (const queueId of ids) {
    const stored = core.callbacks.settings.get(queueId);
    const queue = queueOf(core, queueId);
    if (stored === undefined || queue === undefined) continue;
    const callback = queueCallbackOf(stored);
    putQueue(core.snapshot, { ...queue, settings: { ...queue.settings, callback } });
  }
}

/** Loads every stored row and lays them over the loaded queues. */
export async function loadCallbackSettings(core: AcdCore): Promise<void> {
  const rows = await core.deps.store.callbackSettings.list();
  core.callbacks.settings.clear();
  for (const { queueId, settings } of rows) core.callbacks.settings.set(queueId, settings);
  overlayCallbackSettings(core);
}

/** A queue's settings changed through the API: calls entering from now on follow them. */
export function callbackSettingsChanged(
  core: AcdCore,
  queueId: string,
  settings: CallbackSettings,
): void {
  core.callbacks.settings.set(queueId, settings);
  overlayCallbackSettings(core, [queueId]);
}
