/**
 * What every repository is built from: the knex executor (the pool, or a
 * transaction when the repositories belong to `Store.transaction`) and the clock.
 */
import type { Knex } from 'knex';
import type { Clock } from '../../app/clock.ts';
import { isDeadlock } from '../db-errors.ts';

/** Dependencies of a repository. */
export interface RepositoryDeps {
  /** The pool or a transaction; a `Knex.Transaction` is a `Knex` too. */
  db: Knex;
  clock: Clock;
}

/** Attempts of a repository's own transaction when InnoDB picks it as a deadlock victim. */
const DEADLOCK_ATTEMPTS = 3;

/**
 * Runs `work` atomically. On the pool this opens a transaction, retried when
 * InnoDB aborts it to break a deadlock (it is then entirely rolled back, so running
 * it again is safe). Inside a caller's transaction knex opens a savepoint instead,
 * so a failed write of one repository call leaves that transaction usable; a
 * deadlock there aborts the caller's whole transaction and is the caller's to retry.
 */
export async function atomically<T>(
  db: Knex,
  work: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return db.transaction(work);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (attempt >= DEADLOCK_ATTEMPTS || !isDeadlock(error)) throw error;
    }
  }
}
