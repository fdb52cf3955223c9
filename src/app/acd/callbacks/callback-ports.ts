/**
 * The store ports of callbacks (ACD-9): the tasks, and each queue's
 * callback settings. `src/store` implements them; they are part of the
 * store's `Repositories`.
 */

import type { CallbackSettings } from '../../../domain/acd/callback.settings.ts';
import type { CallbackStatus, CallbackTask } from '../../../domain/acd/callback.ts';
import type { PageRequest, ScopeFilter } from '../../ports.ts';

/** Filter for callback task listings. */
export interface CallbackFilter extends ScopeFilter {
  /** Only tasks of these queues. */
  queueIds?: readonly string[];
  statuses?: readonly CallbackStatus[];
  /** Only tasks for this E.164 number. */
  number?: string;
}

/** Callback tasks: at most one open task per number per queue. */
export interface CallbackRepository {
  get(id: string): Promise<CallbackTask | undefined>;
  getMany(ids: readonly string[]): Promise<CallbackTask[]>;
  /** Newest request first. */
  list(filter: CallbackFilter, page: PageRequest): Promise<CallbackTask[]>;
  /** Open tasks (pending or dialling), oldest request first: what the ACD resumes at start. */
  listOpen(): Promise<CallbackTask[]>;
  /**
   * Inserts the task, or updates it by id. A second open task for the same
   * number in the same queue is refused with DUPLICATE.
   */
  save(task: CallbackTask): Promise<CallbackTask>;
}

/** Per-queue callback settings; a queue without a row keeps its ACD settings' callback part. */
export interface QueueCallbackSettingsRepository {
  get(queueId: string): Promise<CallbackSettings | undefined>;
  /** Every queue's stored settings. */
  list(): Promise<Array<{ queueId: string; settings: CallbackSettings }>>;
  /** Inserts or replaces the queue's settings. */
  put(queueId: string, settings: CallbackSettings): Promise<CallbackSettings>;
  /** Removes them (the queue goes back to its ACD settings); false when there were none. */
  delete(queueId: string): Promise<boolean>;
}
