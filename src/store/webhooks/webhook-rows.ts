/** Rows of `webhook_endpoints` and `webhook_deliveries` and their mapping. */
import type { WebhookDelivery, WebhookEndpoint } from '../../domain/webhooks/webhook.ts';
import { type DbTime, fromDbTime, fromDbTimeOrNull } from '../db-time.ts';

export const ENDPOINTS = 'webhook_endpoints';
export const DELIVERIES = 'webhook_deliveries';

/** A `webhook_endpoints` row. */
export interface EndpointRow {
  id: string;
  business_line_id: string;
  name: string;
  url: string;
  events: string;
  secret: string;
  enabled: boolean | number;
  created_at: DbTime;
  updated_at: DbTime;
}

/** A `webhook_deliveries` row. */
export interface DeliveryRow {
  seq: number | string;
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  payload: string;
  status: WebhookDelivery['status'];
  attempts: number;
  next_attempt_at: DbTime;
  last_status_code: number | null;
  last_error: string | null;
  created_at: DbTime;
  delivered_at: DbTime | null;
}

export const toEndpoint = (r: EndpointRow): WebhookEndpoint => ({
  id: r.id,
  businessLineId: r.business_line_id,
  name: r.name,
  url: r.url,
  events: JSON.parse(r.events) as string[],
  secret: r.secret,
  // SQLite returns booleans as 0/1.
  enabled: Boolean(r.enabled),
  createdAt: fromDbTime(r.created_at),
  updatedAt: fromDbTime(r.updated_at),
});

export const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id,
  seq: Number(r.seq),
  endpointId: r.endpoint_id,
  eventId: r.event_id,
  eventType: r.event_type,
  payload: r.payload,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: fromDbTime(r.next_attempt_at),
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  createdAt: fromDbTime(r.created_at),
  deliveredAt: fromDbTimeOrNull(r.delivered_at),
});
