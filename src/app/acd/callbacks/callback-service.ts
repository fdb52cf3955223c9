/**
 * Callbacks as the API uses them (ACD-9): listing tasks, booking one for a
 * number, cancelling one, and each queue's callback settings, with the
 * caller's rights checked here whatever the entry point.
 *
 * Who may do what: supervisors and admins act on the queues of their
 * business lines; an agent on the queues it is a member of (it books a
 * callback for the customer it talks to); QA reads the tasks of its lines
 * but changes nothing. A queue or task the caller may not see reads as
 * NOT_FOUND. Every change goes to the audit log.
 */
import type { AcdError } from '../../../domain/acd/acd.types.ts';
import {
  type CallbackSettings,
  type CallbackSettingsInput,
  callbackSettingsSchema,
  MAX_CALLBACK_LIFETIME_S,
} from '../../../domain/acd/callback.settings.ts';
import type { CallbackStatus, CallbackTask } from '../../../domain/acd/callback.ts';
import type { Queue } from '../../../domain/directory/entities.ts';
import { DomainError, invalidField, notFound } from '../../../domain/shared/errors.ts';
import { normalisePhone } from '../../../domain/shared/phone.ts';
import { can } from '../../../domain/shared/roles.ts';
import { type Actor, requirePermission, scopeOf, seesLine } from '../../actor.ts';
import { audit } from '../../audit.ts';
import type { Clock } from '../../clock.ts';
import type { PageRequest, Store } from '../../ports.ts';
import type { AcdRuntime } from '../runtime.ts';
import type { CallbackResult } from './callback-runtime.ts';

/** What the service is built from. */
export interface CallbackServiceDeps {
  store: Store;
  clock: Clock;
  /** The ACD runtime; without it booking and cancelling answer UNAVAILABLE. */
  acd?: AcdRuntime | undefined;
}

/** A booking as the API receives it. */
export interface CallbackRequestInput {
  queueId: string;
  /** Any readable form; read in the business line's default country. */
  number: string;
  dueAt?: number | null;
}

/** The API's error for a refused runtime operation. */
function problemOf(error: AcdError): DomainError {
  switch (error.code) {
    case 'CALLBACK_NUMBER_INVALID':
      return new DomainError('INVALID_PHONE_NUMBER', 'this number cannot be called back', {
        field: 'number',
      });
    case 'QUEUE_NOT_FOUND':
      return new DomainError('NOT_FOUND', error.message, { entity: 'Queue' });
    default:
      return new DomainError('CONFLICT', error.message, { ...error.details, reason: error.code });
  }
}

