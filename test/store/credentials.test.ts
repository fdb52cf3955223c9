import test from 'ava';
import type { Knex } from 'knex';
import type { Repositories } from '../../src/app/ports.ts';
import { isSqlite } from '../../src/store/connection.ts';
import { createSecretHasher } from '../../src/store/secrets.ts';
import { manualClock, testDatabases, unique } from '../helpers/databases.ts';
import { rejectsWith } from './seed.ts';

const hasher = createSecretHasher();

function newUser(repos: Repositories) {
  return repos.users.create({
    username: unique('keyholder'),
    displayName: 'Key Holder',
    role: 'admin',
    agentId: null,
    businessLineIds: [],
    passwordHash: null,
  });
}

/** Every value of every row of every table, as text. */
async function dumpAll(knex: Knex): Promise<string> {
  const tables: string[] = isSqlite(knex)
    ? await knex('sqlite_master').where('type', 'table').pluck('name')
    : await knex('information_schema.tables')
        .whereRaw('table_schema = database()')
        .pluck('table_name');
  const parts: string[] = [];
  for (const table of tables) parts.push(JSON.stringify(await knex(table).select('*')));
  return parts.join('\n');
}

for (const db of testDatabases()) {
  test(`[${db.name}] stores an API key by its digest only`, async (t) => {
    const clock = manualClock(Date.UTC(2025, 6, 1, 10, 0, 0, 1));
    const store = await db.freshStore(clock);
    const user = await newUser(store);
    const secret = hasher.newToken();
    const key = await store.credentials.createApiKey({
      userId: user.id,
      name: 'CRM integration',
      prefix: secret.slice(0, 8),
      hash: hasher.digest(secret),
    });
    t.deepEqual(key, {
      id: key.id,
      userId: user.id,
      name: 'CRM integration',
      prefix: secret.slice(0, 8),
      createdAt: Date.UTC(2025, 6, 1, 10, 0, 0, 1),
      lastUsedAt: null,
      revokedAt: null,
    });
    t.deepEqual(await store.credentials.findApiKeyByHash(hasher.digest(secret)), key);
    t.is(await store.credentials.findApiKeyByHash(hasher.digest(hasher.newToken())), undefined);

    const dump = await dumpAll(store.knex);
    t.true(dump.includes(hasher.digest(secret)), 'the digest is stored');
    t.false(dump.includes(secret), 'the key itself is not');
    t.false(dump.includes(secret.slice(8)), 'nor its secret part');
  });

  test(`[${db.name}] lists, touches and revokes API keys`, async (t) => {
    const clock = manualClock();
    const store = await db.store(clock);
    const user = await newUser(store);
    const make = (name: string) =>
      store.credentials.createApiKey({
        userId: user.id,
        name,
        prefix: 'cw_abcde',
        hash: hasher.digest(hasher.newToken()),
      });
    const first = await make('first');
    clock.advance(10);
    const second = await make('second');
    t.deepEqual(
      (await store.credentials.listApiKeys(user.id)).map((k) => k.name),
      ['first', 'second'],
    );

    clock.advance(1000);
    await store.credentials.touchApiKey(first.id);
    t.is((await store.credentials.getApiKey(first.id))?.lastUsedAt, clock.now());

    const revokedAt = clock.now();
    const revoked = await store.credentials.revokeApiKey(second.id);
    t.is(revoked.revokedAt, revokedAt);
    clock.advance(5000);
    t.is((await store.credentials.revokeApiKey(second.id)).revokedAt, revokedAt, 'first time kept');
    t.deepEqual(await store.credentials.getApiKey(second.id), revoked);

    await rejectsWith(t, store.credentials.revokeApiKey(crypto.randomUUID()), 'NOT_FOUND');
    await rejectsWith(t, store.credentials.touchApiKey(crypto.randomUUID()), 'NOT_FOUND');
    t.is(await store.credentials.getApiKey(crypto.randomUUID()), undefined);
  });

  test(`[${db.name}] a key for a missing user or with a taken digest is refused`, async (t) => {
    const store = await db.store();
    const ghost = crypto.randomUUID();
    const noUser = await rejectsWith(
      t,
      store.credentials.createApiKey({ userId: ghost, name: 'k', prefix: 'cw_x', hash: 'h1' }),
      'VALIDATION_FAILED',
    );
    t.like(noUser.details, { field: 'userId', entity: 'User', id: ghost });

    const user = await newUser(store);
    const hash = hasher.digest(hasher.newToken());
    await store.credentials.createApiKey({ userId: user.id, name: 'a', prefix: 'cw_a', hash });
    const dup = await rejectsWith(
      t,
      store.credentials.createApiKey({ userId: user.id, name: 'b', prefix: 'cw_b', hash }),
      'DUPLICATE',
    );
    t.like(dup.details, { entity: 'ApiKey', field: 'hash' });
    t.false(JSON.stringify(dup.details).includes(hash), 'the digest is not echoed');
  });

  test(`[${db.name}] creates, finds and deletes sessions`, async (t) => {
    const clock = manualClock(Date.UTC(2025, 0, 1));
    const store = await db.store(clock);
    const user = await newUser(store);
    const hash = hasher.digest(hasher.newToken());
    const expiresAt = Date.UTC(2025, 0, 1, 8, 0, 0, 250);
    await store.credentials.createSession({ userId: user.id, hash, expiresAt });
    t.deepEqual(await store.credentials.findSessionByHash(hash), { userId: user.id, expiresAt });

    await store.credentials.deleteSession(hash);
    t.is(await store.credentials.findSessionByHash(hash), undefined);
    await t.notThrowsAsync(store.credentials.deleteSession(hash), 'logging out twice is fine');

    await rejectsWith(
      t,
      store.credentials.createSession({ userId: crypto.randomUUID(), hash, expiresAt }),
      'VALIDATION_FAILED',
    );
  });
}
