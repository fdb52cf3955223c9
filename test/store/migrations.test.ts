import { readdirSync } from 'node:fs';
import test, { type ExecutionContext } from 'ava';
import type { Knex } from 'knex';
import pino from 'pino';
import { isSqlite } from '../../src/store/connection.ts';
import { UNIQUE_KEYS, type UniqueKey } from '../../src/store/constraints.ts';
import { MIGRATIONS, migrateToLatest, rollbackAll } from '../../src/store/migrate.ts';
import { openStore } from '../../src/store/store.ts';
import { manualClock, testDatabases } from '../helpers/databases.ts';

const CORE_TABLES = [
  'agent_skills',
  'agents',
  'api_keys',
  'audit_log',
  'business_lines',
  'call_legs',
  'calls',
  'contact_phones',
  'contacts',
  'queue_memberships',
  'queue_skills',
  'queues',
  'sessions',
  'skills',
  'user_business_lines',
  'users',
];

/** Tables of 0006_records. */
const RECORDS_TABLES = [
  'agent_rollups_15m',
  'agent_state_intervals',
  'call_region_rollups_15m',
  'call_rollups_15m',
  'rate_tables',
  'rates',
  'recordings',
  'region_prefixes',
  'retention_settings',
  'rollup_dirty',
];

/** Every table of the core and of 0006_records exists (other migrations check their own). */
function hasTables(t: ExecutionContext, tables: readonly string[]): void {
  t.deepEqual(
    [...CORE_TABLES, ...RECORDS_TABLES].filter((name) => !tables.includes(name)),
    [],
  );
}

async function tablesOf(knex: Knex): Promise<string[]> {
  const rows: Array<{ name: string }> = isSqlite(knex)
    ? await knex('sqlite_master').select('name').where('type', 'table')
    : await knex('information_schema.tables')
        .select({ name: 'table_name' })
        .whereRaw('table_schema = database()');
  return rows
    .map((r) => r.name)
    .filter((name) => !name.startsWith('sqlite_') && !name.startsWith('knex_'))
    .sort();
}

/** Columns of the index `key` names (primary key included), in index order. */
async function indexColumns(knex: Knex, key: UniqueKey): Promise<string[]> {
  if (isSqlite(knex)) {
    if (key.index === 'PRIMARY') {
      const cols: Array<{ name: string; pk: number }> = await knex.raw(
        `pragma table_info(${key.table})`,
      );
      return cols
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
    }
    const indexes: Array<{ name: string; unique: number }> = await knex.raw(
      `pragma index_list(${key.table})`,
    );
    if (!indexes.some((i) => i.name === key.index && i.unique === 1)) return [];
    const cols: Array<{ name: string }> = await knex.raw(`pragma index_info(${key.index})`);
    return cols.map((c) => c.name);
  }
  const rows: Array<{ column: string }> = await knex('information_schema.statistics')
    .select({ column: 'column_name' })
    .whereRaw('table_schema = database()')
    .where({ table_name: key.table, index_name: key.index, non_unique: 0 })
    .orderBy('seq_in_index');
  return rows.map((r) => r.column);
}

test('every migration file is registered, in order', (t) => {
  const files = readdirSync(new URL('../../src/store/migrations/', import.meta.url))
    .filter((f) => /^\d{4}_.+\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  t.deepEqual(
    MIGRATIONS.map((m) => m.name),
    files,
  );
});

const databases = testDatabases();

for (const db of databases) {
  test(`[${db.name}] migrates an empty database, and migrating again changes nothing`, async (t) => {
    const databaseUrl = await db.emptyDatabaseUrl();
    const logger = pino({ level: 'silent' });
    const first = await openStore({ databaseUrl, clock: manualClock(), logger });
    t.teardown(() => first.close());
    t.deepEqual(await tablesOf(first.knex), []);

    t.deepEqual(
      await migrateToLatest(first.knex),
      MIGRATIONS.map((m) => m.name),
    );
    hasTables(t, await tablesOf(first.knex));
    t.deepEqual(await migrateToLatest(first.knex), []);

    // A second process starting on the migrated database finds nothing to do either.
    const second = await openStore({ databaseUrl, clock: manualClock(), logger });
    t.teardown(() => second.close());
    t.deepEqual(await migrateToLatest(second.knex), []);
    hasTables(t, await tablesOf(second.knex));
  });

  test(`[${db.name}] the schema has every unique key the repositories report`, async (t) => {
    const store = await db.store();
    for (const key of Object.values(UNIQUE_KEYS)) {
      t.deepEqual(await indexColumns(store.knex, key), [...key.columns], key.index);
    }
  });

  test(`[${db.name}] rolling back removes every table, and migrating again restores them`, async (t) => {
    const store = await db.freshStore();
    await rollbackAll(store.knex);
    t.deepEqual(await tablesOf(store.knex), []);
    t.deepEqual(
      await migrateToLatest(store.knex),
      MIGRATIONS.map((m) => m.name),
    );
    hasTables(t, await tablesOf(store.knex));
  });
}

for (const db of databases.filter((d) => d.name === 'mariadb')) {
  test(`[${db.name}] tables are InnoDB with the binary utf8mb4 collation`, async (t) => {
    const store = await db.store();
    const rows: Array<{ name: string; engine: string; collation: string }> = await store
      .knex('information_schema.tables')
      .select({ name: 'table_name', engine: 'engine', collation: 'table_collation' })
      .whereRaw('table_schema = database()')
      .whereIn('table_name', [...CORE_TABLES, ...RECORDS_TABLES]);
    t.is(rows.length, CORE_TABLES.length + RECORDS_TABLES.length);
    for (const row of rows) {
      t.is(row.engine, 'InnoDB', row.name);
      t.is(row.collation, 'utf8mb4_bin', row.name);
    }
  });
}
