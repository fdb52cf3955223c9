import test from 'ava';
import { manualClock, testDatabases, unique } from '../helpers/databases.ts';
import { agentInput, newBusinessLine, queueInput, rejectsWith } from './seed.ts';

for (const db of testDatabases()) {
  test(`[${db.name}] creates, reads, renames and deletes a skill`, async (t) => {
    const clock = manualClock(Date.UTC(2025, 8, 9, 10, 11, 12, 13));
    const store = await db.store(clock);
    const name = unique('Spanish');
    const skill = await store.skills.create({ name, description: 'Habla español' });
    t.deepEqual(skill, {
      id: skill.id,
      name,
      description: 'Habla español',
      createdAt: Date.UTC(2025, 8, 9, 10, 11, 12, 13),
    });
    t.deepEqual(await store.skills.get(skill.id), skill);
    t.deepEqual(await store.skills.getByName(name), skill);
    t.deepEqual(await store.skills.getMany([skill.id, skill.id]), [skill]);

    const renamed = unique('Castellano');
    const updated = await store.skills.update(skill.id, { name: renamed });
    t.deepEqual(updated, { ...skill, name: renamed });
    t.deepEqual(await store.skills.get(skill.id), updated);
    t.deepEqual(await store.skills.update(skill.id, {}), updated);

    await store.skills.delete(skill.id);
    t.is(await store.skills.get(skill.id), undefined);
    await rejectsWith(t, store.skills.delete(skill.id), 'NOT_FOUND');
    await rejectsWith(t, store.skills.update(skill.id, { description: 'x' }), 'NOT_FOUND');
  });

  test(`[${db.name}] a taken skill name is DUPLICATE`, async (t) => {
    const store = await db.store();
    const name = unique('German');
    await store.skills.create({ name, description: '' });
    const error = await rejectsWith(
      t,
      store.skills.create({ name, description: 'again' }),
      'DUPLICATE',
    );
    t.deepEqual(error.details, { entity: 'Skill', field: 'name', value: name });
    const other = await store.skills.create({ name: unique('Dutch'), description: '' });
    await rejectsWith(t, store.skills.update(other.id, { name }), 'DUPLICATE');
  });

  test(`[${db.name}] lists skills by name, page by page`, async (t) => {
    const store = await db.freshStore();
    for (const name of ['delta', 'alpha', 'charlie', 'bravo']) {
      await store.skills.create({ name, description: '' });
    }
    const names = async (offset: number, limit: number) =>
      (await store.skills.list({ offset, limit })).map((s) => s.name);
    t.deepEqual(await names(0, 10), ['alpha', 'bravo', 'charlie', 'delta']);
    t.deepEqual(await names(1, 2), ['bravo', 'charlie']);
    t.deepEqual(await names(3, 5), ['delta']);
    t.deepEqual(await names(0, 0), []);
  });

  test(`[${db.name}] deleting a skill removes it from agents and queues`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const skill = await store.skills.create({ name: unique('Italian'), description: '' });
    const agent = await store.agents.create(
      agentInput(line.id, { skills: [{ skillId: skill.id, level: 7 }] }),
    );
    const queue = await store.queues.create(
      queueInput(line.id, { requiredSkills: [{ skillId: skill.id, minLevel: 5 }] }),
    );
    await store.skills.delete(skill.id);
    t.deepEqual((await store.agents.get(agent.id))?.skills, []);
    t.deepEqual((await store.queues.get(queue.id))?.requiredSkills, []);
  });
}
