import test from 'ava';
import type { ContactInput } from '../../src/app/ports.ts';
import { manualClock, testDatabases, unique } from '../helpers/databases.ts';
import { newBusinessLine, rejectsWith } from './seed.ts';

const page = { offset: 0, limit: 100 };

/** A unique E.164 number (French mobile range). */
const newNumber = () => `+336${String(Math.trunc(Math.random() * 1e8)).padStart(8, '0')}`;

const contactInput = (businessLineId: string, patch: Partial<ContactInput> = {}): ContactInput => ({
  businessLineId,
  name: 'Jeanne Dupont',
  company: 'ACME SARL',
  notes: null,
  phones: [],
  ...patch,
});

for (const db of testDatabases()) {
  test(`[${db.name}] creates a contact with phones in the given order`, async (t) => {
    const clock = manualClock(Date.UTC(2025, 1, 28, 18, 0, 0, 42));
    const store = await db.store(clock);
    const line = await newBusinessLine(store);
    const phones = [
      { e164: newNumber(), label: 'mobile' },
      { e164: '+33140000000', label: 'office' },
      { e164: '+12025550123', label: '' },
    ];
    const contact = await store.contacts.create(
      contactInput(line.id, { notes: 'Prefers mornings.\nVIP ★', phones }),
    );
    t.like(contact, {
      businessLineId: line.id,
      name: 'Jeanne Dupont',
      company: 'ACME SARL',
      notes: 'Prefers mornings.\nVIP ★',
      createdAt: Date.UTC(2025, 1, 28, 18, 0, 0, 42),
    });
    t.deepEqual(contact.phones, phones);
    t.deepEqual(await store.contacts.get(contact.id), contact);
    t.deepEqual(await store.contacts.getMany([contact.id, crypto.randomUUID()]), [contact]);
  });

  test(`[${db.name}] updating phones replaces them; a number twice is refused`, async (t) => {
    const clock = manualClock();
    const store = await db.store(clock);
    const line = await newBusinessLine(store);
    const [n1, n2] = [newNumber(), newNumber()];
    const contact = await store.contacts.create(
      contactInput(line.id, { phones: [{ e164: n1, label: 'home' }] }),
    );
    clock.advance(3);
    const updated = await store.contacts.update(contact.id, {
      company: null,
      phones: [
        { e164: n2, label: 'work' },
        { e164: n1, label: 'home' },
      ],
    });
    t.is(updated.company, null);
    t.is(updated.name, contact.name);
    t.deepEqual(
      updated.phones.map((p) => p.e164),
      [n2, n1],
    );
    t.is(updated.updatedAt, contact.createdAt + 3);
    t.deepEqual(
      (await store.contacts.update(contact.id, { name: 'J. D.' })).phones,
      updated.phones,
    );

    await rejectsWith(
      t,
      store.contacts.update(contact.id, {
        phones: [
          { e164: n1, label: 'a' },
          { e164: n1, label: 'b' },
        ],
      }),
      'VALIDATION_FAILED',
    );
    t.deepEqual((await store.contacts.get(contact.id))?.phones, updated.phones);
    await rejectsWith(t, store.contacts.update(crypto.randomUUID(), { notes: 'x' }), 'NOT_FOUND');
  });

  test(`[${db.name}] finds contacts by phone within a business line`, async (t) => {
    const store = await db.store();
    const [l1, l2] = [await newBusinessLine(store), await newBusinessLine(store)];
    const shared = newNumber();
    const a = await store.contacts.create(
      contactInput(l1.id, { name: 'Bernard', phones: [{ e164: shared, label: 'desk' }] }),
    );
    const b = await store.contacts.create(
      contactInput(l1.id, {
        name: 'Aline',
        phones: [
          { e164: newNumber(), label: 'mobile' },
          { e164: shared, label: 'switchboard' },
        ],
      }),
    );
    await store.contacts.create(
      contactInput(l2.id, { name: 'Other line', phones: [{ e164: shared, label: 'x' }] }),
    );
    const found = await store.contacts.findByPhone(l1.id, shared);
    t.deepEqual(
      found.map((c) => c.id),
      [b.id, a.id],
    );
    t.is(found[0]?.phones.length, 2, 'with all their numbers');
    t.deepEqual(await store.contacts.findByPhone(l1.id, newNumber()), []);
    t.deepEqual(
      (await store.contacts.list({ businessLineIds: [l1.id, l2.id], phone: shared }, page)).length,
      3,
    );
    t.deepEqual(
      (await store.contacts.list({ businessLineIds: [l2.id], phone: shared }, page)).map(
        (c) => c.name,
      ),
      ['Other line'],
    );
  });

  test(`[${db.name}] searches names and companies case-insensitively`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const scope = { businessLineIds: [line.id] };
    const tag = unique('zq').toUpperCase();
    await store.contacts.create(contactInput(line.id, { name: `Marie ${tag}`, company: null }));
    await store.contacts.create(contactInput(line.id, { name: 'Paul', company: `${tag} Ltd` }));
    await store.contacts.create(contactInput(line.id, { name: 'Rate 100%', company: 'a_b' }));
    await store.contacts.create(contactInput(line.id, { name: 'Rate 1000', company: 'axb' }));
    const names = async (search: string) =>
      (await store.contacts.list({ ...scope, search }, page)).map((c) => c.name);

    t.deepEqual(await names(tag.toLowerCase()), [`Marie ${tag}`, 'Paul']);
    t.deepEqual(await names('MARIE'), [`Marie ${tag}`]);
    t.deepEqual(await names('ltd'), ['Paul']);
    t.deepEqual(await names('100%'), ['Rate 100%'], '% is literal');
    t.deepEqual(await names('a_b'), ['Rate 100%'], '_ is literal');
    t.deepEqual(await names('!'), [], '! (the escape character) is literal');
    t.deepEqual(await names('nobody'), []);
    t.is((await store.contacts.list(scope, page)).length, 4);
    t.deepEqual(await store.contacts.list({ businessLineIds: [], search: 'Paul' }, page), []);
    t.deepEqual(
      (await store.contacts.list(scope, { offset: 1, limit: 2 })).map((c) => c.name),
      ['Paul', 'Rate 100%'],
    );
  });

  test(`[${db.name}] deleting a contact removes its phones; unknown line is refused`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const number = newNumber();
    const contact = await store.contacts.create(
      contactInput(line.id, { phones: [{ e164: number, label: 'm' }] }),
    );
    await store.contacts.delete(contact.id);
    t.is(await store.contacts.get(contact.id), undefined);
    t.deepEqual(await store.knex('contact_phones').where('contact_id', contact.id), []);
    await rejectsWith(t, store.contacts.delete(contact.id), 'NOT_FOUND');

    const ghost = crypto.randomUUID();
    const error = await rejectsWith(
      t,
      store.contacts.create(contactInput(ghost, { phones: [{ e164: number, label: 'm' }] })),
      'VALIDATION_FAILED',
    );
    t.like(error.details, { field: 'businessLineId', id: ghost });
    t.deepEqual(await store.knex('contact_phones').where('e164', number), []);
  });

  test(`[${db.name}] concurrent writes to different contacts' phones all succeed`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const contacts = await Promise.all(
      Array.from({ length: 8 }, () =>
        store.contacts.create(
          contactInput(line.id, { phones: [{ e164: newNumber(), label: 'a' }] }),
        ),
      ),
    );
    const updated = await Promise.all(
      contacts.map((c) =>
        store.contacts.update(c.id, {
          phones: [
            { e164: newNumber(), label: 'b' },
            { e164: newNumber(), label: 'c' },
          ],
        }),
      ),
    );
    t.true(updated.every((c) => c.phones.length === 2));
  });
}
