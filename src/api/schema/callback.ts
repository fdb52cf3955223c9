/**
 * Callback: a callback task (ACD-9), the `callbacks` listing, the
 * `requestCallback` / `cancelCallback` mutations, and each queue's callback
 * settings (`Queue.callbackSettings`, `setQueueCallbackSettings`).
 */
import { z } from 'zod';
import type { CallbackReason } from '../../domain/acd/call.events.ts';
import type { CallbackSettings } from '../../domain/acd/callback.settings.ts';
import type { CallbackTask } from '../../domain/acd/callback.ts';
import { CALLBACK_STATUSES, type CallbackStatus } from '../../domain/acd/callback.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { AgentRef } from './agent.ts';
import { BusinessLineRef } from './business-line.ts';
import { CallRef } from './call.ts';
import { ContactRef } from './contact.ts';
import { loadVisible } from './loading.ts';
import { pageOf } from './pagination.ts';
import { RESULT } from './problem.ts';
import { QueueRef } from './queue.ts';

const STATUS_HELP: Record<CallbackStatus, string> = {
  pending: 'Waiting for its time and a free agent of the queue.',
  dialling: 'An agent is being rung, or the customer is being dialled.',
  connected: 'The customer answered and talked to the agent.',
  failed: 'Every attempt was busy, unanswered or unreachable.',
  cancelled: 'Cancelled, or the customer got through to the queue on their own.',
  expired: 'Not reached before it expired.',
};

const CallbackStatusEnum = builder.enumType('CallbackStatus', {
  description: 'Where a callback task stands.',
  values: Object.fromEntries(
    CALLBACK_STATUSES.map((s) => [s.toUpperCase(), { value: s, description: STATUS_HELP[s] }]),
  ) as Record<string, { value: CallbackStatus; description: string }>,
});

const CallbackReasonEnum = builder.enumType('CallbackReason', {
  description: 'Why a callback task was booked.',
  values: {
    ABANDONED: {
      value: 'abandoned',
      description: 'The caller hung up after waiting at least the queue threshold.',
    },
    KEYPRESS: {
      value: 'keypress',
      description: 'The caller pressed the callback key while waiting.',
    },
    REQUESTED: { value: 'requested', description: 'Booked through the API (an agent, the CRM).' },
    OVERFLOW: { value: 'overflow', description: "The queue's overflow target was a callback." },
  } satisfies Record<string, { value: CallbackReason; description: string }>,
});

/** The Callback node. */
export const CallbackRef = builder.loadableNode('Callback', {
  description:
    'A callback task: one open task per number per queue, dialled when an agent of the queue is free (agent first, then the customer).',
  id: { resolve: (c: CallbackTask) => c.id },
  load: loadVisible<CallbackTask>('Callback', (s) => s.callbacks),
  fields: (t) => ({
    number: t.exposeString('number', { description: 'Number to call back, in E.164.' }),
    reason: t.field({
      type: CallbackReasonEnum,
      description: 'Why it was booked.',
      resolve: (c) => c.reason,
    }),
    status: t.field({
      type: CallbackStatusEnum,
      description: 'Where it stands.',
      resolve: (c) => c.status,
    }),
    queue: t.field({
      type: QueueRef,
      description: 'Queue whose agents call back.',
      resolve: (c) => c.queueId,
    }),
    businessLine: t.field({
      type: BusinessLineRef,
      description: 'Owner.',
      resolve: (c) => c.businessLineId,
    }),
    contact: t.field({
      type: ContactRef,
      nullable: true,
      description: 'The customer record of the number, when one was found.',
      resolve: (c) => c.contactId,
    }),
    requestedAt: t.field({
      type: 'DateTime',
      description: 'When it was booked.',
      resolve: (c) => c.createdAt,
    }),
    dueAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the customer asked to be called; null: as soon as possible.',
      resolve: (c) => c.dueAt,
    }),
    nextAttemptAt: t.field({
      type: 'DateTime',
      description:
        'Not dialled before this time (the due time, or the retry after a failed attempt).',
      resolve: (c) => c.nextAttemptAt,
    }),
    expiresAt: t.field({
      type: 'DateTime',
      description: 'Expires unless reached by then.',
      resolve: (c) => c.expiresAt,
    }),
    attempts: t.exposeInt('attempts', { description: 'Customer dial attempts so far.' }),
    maxAttempts: t.exposeInt('maxAttempts', {
      description: 'Attempts before the task fails.',
    }),
    lastAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the last attempt started.',
      resolve: (c) => c.lastAttemptAt,
    }),
    lastCause: t.exposeString('lastCause', {
      nullable: true,
      description:
        'Why the last attempt failed: busy, no-answer, unreachable, agent-missed (the agent did not take it; not counted), interrupted (a restart).',
    }),
    agent: t.field({
      type: AgentRef,
      nullable: true,
      description: 'Agent of the current or last attempt.',
      resolve: (c) => c.agentId,
    }),
    originalCall: t.field({
      type: CallRef,
      nullable: true,
      description: 'The call it was booked from (abandoned, key press, overflow).',
      resolve: (c, _args, ctx) => ctx.services.callbacks.callIdOf(c.originCallId),
    }),
    callbackCall: t.field({
      type: CallRef,
      nullable: true,
      description: 'The call record of the current or last attempt.',
      resolve: (c, _args, ctx) => ctx.services.callbacks.callIdOf(c.callbackCallId),
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change.',
      resolve: (c) => c.updatedAt,
    }),
  }),
});

