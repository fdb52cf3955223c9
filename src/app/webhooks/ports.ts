/** What the webhook services need from the database (SEC-4). */
import type { WebhookDelivery, WebhookEndpoint } from '../../domain/webhooks/webhook.ts';
import type { AuditRepository, PageRequest } from '../ports.ts';

/** An endpoint's fields as created. */
export type WebhookEndpointInput = Pick<
  WebhookEndpoint,
  'businessLineId' | 'name' | 'url' | 'events' | 'secret' | 'enabled'
>;

/** A delivery to store: one event for one endpoint. */
export interface NewDelivery {
  endpointId: string;
  eventId: string;
  eventType: string;
  payload: string;
}

/** The outcome of one attempt. */
export type AttemptOutcome =
  | { ok: true; at: number; statusCode: number }
  | {
      ok: false;
      at: number;
      statusCode: number | null;
      error: string;
      /** When to try again; null: give up (status `failed`). */
      retryAt: number | null;
    };

/** Endpoints and the delivery outbox. */
export interface WebhookRepository {
  getEndpoint(id: string): Promise<WebhookEndpoint | undefined>;
  listEndpoints(
    filter: { businessLineIds?: readonly string[] },
    page: PageRequest,
  ): Promise<WebhookEndpoint[]>;
  createEndpoint(input: WebhookEndpointInput): Promise<WebhookEndpoint>;
  updateEndpoint(id: string, patch: Partial<WebhookEndpointInput>): Promise<WebhookEndpoint>;
  deleteEndpoint(id: string): Promise<void>;
  /** Enabled endpoints of a business line (subscription filtering is the caller's). */
  enabledEndpoints(businessLineId: string): Promise<WebhookEndpoint[]>;
  /** Stores deliveries (pending, due now), in the given order. */
  enqueue(deliveries: readonly NewDelivery[]): Promise<WebhookDelivery[]>;
  getDelivery(id: string): Promise<WebhookDelivery | undefined>;
  /** An endpoint's deliveries, newest first, optionally of one status. */
  listDeliveries(
    endpointId: string,
    filter: { status?: WebhookDelivery['status'] },
    page: PageRequest,
  ): Promise<WebhookDelivery[]>;
  /**
   * The oldest pending delivery of every enabled endpoint (the only one of the
   * endpoint that may be sent: deliveries go out in order).
   */
  pendingHeads(): Promise<WebhookDelivery[]>;
  /** Records an attempt's outcome. */
  recordAttempt(id: string, outcome: AttemptOutcome): Promise<WebhookDelivery>;
}

/** The webhook store, with transactions that also write the audit log. */
export interface WebhookStore {
  webhooks: WebhookRepository;
  transaction<T>(
    work: (tx: { webhooks: WebhookRepository; audit: AuditRepository }) => Promise<T>,
  ): Promise<T>;
}

/** The answer of the receiver to one POST. */
export interface SendResult {
  /** HTTP status; null when no answer came (refused, timed out). */
  statusCode: number | null;
  error: string | null;
}

/** Sends one signed delivery over HTTP. */
export type WebhookSender = (request: {
  url: string;
  /** Signs the body (HMAC-SHA256); never logged. */
  secret: string;
  /** The idempotency key. */
  deliveryId: string;
  eventType: string;
  /** The JSON body, sent exactly as signed. */
  body: string;
  /** Signed with the body. */
  timestampS: number;
}) => Promise<SendResult>;
