/** Webhook endpoints and the delivery outbox (SEC-4) on SQLite and MySQL/MariaDB. */

import type { Knex } from 'knex';
import type { Clock } from '../../app/clock.ts';
import type { NewDelivery, WebhookRepository, WebhookStore } from '../../app/webhooks/ports.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { toDbTime } from '../db-time.ts';
import { createAuditRepository } from '../repositories/audit.repository.ts';
import { checkPage } from '../repositories/listing.ts';
import type { RepositoryDeps } from '../repositories/repository-deps.ts';
import {
  DELIVERIES,
  type DeliveryRow,
  ENDPOINTS,
  type EndpointRow,
  toDelivery,
  toEndpoint,
} from './webhook-rows.ts';

/** Longest stored error text (the column is TEXT; a receiver's page can be long). */
const MAX_ERROR = 1000;

/** The webhook repository over `db`. */
export function createWebhookRepository({ db, clock }: RepositoryDeps): WebhookRepository {
  async function getEndpoint(id: string) {
    const row = (await db(ENDPOINTS).where({ id }).first()) as EndpointRow | undefined;
    return row && toEndpoint(row);
  }
  async function getDelivery(id: string) {
    const row = (await db(DELIVERIES).where({ id }).first()) as DeliveryRow | undefined;
    return row && toDelivery(row);
  }
  return {
    getEndpoint,
    async listEndpoints(filter, page) {
      checkPage(page);
      const query = db(ENDPOINTS).orderBy([{ column: 'name' }, { column: 'id' }]);
      if (filter.businessLineIds) query.whereIn('business_line_id', [...filter.businessLineIds]);
      const rows = (await query.offset(page.offset).limit(page.limit)) as EndpointRow[];
      return rows.map(toEndpoint);
    },
    async createEndpoint(input) {
      const now = toDbTime(clock.now());
      const id = crypto.randomUUID();
      await db(ENDPOINTS).insert({
        id,
        business_line_id: input.businessLineId,
        name: input.name,
        url: input.url,
        events: JSON.stringify(input.events),
        secret: input.secret,
        enabled: input.enabled,
        created_at: now,
        updated_at: now,
      });
      const created = await getEndpoint(id);
      if (!created) throw notFound('WebhookEndpoint', id);
      return created;
    },
    async updateEndpoint(id, patch) {
      const row: Record<string, unknown> = { updated_at: toDbTime(clock.now()) };
      if (patch.name !== undefined) row.name = patch.name;
      if (patch.url !== undefined) row.url = patch.url;
      if (patch.events !== undefined) row.events = JSON.stringify(patch.events);
      if (patch.secret !== undefined) row.secret = patch.secret;
      if (patch.enabled !== undefined) row.enabled = patch.enabled;
      if ((await db(ENDPOINTS).where({ id }).update(row)) === 0) {
        throw notFound('WebhookEndpoint', id);
      }
      const updated = await getEndpoint(id);
      if (!updated) throw notFound('WebhookEndpoint', id);
      return updated;
    },
    async deleteEndpoint(id) {
      if ((await db(ENDPOINTS).where({ id }).delete()) === 0) throw notFound('WebhookEndpoint', id);
    },
    async enabledEndpoints(businessLineId) {
      const rows = (await db(ENDPOINTS)
        .where({ business_line_id: businessLineId, enabled: true })
        .orderBy('id')) as EndpointRow[];
      return rows.map(toEndpoint);
    },
    async enqueue(deliveries: readonly NewDelivery[]) {
      const now = toDbTime(clock.now());
      const ids: string[] = [];
      // One insert per row: the auto-increment `seq` then follows the given order.
      for (const d of deliveries) {
        const id = crypto.randomUUID();
        await db(DELIVERIES).insert({
          id,
          endpoint_id: d.endpointId,
          event_id: d.eventId,
          event_type: d.eventType,
          payload: d.payload,
          status: 'pending',
          attempts: 0,
          next_attempt_at: now,
          created_at: now,
        });
        ids.push(id);
      }
      if (ids.length === 0) return [];
      const rows = (await db(DELIVERIES).whereIn('id', ids).orderBy('seq')) as DeliveryRow[];
      return rows.map(toDelivery);
    },
    getDelivery,
    async listDeliveries(endpointId, filter, page) {
      checkPage(page);
      const query = db(DELIVERIES).where({ endpoint_id: endpointId }).orderBy('seq', 'desc');
      if (filter.status) query.where({ status: filter.status });
      const rows = (await query.offset(page.offset).limit(page.limit)) as DeliveryRow[];
      return rows.map(toDelivery);
    },
    async pendingHeads() {
      const heads = db(DELIVERIES)
        .select('endpoint_id')
        .min({ head: 'seq' })
        .where({ status: 'pending' })
        .groupBy('endpoint_id')
        .as('h');
      const rows = (await db(`${DELIVERIES} as d`)
        .select('d.*')
        .join(heads, 'h.head', 'd.seq')
        .join(`${ENDPOINTS} as e`, 'e.id', 'd.endpoint_id')
        .where('e.enabled', true)
        .orderBy('d.seq')) as DeliveryRow[];
      return rows.map(toDelivery);
    },
    async recordAttempt(id, outcome) {
      const row: Record<string, unknown> = {
        attempts: db.raw('attempts + 1'),
        last_status_code: outcome.statusCode,
      };
      if (outcome.ok) {
        Object.assign(row, {
          status: 'delivered',
          delivered_at: toDbTime(outcome.at),
          last_error: null,
        });
      } else {
        Object.assign(row, {
          status: outcome.retryAt === null ? 'failed' : 'pending',
          next_attempt_at: toDbTime(outcome.retryAt ?? outcome.at),
          last_error: outcome.error.slice(0, MAX_ERROR),
        });
      }
      if ((await db(DELIVERIES).where({ id }).update(row)) === 0)
        throw notFound('WebhookDelivery', id);
      const updated = await getDelivery(id);
      if (!updated) throw notFound('WebhookDelivery', id);
      return updated;
    },
  };
}

/** The webhook store on `knex` (the store's own pool). */
export function createWebhookStore(knex: Knex, clock: Clock): WebhookStore {
  return {
    webhooks: createWebhookRepository({ db: knex, clock }),
    transaction: (work) =>
      knex.transaction((trx) =>
        work({
          webhooks: createWebhookRepository({ db: trx, clock }),
          audit: createAuditRepository({ db: trx, clock }),
        }),
      ),
  };
}
