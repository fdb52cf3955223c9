/**
 * Agent presence (SEC-5): each agent's last status (logged in and free,
 * paused with a reason, on a call...), saved at every change, so a
 * restarted callwright takes its agents back as they were instead of
 * logging everyone out. One row per agent, replaced in place. Open
 * application call records are found by `ended_at` (indexed with
 * `started_at`), for the same restart to take back calls in progress.
 */
import type { Knex } from 'knex';
import { reference, tableOptions, timeColumn } from './schema-kit.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('agent_presence', (t) => {
    tableOptions(knex, t);
    reference(t, 'agent_id', 'agents', { onDelete: 'CASCADE' });
    t.primary(['agent_id']);
    t.string('status', 16).notNullable();
    t.string('reason', 64).nullable();
    timeColumn(t, 'since').notNullable();
  });
  await knex.schema.alterTable('calls', (t) => {
    t.index(['ended_at', 'started_at'], 'calls_ended_at_started_at_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('calls', (t) => {
    t.dropIndex(['ended_at', 'started_at'], 'calls_ended_at_started_at_index');
  });
  await knex.schema.dropTable('agent_presence');
}
