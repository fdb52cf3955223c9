import test from 'ava';
import { DomainError } from '../../src/domain/shared/errors.ts';
import { manualClock, testDatabases, unique } from '../helpers/databases.ts';
import { agentInput, newBusinessLine, queueInput } from './seed.ts';

const page = { offset: 0, limit: 100 };

for (const db of testDatabases()) {
  test(`[${db.name}] a transaction that throws leaves nothing written`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const agentName = unique('Half');
    const queueName = unique('Half');
    const failure = new Error('boom after two writes');
    const error = await t.throwsAsync(
      store.transaction(async (tx) => {
        const agent = await tx.agents.create(agentInput(line.id, { name: agentName }));
        const queue = await tx.queues.create(queueInput(line.id, { name: queueName }));
        await tx.queues.addMember({ queueId: queue.id, agentId: agent.id, penalty: 0 });
        // Inside the transaction its own writes are visible.
        t.is((await tx.queues.membersOf([queue.id])).length, 1);
        throw failure;
      }),
    );
    t.is(error, failure);
    const scope = { businessLineIds: [line.id] };
    t.deepEqual(await store.agents.list(scope, page), []);
    t.deepEqual(await store.queues.list(scope, page), []);
  });

  test(`[${db.name}] a transaction that succeeds commits every write`, async (t) => {
    const clock = manualClock(Date.UTC(2025, 0, 1, 0, 0, 0, 1));
    const store = await db.store(clock);
    const result = await store.transaction(async (tx) => {
      const line = await newBusinessLine(tx);
      const agent = await tx.agents.create(agentInput(line.id));
      await tx.audit.append({
        at: clock.now(),
        actorUserId: null,
        actorName: 'system',
        action: 'agent.create',
        entity: 'Agent',
        entityId: agent.id,
        before: null,
        after: agent,
        source: null,
      });
      return { line, agent };
    });
    t.deepEqual(await store.agents.get(result.agent.id), result.agent);
    const audit = await store.audit.list({ entityId: result.agent.id }, page);
    t.deepEqual(audit[0]?.after, result.agent);
  });

  test(`[${db.name}] a refused write inside a transaction leaves it usable`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const taken = await store.agents.create(agentInput(line.id));
    const kept = await store.transaction(async (tx) => {
      const first = await tx.agents.create(agentInput(line.id));
      const dup = await t.throwsAsync(
        tx.agents.create(agentInput(line.id, { extension: taken.extension })),
        { instanceOf: DomainError },
      );
      t.is(dup.code, 'DUPLICATE');
      const second = await tx.agents.create(agentInput(line.id));
      return [first.id, second.id];
    });
    const listed = await store.agents.list({ businessLineIds: [line.id] }, page);
    t.deepEqual(listed.map((a) => a.id).sort(), [taken.id, ...kept].sort());
  });

  test(`[${db.name}] ping answers while the database is up`, async (t) => {
    const store = await db.store();
    await t.notThrowsAsync(store.ping());
  });

  test(`[${db.name}] close ends the pool; ping then fails`, async (t) => {
    const store = await db.freshStore();
    await store.close();
    await t.throwsAsync(store.ping());
  });
}
