import test from 'ava';
import { DomainError } from '../../src/domain/shared/errors.ts';
import { manualClock, testDatabases, unique } from '../helpers/databases.ts';

const page = { offset: 0, limit: 100 };

for (const db of testDatabases()) {
  test(`[${db.name}] creates, reads and updates a business line`, async (t) => {
    const clock = manualClock(Date.UTC(2025, 2, 1, 8, 0, 0, 5));
    const store = await db.store(clock);
    const name = unique('Sales');
    const created = await store.businessLines.create({
      name,
      timezone: 'Europe/Paris',
      defaultCountry: 'FR',
    });
    t.like(created, { name, timezone: 'Europe/Paris', defaultCountry: 'FR' });
    t.is(created.createdAt, Date.UTC(2025, 2, 1, 8, 0, 0, 5));
    t.is(created.updatedAt, created.createdAt);
    t.deepEqual(await store.businessLines.get(created.id), created);
    t.deepEqual(await store.businessLines.getByName(name), created);

    clock.advance(60_000);
    const renamed = unique('Support');
    const updated = await store.businessLines.update(created.id, { name: renamed });
    t.deepEqual(updated, { ...created, name: renamed, updatedAt: created.createdAt + 60_000 });
    t.deepEqual(await store.businessLines.get(created.id), updated);
    t.is(await store.businessLines.getByName(name), undefined);
  });

  test(`[${db.name}] a taken business-line name is DUPLICATE`, async (t) => {
    const store = await db.store();
    const name = unique('Dup');
    await store.businessLines.create({ name, timezone: 'UTC', defaultCountry: 'GB' });
    const error = await t.throwsAsync(
      store.businessLines.create({ name, timezone: 'UTC', defaultCountry: 'GB' }),
      { instanceOf: DomainError },
    );
    t.is(error.code, 'DUPLICATE');
    t.deepEqual(error.details, { entity: 'BusinessLine', field: 'name', value: name });

    const other = await store.businessLines.create({
      name: unique('Other'),
      timezone: 'UTC',
      defaultCountry: 'GB',
    });
    const renaming = await t.throwsAsync(store.businessLines.update(other.id, { name }), {
      instanceOf: DomainError,
    });
    t.is(renaming.code, 'DUPLICATE');
  });

  test(`[${db.name}] updating a missing business line is NOT_FOUND`, async (t) => {
    const store = await db.store();
    const error = await t.throwsAsync(
      store.businessLines.update(crypto.randomUUID(), { timezone: 'UTC' }),
      { instanceOf: DomainError },
    );
    t.is(error.code, 'NOT_FOUND');
  });

  test(`[${db.name}] lists business lines by name within the scope, page by page`, async (t) => {
    const store = await db.store();
    const prefix = unique('List');
    const made = [];
    for (const suffix of ['d', 'b', 'e', 'a', 'c']) {
      made.push(
        await store.businessLines.create({
          name: `${prefix}-${suffix}`,
          timezone: 'UTC',
          defaultCountry: 'US',
        }),
      );
    }
    const ids = made.map((l) => l.id);
    const names = async (
      filter: Parameters<typeof store.businessLines.list>[0],
      offset = 0,
      limit = 100,
    ) => (await store.businessLines.list(filter, { offset, limit })).map((l) => l.name.slice(-1));

    t.deepEqual(await names({ ids }), ['a', 'b', 'c', 'd', 'e']);
    t.deepEqual(await names({ ids }, 1, 2), ['b', 'c']);
    t.deepEqual(await names({ ids }, 4, 2), ['e']);
    t.deepEqual(await names({ ids }, 5, 2), []);
    t.deepEqual(await names({ ids, businessLineIds: [ids[0]!, ids[3]!] }), ['a', 'd']);
    t.deepEqual(await names({ ids, businessLineIds: [] }), []);
    t.deepEqual(await names({ ids: [] }), []);
    const all = await store.businessLines.list({}, page);
    t.true(ids.every((id) => all.some((l) => l.id === id)));
  });

  test(`[${db.name}] getMany returns what exists, in the order asked`, async (t) => {
    const store = await db.store();
    const a = await store.businessLines.create({
      name: unique('A'),
      timezone: 'UTC',
      defaultCountry: 'US',
    });
    const b = await store.businessLines.create({
      name: unique('B'),
      timezone: 'UTC',
      defaultCountry: 'US',
    });
    const got = await store.businessLines.getMany([b.id, crypto.randomUUID(), a.id, b.id]);
    t.deepEqual(got, [b, a]);
    t.deepEqual(await store.businessLines.getMany([]), []);
  });

  test(`[${db.name}] names keep every Unicode character and their case`, async (t) => {
    const store = await db.store();
    const name = unique('Vente Île-de-France ☎️ 日本');
    const line = await store.businessLines.create({ name, timezone: 'UTC', defaultCountry: 'FR' });
    t.is((await store.businessLines.get(line.id))?.name, name);
    // Comparison is exact on both backends: another case is another name.
    t.is(await store.businessLines.getByName(name.toUpperCase()), undefined);
    const upper = await store.businessLines.create({
      name: name.toUpperCase(),
      timezone: 'UTC',
      defaultCountry: 'FR',
    });
    t.not(upper.id, line.id);
  });

  test(`[${db.name}] refuses values that do not fit their columns`, async (t) => {
    const store = await db.store();
    const error = await t.throwsAsync(
      store.businessLines.create({ name: 'x'.repeat(256), timezone: 'UTC', defaultCountry: 'FR' }),
      { instanceOf: DomainError },
    );
    t.is(error.code, 'VALIDATION_FAILED');
    t.is(error.details['field'], 'name');
    await t.throwsAsync(store.businessLines.list({}, { offset: -1, limit: 10 }), {
      instanceOf: DomainError,
    });
  });
}
