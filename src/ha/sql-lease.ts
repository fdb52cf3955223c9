/**
 * The active/standby lease in MySQL/MariaDB (HA_LEASE=database), for a
 * deployment without Redis: one row per lease name holding the active
 * instance's id and when its lease ends, in the database's own clock
 * (NOW(3)), so the instances' clocks never have to agree.
 *
 * Taking and renewing are the same single upsert: the row's holder becomes
 * this instance only when the lease is free, lapsed or already ours, and
 * its end moves only for its holder. MySQL applies an ON DUPLICATE KEY
 * UPDATE's assignments left to right, so the second IF already sees the
 * holder the first one chose. The holder is then read back. Each step
 * gives up after a quarter of the lease's life: a renewal must not wait
 * on a dead database past the lease's end.
 *
 * The table is created here, not by a migration: a standby competes for
 * the lease before any instance has migrated a fresh database.
 */
import { hostname } from 'node:os';
import type { Knex } from 'knex';
import type { Lease } from '../app/ha/lease.ts';
import type { Logger } from '../app/logger.ts';
import { createKnex, isSqlite } from '../store/connection.ts';

/** Options of {@link openSqlLease}. */
export interface SqlLeaseOptions {
  /** `mysql://user:pass@host:3306/db` (the DATABASE_URL). */
  readonly databaseUrl: string;
  /** The lease's name: instances of one deployment share it. */
  readonly name: string;
  /** Time to live of the lease (ms). */
  readonly ttlMs: number;
  /** Receives the pool's own complaints (a refused connection) instead of the console. */
  readonly logger?: Logger;
}

const TABLE = 'ha_leases';

const CREATE = `CREATE TABLE IF NOT EXISTS ${TABLE} (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  holder VARCHAR(128) NOT NULL,
  expires_at DATETIME(3) NOT NULL
)`;

const TAKE = `INSERT INTO ${TABLE} (name, holder, expires_at)
  VALUES (?, ?, NOW(3) + INTERVAL ? MICROSECOND)
  ON DUPLICATE KEY UPDATE
    holder = IF(expires_at < NOW(3) OR holder = VALUES(holder), VALUES(holder), holder),
    expires_at = IF(holder = VALUES(holder), VALUES(expires_at), expires_at)`;

/** Rejects when `work` takes longer than `ms`. */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`lease ${what}: no answer from the database in ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Opens the lease; the table is made on first use. */
export function openSqlLease(options: SqlLeaseOptions): Lease {
  const knex: Knex = createKnex(options.databaseUrl, {
    poolMax: 2,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  if (isSqlite(knex)) {
    void knex.destroy();
    throw new Error('HA_LEASE="database" needs a MySQL/MariaDB DATABASE_URL (SQLite is one host)');
  }
  const holderId = `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  const limit = Math.max(250, Math.round(options.ttlMs / 4));
  let created: Promise<unknown> | undefined;
  const table = () => {
    created ??= knex.raw(CREATE).catch((error: unknown) => {
      created = undefined;
      throw error;
    });
    return created;
  };
  const take = async (): Promise<boolean> => {
    await table();
    await knex.raw(TAKE, [options.name, holderId, options.ttlMs * 1000]);
    const row = await knex(TABLE).where({ name: options.name }).first('holder');
    return row?.holder === holderId;
  };
  return {
    holderId,
    acquire: () => within(limit, 'acquire', take()),
    async renew() {
      return (await within(limit, 'renew', take())) ? 'held' : 'lost';
    },
    async release() {
      await within(
        limit,
        'release',
        knex(TABLE).where({ name: options.name, holder: holderId }).delete(),
      ).catch(() => undefined);
    },
    close: () => knex.destroy(),
  };
}
