/**
 * Webhook endpoints and their delivery log as the API manages them (SEC-4):
 * admins only. Every change is audited without the secret; `test` sends a
 * `webhook.test` ping through the outbox and reports the attempt;
 * `redeliver` queues a copy of a past delivery (same event id and body).
 */
import { DomainError, notFound } from '../../domain/shared/errors.ts';
import {
  ALL_EVENTS,
  WEBHOOK_EVENT_TYPES,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '../../domain/webhooks/webhook.ts';
import { type Actor, requireLine, requirePermission, scopeOf } from '../actor.ts';
import type { Clock } from '../clock.ts';
import type { PageRequest, Store } from '../ports.ts';
import type { WebhookEndpointInput, WebhookStore } from './ports.ts';
import type { WebhookDispatcher } from './webhook-dispatcher.ts';

/** What the service is built from. */
export interface WebhookServiceDeps {
  store: Store;
  webhooks: WebhookStore;
  dispatcher: WebhookDispatcher;
  clock: Clock;
}

/** An endpoint as the API creates it. */
export interface NewEndpoint {
  businessLineId: string;
  name: string;
  url: string;
  events: readonly string[];
  enabled?: boolean | null;
}

/** Fields to change; null or undefined keeps the value. */
export interface EndpointPatch {
  name?: string | null;
  url?: string | null;
  events?: readonly string[] | null;
  enabled?: boolean | null;
  /** A new secret replaces the old one at once. */
  rotateSecret?: boolean | null;
}

const PERMISSION = 'webhooks:manage';

/** A random 32-byte signing secret, hex, with a prefix that says what it is. */
function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${Buffer.from(bytes).toString('hex')}`;
}

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'url: not a URL', { field: 'url' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new DomainError('VALIDATION_FAILED', 'url: must be http or https', { field: 'url' });
  }
  return parsed.toString();
}

function checkEvents(events: readonly string[]): string[] {
  const known = new Set<string>([ALL_EVENTS, ...WEBHOOK_EVENT_TYPES]);
  const unknown = events.filter((e) => !known.has(e));
  if (events.length === 0 || unknown.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      events.length === 0
        ? 'events: subscribe to at least one event type (or *)'
        : `events: unknown type ${unknown.join(', ')}`,
      { field: 'events', known: [...known] },
    );
  }
  return [...new Set(events)];
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 255) {
    throw new DomainError('VALIDATION_FAILED', 'name: 1 to 255 characters', { field: 'name' });
  }
  return trimmed;
}

/** The audit log never holds the secret. */
const audited = (e: WebhookEndpoint | undefined | null) =>
  e ? { ...e, secret: '[redacted]' } : null;

/** Creates the webhook service. */
export function createWebhookService(deps: WebhookServiceDeps) {
  const { webhooks, dispatcher, clock } = deps;

  async function visibleEndpoint(actor: Actor, id: string): Promise<WebhookEndpoint> {
    requirePermission(actor, PERMISSION);
    const endpoint = await webhooks.webhooks.getEndpoint(id);
    if (!endpoint) throw notFound('WebhookEndpoint', id);
    requireLine(actor, endpoint.businessLineId);
    return endpoint;
  }

  async function change(
    actor: Actor,
    action: string,
    work: (tx: Parameters<Parameters<WebhookStore['transaction']>[0]>[0]) => Promise<{
      before: WebhookEndpoint | null;
      after: WebhookEndpoint | null;
      id: string;
    }>,
  ) {
    return webhooks.transaction(async (tx) => {
      const result = await work(tx);
      await tx.audit.append({
        at: clock.now(),
        actorUserId: actor.userId,
        actorName: actor.username,
        action,
        entity: 'WebhookEndpoint',
        entityId: result.id,
        before: audited(result.before),
        after: audited(result.after),
        source: actor.source,
      });
      return result.after;
    });
  }

  return {
    async load(actor: Actor, ids: readonly string[]) {
      return Promise.all(ids.map((id) => visibleEndpoint(actor, id).catch(() => undefined)));
    },
    list(actor: Actor, filter: { businessLineId?: string | undefined }, page: PageRequest) {
      requirePermission(actor, PERMISSION);
      const scope = scopeOf(actor).businessLineIds;
      const lines = filter.businessLineId
        ? scope && !scope.includes(filter.businessLineId)
          ? []
          : [filter.businessLineId]
        : scope;
      return webhooks.webhooks.listEndpoints(lines ? { businessLineIds: lines } : {}, page);
    },
    async create(actor: Actor, input: NewEndpoint): Promise<WebhookEndpoint> {
      requirePermission(actor, PERMISSION);
      requireLine(actor, input.businessLineId);
      if (!(await deps.store.businessLines.get(input.businessLineId))) {
        throw notFound('BusinessLine', input.businessLineId);
      }
      const fields: WebhookEndpointInput = {
        businessLineId: input.businessLineId,
        name: checkName(input.name),
        url: checkUrl(input.url),
        events: checkEvents(input.events),
        secret: newSecret(),
        enabled: input.enabled ?? true,
      };
      const created = await change(actor, 'createWebhookEndpoint', async (tx) => {
        const after = await tx.webhooks.createEndpoint(fields);
        return { before: null, after, id: after.id };
      });
      if (!created) throw new Error('webhook endpoint not created');
      return created;
    },
    async update(actor: Actor, id: string, patch: EndpointPatch): Promise<WebhookEndpoint> {
      const before = await visibleEndpoint(actor, id);
      const fields: Partial<WebhookEndpointInput> = {};
      if (patch.name != null) fields.name = checkName(patch.name);
      if (patch.url != null) fields.url = checkUrl(patch.url);
      if (patch.events != null) fields.events = checkEvents(patch.events);
      if (patch.enabled != null) fields.enabled = patch.enabled;
      if (patch.rotateSecret) fields.secret = newSecret();
      const updated = await change(actor, 'updateWebhookEndpoint', async (tx) => ({
        before,
        after: await tx.webhooks.updateEndpoint(id, fields),
        id,
      }));
      if (!updated) throw notFound('WebhookEndpoint', id);
      // Re-enabled: its held deliveries may go now.
      if (fields.enabled) void dispatcher.runDue();
      return updated;
    },
    async delete(actor: Actor, id: string): Promise<void> {
      const before = await visibleEndpoint(actor, id);
      await change(actor, 'deleteWebhookEndpoint', async (tx) => {
        await tx.webhooks.deleteEndpoint(id);
        return { before, after: null, id };
      });
    },
    async deliveries(
      actor: Actor,
      endpointId: string,
      filter: { status?: WebhookDelivery['status'] | undefined },
      page: PageRequest,
    ) {
      await visibleEndpoint(actor, endpointId);
      return webhooks.webhooks.listDeliveries(
        endpointId,
        filter.status ? { status: filter.status } : {},
        page,
      );
    },
    /** Sends a `webhook.test` ping now (after the endpoint's earlier deliveries); the delivery after the attempt. */
    async test(actor: Actor, endpointId: string): Promise<WebhookDelivery> {
      const endpoint = await visibleEndpoint(actor, endpointId);
      const delivery = await dispatcher.enqueueFor(endpoint.id, {
        type: 'webhook.test',
        businessLineId: endpoint.businessLineId,
        occurredAt: clock.now(),
        data: { endpointId: endpoint.id, name: endpoint.name },
      });
      await dispatcher.runDue();
      return (await webhooks.webhooks.getDelivery(delivery.id)) ?? delivery;
    },
    /** Queues a copy of a delivery (same event id and body) at the end of its endpoint's queue. */
    async redeliver(actor: Actor, deliveryId: string): Promise<WebhookDelivery> {
      requirePermission(actor, PERMISSION);
      const original = await webhooks.webhooks.getDelivery(deliveryId);
      if (!original) throw notFound('WebhookDelivery', deliveryId);
      await visibleEndpoint(actor, original.endpointId).catch(() => {
        throw notFound('WebhookDelivery', deliveryId);
      });
      const [copy] = await webhooks.webhooks.enqueue([
        {
          endpointId: original.endpointId,
          eventId: original.eventId,
          eventType: original.eventType,
          payload: original.payload,
        },
      ]);
      if (!copy) throw new Error('webhook delivery not stored');
      void dispatcher.runDue();
      return copy;
    },
  };
}

/** The webhook service, as the API sees it. */
export type WebhookService = ReturnType<typeof createWebhookService>;

/** A stand-in when webhooks are not wired: every operation answers UNAVAILABLE. */
export function webhooksUnavailable(): WebhookService {
  const fail = async (): Promise<never> => {
    throw new DomainError('UNAVAILABLE', 'webhooks are not running');
  };
  return {
    load: async (_actor, ids) => ids.map(() => undefined),
    list: fail,
    create: fail,
    update: fail,
    delete: fail,
    deliveries: fail,
    test: fail,
    redeliver: fail,
  };
}
