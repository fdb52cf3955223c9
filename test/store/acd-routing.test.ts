/**
 * The ACD's routing data on both backends: per-queue ACD settings, the DID
 * routing table, the VIP lists with dedicated agents, and the call history
 * the sticky agent reads.
 */
import test from 'ava';
import { manualClock, testDatabases, unique } from '../helpers/databases.ts';
import { agentInput, newBusinessLine, queueInput, rejectsWith } from './seed.ts';

const page = { offset: 0, limit: 100 };

/** A DID no other test uses: digits only. */
const newDid = () => String(Date.now() % 1e9) + String(Math.floor(Math.random() * 1e6));

const TABLES = ['queue_acd_settings', 'did_routes', 'vip_callers', 'vip_caller_agents'];

for (const db of testDatabases()) {
  test(`[${db.name}] migration 0002 creates the routing tables, and its down drops them`, async (t) => {
    const store = await db.freshStore();
    const migration = await import('../../src/store/migrations/0002_acd_routing.ts');
    for (const table of TABLES) t.true(await store.knex.schema.hasTable(table), table);
    await migration.down(store.knex);
    for (const table of TABLES) t.false(await store.knex.schema.hasTable(table), table);
    await migration.up(store.knex);
    for (const table of TABLES) t.true(await store.knex.schema.hasTable(table), table);
  });

  test(`[${db.name}] ACD settings are stored per queue, replaced whole, and go with their queue`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const [q1, q2] = [
      await store.queues.create(queueInput(line.id)),
      await store.queues.create(queueInput(line.id)),
    ];
    const settings = {
      weight: 7,
      overflow: { onMaxWait: { kind: 'queue', queueId: q2.id } },
      relaxation: [{ afterS: 60, maxRequiredLevel: 2 }],
      note: 'é'.repeat(3),
    };
    await store.queueSettings.put(q1.id, settings);
    t.deepEqual(await store.queueSettings.getMany([q1.id, q2.id]), new Map([[q1.id, settings]]));
    await store.queueSettings.put(q1.id, { weight: 1 });
    t.deepEqual((await store.queueSettings.getMany([q1.id])).get(q1.id), { weight: 1 });
    await rejectsWith(t, store.queueSettings.put(crypto.randomUUID(), {}), 'VALIDATION_FAILED');
    await store.queues.delete(q1.id);
    t.deepEqual(await store.queueSettings.getMany([q1.id]), new Map());
  });

  test(`[${db.name}] DID routes: a row per (DID, trunk), each to a queue, an agent or an IVR flow`, async (t) => {
    const clock = manualClock(Date.UTC(2025, 5, 1, 8, 0, 0, 5));
    const store = await db.store(clock);
    const line = await newBusinessLine(store);
    const queue = await store.queues.create(queueInput(line.id));
    const agent = await store.agents.create(agentInput(line.id));
    const did = newDid();
    const toQueue = await store.didRoutes.create({
      businessLineId: line.id,
      did,
      trunk: null,
      target: { kind: 'queue', queueId: queue.id },
    });
    t.like(toQueue, {
      businessLineId: line.id,
      did,
      trunk: null,
      target: { kind: 'queue', queueId: queue.id },
      createdAt: clock.now(),
    });
    const toAgent = await store.didRoutes.create({
      businessLineId: line.id,
      did,
      trunk: 'branch',
      target: { kind: 'agent', agentId: agent.id },
    });
    const toIvr = await store.didRoutes.create({
      businessLineId: line.id,
      did: `${did.slice(0, 4)}*`,
      trunk: null,
      target: { kind: 'ivr', flowId: 'night-menu' },
    });
    t.deepEqual(await store.didRoutes.get(toAgent.id), toAgent);
    t.deepEqual(await store.didRoutes.getMany([toIvr.id, crypto.randomUUID(), toQueue.id]), [
      toIvr,
      toQueue,
    ]);
    const listed = await store.didRoutes.list({ businessLineIds: [line.id] }, page);
    t.deepEqual(
      listed.map((r) => r.id),
      [toIvr.id, toQueue.id, toAgent.id],
      'by DID, then trunk (any trunk first)',
    );
    t.deepEqual(await store.didRoutes.list({ businessLineIds: [] }, page), []);

    const dup = await rejectsWith(
      t,
      store.didRoutes.create({
        businessLineId: line.id,
        did,
        trunk: null,
        target: { kind: 'ivr', flowId: 'x' },
      }),
      'DUPLICATE',
    );
    t.like(dup.details, { entity: 'DidRoute', field: 'did' });
    await rejectsWith(
      t,
      store.didRoutes.create({
        businessLineId: line.id,
        did: newDid(),
        trunk: null,
        target: { kind: 'queue', queueId: crypto.randomUUID() },
      }),
      'VALIDATION_FAILED',
    );

    clock.advance(9);
    const changed = await store.didRoutes.update(toQueue.id, {
      trunk: 'main',
      target: { kind: 'ivr', flowId: 'day-menu' },
    });
    t.like(changed, { trunk: 'main', target: { kind: 'ivr', flowId: 'day-menu' } });
    t.is(changed.updatedAt, toQueue.createdAt + 9);
    await rejectsWith(t, store.didRoutes.update(crypto.randomUUID(), { did: '1' }), 'NOT_FOUND');

    // Deleting the agent deletes the routes to it.
    await store.agents.delete(agent.id);
    t.is(await store.didRoutes.get(toAgent.id), undefined);
    await store.didRoutes.delete(toIvr.id);
    await rejectsWith(t, store.didRoutes.delete(toIvr.id), 'NOT_FOUND');
  });

  test(`[${db.name}] VIP callers keep their dedicated agents in order; numbers are unique per line`, async (t) => {
    const store = await db.store();
    const [line, other] = [await newBusinessLine(store), await newBusinessLine(store)];
    const [a1, a2] = [
      await store.agents.create(agentInput(line.id)),
      await store.agents.create(agentInput(line.id)),
    ];
    const vip = await store.vipCallers.create({
      businessLineId: line.id,
      number: '+33612345678',
      label: 'Mme Dupont',
      dedicatedAgentIds: [a2.id, a1.id],
    });
    t.like(vip, { number: '+33612345678', label: 'Mme Dupont', dedicatedAgentIds: [a2.id, a1.id] });
    t.deepEqual(await store.vipCallers.get(vip.id), vip);
    const block = await store.vipCallers.create({
      businessLineId: line.id,
      number: '+3314*',
      label: '',
      dedicatedAgentIds: [],
    });
    // The same number is fine in another line.
    await store.vipCallers.create({
      businessLineId: other.id,
      number: '+33612345678',
      label: unique('x'),
      dedicatedAgentIds: [],
    });
    const dup = await rejectsWith(
      t,
      store.vipCallers.create({
        businessLineId: line.id,
        number: '+33612345678',
        label: '',
        dedicatedAgentIds: [],
      }),
      'DUPLICATE',
    );
    t.like(dup.details, { entity: 'VipCaller', field: 'number' });
    await rejectsWith(
      t,
      store.vipCallers.create({
        businessLineId: line.id,
        number: '+33700000000',
        label: '',
        dedicatedAgentIds: [crypto.randomUUID()],
      }),
      'VALIDATION_FAILED',
    );
    t.deepEqual(
      (await store.vipCallers.list({ businessLineIds: [line.id] }, page)).map((v) => v.number),
      ['+3314*', '+33612345678'],
    );
    const changed = await store.vipCallers.update(vip.id, { dedicatedAgentIds: [a1.id] });
    t.deepEqual(changed.dedicatedAgentIds, [a1.id]);
    await store.agents.delete(a1.id);
    t.deepEqual((await store.vipCallers.get(vip.id))?.dedicatedAgentIds, []);
    await store.vipCallers.delete(block.id);
    t.deepEqual(await store.vipCallers.getMany([block.id, vip.id]), [
      (await store.vipCallers.get(vip.id))!,
    ]);
  });

  test(`[${db.name}] the sticky history names the last agent to answer each caller of a line`, async (t) => {
    const clock = manualClock(Date.UTC(2025, 5, 2, 9, 0, 0));
    const store = await db.store(clock);
    const line = await newBusinessLine(store);
    const [a1, a2] = [
      await store.agents.create(agentInput(line.id)),
      await store.agents.create(agentInput(line.id)),
    ];
    const ani = `+3361${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const at = (min: number) => Date.UTC(2025, 5, 2, 8, min, 0);
    const call = (agentId: string | null, started: number, answered: number | null, caller = ani) =>
      store.calls.upsertCall({
        linkedId: unique('call'),
        businessLineId: line.id,
        direction: 'inbound',
        ani: caller,
        dnis: '5001',
        queueId: null,
        agentId,
        startedAt: started,
        answeredAt: answered,
        endedAt: null,
        hangupCause: null,
        hangupBy: null,
        disposition: null,
        notes: null,
      });
    await call(a1.id, at(1), at(2));
    await call(a2.id, at(10), at(11));
    await call(null, at(20), null, ani); // abandoned: served by nobody
    await call(a1.id, at(30), at(31), '');
    const rows = await store.acdHistory.lastServed(at(0), 10_000);
    const mine = rows.filter((r) => r.businessLineId === line.id);
    t.deepEqual(mine, [{ businessLineId: line.id, ani, agentId: a2.id, at: at(11) }]);
    const recent = await store.acdHistory.lastServed(at(5), 10_000);
    t.deepEqual(
      recent.filter((r) => r.businessLineId === line.id).map((r) => r.agentId),
      [a2.id],
    );
    t.deepEqual(
      (await store.acdHistory.lastServed(at(50), 10_000)).filter(
        (r) => r.businessLineId === line.id,
      ),
      [],
    );
  });
}
