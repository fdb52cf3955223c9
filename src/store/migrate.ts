/**
 * Schema migrations, run through knex's migrator with our own migration source:
 * the files are TypeScript modules imported from this list, in order, so they run
 * unchanged under tsx and need no knexfile or directory scanning.
 *
 * To add a migration: create `migrations/000N_what.ts` exporting `up` and `down`,
 * and append it to MIGRATIONS. Never edit a migration that has been released.
 */
import type { Knex } from 'knex';

/** What a migration module exports. */
export interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** A migration's name (as recorded in `knex_migrations`) and how to load it. */
export interface NamedMigration {
  name: string;
  load(): Promise<MigrationModule>;
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly NamedMigration[] = [
  { name: '0001_core', load: () => import('./migrations/0001_core.ts') },
  { name: '0002_acd_routing', load: () => import('./migrations/0002_acd_routing.ts') },
  { name: '0003_callbacks', load: () => import('./migrations/0003_callbacks.ts') },
  { name: '0004_ivr', load: () => import('./migrations/0004_ivr.ts') },
  { name: '0005_dialer', load: () => import('./migrations/0005_dialer.ts') },
  { name: '0006_records', load: () => import('./migrations/0006_records.ts') },
  { name: '0007_webhooks', load: () => import('./migrations/0007_webhooks.ts') },
  {
    name: '0008_record_revisions',
    load: () => import('./migrations/0008_record_revisions.ts'),
  },
  { name: '0009_agent_presence', load: () => import('./migrations/0009_agent_presence.ts') },
  {
    name: '0010_dialer_broadcast_followups',
    load: () => import('./migrations/0010_dialer_broadcast_followups.ts'),
  },
  { name: '0011_calls_by_number', load: () => import('./migrations/0011_calls_by_number.ts') },
];

/** knex's migration source over MIGRATIONS. */
export const migrationSource: Knex.MigrationSource<NamedMigration> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: (migration) => migration.name,
  getMigration: (migration) => migration.load(),
};

/** Brings the schema to the newest version; a no-op when it is already there. */
export async function migrateToLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

/** Undoes every migration (tests and tooling only). */
export async function rollbackAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ migrationSource }, true);
}
