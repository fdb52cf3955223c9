/**
 * Webhooks end to end over real HTTP (SEC-4): a receiver on a local port,
 * the real sender, the outbox in a real database. Proves signatures verify
 * with the endpoint's secret, a receiver that is down and then up gets every
 * event in order with nothing lost, errors are retried with the same
 * idempotency key, a receiver that never answers times out, and the service
 * (test ping, redelivery) records what happened.
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import pino from 'pino';
import type { Actor } from '../../src/app/actor.ts';
import type { WebhookSender } from '../../src/app/webhooks/ports.ts';
import { createWebhookDispatcher } from '../../src/app/webhooks/webhook-dispatcher.ts';
import { createWebhookService } from '../../src/app/webhooks/webhook-service.ts';
import { DEFAULT_RETRY_POLICY } from '../../src/domain/webhooks/webhook.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { openStore } from '../../src/store/store.ts';
import { createWebhookStore } from '../../src/store/webhooks/webhook.repository.ts';
import { createHttpSender, DELIVERY_HEADER, EVENT_HEADER } from '../../src/webhooks/http-sender.ts';
import { SIGNATURE_HEADER, verifySignature } from '../../src/webhooks/signature.ts';
import { manualClock } from '../helpers/databases.ts';

const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);
const logger = pino({ level: 'silent' });

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local receiver; `answer` decides each response's status (undefined: never answer). */
async function receiver(answer: (n: number) => number | undefined = () => 204, port = 0) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = answer(received.length);
      if (status !== undefined) res.writeHead(status).end(status >= 300 ? 'nope' : '');
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return {
    received,
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

async function setup(send: WebhookSender = createHttpSender(5_000)) {
  const clock = manualClock(T0);
  const store = await openStore({ databaseUrl: 'sqlite::memory:', clock, logger });
  await migrateToLatest(store.knex);
  const webhooks = createWebhookStore(store.knex, clock);
  // No wake-up timer: the test runs the outbox itself after moving the clock.
  const dispatcher = createWebhookDispatcher({
    store: webhooks,
    send,
    clock,
    logger,
    wakeUp: () => () => {},
  });
  const line = await store.businessLines.create({
    name: 'Sales',
    timezone: 'UTC',
    defaultCountry: 'FR',
  });
  const endpoint = (url: string, events: string[] = ['*']) =>
    webhooks.webhooks.createEndpoint({
      businessLineId: line.id,
      name: 'CRM',
      url,
      events,
      secret: 'whsec_test_secret',
      enabled: true,
    });
  const publish = (n: number, type = 'call.ended') =>
    dispatcher.publish({ type, businessLineId: line.id, occurredAt: clock.now(), data: { n } });
  return { clock, store, webhooks, dispatcher, line, endpoint, publish };
}

test('a delivery is signed with the endpoint secret and carries its idempotency key', async (t) => {
  const rx = await receiver();
  const { store, webhooks, endpoint, publish, dispatcher, clock } = await setup();
  t.teardown(async () => {
    await rx.close();
    await store.close();
  });
  const target = await endpoint(`http://127.0.0.1:${rx.port}/hook`, ['call.ended']);
  const [stored] = await publish(1);
  await publish(2, 'agent.state-changed'); // not subscribed
  await dispatcher.runDue();

  t.is(rx.received.length, 1);
  const { headers, body } = rx.received[0]!;
  const nowS = Math.floor(clock.now() / 1000);
  t.true(
    verifySignature(
      'whsec_test_secret',
      String(headers[SIGNATURE_HEADER.toLowerCase()]),
      body,
      nowS,
    ),
  );
  t.false(
    verifySignature('another-secret', String(headers[SIGNATURE_HEADER.toLowerCase()]), body, nowS),
  );
  t.false(
    verifySignature(
      'whsec_test_secret',
      String(headers[SIGNATURE_HEADER.toLowerCase()]),
      `${body} `,
      nowS,
    ),
  );
  t.is(headers[DELIVERY_HEADER.toLowerCase()], stored!.id);
  t.is(headers[EVENT_HEADER.toLowerCase()], 'call.ended');
  t.like(JSON.parse(body), { id: stored!.eventId, type: 'call.ended', data: { n: 1 } });
  t.like(await webhooks.webhooks.getDelivery(stored!.id), {
    status: 'delivered',
    attempts: 1,
    lastStatusCode: 204,
    endpointId: target.id,
  });
});

test('receiver down, then up: every event arrives, in order, after the backoff', async (t) => {
  // Take a free port, then free it: the receiver is "down" on that port.
  const probe = await receiver();
  const port = probe.port;
  await probe.close();
  const { store, webhooks, endpoint, publish, dispatcher, clock } = await setup();
  t.teardown(() => store.close());
  const target = await endpoint(`http://127.0.0.1:${port}/hook`);
  const stored = [...(await publish(0)), ...(await publish(1)), ...(await publish(2))];
  await dispatcher.runDue();

  const states = async () =>
    (await webhooks.webhooks.listDeliveries(target.id, {}, { offset: 0, limit: 10 }))
      .reverse()
      .map((d) => [d.status, d.attempts]);
  // Only the head was tried: the others wait behind it to keep the order.
  t.deepEqual(await states(), [
    ['pending', 1],
    ['pending', 0],
    ['pending', 0],
  ]);
  const head = await webhooks.webhooks.getDelivery(stored[0]!.id);
  t.truthy(head?.lastError);
  t.is(head?.lastStatusCode, null);
  t.is(head?.nextAttemptAt, T0 + DEFAULT_RETRY_POLICY.firstDelayMs);

  // Not yet due: nothing is tried again.
  clock.advance(DEFAULT_RETRY_POLICY.firstDelayMs - 1);
  await dispatcher.runDue();
  t.deepEqual((await states())[0], ['pending', 1]);

  // Still down at the retry: the backoff doubles.
  clock.advance(1);
  await dispatcher.runDue();
  t.is(
    (await webhooks.webhooks.getDelivery(stored[0]!.id))?.nextAttemptAt,
    clock.now() + 2 * DEFAULT_RETRY_POLICY.firstDelayMs,
  );

  const rx = await receiver(() => 200, port);
  t.teardown(() => rx.close());
  clock.advance(2 * DEFAULT_RETRY_POLICY.firstDelayMs);
  await dispatcher.runDue();
  t.deepEqual(
    rx.received.map((r) => JSON.parse(r.body).data.n),
    [0, 1, 2],
  );
  t.deepEqual(await states(), [
    ['delivered', 3],
    ['delivered', 1],
    ['delivered', 1],
  ]);
});

test('an error answer is retried with the same idempotency key; a silent receiver times out', async (t) => {
  const rx = await receiver((n) => (n === 1 ? 500 : 204));
  const silent = await receiver(() => undefined);
  // The silent receiver gets a short timeout (it never answers, so it always expires); the other a long one.
  const patient = createHttpSender(10_000);
  const impatient = createHttpSender(200);
  const { store, webhooks, endpoint, publish, dispatcher, clock } = await setup((request) =>
    request.url.includes(`:${silent.port}/`) ? impatient(request) : patient(request),
  );
  t.teardown(async () => {
    await rx.close();
    await silent.close();
    await store.close();
  });
  const ok = await endpoint(`http://127.0.0.1:${rx.port}/hook`);
  const mute = await endpoint(`http://127.0.0.1:${silent.port}/hook`);
  const stored = await publish(7);
  await dispatcher.runDue();
  const toOk = stored.find((d) => d.endpointId === ok.id)!;
  const toMute = stored.find((d) => d.endpointId === mute.id)!;
  t.like(await webhooks.webhooks.getDelivery(toOk.id), {
    status: 'pending',
    lastStatusCode: 500,
    lastError: 'HTTP 500: nope',
  });
  t.like(await webhooks.webhooks.getDelivery(toMute.id), {
    status: 'pending',
    lastError: 'timed out',
  });

  clock.advance(DEFAULT_RETRY_POLICY.firstDelayMs);
  await dispatcher.runDue();
  t.like(await webhooks.webhooks.getDelivery(toOk.id), { status: 'delivered', attempts: 2 });
  t.deepEqual(
    rx.received.map((r) => r.headers[DELIVERY_HEADER.toLowerCase()]),
    [toOk.id, toOk.id],
  );
});

test('a delivery failing for 24 h is given up and the next one goes', async (t) => {
  const probe = await receiver();
  const port = probe.port;
  await probe.close();
  const { store, webhooks, endpoint, publish, dispatcher, clock } = await setup();
  t.teardown(() => store.close());
  const target = await endpoint(`http://127.0.0.1:${port}/hook`);
  const [first] = await publish(0);
  await dispatcher.runDue();
  let attempts = 1;
  while ((await webhooks.webhooks.getDelivery(first!.id))?.status === 'pending') {
    clock.set((await webhooks.webhooks.getDelivery(first!.id))!.nextAttemptAt);
    await dispatcher.runDue();
    attempts += 1;
    if (attempts > 100) break;
  }
  const given = await webhooks.webhooks.getDelivery(first!.id);
  t.is(given?.status, 'failed');
  t.true(clock.now() - T0 <= DEFAULT_RETRY_POLICY.giveUpAfterMs);
  t.true(clock.now() - T0 > DEFAULT_RETRY_POLICY.giveUpAfterMs - DEFAULT_RETRY_POLICY.maxDelayMs);

  const rx = await receiver(() => 204, port);
  t.teardown(() => rx.close());
  const [second] = await publish(1);
  await dispatcher.runDue();
  t.is((await webhooks.webhooks.getDelivery(second!.id))?.status, 'delivered');
  t.is(rx.received.length, 1);
  t.is(
    (
      await webhooks.webhooks.listDeliveries(
        target.id,
        { status: 'failed' },
        { offset: 0, limit: 5 },
      )
    ).length,
    1,
  );
});

test('the service: test ping reports the attempt, redelivery resends the same event, secrets stay out of the audit log', async (t) => {
  const rx = await receiver();
  const { store, webhooks, dispatcher, line, clock } = await setup();
  t.teardown(async () => {
    await rx.close();
    await store.close();
  });
  const service = createWebhookService({ store, webhooks, dispatcher, clock });
  const admin: Actor = {
    userId: 'u-admin',
    username: 'admin',
    role: 'admin',
    agentId: null,
    businessLineIds: [],
    via: 'api-key',
    source: '127.0.0.1',
  };
  await t.throwsAsync(
    service.create(admin, { businessLineId: line.id, name: 'x', url: 'ftp://crm', events: ['*'] }),
    { message: /http or https/ },
  );
  await t.throwsAsync(
    service.create(admin, {
      businessLineId: line.id,
      name: 'x',
      url: 'https://crm',
      events: ['call.nope'],
    }),
    { message: /unknown type call.nope/ },
  );
  const endpoint = await service.create(admin, {
    businessLineId: line.id,
    name: 'CRM',
    url: `http://127.0.0.1:${rx.port}/hook`,
    events: ['call.ended'],
  });
  t.regex(endpoint.secret, /^whsec_[0-9a-f]{64}$/);

  const ping = await service.test(admin, endpoint.id);
  t.like(ping, { status: 'delivered', eventType: 'webhook.test', attempts: 1 });
  const again = await service.redeliver(admin, ping.id);
  await dispatcher.runDue();
  t.not(again.id, ping.id);
  t.is(again.eventId, ping.eventId);
  t.deepEqual(
    rx.received.map((r) => JSON.parse(r.body).id),
    [ping.eventId, ping.eventId],
  );
  t.true(
    verifySignature(
      endpoint.secret,
      String(rx.received[1]!.headers[SIGNATURE_HEADER.toLowerCase()]),
      rx.received[1]!.body,
      Math.floor(clock.now() / 1000),
    ),
  );

  const rotated = await service.update(admin, endpoint.id, { rotateSecret: true });
  t.not(rotated.secret, endpoint.secret);
  const audit = JSON.stringify(
    await store.audit.list({ entity: 'WebhookEndpoint' }, { offset: 0, limit: 10 }),
  );
  t.false(audit.includes(endpoint.secret));
  t.false(audit.includes(rotated.secret));
  t.true(audit.includes('updateWebhookEndpoint'));
});
