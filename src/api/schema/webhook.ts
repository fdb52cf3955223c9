/** WebhookEndpoint and WebhookDelivery: webhooks to the CRM/ERP (SEC-4). Admins only. */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import {
  ALL_EVENTS,
  type DeliveryStatus,
  WEBHOOK_EVENT_TYPES,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '../../domain/webhooks/webhook.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { BusinessLineRef } from './business-line.ts';
import { loadVisible } from './loading.ts';
import { pageOf } from './pagination.ts';
import { RESULT } from './problem.ts';

const ROLES = 'Roles: admin.';

const DeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', {
  description: 'Where a webhook delivery stands.',
  values: {
    PENDING: {
      value: 'pending',
      description: 'Stored; not yet accepted by the receiver (waiting for its turn or a retry).',
    },
    DELIVERED: { value: 'delivered', description: 'The receiver answered 2xx.' },
    FAILED: {
      value: 'failed',
      description: 'Given up after 24 h of failed attempts; `redeliverWebhook` queues it again.',
    },
  } satisfies Record<string, { value: DeliveryStatus; description: string }>,
});

/** A delivery of one event to one endpoint. */
export const WebhookDeliveryRef = builder.objectRef<WebhookDelivery>('WebhookDelivery').implement({
  description: 'One event on its way to one endpoint: the outbox entry and its delivery log.',
  fields: (t) => ({
    id: t.exposeID('id', {
      description: 'Delivery id, sent as the `Idempotency-Key` header (the same on every retry).',
    }),
    eventId: t.exposeString('eventId', {
      description:
        'The event id (`id` in the body): the same for every endpoint and for redeliveries.',
    }),
    eventType: t.exposeString('eventType', { description: 'Event type, e.g. `call.ended`.' }),
    payload: t.field({
      type: 'JSON',
      description: 'The JSON body sent.',
      resolve: (d) => JSON.parse(d.payload) as unknown,
    }),
    status: t.field({
      type: DeliveryStatusEnum,
      description: 'Where it stands.',
      resolve: (d) => d.status,
    }),
    attempts: t.exposeInt('attempts', { description: 'Attempts made so far.' }),
    nextAttemptAt: t.field({
      type: 'DateTime',
      description:
        'When a pending delivery is tried next (it also waits for earlier deliveries of the endpoint).',
      resolve: (d) => d.nextAttemptAt,
    }),
    lastStatusCode: t.exposeInt('lastStatusCode', {
      nullable: true,
      description: "The receiver's HTTP status at the last attempt; null when it did not answer.",
    }),
    lastError: t.exposeString('lastError', {
      nullable: true,
      description: 'Why the last attempt failed (connection refused, timed out, HTTP 500...).',
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When the event was stored.',
      resolve: (d) => d.createdAt,
    }),
    deliveredAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the receiver accepted it.',
      resolve: (d) => d.deliveredAt,
    }),
  }),
});

/** The WebhookEndpoint node. */
export const WebhookEndpointRef = builder.loadableNode('WebhookEndpoint', {
  description:
    "A URL of a business line's integrator, sent the events it subscribes to, signed with its secret.",
  id: { resolve: (e: WebhookEndpoint) => e.id },
  load: loadVisible<WebhookEndpoint>('WebhookEndpoint', (s) => s.webhooks),
  fields: (t) => ({
    businessLine: t.field({
      type: BusinessLineRef,
      description: 'Whose events it receives.',
      resolve: (e) => e.businessLineId,
    }),
    name: t.exposeString('name', { description: 'What it is, e.g. "CRM production".' }),
    url: t.exposeString('url', { description: 'Where events are POSTed.' }),
    events: t.exposeStringList('events', {
      description: `Subscribed event types, or \`${ALL_EVENTS}\` for all: ${WEBHOOK_EVENT_TYPES.join(', ')}.`,
    }),
    enabled: t.exposeBoolean('enabled', {
      description: 'Disabled endpoints get no new events and their pending deliveries wait.',
    }),
    deliveries: t.connection({
      type: WebhookDeliveryRef,
      description: 'Its deliveries, newest first.',
      args: {
        status: t.arg({ type: DeliveryStatusEnum, description: 'Only deliveries in this status.' }),
      },
      resolve: (e, args, ctx) =>
        pageOf(args, (page) =>
          ctx.services.webhooks.deliveries(
            actorOf(ctx),
            e.id,
            { status: args.status ?? undefined },
            page,
          ),
        ),
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was created.',
      resolve: (e) => e.createdAt,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change.',
      resolve: (e) => e.updatedAt,
    }),
  }),
});

/** An endpoint with its secret, shown only when it is created or the secret rotated. */
interface EndpointWithSecret {
  endpoint: WebhookEndpoint;
  secret: string;
}

const NewWebhookEndpointRef = builder
  .objectRef<EndpointWithSecret>('NewWebhookEndpoint')
  .implement({
    description:
      'An endpoint and its signing secret. The secret is shown only here, when the endpoint is created or its secret rotated: keep it in the receiver.',
    fields: (t) => ({
      endpoint: t.field({
        type: WebhookEndpointRef,
        description: 'The endpoint.',
        resolve: (n) => n.endpoint,
      }),
      secret: t.exposeString('secret', {
        description: 'HMAC-SHA256 key of the `Callwright-Signature` header.',
      }),
    }),
  });

const withSecret = (endpoint: WebhookEndpoint): EndpointWithSecret => ({
  endpoint,
  secret: endpoint.secret,
});

