/**
 * The IVR (IVR-1..7, ACD-8): flows with immutable published versions,
 * schedules, firewall lists, DID routes, mailboxes and their messages,
 * and the recorded sessions of calls with their paths (per-node
 * statistics are counted from the paths).
 *
 * Documents (flow drafts and versions, schedule plans) are JSON text in
 * LONGTEXT columns: a 5,000-node flow is larger than MySQL's TEXT. Sessions,
 * paths and messages keep flow keys and ids without foreign keys where
 * history must outlive the configuration it mentions.
 */
import type { Knex } from 'knex';
import { idColumn, reference, tableOptions, timeColumn, timestamps } from './schema-kit.ts';

type Builder = Knex.CreateTableBuilder;

function flows(knex: Knex) {
  return knex.schema
    .createTable('ivr_flows', (t: Builder) => {
      tableOptions(knex, t);
      idColumn(t);
      reference(t, 'business_line_id', 'business_lines');
      t.string('flow_key', 64).notNullable().unique({ indexName: 'ivr_flows_flow_key_unique' });
      t.string('name', 120).notNullable();
      t.text('description').notNullable();
      t.text('draft', 'longtext').notNullable();
      t.integer('active_version').nullable();
      t.integer('latest_version').notNullable().defaultTo(0);
      timestamps(t);
      t.index(['business_line_id', 'name'], 'ivr_flows_business_line_id_name_index');
    })
    .createTable('ivr_flow_versions', (t: Builder) => {
      tableOptions(knex, t);
      idColumn(t);
      reference(t, 'flow_id', 'ivr_flows', { onDelete: 'CASCADE' });
      t.integer('version').notNullable();
      t.text('document', 'longtext').notNullable();
      t.string('note', 500).notNullable();
      timeColumn(t, 'published_at').notNullable();
      t.string('published_by', 36).nullable();
      t.unique(['flow_id', 'version'], { indexName: 'ivr_flow_versions_flow_id_version_unique' });
    });
}

function schedules(knex: Knex) {
  return knex.schema.createTable('ivr_schedules', (t: Builder) => {
    tableOptions(knex, t);
    idColumn(t);
    reference(t, 'business_line_id', 'business_lines');
    t.string('schedule_key', 64).notNullable();
    t.string('name', 120).notNullable();
    t.string('timezone', 64).notNullable();
    t.text('document', 'longtext').notNullable();
    timestamps(t);
    t.unique(['business_line_id', 'schedule_key'], {
      indexName: 'ivr_schedules_business_line_id_schedule_key_unique',
    });
  });
}

function firewall(knex: Knex) {
  return knex.schema.createTable('ivr_firewall_entries', (t: Builder) => {
    tableOptions(knex, t);
    idColumn(t);
    reference(t, 'business_line_id', 'business_lines', { onDelete: 'CASCADE' });
    t.string('list', 8).notNullable().checkIn(['block', 'vip']);
    t.string('match_kind', 16).notNullable().checkIn(['number', 'prefix', 'anonymous']);
    t.string('value', 32).notNullable();
    t.string('label', 255).nullable();
    t.integer('attempts').notNullable().defaultTo(0);
    timeColumn(t, 'last_attempt_at').nullable();
    timestamps(t);
    t.unique(['business_line_id', 'list', 'match_kind', 'value'], {
      indexName: 'ivr_firewall_entries_line_list_match_value_unique',
    });
  });
}

