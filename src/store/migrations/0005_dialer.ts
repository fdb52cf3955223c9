/**
 * The outbound dialer (DIAL-*): campaigns and their lists, list records
 * (each with its numbers in E.164, time zone and attempts), the do-not-call
 * list (global and per business line), dial attempts with their outcome and
 * disposition, CSV imports with their per-row errors, and the per-day
 * answered/abandoned counts the abandon-rate cap is measured on.
 *
 * Records and attempts use integer keys: a list holds millions of rows and
 * is only ever reached through its campaign. A record's numbers live in a
 * JSON column: they are read and written with the record, never searched.
 */
import type { Knex } from 'knex';
import { idColumn, reference, tableOptions, timeColumn, timestamps } from './schema-kit.ts';

type Builder = Knex.CreateTableBuilder;

function campaigns(knex: Knex) {
  return knex.schema
    .createTable('dialer_campaigns', (t: Builder) => {
      tableOptions(knex, t);
      idColumn(t);
      reference(t, 'business_line_id', 'business_lines');
      t.string('name', 255).notNullable();
      t.string('status', 16).notNullable().checkIn(['draft', 'running', 'paused', 'stopped']);
      t.text('agent_ids').notNullable();
      t.text('queue_ids').notNullable();
      t.text('settings').notNullable();
      timestamps(t);
      t.unique(['business_line_id', 'name'], {
        indexName: 'dialer_campaigns_business_line_id_name_unique',
      });
    })
    .createTable('dialer_lists', (t: Builder) => {
      tableOptions(knex, t);
      idColumn(t);
      reference(t, 'campaign_id', 'dialer_campaigns', { onDelete: 'CASCADE' });
      t.string('name', 255).notNullable();
      timeColumn(t, 'created_at').notNullable();
      t.index(['campaign_id'], 'dialer_lists_campaign_id_index');
    });
}

function records(knex: Knex) {
  return knex.schema.createTable('dialer_records', (t: Builder) => {
    tableOptions(knex, t);
    t.bigIncrements('id').primary();
    t.string('list_id', 36).notNullable();
    t.foreign('list_id').references('id').inTable('dialer_lists').onDelete('CASCADE');
    t.string('campaign_id', 36).notNullable();
    t.string('name', 255).notNullable();
    t.string('external_id', 255).nullable();
    t.text('data').notNullable();
    t.text('numbers').notNullable();
    t.string('status', 16).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    timeColumn(t, 'next_at').notNullable();
    t.string('agent_id', 36).nullable();
    timeColumn(t, 'updated_at').notNullable();
    t.index(['campaign_id', 'status', 'next_at'], 'dialer_records_due_index');
    t.index(['list_id'], 'dialer_records_list_id_index');
  });
}

function dnc(knex: Knex) {
  return knex.schema.createTable('dialer_dnc', (t: Builder) => {
    tableOptions(knex, t);
    idColumn(t);
    // A business line id, or `global`.
    t.string('scope', 36).notNullable();
    t.string('e164', 16).notNullable();
    t.string('reason', 255).notNullable();
    timeColumn(t, 'created_at').notNullable();
    t.unique(['scope', 'e164'], { indexName: 'dialer_dnc_scope_e164_unique' });
    t.index(['e164'], 'dialer_dnc_e164_index');
  });
}

function attempts(knex: Knex) {
  return knex.schema
    .createTable('dialer_attempts', (t: Builder) => {
      tableOptions(knex, t);
      t.bigIncrements('id').primary();
      t.string('campaign_id', 36).notNullable();
      t.bigInteger('record_id').notNullable();
      t.string('e164', 16).notNullable();
      t.string('channel_id', 128).notNullable();
      t.string('agent_id', 36).nullable();
      timeColumn(t, 'started_at').notNullable();
      timeColumn(t, 'answered_at').nullable();
      timeColumn(t, 'connected_at').nullable();
      timeColumn(t, 'ended_at').nullable();
      t.string('outcome', 16).nullable();
      t.string('amd', 16).nullable();
      t.integer('hangup_cause').nullable();
      t.string('disposition', 64).nullable();
      t.text('notes').nullable();
      t.index(['campaign_id', 'started_at'], 'dialer_attempts_campaign_id_started_at_index');
      t.index(['record_id'], 'dialer_attempts_record_id_index');
    })
    .createTable('dialer_abandon_days', (t: Builder) => {
      tableOptions(knex, t);
      t.string('campaign_id', 36).notNullable();
      t.string('day', 10).notNullable();
      t.integer('answered').notNullable();
      t.integer('abandoned').notNullable();
      t.primary(['campaign_id', 'day']);
    });
}

function imports(knex: Knex) {
  return knex.schema
    .createTable('dialer_imports', (t: Builder) => {
      tableOptions(knex, t);
      idColumn(t);
      reference(t, 'list_id', 'dialer_lists', { onDelete: 'CASCADE' });
      t.string('status', 16).notNullable();
      t.integer('rows_total').nullable();
      t.integer('rows_done').notNullable();
      t.integer('imported').notNullable();
      t.integer('duplicates').notNullable();
      t.integer('dnc').notNullable();
      t.integer('errors').notNullable();
      t.text('message').nullable();
      timeColumn(t, 'started_at').notNullable();
      timeColumn(t, 'finished_at').nullable();
    })
    .createTable('dialer_import_errors', (t: Builder) => {
      tableOptions(knex, t);
      reference(t, 'import_id', 'dialer_imports', { onDelete: 'CASCADE' });
      t.integer('row_number').notNullable();
      t.string('reason', 255).notNullable();
      t.primary(['import_id', 'row_number']);
    });
}

export async function up(knex: Knex): Promise<void> {
  await campaigns(knex);
  await records(knex);
  await dnc(knex);
  await attempts(knex);
  await imports(knex);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'dialer_import_errors',
    'dialer_imports',
    'dialer_abandon_days',
    'dialer_attempts',
    'dialer_dnc',
    'dialer_records',
    'dialer_lists',
    'dialer_campaigns',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}

/** Tables this migration creates (for the migration test). */
export const DIALER_TABLES = [
  'dialer_abandon_days',
  'dialer_attempts',
  'dialer_campaigns',
  'dialer_dnc',
  'dialer_import_errors',
  'dialer_imports',
  'dialer_lists',
  'dialer_records',
] as const;
