/**
 * ACD routing data: the per-queue ACD settings the dispatcher needs beyond
 * the queue's own columns (overflow targets, relaxation, sticky agent,
 * auto-pause, announcements...), the DID routing table (ACD-8), and each
 * business line's VIP callers with their dedicated agents (ACD-2, ACD-4).
 *
 * Settings are one JSON document per queue, validated by the domain's
 * schema (`acdQueueSettingsSchema`) on the way in and out, so adding a
 * setting needs no migration. A DID route or VIP entry goes with what it
 * points at: deleting a queue or agent deletes the routes to it and the
 * VIP dedications of that agent.
 */
import type { Knex } from 'knex';
import { idColumn, reference, tableOptions, timeColumn, timestamps } from './schema-kit.ts';

type Builder = Knex.CreateTableBuilder;

function queueSettings(knex: Knex) {
  return knex.schema.createTable('queue_acd_settings', (t: Builder) => {
    tableOptions(knex, t);
    t.string('queue_id', 36).notNullable().primary();
    t.foreign('queue_id').references('id').inTable('queues').onDelete('CASCADE');
    t.text('settings_json').notNullable();
    timeColumn(t, 'updated_at').notNullable();
  });
}

function didRoutes(knex: Knex) {
  return knex.schema.createTable('did_routes', (t: Builder) => {
    tableOptions(knex, t);
    idColumn(t);
    reference(t, 'business_line_id', 'business_lines');
    // As the dialplan passes it (`${EXTEN}`), or a prefix ending in `*`.
    t.string('did', 32).notNullable();
    // '' for any trunk: a unique key treats NULLs as distinct on both backends.
    t.string('trunk', 64).notNullable().defaultTo('');
    t.string('target_kind', 16).notNullable().checkIn(['queue', 'agent', 'ivr']);
    reference(t, 'queue_id', 'queues', { nullable: true, onDelete: 'CASCADE' });
    reference(t, 'agent_id', 'agents', { nullable: true, onDelete: 'CASCADE' });
    // IVR flows are another feature's table: the id is kept without a foreign key.
    t.string('ivr_flow_id', 64).nullable();
    timestamps(t);
    t.unique(['did', 'trunk'], { indexName: 'did_routes_did_trunk_unique' });
    t.index(['business_line_id', 'did'], 'did_routes_business_line_id_did_index');
    t.index(['queue_id'], 'did_routes_queue_id_index');
    t.index(['agent_id'], 'did_routes_agent_id_index');
  });
}

function vipCallers(knex: Knex) {
  return knex.schema
    .createTable('vip_callers', (t: Builder) => {
      tableOptions(knex, t);
      idColumn(t);
      reference(t, 'business_line_id', 'business_lines');
      // E.164, or a prefix ending in `*`.
      t.string('number', 32).notNullable();
      t.string('label', 255).notNullable();
      timestamps(t);
      t.unique(['business_line_id', 'number'], {
        indexName: 'vip_callers_business_line_id_number_unique',
      });
    })
    .createTable('vip_caller_agents', (t: Builder) => {
      tableOptions(knex, t);
      reference(t, 'vip_caller_id', 'vip_callers', { onDelete: 'CASCADE' });
      reference(t, 'agent_id', 'agents', { onDelete: 'CASCADE' });
      // Keeps the agents in the order they were given.
      t.integer('position').notNullable();
      t.primary(['vip_caller_id', 'agent_id']);
      t.index(['agent_id'], 'vip_caller_agents_agent_id_index');
    });
}

/** Creates the ACD routing tables. */
export async function up(knex: Knex): Promise<void> {
  await queueSettings(knex);
  await didRoutes(knex);
  await vipCallers(knex);
}

/** Drops them, children first. */
export async function down(knex: Knex): Promise<void> {
  for (const table of ['vip_caller_agents', 'vip_callers', 'did_routes', 'queue_acd_settings']) {
    await knex.schema.dropTableIfExists(table);
  }
}
