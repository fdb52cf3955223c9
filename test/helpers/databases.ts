/**
 * Real databases for store tests: every test runs on SQLite (temp files) and on
 * MariaDB (`TEST_MYSQL_URL`, default mysql://root@127.0.0.1:3306), with a title
 * prefixed `[sqlite]` / `[mariadb]`.
 *
 *   for (const db of testDatabases()) {
 *     test(`[${db.name}] creates a queue`, async (t) => {
 *       const store = await db.store();
 *       ...
 *     });
 *   }
 *
 * `store()` is the test file's shared, migrated database: tests on it run
 * concurrently, so they create their own business line / unique names and
 * filter by them. `freshStore()` is a brand-new migrated database of its own (for
 * counts and anything that needs an empty database). Every database is created
 * for this test file and dropped in `test.after.always`.
 *
 * An unreachable MariaDB makes the MariaDB tests fail with a message saying so;
 * they are never skipped.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import type { Knex } from 'knex';
import pino from 'pino';
import type { Clock } from '../../src/app/clock.ts';
import { createKnex, redactDatabaseUrl } from '../../src/store/connection.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { type OpenedStore, openStore, storeOnKnex } from '../../src/store/store.ts';

/** The backends every store test runs on. */
export type Backend = 'sqlite' | 'mariadb';

/** A clock the test sets by hand. */
export interface ManualClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

/** A settable clock starting at `start` (default 2025-01-15T09:30:00.123Z). */
export function manualClock(start = Date.UTC(2025, 0, 15, 9, 30, 0, 123)): ManualClock {
  let now = start;
  return {
    now: () => now,
    set: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** One backend, as a test sees it. */
export interface TestDatabase {
  readonly name: Backend;
  /** The file's shared migrated database, with `clock` (default: a new manual clock). */
  store(clock?: Clock): Promise<OpenedStore>;
  /** A brand-new migrated database of its own. */
  freshStore(clock?: Clock): Promise<OpenedStore>;
  /** The URL of a brand-new database without any table. */
  emptyDatabaseUrl(): Promise<string>;
}

/** A name no other test (or test file) uses: `prefix-<random>`. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

const logger = pino({ level: 'silent' });

interface Provisioner {
  /** Creates an empty database and returns its URL. */
  create(): Promise<string>;
  /** Drops everything created. */
  cleanup(): Promise<void>;
}

function sqliteProvisioner(): Provisioner {
  let dir: string | undefined;
  let count = 0;
  return {
    async create() {
      dir ??= mkdtempSync(join(tmpdir(), 'cw-store-'));
      count += 1;
      // A directory that does not exist yet: opening the store must create it.
      return `sqlite:${join(dir, `db-${count}`, 'callwright.sqlite')}`;
    },
    async cleanup() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

const MYSQL_BASE = process.env.TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306';

async function connectAdmin(): Promise<Knex> {
  const admin = createKnex(withDatabase(MYSQL_BASE, ''), { poolMax: 2 });
  try {
    await admin.raw('select 1');
    return admin;
  } catch (error) {
    await admin.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `MariaDB is unreachable at ${redactDatabaseUrl(MYSQL_BASE)} (${reason}). ` +
        'The store tests need it: start it with `start-stop-daemon --start --oknodo ' +
        '--background --exec /usr/sbin/mariadbd`, or set TEST_MYSQL_URL.',
    );
  }
}

function withDatabase(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

function mariadbProvisioner(): Provisioner {
  let admin: Promise<Knex> | undefined;
  const created: string[] = [];
  return {
    async create() {
      admin ??= connectAdmin();
      const name = `cw_test_${randomBytes(6).toString('hex')}`;
      await (await admin).raw(`CREATE DATABASE \`${name}\``);
      created.push(name);
      return withDatabase(MYSQL_BASE, name);
    },
    async cleanup() {
      if (!admin) return;
      const knex = await admin.catch(() => undefined);
      if (!knex) return;
      for (const name of created) await knex.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      await knex.destroy();
    },
  };
}

function testDatabase(name: Backend, provisioner: Provisioner): TestDatabase {
  const opened: OpenedStore[] = [];
  let shared: Promise<OpenedStore> | undefined;

  const freshStore = async (clock: Clock = manualClock()) => {
    const databaseUrl = await provisioner.create();
    const store = await openStore({ databaseUrl, clock, logger, poolMax: 4 });
    opened.push(store);
    await migrateToLatest(store.knex);
    return store;
  };

  test.after.always(`drop the ${name} test databases`, async () => {
    for (const store of opened) await store.close();
    await provisioner.cleanup();
  });

  return {
    name,
    emptyDatabaseUrl: () => provisioner.create(),
    freshStore,
    async store(clock: Clock = manualClock()) {
      shared ??= freshStore();
      const { knex } = await shared;
      // A view with the test's clock; the shared pool is closed after the file.
      return { ...storeOnKnex(knex, { clock, logger }), close: async () => {} };
    },
  };
}

/** SQLite and MariaDB, each with databases created for (and dropped after) this file. */
export function testDatabases(): TestDatabase[] {
  return [
    testDatabase('sqlite', sqliteProvisioner()),
    testDatabase('mariadb', mariadbProvisioner()),
  ];
}