/** Creates the callback service. */
export function createCallbackService(deps: CallbackServiceDeps) {
  const { store, clock } = deps;
  const runtime = (): AcdRuntime => {
    if (deps.acd === undefined) throw new DomainError('UNAVAILABLE', 'the ACD is not running');
    return deps.acd;
  };

  /** Queues the actor's own agent belongs to. */
  async function ownQueues(actor: Actor): Promise<string[]> {
    if (actor.agentId === null) return [];
    return (await store.queues.queuesOf([actor.agentId])).map((m) => m.queueId);
  }

  async function mayRead(actor: Actor, task: Pick<CallbackTask, 'businessLineId' | 'queueId'>) {
    if (can(actor.role, 'calls:read-all') && seesLine(actor, task.businessLineId)) return true;
    return (await ownQueues(actor)).includes(task.queueId);
  }

  /** The queue the actor may book or cancel callbacks for; NOT_FOUND or FORBIDDEN otherwise. */
  async function queueToAct(actor: Actor, queueId: string): Promise<Queue> {
    const queue = await store.queues.get(queueId);
    const member = (await ownQueues(actor)).includes(queueId);
    const visible = queue !== undefined && (member || seesLine(actor, queue.businessLineId));
    if (queue === undefined || !visible) throw notFound('Queue', queueId);
    if (!member && !can(actor.role, 'config:write')) {
      throw new DomainError('FORBIDDEN', `role ${actor.role} may not manage callbacks`, {
        queueId,
      });
    }
    return queue;
  }

  async function settled(result: Promise<CallbackResult>): Promise<CallbackTask> {
    const r = await result;
    if (!r.ok) throw problemOf(r.error);
    return r.task;
  }

  async function queueToConfigure(actor: Actor, queueId: string, write: boolean): Promise<Queue> {
    requirePermission(actor, write ? 'config:write' : 'config:read');
    const queue = await store.queues.get(queueId);
    if (queue === undefined || !seesLine(actor, queue.businessLineId)) {
      throw notFound('Queue', queueId);
    }
    return queue;
  }

  return {
    /** Tasks the actor may see, newest request first. */
    async list(
      actor: Actor,
      filter: { queueId?: string; statuses?: readonly CallbackStatus[] },
      page: PageRequest,
    ): Promise<CallbackTask[]> {
      const base = {
        ...(filter.queueId === undefined ? {} : { queueIds: [filter.queueId] }),
        ...(filter.statuses === undefined ? {} : { statuses: filter.statuses }),
      };
      if (can(actor.role, 'calls:read-all')) {
        return store.callbacks.list({ ...base, ...scopeOf(actor) }, page);
      }
      const own = await ownQueues(actor);
      const queueIds = filter.queueId === undefined ? own : own.filter((q) => q === filter.queueId);
      return store.callbacks.list({ ...base, queueIds }, page);
    },

    /** Tasks by id for the actor; those it may not see are undefined. */
    async load(actor: Actor, ids: readonly string[]) {
      const tasks = await store.callbacks.getMany(ids);
      const visible: CallbackTask[] = [];
      for (const t of tasks) if (await mayRead(actor, t)) visible.push(t);
      return ids.map((id) => visible.find((t) => t.id === id));
    },

    /** The stored id of the call with this linked id (the Call node checks who may see it). */
    async callIdOf(linkedId: string | null): Promise<string | null> {
      if (linkedId === null) return null;
      return (await store.calls.getByLinkedId(linkedId))?.id ?? null;
    },

    /** Books a callback (or refreshes the open task for that number in that queue). */
    async request(actor: Actor, input: CallbackRequestInput): Promise<CallbackTask> {
      const queue = await queueToAct(actor, input.queueId);
      const line = await store.businessLines.get(queue.businessLineId);
      const number = normalisePhone(input.number, line?.defaultCountry).e164;
      const dueAt = input.dueAt ?? null;
      if (dueAt !== null && dueAt > clock.now() + MAX_CALLBACK_LIFETIME_S * 1000) {
        throw invalidField('dueAt', `at most ${MAX_CALLBACK_LIFETIME_S / 86_400} days ahead`);
      }
      const contacts = await store.contacts.findByPhone(queue.businessLineId, number);
      const booking = {
        queueId: queue.id,
        number,
        reason: 'requested',
        dueAt,
        contactId: contacts[0]?.id ?? null,
      } as const;
      const task = await settled(runtime().requestCallback(booking));
      const entry = { entity: 'CallbackTask', entityId: task.id, after: task };
      await audit(store, clock, actor, { action: 'callback.request', ...entry });
      return task;
    },

    /** Cancels a pending task; CONFLICT while it is being dialled or once closed. */
    async cancel(actor: Actor, taskId: string): Promise<CallbackTask> {
      const before = await store.callbacks.get(taskId);
      if (before === undefined || !(await mayRead(actor, before))) {
        throw notFound('CallbackTask', taskId);
      }
      await queueToAct(actor, before.queueId);
      const task = await settled(runtime().cancelCallback(taskId));
      const entry = { entity: 'CallbackTask', entityId: task.id, before, after: task };
      await audit(store, clock, actor, { action: 'callback.cancel', ...entry });
      return task;
    },

    /** A queue's callback settings in force. */
    async settings(actor: Actor, queueId: string): Promise<CallbackSettings> {
      const queue = await queueToConfigure(actor, queueId, false);
      const stored = await store.callbackSettings.get(queue.id);
      return stored ?? deps.acd?.callbackSettings(queue.id) ?? callbackSettingsSchema.parse({});
    },

    /** Stores a queue's callback settings (fields left out take their defaults). */
    async setSettings(
      actor: Actor,
      queueId: string,
      input: CallbackSettingsInput,
    ): Promise<CallbackSettings> {
      const queue = await queueToConfigure(actor, queueId, true);
      const parsed = callbackSettingsSchema.safeParse(input);
      if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => ({
          path: i.path.join('.'),
          message: i.message,
        }));
        const message = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
        throw new DomainError('VALIDATION_FAILED', message, { fields });
      }
      const saved = await store.transaction(async (tx) => {
        const before = (await tx.callbackSettings.get(queue.id)) ?? null;
        const after = await tx.callbackSettings.put(queue.id, parsed.data);
        const entry = { entity: 'Queue', entityId: queue.id, before, after };
        await audit(tx, clock, actor, { action: 'queue.callback-settings', ...entry });
        return after;
      });
      deps.acd?.callbackSettingsChanged(queue.id, saved);
      return saved;
    },
  };
}

/** The callback service's operations. */
export type CallbackService = ReturnType<typeof createCallbackService>;
