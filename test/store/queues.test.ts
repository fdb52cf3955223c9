import test from 'ava';
import { manualClock, testDatabases, unique } from '../helpers/databases.ts';
import { agentInput, newBusinessLine, newSkill, queueInput, rejectsWith } from './seed.ts';

const page = { offset: 0, limit: 100 };

for (const db of testDatabases()) {
  test(`[${db.name}] creates a queue with required skills and reads it back`, async (t) => {
    const clock = manualClock(Date.UTC(2025, 10, 30, 23, 59, 59, 999));
    const store = await db.store(clock);
    const line = await newBusinessLine(store);
    const skill = await newSkill(store);
    const input = queueInput(line.id, {
      strategy: 'skills-based',
      maxWaitS: null,
      maxLength: 25,
      serviceLevelTarget: 0.85,
      requiredSkills: [{ skillId: skill.id, minLevel: 6 }],
    });
    const queue = await store.queues.create(input);
    const { requiredSkills, ...fields } = input;
    t.like(queue, fields);
    t.deepEqual(queue.requiredSkills, requiredSkills);
    t.is(queue.serviceLevelTarget, 0.85);
    t.is(queue.createdAt, Date.UTC(2025, 10, 30, 23, 59, 59, 999));
    t.deepEqual(await store.queues.get(queue.id), queue);
    t.deepEqual(await store.queues.getByName(line.id, input.name), queue);
    t.deepEqual(await store.queues.getMany([crypto.randomUUID(), queue.id]), [queue]);
  });

  test(`[${db.name}] updates a queue; required skills are replaced as a set`, async (t) => {
    const clock = manualClock();
    const store = await db.store(clock);
    const line = await newBusinessLine(store);
    const [a, b] = [await newSkill(store), await newSkill(store)];
    const queue = await store.queues.create(
      queueInput(line.id, { requiredSkills: [{ skillId: a.id, minLevel: 2 }] }),
    );
    clock.advance(7);
    const updated = await store.queues.update(queue.id, {
      strategy: 'ring-all',
      ringTimeoutS: 15,
      maxWaitS: null,
      requiredSkills: [{ skillId: b.id, minLevel: 3 }],
    });
    t.like(updated, { strategy: 'ring-all', ringTimeoutS: 15, maxWaitS: null, name: queue.name });
    t.deepEqual(updated.requiredSkills, [{ skillId: b.id, minLevel: 3 }]);
    t.is(updated.updatedAt, queue.createdAt + 7);
    t.deepEqual(await store.queues.get(queue.id), updated);
    await rejectsWith(t, store.queues.update(crypto.randomUUID(), { wrapUpS: 5 }), 'NOT_FOUND');
  });

  test(`[${db.name}] queue names are unique per business line`, async (t) => {
    const store = await db.store();
    const [l1, l2] = [await newBusinessLine(store), await newBusinessLine(store)];
    const name = unique('Support');
    await store.queues.create(queueInput(l1.id, { name }));
    const error = await rejectsWith(
      t,
      store.queues.create(queueInput(l1.id, { name })),
      'DUPLICATE',
    );
    t.deepEqual(error.details, { entity: 'Queue', field: 'name', value: name });
    const elsewhere = await store.queues.create(queueInput(l2.id, { name }));
    t.is(elsewhere.name, name);
    await rejectsWith(t, store.queues.update(elsewhere.id, { businessLineId: l1.id }), 'DUPLICATE');
  });

  test(`[${db.name}] refuses unknown references and bad numbers`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const ghost = crypto.randomUUID();
    const noLine = await rejectsWith(
      t,
      store.queues.create(queueInput(ghost)),
      'VALIDATION_FAILED',
    );
    t.like(noLine.details, { field: 'businessLineId', id: ghost });
    const noSkill = await rejectsWith(
      t,
      store.queues.create(
        queueInput(line.id, { requiredSkills: [{ skillId: ghost, minLevel: 1 }] }),
      ),
      'VALIDATION_FAILED',
    );
    t.like(noSkill.details, { field: 'requiredSkills', entity: 'Skill', id: ghost });
    for (const bad of [
      { serviceLevelTarget: 1.5 },
      { ringTimeoutS: 0 },
      { wrapUpS: -1 },
      { maxLength: 2.5 },
      { strategy: 'lottery' as never },
    ]) {
      await rejectsWith(t, store.queues.create(queueInput(line.id, bad)), 'VALIDATION_FAILED');
    }
    t.deepEqual(await store.queues.list({ businessLineIds: [line.id] }, page), []);
  });

  test(`[${db.name}] manages members and lists them both ways`, async (t) => {
    const clock = manualClock();
    const store = await db.store(clock);
    const line = await newBusinessLine(store);
    const [q1, q2] = [
      await store.queues.create(queueInput(line.id)),
      await store.queues.create(queueInput(line.id)),
    ];
    const [a1, a2] = [
      await store.agents.create(agentInput(line.id)),
      await store.agents.create(agentInput(line.id)),
    ];
    const m1 = await store.queues.addMember({ queueId: q1.id, agentId: a1.id, penalty: 5 });
    t.deepEqual(m1, { queueId: q1.id, agentId: a1.id, penalty: 5, createdAt: clock.now() });
    clock.advance(1);
    const m2 = await store.queues.addMember({ queueId: q1.id, agentId: a2.id, penalty: 0 });
    const m3 = await store.queues.addMember({ queueId: q2.id, agentId: a1.id, penalty: 0 });

    t.deepEqual(await store.queues.membersOf([q1.id]), [m2, m1], 'lowest penalty first');
    const ofBoth = await store.queues.membersOf([q1.id, q2.id]);
    t.is(ofBoth.length, 3);
    t.deepEqual(
      ofBoth.filter((m) => m.queueId === q2.id),
      [m3],
    );
    t.deepEqual(await store.queues.queuesOf([a1.id]), [m3, m1]);
    t.deepEqual(await store.queues.queuesOf([]), []);

    const dup = await rejectsWith(
      t,
      store.queues.addMember({ queueId: q1.id, agentId: a1.id, penalty: 1 }),
      'DUPLICATE',
    );
    t.like(dup.details, { entity: 'QueueMembership', field: 'agentId', value: a1.id });
    t.true(await store.queues.removeMember(q1.id, a1.id));
    t.false(await store.queues.removeMember(q1.id, a1.id));
    t.deepEqual(await store.queues.membersOf([q1.id]), [m2]);
  });

  test(`[${db.name}] a member must be a known agent of a known queue`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const queue = await store.queues.create(queueInput(line.id));
    const agent = await store.agents.create(agentInput(line.id));
    const ghost = crypto.randomUUID();
    const noAgent = await rejectsWith(
      t,
      store.queues.addMember({ queueId: queue.id, agentId: ghost, penalty: 0 }),
      'VALIDATION_FAILED',
    );
    t.like(noAgent.details, { field: 'agentId', entity: 'Agent', id: ghost });
    const noQueue = await rejectsWith(
      t,
      store.queues.addMember({ queueId: ghost, agentId: agent.id, penalty: 0 }),
      'VALIDATION_FAILED',
    );
    t.like(noQueue.details, { field: 'queueId', entity: 'Queue', id: ghost });
  });

  test(`[${db.name}] deleting a queue or an agent removes their memberships`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const skill = await newSkill(store);
    const [q1, q2] = [
      await store.queues.create(
        queueInput(line.id, { requiredSkills: [{ skillId: skill.id, minLevel: 1 }] }),
      ),
      await store.queues.create(queueInput(line.id)),
    ];
    const [a1, a2] = [
      await store.agents.create(agentInput(line.id)),
      await store.agents.create(agentInput(line.id)),
    ];
    for (const queueId of [q1.id, q2.id]) {
      for (const agentId of [a1.id, a2.id]) {
        await store.queues.addMember({ queueId, agentId, penalty: 0 });
      }
    }
    await store.queues.delete(q1.id);
    t.is(await store.queues.get(q1.id), undefined);
    t.deepEqual(await store.queues.membersOf([q1.id]), []);
    t.deepEqual(await store.knex('queue_skills').where('queue_id', q1.id), []);
    await store.agents.delete(a1.id);
    t.deepEqual(
      (await store.queues.membersOf([q2.id])).map((m) => m.agentId),
      [a2.id],
    );
    await rejectsWith(t, store.queues.delete(q1.id), 'NOT_FOUND');
  });

  test(`[${db.name}] lists queues by name within the scope, skills in one query`, async (t) => {
    const store = await db.freshStore();
    const [l1, l2] = [await newBusinessLine(store), await newBusinessLine(store)];
    const skill = await newSkill(store);
    const requiredSkills = [{ skillId: skill.id, minLevel: 2 }];
    for (const [line, name] of [
      [l1, 'sales'],
      [l2, 'billing'],
      [l1, 'after-sales'],
    ] as const) {
      await store.queues.create(queueInput(line.id, { name, requiredSkills }));
    }
    const queries: string[] = [];
    const count = (q: { sql: string }) => queries.push(q.sql);
    store.knex.on('query', count);
    const all = await store.queues.list({}, page);
    store.knex.off('query', count);
    t.deepEqual(
      all.map((q) => q.name),
      ['after-sales', 'billing', 'sales'],
    );
    t.true(all.every((q) => q.requiredSkills.length === 1));
    t.is(queries.length, 2);
    const names = async (businessLineIds: string[], offset = 0) =>
      (await store.queues.list({ businessLineIds }, { offset, limit: 1 })).map((q) => q.name);
    t.deepEqual(await names([l1.id]), ['after-sales']);
    t.deepEqual(await names([l1.id], 1), ['sales']);
    t.deepEqual(await names([]), []);
  });
}
