/**
 * The webhook outbox's delivery loop (SEC-4). `publish` stores an event for
 * every subscribed endpoint before anything is sent, so a crash or a receiver
 * that is down loses nothing. Each endpoint's deliveries go out strictly in
 * order: only its oldest pending delivery is tried, and a failure holds the
 * rest back until the retry (exponential backoff) succeeds or gives up.
 */
import {
  DEFAULT_RETRY_POLICY,
  nextAttemptAt,
  type RetryPolicy,
  subscribes,
  type WebhookBody,
  type WebhookDelivery,
} from '../../domain/webhooks/webhook.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { WebhookSender, WebhookStore } from './ports.ts';

/** An event to publish. */
export interface WebhookEventInput {
  type: string;
  businessLineId: string;
  occurredAt: number;
  data: Record<string, unknown>;
}

/** Wakes the loop later; returns a cancel function. */
export type WakeUp = (delayMs: number, run: () => void) => () => void;

/** What the dispatcher is built from. */
export interface WebhookDispatcherDeps {
  store: WebhookStore;
  send: WebhookSender;
  clock: Clock;
  logger: Logger;
  policy?: RetryPolicy;
  /** Default: an unref'd setTimeout. */
  wakeUp?: WakeUp;
}

/** The dispatcher. */
export interface WebhookDispatcher {
  /** Stores the event for each enabled, subscribed endpoint of its line; sends in the background. */
  publish(event: WebhookEventInput): Promise<WebhookDelivery[]>;
  /** Stores one event for one endpoint only (test pings, redelivery). */
  enqueueFor(
    endpointId: string,
    event: WebhookEventInput,
    eventId?: string,
  ): Promise<WebhookDelivery>;
  /** Sends every due delivery now; resolves when nothing due is left. */
  runDue(): Promise<void>;
  /** Stops the wake-up timer; a run in progress finishes. */
  stop(): Promise<void>;
}

const bodyOf = (eventId: string, event: WebhookEventInput): string =>
  JSON.stringify({
    id: eventId,
    type: event.type,
    occurredAt: new Date(event.occurredAt).toISOString(),
    businessLineId: event.businessLineId,
    data: event.data,
  } satisfies WebhookBody);

/** Creates the dispatcher; it sends nothing until `publish`, `enqueueFor` or `runDue`. */
export function createWebhookDispatcher(deps: WebhookDispatcherDeps): WebhookDispatcher {
  const { store, send, clock } = deps;
  const log = deps.logger.child({ component: 'webhooks' });
  const policy = deps.policy ?? DEFAULT_RETRY_POLICY;
  const wakeUp: WakeUp =
    deps.wakeUp ??
    ((delayMs, run) => {
      const timer = setTimeout(run, delayMs);
      timer.unref();
      return () => clearTimeout(timer);
    });
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let cancelWake: (() => void) | null = null;

  /** One attempt; true when the endpoint's queue moved on (delivered or given up). */
  async function attempt(delivery: WebhookDelivery): Promise<boolean> {
    const endpoint = await store.webhooks.getEndpoint(delivery.endpointId);
    if (!endpoint) return false;
    const at = clock.now();
    const result = await send({
      url: endpoint.url,
      secret: endpoint.secret,
      deliveryId: delivery.id,
      eventType: delivery.eventType,
      body: delivery.payload,
      timestampS: Math.floor(at / 1000),
    });
    const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const fields = { deliveryId: delivery.id, endpointId: endpoint.id, event: delivery.eventType };
    if (ok) {
      await store.webhooks.recordAttempt(delivery.id, {
        ok,
        at,
        statusCode: result.statusCode ?? 0,
      });
      log.debug({ ...fields, status: result.statusCode }, 'webhook delivered');
      return true;
    }
    const retryAt = nextAttemptAt(policy, delivery.attempts + 1, delivery.createdAt, at);
    await store.webhooks.recordAttempt(delivery.id, {
      ok,
      at,
      statusCode: result.statusCode,
      error: result.error ?? 'failed',
      retryAt,
    });
    log.warn(
      {
        ...fields,
        attempts: delivery.attempts + 1,
        status: result.statusCode,
        err: result.error,
        retryAt,
      },
      retryAt === null ? 'webhook delivery given up' : 'webhook delivery failed, will retry',
    );
    return retryAt === null;
  }

  /** Sends heads until no endpoint makes progress, then sets the wake-up for the next retry. */
  async function drain(): Promise<void> {
    for (;;) {
      const now = clock.now();
      const heads = await store.webhooks.pendingHeads();
      const due = heads.filter((d) => d.nextAttemptAt <= now);
      const moved = await Promise.all(due.map(attempt));
      if (moved.some(Boolean)) continue;
      const later = (await store.webhooks.pendingHeads()).map((d) => d.nextAttemptAt);
      cancelWake?.();
      cancelWake = null;
      if (later.length > 0 && !stopped) {
        const delay = Math.max(0, Math.min(...later) - clock.now());
        cancelWake = wakeUp(delay, () => void kick());
      }
      return;
    }
  }

  /** Runs drain, one run at a time; a kick during a run asks for one more run after it. */
  function kick(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    const run = async () => {
      do {
        again = false;
        try {
          await drain();
        } catch (err) {
          log.error({ err }, 'webhook delivery run failed');
        }
      } while (again && !stopped);
    };
    running = run().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    async publish(event) {
      const endpoints = (await store.webhooks.enabledEndpoints(event.businessLineId)).filter((e) =>
        subscribes(e.events, event.type),
      );
      if (endpoints.length === 0) return [];
      const eventId = crypto.randomUUID();
      const payload = bodyOf(eventId, event);
      const deliveries = await store.webhooks.enqueue(
        endpoints.map((e) => ({ endpointId: e.id, eventId, eventType: event.type, payload })),
      );
      void kick();
      return deliveries;
    },
    async enqueueFor(endpointId, event, eventId = crypto.randomUUID()) {
      const [delivery] = await store.webhooks.enqueue([
        { endpointId, eventId, eventType: event.type, payload: bodyOf(eventId, event) },
      ]);
      if (!delivery) throw new Error('webhook delivery not stored');
      void kick();
      return delivery;
    },
    async runDue() {
      await kick();
      // A kick that arrived during the run was folded into it; one more pass makes sure.
      if (running) await running;
    },
    async stop() {
      stopped = true;
      cancelWake?.();
      cancelWake = null;
      if (running) await running;
    },
  };
}
