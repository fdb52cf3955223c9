import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import pino from 'pino';
import { DomainError } from '../../src/domain/shared/errors.ts';
import {
  createKnex,
  DatabaseUrlError,
  parseDatabaseUrl,
  redactDatabaseUrl,
} from '../../src/store/connection.ts';
import { openStore } from '../../src/store/store.ts';
import { manualClock, testDatabases } from '../helpers/databases.ts';

const logger = pino({ level: 'silent' });

test('parses every accepted DATABASE_URL form', (t) => {
  t.deepEqual(parseDatabaseUrl('sqlite::memory:'), { kind: 'sqlite', filename: ':memory:' });
  t.deepEqual(parseDatabaseUrl('sqlite:/var/lib/cw/db.sqlite'), {
    kind: 'sqlite',
    filename: '/var/lib/cw/db.sqlite',
  });
  t.deepEqual(parseDatabaseUrl('sqlite:///var/lib/cw/db.sqlite'), {
    kind: 'sqlite',
    filename: '/var/lib/cw/db.sqlite',
  });
  t.deepEqual(parseDatabaseUrl('sqlite:./data/callwright.sqlite'), {
    kind: 'sqlite',
    filename: join(process.cwd(), 'data', 'callwright.sqlite'),
  });
  t.deepEqual(parseDatabaseUrl('mysql://cw:p%40ss@db.example:3307/callwright'), {
    kind: 'mysql',
    host: 'db.example',
    port: 3307,
    user: 'cw',
    password: 'p@ss',
    database: 'callwright',
  });
  t.deepEqual(parseDatabaseUrl('mariadb://root@127.0.0.1/cw'), {
    kind: 'mysql',
    host: '127.0.0.1',
    port: 3306,
    user: 'root',
    password: '',
    database: 'cw',
  });
});

test('refuses URLs it cannot use, without echoing passwords', (t) => {
  t.throws(() => parseDatabaseUrl('postgres://u:secret@h/db'), { instanceOf: DatabaseUrlError });
  t.throws(() => parseDatabaseUrl('sqlite:'), { instanceOf: DatabaseUrlError });
  const error = t.throws(() => parseDatabaseUrl('nonsense'), { instanceOf: DatabaseUrlError });
  t.regex(error.message, /not a database URL/);
  t.is(redactDatabaseUrl('mysql://cw:hunter2@db:3306/cw'), 'mysql://cw:***@db:3306/cw');
  t.is(redactDatabaseUrl('mysql://root@db/cw'), 'mysql://root@db/cw');
});

test('a SQLite file store creates its directory and runs in WAL mode with foreign keys', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-conn-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'nested', 'deeper', 'cw.sqlite');
  const knex = createKnex(`sqlite:${file}`);
  t.teardown(() => knex.destroy());
  const pragma = async (name: string) => Object.values((await knex.raw(`pragma ${name}`))[0])[0];
  t.is(await pragma('journal_mode'), 'wal');
  t.is(await pragma('foreign_keys'), 1);
  t.is(await pragma('busy_timeout'), 5000);
  t.true(existsSync(file));
});

test('an in-memory SQLite store keeps its data for the life of the pool', async (t) => {
  const store = await openStore({ databaseUrl: 'sqlite::memory:', clock: manualClock(), logger });
  t.teardown(() => store.close());
  await store.knex.schema.createTable('kept', (table) => table.string('v'));
  await store.knex('kept').insert({ v: 'x' });
  t.deepEqual(await store.knex('kept').pluck('v'), ['x']);
});

test('SQLite statements are prepared once per SQL text and follow schema changes', async (t) => {
  const knex = createKnex('sqlite::memory:');
  t.teardown(() => knex.destroy());
  await knex.schema.createTable('kept', (table) => table.string('v'));
  const conn = (await knex.client.acquireConnection()) as { prepare(sql: string): unknown };
  await knex.client.releaseConnection(conn);
  for (const v of ['a', 'b', 'c']) await knex('kept').insert({ v });
  t.deepEqual(await knex('kept').select('*').orderBy('v'), [{ v: 'a' }, { v: 'b' }, { v: 'c' }]);
  const statement = conn.prepare('select * from `kept` order by `v` asc');
  t.is(conn.prepare('select * from `kept` order by `v` asc'), statement, 'the same statement');
  // A kept `select *` sees a column added after it was prepared.
  await knex.schema.alterTable('kept', (table) => table.integer('n').defaultTo(7));
  t.deepEqual(await knex('kept').select('*').orderBy('v').limit(1), [{ v: 'a', n: 7 }]);
});

test('an unreachable MySQL server is UNAVAILABLE, password masked', async (t) => {
  // Port 1 on localhost: nothing listens there, so the connection is refused at once.
  const error = await t.throwsAsync(
    openStore({
      databaseUrl: 'mysql://cw:topsecret@127.0.0.1:1/cw',
      clock: manualClock(),
      logger,
    }),
    { instanceOf: DomainError },
  );
  t.is(error.code, 'UNAVAILABLE');
  t.false(error.message.includes('topsecret'));
  t.regex(error.message, /cw:\*\*\*@127\.0\.0\.1:1/);
});

for (const db of testDatabases().filter((d) => d.name === 'mariadb')) {
  test(`[${db.name}] every pooled session is UTC, strict and READ COMMITTED`, async (t) => {
    const store = await db.store();
    const [rows] = await store.knex.raw(
      'SELECT @@session.time_zone AS tz, @@session.sql_mode AS mode, @@session.tx_isolation AS iso, @@character_set_connection AS cs',
    );
    const row = rows[0];
    t.is(row.tz, '+00:00');
    t.true(String(row.mode).split(',').includes('STRICT_ALL_TABLES'));
    t.is(row.iso, 'READ-COMMITTED');
    t.is(row.cs, 'utf8mb4');
  });
}
