/**
 * Webhooks (SEC-4): what an endpoint subscribes to, how a delivery is retried,
 * and when it is given up. Pure: times are passed in.
 */

/** Event types an endpoint can subscribe to; `*` subscribes to all of them. */
export const WEBHOOK_EVENT_TYPES = [
  'call.offered',
  'call.answered',
  'call.state-changed',
  'call.ended',
  'agent.state-changed',
  'webhook.test',
] as const;

/** One event type. */
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Every type, as an endpoint's subscription. */
export const ALL_EVENTS = '*';

/** An endpoint as the application holds it. */
export interface WebhookEndpoint {
  id: string;
  businessLineId: string;
  name: string;
  url: string;
  /** Subscribed types, or [`*`]. */
  events: readonly string[];
  /** HMAC-SHA256 key of the signature header. */
  secret: string;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Where a delivery is. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event on its way to one endpoint: the outbox row and its log. */
export interface WebhookDelivery {
  /** Sent as the idempotency key; the same on every attempt. */
  id: string;
  /** Order among the endpoint's deliveries. */
  seq: number;
  endpointId: string;
  /** The same for every endpoint the event went to. */
  eventId: string;
  eventType: string;
  /** The JSON body sent. */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

/** True when `events` (an endpoint's subscription) includes `type`. */
export const subscribes = (events: readonly string[], type: string): boolean =>
  type === 'webhook.test' || events.includes(ALL_EVENTS) || events.includes(type);

/** How deliveries are retried. */
export interface RetryPolicy {
  /** Wait after the first failed attempt. */
  firstDelayMs: number;
  /** Longest wait between two attempts. */
  maxDelayMs: number;
  /** A delivery still failing this long after its event is given up. */
  giveUpAfterMs: number;
}

/** Default: 10 s, doubling, at most 1 h between attempts, for 24 h (the SEC-4 window). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  firstDelayMs: 10_000,
  maxDelayMs: 3_600_000,
  giveUpAfterMs: 24 * 3_600_000,
};

/**
 * After failed attempt number `attempts` (1 for the first) of a delivery
 * created at `createdAt`: when to try again, or null to give up.
 */
export function nextAttemptAt(
  policy: RetryPolicy,
  attempts: number,
  createdAt: number,
  now: number,
): number | null {
  const delay = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, attempts - 1));
  const next = now + delay;
  return next - createdAt > policy.giveUpAfterMs ? null : next;
}

/** The JSON body of a delivery. */
export interface WebhookBody {
  /** The event's id (the same for every endpoint). */
  id: string;
  type: string;
  /** ISO 8601 UTC. */
  occurredAt: string;
  businessLineId: string;
  data: Record<string, unknown>;
}
