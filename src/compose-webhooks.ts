/**
 * Composition of webhooks (SEC-4), called by `main.ts` only: the outbox in
 * the database, the HTTP sender, the delivery loop, and the ACD events it
 * publishes. Events are mapped and stored one after another, so each
 * endpoint receives them in the order the ACD produced them.
 */
import type { RuntimeEvent } from './app/acd/runtime.ts';
import type { Clock } from './app/clock.ts';
import type { Logger } from './app/logger.ts';
import type { Store } from './app/ports.ts';
import { createAcdWebhookMapper } from './app/webhooks/acd-webhook-events.ts';
import { createWebhookDispatcher } from './app/webhooks/webhook-dispatcher.ts';
import { createWebhookService, type WebhookService } from './app/webhooks/webhook-service.ts';
import type { OpenedStore } from './store/store.ts';
import { createWebhookStore } from './store/webhooks/webhook.repository.ts';
import { createHttpSender } from './webhooks/http-sender.ts';

/** A receiver that does not answer within this is a failed attempt. */
const SEND_TIMEOUT_MS = 10_000;

/** What webhooks are built from. */
export interface WebhooksDeps {
  store: OpenedStore;
  clock: Clock;
  logger: Logger;
}

/** What webhooks read from the ACD. */
export interface AcdSource {
  onEvent(listener: (event: RuntimeEvent) => void): () => void;
  callView(callId: string): { businessLineId: string } | undefined;
}

/** Running webhooks. */
export interface Webhooks {
  service: WebhookService;
  /** Publishes the ACD's events from now on; also sends what an earlier run left pending. */
  attach(acd: AcdSource, directory: Store): void;
  close(): Promise<void>;
}

/** Builds webhooks over the store's pool. */
export function startWebhooks(deps: WebhooksDeps): Webhooks {
  const log = deps.logger.child({ component: 'webhooks' });
  const store = createWebhookStore(deps.store.knex, deps.clock);
  const dispatcher = createWebhookDispatcher({
    store,
    send: createHttpSender(SEND_TIMEOUT_MS),
    clock: deps.clock,
    logger: deps.logger,
  });
  const service = createWebhookService({
    store: deps.store,
    webhooks: store,
    dispatcher,
    clock: deps.clock,
  });
  let detach = () => {};
  let chain = Promise.resolve();
  return {
    service,
    attach(acd, directory) {
      const map = createAcdWebhookMapper(
        {
          callLine: (callId) => acd.callView(callId)?.businessLineId,
          agentLine: async (agentId) => (await directory.agents.get(agentId))?.businessLineId,
        },
        () => deps.clock.now(),
      );
      detach = acd.onEvent((event) => {
        // The call's line is read now, while the runtime still holds the call.
        const mapped = map(event);
        chain = chain
          .then(async () => {
            for (const e of await mapped) await dispatcher.publish(e);
          })
          .catch((err: unknown) =>
            log.error({ err, event: event.type }, 'webhook event not stored'),
          );
      });
      void dispatcher.runDue();
    },
    async close() {
      detach();
      await chain;
      await dispatcher.stop();
    },
  };
}
