import test from 'ava';
import { manualClock, testDatabases } from '../helpers/databases.ts';
import { agentInput, newBusinessLine, newExtension, newSkill, rejectsWith } from './seed.ts';

const page = { offset: 0, limit: 100 };

for (const db of testDatabases()) {
  test(`[${db.name}] creates an agent with skills and reads it back`, async (t) => {
    const clock = manualClock(Date.UTC(2025, 3, 2, 7, 45, 12, 345));
    const store = await db.store(clock);
    const line = await newBusinessLine(store);
    const [fr, en] = [await newSkill(store, 'French'), await newSkill(store, 'English')];
    const extension = newExtension();
    const agent = await store.agents.create(
      agentInput(line.id, {
        name: 'Zoé Durand',
        extension,
        reach: 'external',
        endpoint: '+33612345678',
        skills: [
          { skillId: fr.id, level: 9 },
          { skillId: en.id, level: 4 },
        ],
      }),
    );
    t.like(agent, {
      businessLineId: line.id,
      name: 'Zoé Durand',
      extension,
      reach: 'external',
      endpoint: '+33612345678',
      createdAt: Date.UTC(2025, 3, 2, 7, 45, 12, 345),
    });
    const bySkill = (a: typeof agent) =>
      [...a.skills].sort((x, y) => x.skillId.localeCompare(y.skillId));
    t.deepEqual(
      bySkill(agent),
      bySkill({
        ...agent,
        skills: [
          { skillId: fr.id, level: 9 },
          { skillId: en.id, level: 4 },
        ],
      }),
    );
    t.deepEqual(await store.agents.get(agent.id), agent);
    t.deepEqual(await store.agents.getByExtension(extension), agent);
    t.deepEqual(await store.agents.getMany([agent.id, crypto.randomUUID()]), [agent]);
  });

  test(`[${db.name}] updating skills replaces the set; other fields stay`, async (t) => {
    const clock = manualClock();
    const store = await db.store(clock);
    const line = await newBusinessLine(store);
    const [a, b, c] = [await newSkill(store), await newSkill(store), await newSkill(store)];
    const agent = await store.agents.create(
      agentInput(line.id, {
        skills: [
          { skillId: a.id, level: 1 },
          { skillId: b.id, level: 2 },
        ],
      }),
    );
    clock.advance(42);
    const updated = await store.agents.update(agent.id, {
      skills: [
        { skillId: c.id, level: 10 },
        { skillId: b.id, level: 5 },
      ],
    });
    t.deepEqual(
      [...updated.skills].sort((x, y) => x.level - y.level),
      [
        { skillId: b.id, level: 5 },
        { skillId: c.id, level: 10 },
      ],
    );
    t.is(updated.name, agent.name);
    t.is(updated.extension, agent.extension);
    t.is(updated.updatedAt, agent.createdAt + 42);

    const renamed = await store.agents.update(agent.id, { name: 'New Name' });
    t.is(renamed.name, 'New Name');
    t.deepEqual(renamed.skills, updated.skills, 'skills stay when not in the patch');
    t.deepEqual((await store.agents.update(agent.id, { skills: [] })).skills, []);
  });

  test(`[${db.name}] a taken extension is DUPLICATE, on create and on update`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const extension = newExtension();
    await store.agents.create(agentInput(line.id, { extension }));
    const error = await rejectsWith(
      t,
      store.agents.create(agentInput(line.id, { extension })),
      'DUPLICATE',
    );
    t.deepEqual(error.details, { entity: 'Agent', field: 'extension', value: extension });
    const other = await store.agents.create(agentInput(line.id));
    await rejectsWith(t, store.agents.update(other.id, { extension }), 'DUPLICATE');
    t.is((await store.agents.get(other.id))?.extension, other.extension);
  });

  test(`[${db.name}] unknown business line or skill is VALIDATION_FAILED, nothing written`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const ghost = crypto.randomUUID();
    const noLine = await rejectsWith(
      t,
      store.agents.create(agentInput(ghost)),
      'VALIDATION_FAILED',
    );
    t.like(noLine.details, { field: 'businessLineId', entity: 'BusinessLine', id: ghost });

    const skill = await newSkill(store);
    const extension = newExtension();
    const noSkill = await rejectsWith(
      t,
      store.agents.create(
        agentInput(line.id, {
          extension,
          skills: [
            { skillId: skill.id, level: 3 },
            { skillId: ghost, level: 3 },
          ],
        }),
      ),
      'VALIDATION_FAILED',
    );
    t.like(noSkill.details, { field: 'skills', entity: 'Skill', id: ghost });
    t.is(await store.agents.getByExtension(extension), undefined, 'the agent row rolled back');
  });

  test(`[${db.name}] refuses out-of-range levels, repeated skills and unknown reach`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const skill = await newSkill(store);
    for (const level of [0, 11, 2.5]) {
      await rejectsWith(
        t,
        store.agents.create(agentInput(line.id, { skills: [{ skillId: skill.id, level }] })),
        'VALIDATION_FAILED',
      );
    }
    await rejectsWith(
      t,
      store.agents.create(
        agentInput(line.id, {
          skills: [
            { skillId: skill.id, level: 1 },
            { skillId: skill.id, level: 2 },
          ],
        }),
      ),
      'VALIDATION_FAILED',
    );
    await rejectsWith(
      t,
      store.agents.create(agentInput(line.id, { reach: 'pigeon' as never })),
      'VALIDATION_FAILED',
    );
  });

  test(`[${db.name}] deletes an agent; a missing one is NOT_FOUND`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const skill = await newSkill(store);
    const agent = await store.agents.create(
      agentInput(line.id, { skills: [{ skillId: skill.id, level: 5 }] }),
    );
    await store.agents.delete(agent.id);
    t.is(await store.agents.get(agent.id), undefined);
    const left = await store.knex('agent_skills').where('agent_id', agent.id);
    t.deepEqual(left, [], 'its skills went with it');
    await rejectsWith(t, store.agents.delete(agent.id), 'NOT_FOUND');
    await rejectsWith(t, store.agents.update(agent.id, { name: 'x' }), 'NOT_FOUND');
  });

  test(`[${db.name}] lists agents by name, then id, within the scope`, async (t) => {
    const store = await db.store();
    const [l1, l2] = [await newBusinessLine(store), await newBusinessLine(store)];
    const made = [
      await store.agents.create(agentInput(l1.id, { name: 'Carl' })),
      await store.agents.create(agentInput(l2.id, { name: 'Anna' })),
      await store.agents.create(agentInput(l1.id, { name: 'Bea' })),
      await store.agents.create(agentInput(l1.id, { name: 'Bea' })),
    ];
    const bea = made
      .filter((a) => a.name === 'Bea')
      .map((a) => a.id)
      .sort();
    const ids = (list: { id: string }[]) => list.map((a) => a.id);

    const l1Agents = await store.agents.list({ businessLineIds: [l1.id] }, page);
    t.deepEqual(ids(l1Agents), [...bea, made[0]!.id]);
    const both = await store.agents.list({ businessLineIds: [l1.id, l2.id] }, page);
    t.deepEqual(ids(both), [made[1]!.id, ...bea, made[0]!.id]);
    const second = await store.agents.list(
      { businessLineIds: [l1.id, l2.id] },
      { offset: 1, limit: 2 },
    );
    t.deepEqual(ids(second), bea);
    t.deepEqual(ids(await store.agents.list({ ids: [made[0]!.id, made[1]!.id] }, page)), [
      made[1]!.id,
      made[0]!.id,
    ]);
    t.deepEqual(await store.agents.list({ businessLineIds: [] }, page), []);
  });

  test(`[${db.name}] loads the skills of many agents in one query`, async (t) => {
    const store = await db.freshStore();
    const line = await newBusinessLine(store);
    const skill = await newSkill(store);
    for (let i = 0; i < 6; i += 1) {
      await store.agents.create(
        agentInput(line.id, { skills: [{ skillId: skill.id, level: i + 1 }] }),
      );
    }
    const queries: string[] = [];
    const count = (q: { sql: string }) => queries.push(q.sql);
    store.knex.on('query', count);
    const agents = await store.agents.list({ businessLineIds: [line.id] }, page);
    store.knex.off('query', count);
    t.is(agents.length, 6);
    t.true(agents.every((a) => a.skills.length === 1));
    t.is(queries.length, 2, queries.join('\n'));
  });
}
