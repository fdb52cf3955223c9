/**
 * The webhook repository on SQLite and MariaDB: endpoints (created, read back
 * with their subscription, changed, listed by business line), and the
 * delivery outbox (stored pending in order, one head per endpoint, disabled
 * endpoints held, attempts recorded with retry time, status code and error,
 * given-up deliveries step aside for the next).
 */
import test from 'ava';
import { createWebhookStore } from '../../src/store/webhooks/webhook.repository.ts';
import { manualClock, testDatabases } from '../helpers/databases.ts';
import { newBusinessLine } from './seed.ts';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0, 250);
const page = { offset: 0, limit: 100 };

for (const db of testDatabases()) {
  const setup = async () => {
    const clock = manualClock(T0);
    const store = await db.store(clock);
    const webhooks = createWebhookStore(store.knex, clock).webhooks;
    const line = await newBusinessLine(store);
    const endpoint = (name: string, enabled = true) =>
      webhooks.createEndpoint({
        businessLineId: line.id,
        name,
        url: `https://crm.example.test/${name}`,
        events: ['call.ended', 'agent.state-changed'],
        secret: `whsec_${name}`,
        enabled,
      });
    const events = (endpointId: string, count: number, from = 0) =>
      webhooks.enqueue(
        Array.from({ length: count }, (_, i) => ({
          endpointId,
          eventId: crypto.randomUUID(),
          eventType: 'call.ended',
          payload: JSON.stringify({ n: from + i }),
        })),
      );
    return { clock, store, webhooks, line, endpoint, events };
  };

  test(`[${db.name}] endpoints: created, read back, changed, listed by line, deleted`, async (t) => {
    const { clock, webhooks, line, endpoint } = await setup();
    const a = await endpoint('a');
    t.like(await webhooks.getEndpoint(a.id), {
      businessLineId: line.id,
      url: 'https://crm.example.test/a',
      events: ['call.ended', 'agent.state-changed'],
      secret: 'whsec_a',
      enabled: true,
      createdAt: T0,
    });
    clock.advance(1000);
    const changed = await webhooks.updateEndpoint(a.id, { enabled: false, events: ['*'] });
    t.like(changed, { enabled: false, events: ['*'], updatedAt: T0 + 1000, name: 'a' });
    const b = await endpoint('b');
    t.deepEqual(
      (await webhooks.listEndpoints({ businessLineIds: [line.id] }, page)).map((e) => e.name),
      ['a', 'b'],
    );
    t.deepEqual(
      (await webhooks.enabledEndpoints(line.id)).map((e) => e.id),
      [b.id],
    );
    await webhooks.deleteEndpoint(a.id);
    t.is(await webhooks.getEndpoint(a.id), undefined);
    await t.throwsAsync(webhooks.deleteEndpoint(a.id), { message: /not found/ });
  });

  test(`[${db.name}] outbox: pending in order, one head per enabled endpoint`, async (t) => {
    const { webhooks, endpoint, events } = await setup();
    const a = await endpoint('a');
    const b = await endpoint('b');
    const off = await endpoint('off', false);
    const aDeliveries = await events(a.id, 3);
    const bDeliveries = await events(b.id, 2);
    await events(off.id, 1);
    t.deepEqual(
      aDeliveries.map((d) => [JSON.parse(d.payload).n, d.status, d.attempts, d.nextAttemptAt]),
      [
        [0, 'pending', 0, T0],
        [1, 'pending', 0, T0],
        [2, 'pending', 0, T0],
      ],
    );
    t.true(aDeliveries[0]!.seq < aDeliveries[1]!.seq && aDeliveries[1]!.seq < aDeliveries[2]!.seq);
    const heads = (await webhooks.pendingHeads()).filter((d) =>
      [a.id, b.id, off.id].includes(d.endpointId),
    );
    t.deepEqual(heads.map((d) => d.id).sort(), [aDeliveries[0]!.id, bDeliveries[0]!.id].sort());
  });

  test(`[${db.name}] attempts: failure keeps the head with its retry, success moves on, give-up steps aside`, async (t) => {
    const { clock, webhooks, endpoint, events } = await setup();
    const a = await endpoint('a');
    const [first, second, third] = await events(a.id, 3);
    const headOf = async () =>
      (await webhooks.pendingHeads()).find((d) => d.endpointId === a.id)?.id;

    clock.advance(100);
    const failed = await webhooks.recordAttempt(first!.id, {
      ok: false,
      at: clock.now(),
      statusCode: 503,
      error: 'HTTP 503: busy',
      retryAt: clock.now() + 10_000,
    });
    t.like(failed, {
      status: 'pending',
      attempts: 1,
      lastStatusCode: 503,
      lastError: 'HTTP 503: busy',
      nextAttemptAt: T0 + 10_100,
      deliveredAt: null,
    });
    t.is(await headOf(), first!.id);

    clock.advance(10_000);
    t.like(
      await webhooks.recordAttempt(first!.id, { ok: true, at: clock.now(), statusCode: 204 }),
      {
        status: 'delivered',
        attempts: 2,
        lastStatusCode: 204,
        lastError: null,
        deliveredAt: T0 + 10_100,
      },
    );
    t.is(await headOf(), second!.id);

    t.like(
      await webhooks.recordAttempt(second!.id, {
        ok: false,
        at: clock.now(),
        statusCode: null,
        error: 'x'.repeat(5000),
        retryAt: null,
      }),
      { status: 'failed', attempts: 1, lastStatusCode: null },
    );
    t.is((await webhooks.getDelivery(second!.id))?.lastError?.length, 1000);
    t.is(await headOf(), third!.id);

    t.deepEqual(
      (await webhooks.listDeliveries(a.id, {}, page)).map((d) => d.id),
      [third!.id, second!.id, first!.id],
    );
    t.deepEqual(
      (await webhooks.listDeliveries(a.id, { status: 'delivered' }, page)).map((d) => d.id),
      [first!.id],
    );
  });

  test(`[${db.name}] deleting an endpoint deletes its deliveries`, async (t) => {
    const { webhooks, endpoint, events } = await setup();
    const a = await endpoint('a');
    const [delivery] = await events(a.id, 1);
    await webhooks.deleteEndpoint(a.id);
    t.is(await webhooks.getDelivery(delivery!.id), undefined);
  });
}