builder.queryField('webhookEndpoints', (t) =>
  t.connection({
    type: WebhookEndpointRef,
    description: `Webhook endpoints, by name. ${ROLES}`,
    authScopes: { permission: 'webhooks:manage' },
    args: {
      businessLineId: t.arg.globalID({
        for: BusinessLineRef,
        description: 'Only this business line.',
      }),
    },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) =>
        ctx.services.webhooks.list(actorOf(ctx), { businessLineId: args.businessLineId?.id }, page),
      ),
  }),
);

const name = z.string().trim().min(1, 'required').max(255, 'at most 255 characters');
const url = z.string().trim().max(2048, 'at most 2048 characters');
const events = z.array(z.string().max(64)).min(1, 'at least one event type').max(20, 'at most 20');

const WebhookEndpointInput = builder.inputType('WebhookEndpointInput', {
  description: 'A new webhook endpoint; its secret is generated.',
  fields: (t) => ({
    businessLineId: t.globalID({
      for: BusinessLineRef,
      required: true,
      description: 'Whose events it receives.',
    }),
    name: t.string({ required: true, description: 'What it is.' }),
    url: t.string({ required: true, description: 'An http(s) URL events are POSTed to.' }),
    events: t.stringList({
      required: true,
      description: `Event types, or \`${ALL_EVENTS}\` for all.`,
    }),
    enabled: t.boolean({ description: 'Default true.' }),
  }),
  validate: z.looseObject({ name, url, events }),
});

const WebhookEndpointPatch = builder.inputType('WebhookEndpointPatch', {
  description: 'Fields to change; omitted fields stay.',
  fields: (t) => ({
    name: t.string({ description: 'New name.' }),
    url: t.string({ description: 'New URL.' }),
    events: t.stringList({ description: 'New subscription.' }),
    enabled: t.boolean({ description: 'Enable or disable.' }),
  }),
  validate: z.looseObject({ name: name.nullish(), url: url.nullish(), events: events.nullish() }),
});

const endpointArg = {
  for: WebhookEndpointRef,
  required: true,
  description: 'The endpoint.',
} as const;

builder.mutationFields((t) => ({
  createWebhookEndpoint: t.field({
    type: NewWebhookEndpointRef,
    description: `Subscribes a URL to events of a business line. ${ROLES}`,
    authScopes: { permission: 'webhooks:manage' },
    errors: RESULT,
    args: {
      input: t.arg({ type: WebhookEndpointInput, required: true, description: 'The endpoint.' }),
    },
    resolve: async (_root, { input }, ctx) =>
      withSecret(
        await ctx.services.webhooks.create(actorOf(ctx), {
          businessLineId: input.businessLineId.id,
          name: input.name,
          url: input.url,
          events: input.events,
          enabled: input.enabled ?? null,
        }),
      ),
  }),
  updateWebhookEndpoint: t.field({
    type: WebhookEndpointRef,
    description: `Changes a webhook endpoint. ${ROLES}`,
    authScopes: { permission: 'webhooks:manage' },
    errors: RESULT,
    args: {
      id: t.arg.globalID(endpointArg),
      input: t.arg({ type: WebhookEndpointPatch, required: true, description: 'The changes.' }),
    },
    resolve: (_root, { id, input }, ctx) =>
      ctx.services.webhooks.update(actorOf(ctx), id.id, input),
  }),
  rotateWebhookSecret: t.field({
    type: NewWebhookEndpointRef,
    description: `Replaces an endpoint's signing secret with a new one, at once. ${ROLES}`,
    authScopes: { permission: 'webhooks:manage' },
    errors: RESULT,
    args: { id: t.arg.globalID(endpointArg) },
    resolve: async (_root, { id }, ctx) =>
      withSecret(await ctx.services.webhooks.update(actorOf(ctx), id.id, { rotateSecret: true })),
  }),
  deleteWebhookEndpoint: t.field({
    type: 'ID',
    description: `Removes a webhook endpoint and its delivery log. Returns the deleted ID. ${ROLES}`,
    authScopes: { permission: 'webhooks:manage' },
    errors: RESULT,
    args: { id: t.arg.globalID(endpointArg) },
    resolve: async (_root, { id }, ctx) => {
      await ctx.services.webhooks.delete(actorOf(ctx), id.id);
      return encodeGlobalID('WebhookEndpoint', id.id);
    },
  }),
  testWebhook: t.field({
    type: WebhookDeliveryRef,
    description: `Sends a \`webhook.test\` event to the endpoint now (after its earlier pending deliveries) and returns the delivery after the attempt. ${ROLES}`,
    authScopes: { permission: 'webhooks:manage' },
    errors: RESULT,
    args: { id: t.arg.globalID(endpointArg) },
    resolve: (_root, { id }, ctx) => ctx.services.webhooks.test(actorOf(ctx), id.id),
  }),
  redeliverWebhook: t.field({
    type: WebhookDeliveryRef,
    description: `Queues a copy of a delivery (same event id and body) at the end of its endpoint's queue. ${ROLES}`,
    authScopes: { permission: 'webhooks:manage' },
    errors: RESULT,
    args: {
      deliveryId: t.arg.id({ required: true, description: 'The delivery (`WebhookDelivery.id`).' }),
    },
    resolve: (_root, { deliveryId }, ctx) =>
      ctx.services.webhooks.redeliver(actorOf(ctx), String(deliveryId)),
  }),
}));
