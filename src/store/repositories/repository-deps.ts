/**
 * What every repository is built from: the knex executor (the pool, or a
 * transaction when the repositories belong to `Store.transaction`) and the clock.
 */
import type { Knex } from 'knex';
import type { Clock } from '../../app/clock.ts';

/** Dependencies of a repository. */
export interface RepositoryDeps {
  /** The pool or a transaction; a `Knex.Transaction` is a `Knex` too. */
  db: Knex;
  clock: Clock;
}

/**
 * Runs `work` atomically. On the pool this opens a transaction; inside a
 * transaction knex opens a savepoint, so a failed write of one repository call
 * leaves the caller's transaction usable.
 */
export function atomically<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.transaction(work);
}
