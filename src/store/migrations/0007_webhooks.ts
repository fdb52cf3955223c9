/**
 * Webhooks (SEC-4):
 *
 * - `webhook_endpoints`: URLs a business line's integrators subscribe to
 *   event types, with the secret their deliveries are signed with (HMAC-SHA256).
 *   The secret is kept as is, not hashed: every delivery needs it to sign.
 * - `webhook_deliveries`: the durable outbox and delivery log. An event is
 *   stored here (one row per subscribed endpoint) before any delivery is tried;
 *   `seq` orders the deliveries of an endpoint, `next_attempt_at` holds the
 *   retry backoff, and the row keeps attempts, the last HTTP status and error.
 */
import type { Knex } from 'knex';
import { idColumn, reference, tableOptions, timeColumn, timestamps } from './schema-kit.ts';

type Builder = Knex.CreateTableBuilder;

function endpoints(knex: Knex) {
  return knex.schema.createTable('webhook_endpoints', (t: Builder) => {
    tableOptions(knex, t);
    idColumn(t);
    reference(t, 'business_line_id', 'business_lines', { onDelete: 'CASCADE' });
    t.string('name', 255).notNullable();
    t.string('url', 2048).notNullable();
    // JSON array of event types; ["*"] for every type.
    t.text('events').notNullable();
    t.string('secret', 128).notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    timestamps(t);
    t.index(['business_line_id'], 'webhook_endpoints_business_line_id_index');
  });
}

function deliveries(knex: Knex) {
  return knex.schema.createTable('webhook_deliveries', (t: Builder) => {
    tableOptions(knex, t);
    // Insertion order: deliveries of one endpoint go out in this order.
    t.bigIncrements('seq');
    // The delivery's id, sent as the idempotency key (the same on every retry).
    t.string('id', 36).notNullable().unique({ indexName: 'webhook_deliveries_id_unique' });
    reference(t, 'endpoint_id', 'webhook_endpoints', { onDelete: 'CASCADE' });
    // The event's id: the same for every endpoint the event went to.
    t.string('event_id', 36).notNullable();
    t.string('event_type', 64).notNullable();
    t.text('payload').notNullable();
    // pending, delivered, failed (gave up)
    t.string('status', 16).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    timeColumn(t, 'next_attempt_at').notNullable();
    t.integer('last_status_code').nullable();
    t.text('last_error').nullable();
    timeColumn(t, 'created_at').notNullable();
    timeColumn(t, 'delivered_at').nullable();
    t.index(['endpoint_id', 'status', 'seq'], 'webhook_deliveries_endpoint_status_seq_index');
    t.index(['status', 'next_attempt_at'], 'webhook_deliveries_status_next_index');
  });
}

/** Adds the webhook tables. */
export async function up(knex: Knex): Promise<void> {
  await endpoints(knex);
  await deliveries(knex);
}

/** Removes them again. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('webhook_deliveries');
  await knex.schema.dropTableIfExists('webhook_endpoints');
}