function routesAndMailboxes(knex: Knex) {
  return knex.schema
    .createTable('ivr_did_routes', (t: Builder) => {
      tableOptions(knex, t);
      idColumn(t);
      t.string('did', 32).notNullable().unique({ indexName: 'ivr_did_routes_did_unique' });
      reference(t, 'business_line_id', 'business_lines');
      reference(t, 'flow_id', 'ivr_flows');
      timestamps(t);
      t.index(['flow_id'], 'ivr_did_routes_flow_id_index');
    })
    .createTable('ivr_mailboxes', (t: Builder) => {
      tableOptions(knex, t);
      idColumn(t);
      reference(t, 'business_line_id', 'business_lines');
      t.string('mailbox_key', 64).notNullable();
      t.string('name', 120).notNullable();
      reference(t, 'queue_id', 'queues', { nullable: true, onDelete: 'SET NULL' });
      timestamps(t);
      t.unique(['business_line_id', 'mailbox_key'], {
        indexName: 'ivr_mailboxes_business_line_id_mailbox_key_unique',
      });
    })
    .createTable('ivr_voicemails', (t: Builder) => {
      tableOptions(knex, t);
      idColumn(t);
      reference(t, 'mailbox_id', 'ivr_mailboxes', { onDelete: 'CASCADE' });
      t.string('business_line_id', 36).notNullable();
      t.string('channel_id', 64).notNullable();
      t.string('caller_number', 64).notNullable();
      t.string('callback_number', 32).nullable();
      t.string('recording', 255).notNullable();
      t.string('format', 16).notNullable();
      t.integer('duration_s').notNullable();
      t.string('flow_key', 64).notNullable();
      t.integer('flow_version').nullable();
      t.string('node_id', 64).notNullable();
      t.string('status', 16).notNullable().checkIn(['new', 'assigned', 'handled']);
      reference(t, 'assigned_user_id', 'users', { nullable: true, onDelete: 'SET NULL' });
      timeColumn(t, 'handled_at').nullable();
      t.string('handled_by', 36).nullable();
      timestamps(t);
      t.index(['mailbox_id', 'created_at'], 'ivr_voicemails_mailbox_id_created_at_index');
      t.index(['business_line_id', 'status'], 'ivr_voicemails_business_line_id_status_index');
    });
}

function sessions(knex: Knex) {
  return knex.schema
    .createTable('ivr_sessions', (t: Builder) => {
      tableOptions(knex, t);
      idColumn(t);
      // Not unique: a call may pass through the IVR twice (sent back by an agent).
      t.string('channel_id', 64).notNullable();
      t.string('channel_name', 255).notNullable();
      t.string('business_line_id', 36).nullable();
      t.string('flow_id', 36).nullable();
      t.string('flow_key', 64).nullable();
      t.integer('flow_version').nullable();
      t.string('caller_number', 64).notNullable();
      t.string('dialed_number', 64).notNullable();
      t.string('language', 16).nullable();
      t.string('firewall', 8).nullable();
      t.string('period', 16).nullable();
      t.string('outcome', 16).notNullable();
      t.string('outcome_detail', 255).nullable();
      t.text('error').nullable();
      timeColumn(t, 'started_at').notNullable();
      timeColumn(t, 'ended_at').notNullable();
      t.index(['channel_id'], 'ivr_sessions_channel_id_index');
      t.index(['flow_key', 'started_at'], 'ivr_sessions_flow_key_started_at_index');
      t.index(['business_line_id', 'started_at'], 'ivr_sessions_business_line_id_started_at_index');
    })
    .createTable('ivr_path_steps', (t: Builder) => {
      tableOptions(knex, t);
      reference(t, 'session_id', 'ivr_sessions', { onDelete: 'CASCADE' });
      t.integer('seq').notNullable();
      timeColumn(t, 'at').notNullable();
      t.string('flow_key', 64).notNullable();
      t.integer('flow_version').nullable();
      t.string('node_id', 64).notNullable();
      t.string('node_type', 16).notNullable();
      t.string('event', 16).notNullable();
      t.string('detail', 255).nullable();
      t.primary(['session_id', 'seq']);
      t.index(['flow_key', 'flow_version', 'at'], 'ivr_path_steps_flow_key_version_at_index');
    });
}

/** Creates the IVR tables. */
export async function up(knex: Knex): Promise<void> {
  await flows(knex);
  await schedules(knex);
  await firewall(knex);
  await routesAndMailboxes(knex);
  await sessions(knex);
}

/** Drops the IVR tables, children first. */
export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'ivr_path_steps',
    'ivr_sessions',
    'ivr_voicemails',
    'ivr_mailboxes',
    'ivr_did_routes',
    'ivr_firewall_entries',
    'ivr_schedules',
    'ivr_flow_versions',
    'ivr_flows',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
