/**
 * Opens a knex connection pool from a `DATABASE_URL`.
 *
 * - `sqlite:./data/callwright.sqlite` (relative to the working directory),
 *   `sqlite:/abs/path.sqlite`, `sqlite::memory:`: better-sqlite3, the embedded default.
 * - `mysql://user:pass@host:port/db` and `mariadb://...`: mysql2 (MySQL 8, MariaDB 10.11+).
 *
 * Every session runs in UTC (see db-time.ts for how times are stored).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { Logger } from '../app/logger.ts';

/** Where a `DATABASE_URL` points. */
export type DatabaseTarget =
  | { kind: 'sqlite'; filename: string }
  | {
      kind: 'mysql';
      host: string;
      port: number;
      user: string;
      password: string;
      /** Empty when the URL names no database (server-level tools only). */
      database: string;
    };

/** Pool tuning and logging; the defaults suit one callwright process. */
export interface ConnectionOptions {
  /** Upper bound of pooled MySQL connections (default 10). SQLite always uses one. */
  poolMax?: number;
  /** Receives knex's own warnings (pool errors, deprecations) instead of the console. */
  logger?: Logger;
}

/** Thrown for a `DATABASE_URL` callwright cannot use; the message says what is expected. */
export class DatabaseUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUrlError';
  }
}

/** Parses a `DATABASE_URL` (see the module comment for the accepted forms). */
export function parseDatabaseUrl(databaseUrl: string): DatabaseTarget {
  if (databaseUrl.startsWith('sqlite:')) {
    const rest = databaseUrl.slice('sqlite:'.length);
    const path = rest.startsWith('//') ? rest.slice(2) : rest;
    if (path === '') throw new DatabaseUrlError('sqlite: URL without a file path');
    return { kind: 'sqlite', filename: path === ':memory:' ? path : resolve(path) };
  }
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new DatabaseUrlError(`not a database URL: ${redactDatabaseUrl(databaseUrl)}`);
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new DatabaseUrlError(
      `unsupported database URL scheme "${url.protocol}" (expected sqlite:, mysql: or mariadb:)`,
    );
  }
  return {
    kind: 'mysql',
    host: url.hostname || '127.0.0.1',
    port: url.port === '' ? 3306 : Number(url.port),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
  };
}

/** The URL with any password masked, fit for logs and error messages. */
export function redactDatabaseUrl(databaseUrl: string): string {
  return databaseUrl.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/** Creates the knex instance for `databaseUrl`. Connections are opened lazily by the pool. */
export function createKnex(databaseUrl: string, options: ConnectionOptions = {}): Knex {
  const target = parseDatabaseUrl(databaseUrl);
  const config =
    target.kind === 'sqlite' ? sqliteConfig(target.filename) : mysqlConfig(target, options);
  return knexFactory({ ...config, ...(options.logger ? { log: knexLog(options.logger) } : {}) });
}

/** knex logs plain strings; they go to `logger` as structured events. */
function knexLog(logger: Logger): Knex.Logger {
  return {
    warn: (message: unknown) => logger.warn({ detail: String(message) }, 'knex warning'),
    error: (message: unknown) => logger.error({ detail: String(message) }, 'knex error'),
    deprecate: (method: string, alternative: string) =>
      logger.warn({ method, alternative }, 'knex deprecation'),
    debug: (message: unknown) => logger.debug({ detail: String(message) }, 'knex debug'),
  };
}

/** True when `knex` talks to SQLite (the dialects differ in a few SQL details). */
export function isSqlite(knex: Knex): boolean {
  return knex.client.dialect === 'sqlite3';
}

interface SqliteConnection {
  pragma(source: string): unknown;
  prepare(source: string): unknown;
}

/** Prepared statements kept per SQLite connection (knex asks for one per query). */
const SQLITE_STATEMENTS_KEPT = 256;

/**
 * Makes `conn.prepare` reuse the statement prepared for the same SQL text.
 * knex prepares every query anew, and compiling the SQL cost as much as
 * running it for the call-record writes. A kept statement stays valid
 * across schema changes (SQLite prepares it again itself when needed); the
 * least recently used one is dropped past the limit.
 */
function keepPreparedStatements(conn: SqliteConnection): void {
  const prepare = conn.prepare.bind(conn);
  const kept = new Map<string, unknown>();
  conn.prepare = (source: string) => {
    let statement = kept.get(source);
    if (statement === undefined) {
      statement = prepare(source);
      if (kept.size >= SQLITE_STATEMENTS_KEPT) kept.delete(kept.keys().next().value as string);
    } else kept.delete(source);
    kept.set(source, statement);
    return statement;
  };
}

function sqliteConfig(filename: string): Knex.Config {
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  return {
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      // One connection: better-sqlite3 is synchronous, so more connections give no
      // parallelism in one process and would only add SQLITE_BUSY between our own writers.
      // min 1 with no idle reaping also keeps a `:memory:` database alive for the pool's life.
      min: 1,
      max: 1,
      idleTimeoutMillis: 2 ** 31 - 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        conn.pragma('journal_mode = WAL');
        conn.pragma('synchronous = NORMAL');
        conn.pragma('foreign_keys = ON');
        // Another process (a backup, the sqlite3 shell) may hold the lock briefly.
        conn.pragma('busy_timeout = 5000');
        keepPreparedStatements(conn);
        done(null, conn);
      },
    },
  };
}

interface MysqlConnection {
  query(sql: string, callback: (err: Error | null) => void): void;
}

/**
 * Session settings of every pooled MySQL/MariaDB connection:
 * - UTC, so NOW() and any TIMESTAMP agree with the UTC DATETIMEs we write;
 * - strict mode, so MySQL refuses over-long strings and invalid dates instead of
 *   silently truncating them (SQLite never truncates either);
 * - READ COMMITTED: under InnoDB's default REPEATABLE READ, replacing a child set
 *   (DELETE ... WHERE agent_id = ?, then INSERT) takes gap locks, and two such
 *   transactions on neighbouring keys deadlock on each other's gap. READ COMMITTED
 *   takes no gap locks for these statements. (It needs binlog_format ROW or MIXED,
 *   the defaults of MySQL 8 and MariaDB.)
 */
const MYSQL_SETTINGS = `SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ZERO_DATE,NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION'`;
const MYSQL_ISOLATION = 'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED';

function initMysqlSession(conn: MysqlConnection, done: (err: Error | null, conn: unknown) => void) {
  conn.query(MYSQL_SETTINGS, (err) => {
    if (err) return done(err, conn);
    conn.query(MYSQL_ISOLATION, (err2) => done(err2, conn));
  });
}

function mysqlConfig(
  target: Extract<DatabaseTarget, { kind: 'mysql' }>,
  options: ConnectionOptions,
): Knex.Config {
  return {
    client: 'mysql2',
    connection: {
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      ...(target.database === '' ? {} : { database: target.database }),
      // DATETIME values are UTC wall times: mysql2 must neither shift what it sends
      // nor read what it gets back in the process's local zone.
      timezone: 'Z',
      dateStrings: false,
      charset: 'utf8mb4',
      supportBigNumbers: true,
      bigNumberStrings: false,
    },
    pool: {
      // min 0: idle connections are closed by the pool before the server's wait_timeout
      // can drop them under us; 10 is plenty for one process (queries are short).
      min: 0,
      max: options.poolMax ?? 10,
      afterCreate: initMysqlSession,
    },
  };
}
