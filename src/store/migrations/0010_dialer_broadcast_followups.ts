/**
 * Voice broadcast and scheduled follow-ups (DIAL-6, DIAL-9).
 * - `dialer_attempts.dtmf`: the keys a broadcast callee pressed that the
 *   campaign keeps (its answer, or the agent key), in order.
 * - `dialer_follow_ups`: calls back booked by agents, dialled when due for
 *   their agent or, when that agent is logged out, for the campaign.
 */
import type { Knex } from 'knex';
import { idColumn, reference, tableOptions, timeColumn, timestamps } from './schema-kit.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dialer_attempts', (t) => {
    t.string('dtmf', 32).nullable();
  });
  await knex.schema.createTable('dialer_follow_ups', (t) => {
    tableOptions(knex, t);
    idColumn(t);
    reference(t, 'campaign_id', 'dialer_campaigns', { onDelete: 'CASCADE' });
    t.bigInteger('record_id').notNullable();
    t.string('agent_id', 36).notNullable();
    timeColumn(t, 'due_at').notNullable();
    t.string('note', 1000).notNullable();
    t.string('status', 16).notNullable();
    t.string('dialled_for', 16).nullable();
    t.string('dialled_agent_id', 36).nullable();
    t.string('call_id', 128).nullable();
    t.string('created_by', 36).nullable();
    timestamps(t);
    t.index(['campaign_id', 'status', 'due_at'], 'dialer_follow_ups_due_index');
    t.index(['agent_id', 'due_at'], 'dialer_follow_ups_agent_index');
    t.index(['record_id'], 'dialer_follow_ups_record_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('dialer_follow_ups');
  await knex.schema.alterTable('dialer_attempts', (t) => {
    t.dropColumn('dtmf');
  });
}
