import test from 'ava';
import { createSecretHasher } from '../../src/store/secrets.ts';
import { manualClock, testDatabases, unique } from '../helpers/databases.ts';
import { agentInput, newBusinessLine, rejectsWith } from './seed.ts';

const page = { offset: 0, limit: 100 };

for (const db of testDatabases()) {
  test(`[${db.name}] creates a user with business lines and reads it back`, async (t) => {
    const clock = manualClock(Date.UTC(2025, 5, 1, 12, 0, 0, 999));
    const store = await db.store(clock);
    const [l1, l2] = [await newBusinessLine(store), await newBusinessLine(store)];
    const agent = await store.agents.create(agentInput(l1.id));
    const username = unique('alice');
    const user = await store.users.create({
      username,
      displayName: 'Alice Martin',
      role: 'agent',
      agentId: agent.id,
      businessLineIds: [l2.id, l1.id, l2.id],
      passwordHash: 'scrypt$stored',
    });
    t.like(user, { username, displayName: 'Alice Martin', role: 'agent', agentId: agent.id });
    t.false(user.disabled);
    t.is(user.createdAt, Date.UTC(2025, 5, 1, 12, 0, 0, 999));
    t.deepEqual([...user.businessLineIds].sort(), [l1.id, l2.id].sort());
    t.false('passwordHash' in user, 'the secret stays out of User');

    t.deepEqual(await store.users.get(user.id), user);
    t.deepEqual(await store.users.getMany([user.id]), [user]);
    const withSecret = await store.users.getByUsernameWithSecret(username);
    t.deepEqual(withSecret, { ...user, passwordHash: 'scrypt$stored' });
  });

  test(`[${db.name}] updates a user, replacing its business lines`, async (t) => {
    const clock = manualClock();
    const store = await db.store(clock);
    const [l1, l2, l3] = [
      await newBusinessLine(store),
      await newBusinessLine(store),
      await newBusinessLine(store),
    ];
    const user = await store.users.create({
      username: unique('bob'),
      displayName: 'Bob',
      role: 'agent',
      agentId: null,
      businessLineIds: [l1.id, l2.id],
      passwordHash: null,
    });
    clock.advance(1500);
    const updated = await store.users.update(user.id, {
      displayName: 'Bob B.',
      role: 'supervisor',
      disabled: true,
      businessLineIds: [l3.id],
      passwordHash: 'new-hash',
    });
    t.like(updated, { displayName: 'Bob B.', role: 'supervisor', disabled: true });
    t.deepEqual(updated.businessLineIds, [l3.id]);
    t.is(updated.updatedAt, user.createdAt + 1500);
    t.is((await store.users.getByUsernameWithSecret(user.username))?.passwordHash, 'new-hash');

    const untouched = await store.users.update(user.id, { disabled: false });
    t.deepEqual(untouched.businessLineIds, [l3.id], 'lines stay when not in the patch');
    t.false(untouched.disabled);
  });

  test(`[${db.name}] a taken username is DUPLICATE`, async (t) => {
    const store = await db.store();
    const username = unique('carol');
    const input = {
      username,
      displayName: 'Carol',
      role: 'qa' as const,
      agentId: null,
      businessLineIds: [],
      passwordHash: null,
    };
    await store.users.create(input);
    const error = await rejectsWith(t, store.users.create(input), 'DUPLICATE');
    t.deepEqual(error.details, { entity: 'User', field: 'username', value: username });
  });

  test(`[${db.name}] unknown agent or business line is VALIDATION_FAILED naming it`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const ghost = crypto.randomUUID();
    const base = {
      displayName: 'Dan',
      role: 'agent' as const,
      passwordHash: null,
    };
    const noAgent = await rejectsWith(
      t,
      store.users.create({
        ...base,
        username: unique('dan'),
        agentId: ghost,
        businessLineIds: [line.id],
      }),
      'VALIDATION_FAILED',
    );
    t.like(noAgent.details, { field: 'agentId', entity: 'Agent', id: ghost });

    const noLine = await rejectsWith(
      t,
      store.users.create({
        ...base,
        username: unique('dan'),
        agentId: null,
        businessLineIds: [line.id, ghost],
      }),
      'VALIDATION_FAILED',
    );
    t.like(noLine.details, { field: 'businessLineIds', entity: 'BusinessLine', id: ghost });
    t.is(
      (await store.users.list({ businessLineIds: [line.id] }, page)).length,
      0,
      'nothing half-written',
    );
  });

  test(`[${db.name}] refuses an unknown role and a missing user`, async (t) => {
    const store = await db.store();
    await rejectsWith(
      t,
      store.users.create({
        username: unique('eve'),
        displayName: 'Eve',
        role: 'root' as never,
        agentId: null,
        businessLineIds: [],
        passwordHash: null,
      }),
      'VALIDATION_FAILED',
    );
    await rejectsWith(t, store.users.update(crypto.randomUUID(), { disabled: true }), 'NOT_FOUND');
  });

  test(`[${db.name}] lists users by scope and role, ordered by username`, async (t) => {
    const store = await db.store();
    const [l1, l2] = [await newBusinessLine(store), await newBusinessLine(store)];
    const prefix = unique('u');
    const make = (name: string, role: 'agent' | 'supervisor', lines: string[]) =>
      store.users.create({
        username: `${prefix}-${name}`,
        displayName: name,
        role,
        agentId: null,
        businessLineIds: lines,
        passwordHash: null,
      });
    await make('c', 'agent', [l1.id]);
    await make('a', 'supervisor', [l1.id, l2.id]);
    await make('b', 'agent', [l2.id]);
    const names = async (filter: Parameters<typeof store.users.list>[0], offset = 0, limit = 10) =>
      (await store.users.list(filter, { offset, limit })).map((u) => u.displayName);

    t.deepEqual(await names({ businessLineIds: [l1.id] }), ['a', 'c']);
    t.deepEqual(await names({ businessLineIds: [l1.id, l2.id] }), ['a', 'b', 'c']);
    t.deepEqual(await names({ businessLineIds: [l1.id, l2.id], role: 'agent' }), ['b', 'c']);
    t.deepEqual(await names({ businessLineIds: [l1.id, l2.id] }, 1, 1), ['b']);
    t.deepEqual(await names({ businessLineIds: [] }), []);
  });

  test(`[${db.name}] counts users`, async (t) => {
    const store = await db.freshStore();
    t.is(await store.users.count(), 0);
    for (const name of ['x', 'y']) {
      await store.users.create({
        username: name,
        displayName: name,
        role: 'admin',
        agentId: null,
        businessLineIds: [],
        passwordHash: null,
      });
    }
    t.is(await store.users.count(), 2);
  });

  test(`[${db.name}] deleting the user's agent leaves the user without one`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const agent = await store.agents.create(agentInput(line.id));
    const user = await store.users.create({
      username: unique('fay'),
      displayName: 'Fay',
      role: 'agent',
      agentId: agent.id,
      businessLineIds: [line.id],
      passwordHash: null,
    });
    await store.agents.delete(agent.id);
    t.is((await store.users.get(user.id))?.agentId, null);
  });

  test(`[${db.name}] a stored password hash verifies the password only`, async (t) => {
    const store = await db.store();
    const hasher = createSecretHasher();
    const username = unique('gus');
    await store.users.create({
      username,
      displayName: 'Gus',
      role: 'admin',
      agentId: null,
      businessLineIds: [],
      passwordHash: await hasher.hashPassword('correct horse battery staple'),
    });
    const stored = (await store.users.getByUsernameWithSecret(username))?.passwordHash ?? '';
    t.true(await hasher.verifyPassword('correct horse battery staple', stored));
    t.false(await hasher.verifyPassword('correct horse battery stapler', stored));
    t.false(await hasher.verifyPassword('', stored));
  });
}