const CallbackFilter = builder.inputType('CallbackFilter', {
  description: 'Restricts a callback listing.',
  fields: (t) => ({
    queueId: t.globalID({ for: QueueRef, description: 'Only this queue.' }),
    statuses: t.field({ type: [CallbackStatusEnum], description: 'Only these statuses.' }),
  }),
});

builder.queryField('callbacks', (t) =>
  t.connection({
    type: CallbackRef,
    description:
      "Callback tasks, newest request first. Supervisors, QA and admins see their business lines' tasks; agents those of their own queues.",
    authScopes: { authenticated: true },
    args: { filter: t.arg({ type: CallbackFilter, description: 'Optional restrictions.' }) },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) =>
        ctx.services.callbacks.list(
          actorOf(ctx),
          {
            ...(args.filter?.queueId ? { queueId: args.filter.queueId.id } : {}),
            ...(args.filter?.statuses ? { statuses: args.filter.statuses } : {}),
          },
          page,
        ),
      ),
  }),
);

const WHO =
  'Roles: supervisors and admins for queues of their business lines; agents for their own queues.';

builder.mutationFields((t) => ({
  requestCallback: t.field({
    type: CallbackRef,
    description: `Books a callback of \`number\` by an agent of the queue. A second request for a number that already has an open task in that queue returns that task (moved to the new \`dueAt\` when one is given) instead of booking twice. ${WHO}`,
    authScopes: { authenticated: true },
    errors: RESULT,
    args: {
      queueId: t.arg.globalID({ for: QueueRef, required: true, description: 'The queue.' }),
      number: t.arg.string({
        required: true,
        description: "The number, international or in the business line's default country.",
        validate: z.string().trim().min(1, 'must not be empty').max(64, 'at most 64 characters'),
      }),
      dueAt: t.arg({
        type: 'DateTime',
        description:
          'Call not before this time (at most 7 days ahead); default: as soon as possible.',
      }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.callbacks.request(actorOf(ctx), {
        queueId: args.queueId.id,
        number: args.number,
        dueAt: args.dueAt?.getTime() ?? null,
      }),
  }),
  cancelCallback: t.field({
    type: CallbackRef,
    description: `Cancels a pending callback. CONFLICT while it is being dialled or once it is closed. ${WHO}`,
    authScopes: { authenticated: true },
    errors: RESULT,
    args: { id: t.arg.globalID({ for: CallbackRef, required: true, description: 'The task.' }) },
    resolve: (_root, args, ctx) => ctx.services.callbacks.cancel(actorOf(ctx), args.id.id),
  }),
}));

const CallbackSettingsRef = builder.objectRef<CallbackSettings>('QueueCallbackSettings').implement({
  description: "A queue's callback settings (ACD-9).",
  fields: (t) => ({
    enabled: t.exposeBoolean('enabled', {
      description: 'Off: callers are neither offered the key nor booked on hang-up.',
    }),
    afterAbandonS: t.exposeInt('afterAbandonS', {
      nullable: true,
      description:
        'A caller who hangs up after waiting this many seconds is called back; null: never.',
    }),
    offerKey: t.exposeString('offerKey', {
      nullable: true,
      description: 'Key a waiting caller presses to be called back; null: none.',
    }),
    maxAttempts: t.exposeInt('maxAttempts', { description: 'Customer dial attempts.' }),
    retryDelayS: t.exposeInt('retryDelayS', {
      description: 'Seconds between a busy or unanswered attempt and the next.',
    }),
    expiresAfterS: t.exposeInt('expiresAfterS', {
      description: 'A task not reached within this time expires.',
    }),
    dialTimeoutS: t.exposeInt('dialTimeoutS', {
      description: "Seconds the customer's phone rings before the attempt counts as no answer.",
    }),
  }),
});

builder.objectField(QueueRef, 'callbackSettings', (t) =>
  t.field({
    type: CallbackSettingsRef,
    description: 'Callback settings in force. Roles: admin, supervisor, qa.',
    authScopes: { permission: 'config:read' },
    resolve: (q, _args, ctx) => ctx.services.callbacks.settings(actorOf(ctx), q.id),
  }),
);

const CallbackSettingsInput = builder.inputType('QueueCallbackSettingsInput', {
  description: "A queue's callback settings; omitted fields take their defaults.",
  fields: (t) => ({
    enabled: t.boolean({ description: 'Offer callbacks to waiting callers (default true).' }),
    afterAbandonS: t.int({
      description:
        'Book callers hanging up after this many seconds, 0..3600; null: never (default).',
    }),
    offerKey: t.string({
      description: 'Callback key: one of 0-9, * or #; null: none (default 1).',
    }),
    maxAttempts: t.int({ description: 'Customer dial attempts, 1..10 (default 3).' }),
    retryDelayS: t.int({ description: 'Seconds before a retry, 0..86400 (default 300).' }),
    expiresAfterS: t.int({ description: 'Task lifetime, 60..604800 s (default 14400).' }),
    dialTimeoutS: t.int({ description: 'Customer ring time, 1..120 s (default 30).' }),
  }),
});

builder.mutationField('setQueueCallbackSettings', (t) =>
  t.field({
    type: CallbackSettingsRef,
    description:
      "Stores a queue's callback settings; calls entering the queue from then on follow them. Roles: admin, supervisor.",
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      queueId: t.arg.globalID({ for: QueueRef, required: true, description: 'The queue.' }),
      input: t.arg({ type: CallbackSettingsInput, required: true, description: 'The settings.' }),
    },
    resolve: (_root, args, ctx) => {
      const input = Object.fromEntries(
        Object.entries(args.input).filter(([, v]) => v !== undefined),
      );
      return ctx.services.callbacks.setSettings(actorOf(ctx), args.queueId.id, input);
    },
  }),
);
