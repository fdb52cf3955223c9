/**
 * Callbacks (ACD-9):
 *
 * - `callback_tasks`: one row per callback task, from the request to its
 *   outcome. `open_number` holds the number while the task is open
 *   (pending or dialling) and NULL once it is closed; the unique key on
 *   (queue_id, open_number) lets a number have one open task per queue on
 *   both backends (NULLs never collide), where a partial index would only
 *   work on SQLite. Agent and call ids are kept without foreign keys, like
 *   the call records they point at, so history survives deletions.
 * - `queue_callback_settings`: per-queue callback settings; a queue without
 *   a row keeps the callback part of its ACD settings.
 */
import type { Knex } from 'knex';
import { idColumn, reference, tableOptions, timeColumn } from './schema-kit.ts';

type Builder = Knex.CreateTableBuilder;

function callbackTasks(knex: Knex) {
  return knex.schema.createTable('callback_tasks', (t: Builder) => {
    tableOptions(knex, t);
    idColumn(t);
    reference(t, 'business_line_id', 'business_lines', { onDelete: 'CASCADE' });
    reference(t, 'queue_id', 'queues', { onDelete: 'CASCADE' });
    t.string('number', 32).notNullable();
    t.string('open_number', 32).nullable();
    reference(t, 'contact_id', 'contacts', { nullable: true, onDelete: 'SET NULL' });
    t.string('reason', 16)
      .notNullable()
      .checkIn(['abandoned', 'keypress', 'requested', 'overflow']);
    t.string('status', 16)
      .notNullable()
      .checkIn(['pending', 'dialling', 'connected', 'failed', 'cancelled', 'expired']);
    timeColumn(t, 'requested_at').notNullable();
    timeColumn(t, 'due_at').nullable();
    timeColumn(t, 'next_attempt_at').notNullable();
    timeColumn(t, 'expires_at').notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('max_attempts').notNullable();
    t.integer('retry_delay_s').notNullable();
    timeColumn(t, 'last_attempt_at').nullable();
    t.string('last_cause', 32).nullable();
    t.string('agent_id', 36).nullable();
    // Linked ids of the calls (Asterisk ids are up to 150 characters).
    t.string('origin_call_id', 150).nullable();
    t.string('callback_call_id', 150).nullable();
    timeColumn(t, 'updated_at').notNullable();
    t.unique(['queue_id', 'open_number'], {
      indexName: 'callback_tasks_queue_id_open_number_unique',
    });
    t.index(['queue_id', 'status', 'requested_at'], 'callback_tasks_queue_id_status_index');
    t.index(['business_line_id', 'requested_at'], 'callback_tasks_business_line_id_index');
    t.index(['status', 'next_attempt_at'], 'callback_tasks_status_next_attempt_at_index');
    t.index(['number'], 'callback_tasks_number_index');
  });
}

function queueCallbackSettings(knex: Knex) {
  return knex.schema.createTable('queue_callback_settings', (t: Builder) => {
    tableOptions(knex, t);
    t.string('queue_id', 36).notNullable().primary();
    t.foreign('queue_id').references('id').inTable('queues').onDelete('CASCADE');
    t.boolean('enabled').notNullable();
    t.integer('after_abandon_s').nullable();
    t.string('offer_key', 1).nullable();
    t.integer('max_attempts').notNullable();
    t.integer('retry_delay_s').notNullable();
    t.integer('expires_after_s').notNullable();
    t.integer('dial_timeout_s').notNullable();
    timeColumn(t, 'updated_at').notNullable();
  });
}

/** Creates the callback tables. */
export async function up(knex: Knex): Promise<void> {
  await callbackTasks(knex);
  await queueCallbackSettings(knex);
}

/** Drops them. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('queue_callback_settings');
  await knex.schema.dropTableIfExists('callback_tasks');
}
