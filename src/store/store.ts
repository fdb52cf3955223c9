/**
 * The Store: every repository over one knex pool, plus transactions, a health
 * ping and shutdown. `openStore` only connects; the composition root runs
 * `migrateToLatest(store.knex)` (migrate.ts) before serving.
 */
import type { Knex } from 'knex';
import type { Clock } from '../app/clock.ts';
import type { Logger } from '../app/logger.ts';
import type { Store } from '../app/ports.ts';
import { DomainError } from '../domain/shared/errors.ts';
import { type ConnectionOptions, createKnex, redactDatabaseUrl } from './connection.ts';
import { createRepositories } from './repositories/create-repositories.ts';

/** A Store that also exposes its knex instance (for migrations and tooling). */
export type OpenedStore = Store & { readonly knex: Knex };

/** What `openStore` needs. */
export interface OpenStoreOptions extends ConnectionOptions {
  databaseUrl: string;
  clock: Clock;
  logger: Logger;
}

/**
 * Connects to `databaseUrl` and checks that the database answers.
 * Throws DomainError UNAVAILABLE (with the password masked) when it does not.
 */
export async function openStore(options: OpenStoreOptions): Promise<OpenedStore> {
  const logger = options.logger.child({ component: 'store' });
  const knex = createKnex(options.databaseUrl, { ...options, logger });
  const database = redactDatabaseUrl(options.databaseUrl);
  try {
    await knex.raw('select 1');
  } catch (error) {
    await knex.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    logger.error({ database, err: error }, 'database unreachable');
    throw new DomainError('UNAVAILABLE', `database ${database} unreachable: ${reason}`, {
      database,
    });
  }
  logger.info({ database, dialect: knex.client.dialect }, 'database connected');
  return storeOnKnex(knex, { clock: options.clock, logger });
}

/**
 * A Store over an existing knex instance; `close()` destroys that instance.
 *
 * Inside `transaction(work)`, use only the repositories `work` receives: on SQLite
 * the pool has a single connection, which the transaction holds until it ends.
 */
export function storeOnKnex(knex: Knex, deps: { clock: Clock; logger: Logger }): OpenedStore {
  const { clock, logger } = deps;
  return {
    ...createRepositories({ db: knex, clock }),
    knex,
    transaction: (work) => knex.transaction((trx) => work(createRepositories({ db: trx, clock }))),
    async ping() {
      await knex.raw('select 1');
    },
    async close() {
      await knex.destroy();
      logger.info('database closed');
    },
  };
}
