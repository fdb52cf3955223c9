/**
 * Call records, recordings and reports (RPT-1..6, REC-1..3):
 *
 * - extra columns on `calls` (who wrote the record, trunk, IVR path, queue
 *   entry, hold and wrap-up time, transfers, callback, campaign and attempt,
 *   cost, the caller's country/region/number type) and on `call_legs` (when
 *   the leg started ringing); every one nullable or defaulted, so rows
 *   written before this migration stay valid;
 * - `recordings`: the index of recording files, linked to calls by linkedid;
 * - `rate_tables` and `rates`: call cost by prefix and trunk;
 * - `region_prefixes`: the customer's number prefix -> region table;
 * - 15-minute rollups of calls (in detail, and summed per queue, agent,
 *   campaign, direction and business line so that a report reads only the
 *   rows of its own dimension), of calls by caller region, and of agent
 *   time by state, plus `rollup_dirty`, the buckets waiting to be recomputed;
 * - `agent_state_intervals`: how long each agent spent in each state;
 * - `retention_settings`: how long records and recordings are kept.
 *
 * Rollup dimensions use '' (not NULL) for "none" so they can be part of a
 * primary key on both backends.
 */
import type { Knex } from 'knex';
import { idColumn, reference, tableOptions, timeColumn, timestamps } from './schema-kit.ts';

type Builder = Knex.CreateTableBuilder;

/** The answer/abandon thresholds (seconds) kept as histogram columns in the call rollup. */
export const SL_THRESHOLDS_S = [10, 15, 20, 30, 45, 60, 90, 120, 180] as const;

async function callColumns(knex: Knex) {
  await knex.schema.alterTable('calls', (t) => {
    // 'app' (our own Stasis/AGI handling) or 'pbx' (captured from AMI CDR/CEL only).
    t.string('source', 8).notNullable().defaultTo('app');
    t.string('trunk', 64).nullable();
    t.text('ivr_path').nullable();
    timeColumn(t, 'queue_entered_at').nullable();
    t.integer('hold_ms').nullable();
    t.integer('wrap_up_ms').nullable();
    t.integer('transfers').notNullable().defaultTo(0);
    t.boolean('callback_requested').notNullable().defaultTo(false);
    t.string('campaign_id', 36).nullable();
    t.integer('attempt').nullable();
    // Millionths of the rate table's currency unit, so sums stay exact.
    t.bigInteger('cost_micros').nullable();
    t.string('caller_country', 2).nullable();
    t.string('caller_region', 128).nullable();
    t.string('caller_number_type', 32).nullable();
    t.index(['campaign_id', 'started_at'], 'calls_campaign_id_started_at_index');
    t.index(['ani'], 'calls_ani_index');
    t.index(['ended_at'], 'calls_ended_at_index');
  });
  await knex.schema.alterTable('call_legs', (t) => {
    timeColumn(t, 'ringing_at').nullable();
  });
}

function recordings(knex: Knex) {
  return knex.schema.createTable('recordings', (t: Builder) => {
    tableOptions(knex, t);
    idColumn(t);
    t.string('linked_id', 150).notNullable();
    // The recording's name as Asterisk stores it (path under the recordings directory).
    t.string('name', 255).notNullable().unique({ indexName: 'recordings_name_unique' });
    t.string('format', 16).notNullable();
    timeColumn(t, 'started_at').nullable();
    timeColumn(t, 'ended_at').notNullable();
    t.integer('duration_ms').notNullable();
    t.bigInteger('size_bytes').nullable();
    timeColumn(t, 'deleted_at').nullable();
    timeColumn(t, 'created_at').notNullable();
    t.index(['linked_id'], 'recordings_linked_id_index');
    t.index(['ended_at'], 'recordings_ended_at_index');
  });
}

function rates(knex: Knex) {
  return knex.schema
    .createTable('rate_tables', (t: Builder) => {
      tableOptions(knex, t);
      idColumn(t);
      reference(t, 'business_line_id', 'business_lines', { nullable: true, onDelete: 'CASCADE' });
      t.string('name', 255).notNullable().unique({ indexName: 'rate_tables_name_unique' });
      t.string('currency', 3).notNullable();
      timestamps(t);
    })
    .createTable('rates', (t: Builder) => {
      tableOptions(knex, t);
      idColumn(t);
      reference(t, 'rate_table_id', 'rate_tables', { onDelete: 'CASCADE' });
      // Digits of the E.164 number without '+'; '' matches every number.
      t.string('prefix', 32).notNullable();
      // Trunk (endpoint) name; '' matches every trunk.
      t.string('trunk', 64).notNullable().defaultTo('');
      t.bigInteger('per_minute_micros').notNullable();
      t.integer('increment_s').notNullable();
      t.integer('minimum_s').notNullable().defaultTo(0);
      t.bigInteger('setup_micros').notNullable().defaultTo(0);
      t.unique(['rate_table_id', 'prefix', 'trunk'], {
        indexName: 'rates_rate_table_id_prefix_trunk_unique',
      });
    });
}

function regionPrefixes(knex: Knex) {
  return knex.schema.createTable('region_prefixes', (t: Builder) => {
    tableOptions(knex, t);
    t.string('prefix', 32).notNullable().primary();
    t.string('region', 128).notNullable();
    timeColumn(t, 'created_at').notNullable();
  });
}

function callRollups(knex: Knex) {
  return knex.schema.createTable('call_rollups_15m', (t: Builder) => {
    tableOptions(knex, t);
    // detail: one row per business line, queue, agent, campaign and direction; queue, agent,
    // campaign, direction, line: the same counters summed over the other dimensions ('*').
    t.string('grain', 16).notNullable();
    timeColumn(t, 'bucket_start').notNullable();
    t.string('business_line_id', 36).notNullable();
    t.string('queue_id', 36).notNullable();
    t.string('agent_id', 36).notNullable();
    t.string('campaign_id', 36).notNullable();
    t.string('direction', 16).notNullable();
    for (const name of [
      'calls',
      'offered',
      'answered',
      'abandoned',
      'short_abandoned',
      'answered_in_sl',
      'abandoned_in_sl',
      'transfers',
      'callbacks',
      'trunk_calls',
    ]) {
      t.integer(name).notNullable().defaultTo(0);
    }
    for (const name of [
      'wait_answered_ms',
      'wait_abandoned_ms',
      'talk_ms',
      'hold_ms',
      'wrap_ms',
      'trunk_ms',
      'cost_micros',
    ]) {
      t.bigInteger(name).notNullable().defaultTo(0);
    }
    for (const s of SL_THRESHOLDS_S) {
      t.integer(`answered_le_${s}`).notNullable().defaultTo(0);
      t.integer(`abandoned_le_${s}`).notNullable().defaultTo(0);
    }
    t.primary([
      'grain',
      'bucket_start',
      'business_line_id',
      'queue_id',
      'agent_id',
      'campaign_id',
      'direction',
    ]);
  });
}

function regionRollups(knex: Knex) {
  return knex.schema.createTable('call_region_rollups_15m', (t: Builder) => {
    tableOptions(knex, t);
    timeColumn(t, 'bucket_start').notNullable();
    t.string('business_line_id', 36).notNullable();
    t.string('country', 2).notNullable();
    t.string('region', 128).notNullable();
    t.string('number_type', 32).notNullable();
    for (const name of ['calls', 'answered', 'abandoned']) {
      t.integer(name).notNullable().defaultTo(0);
    }
    for (const name of ['talk_ms', 'cost_micros']) t.bigInteger(name).notNullable().defaultTo(0);
    t.primary(['bucket_start', 'business_line_id', 'country', 'region', 'number_type']);
  });
}

function agentTime(knex: Knex) {
  return knex.schema
    .createTable('agent_state_intervals', (t: Builder) => {
      tableOptions(knex, t);
      idColumn(t);
      t.string('agent_id', 36).notNullable();
      t.string('business_line_id', 36).nullable();
      // logged-out, available, paused, ringing, on-call, wrap-up
      t.string('state', 16).notNullable();
      t.string('reason', 64).nullable();
      timeColumn(t, 'started_at').notNullable();
      timeColumn(t, 'ended_at').notNullable();
      t.index(['agent_id', 'started_at'], 'agent_state_intervals_agent_id_started_at_index');
      t.index(['started_at'], 'agent_state_intervals_started_at_index');
    })
    .createTable('agent_rollups_15m', (t: Builder) => {
      tableOptions(knex, t);
      timeColumn(t, 'bucket_start').notNullable();
      t.string('agent_id', 36).notNullable();
      t.string('business_line_id', 36).notNullable();
      for (const name of ['logged_in_ms', 'available_ms', 'paused_ms', 'busy_ms', 'wrap_ms']) {
        t.bigInteger(name).notNullable().defaultTo(0);
      }
      t.primary(['bucket_start', 'agent_id']);
    });
}

function housekeeping(knex: Knex) {
  return knex.schema
    .createTable('rollup_dirty', (t: Builder) => {
      tableOptions(knex, t);
      timeColumn(t, 'bucket_start').notNullable().primary();
    })
    .createTable('retention_settings', (t: Builder) => {
      tableOptions(knex, t);
      // '' is the default for every business line without its own row.
      t.string('business_line_id', 36).notNullable().primary();
      t.integer('call_days').nullable();
      t.integer('recording_days').nullable();
      t.boolean('archive').notNullable().defaultTo(false);
      timeColumn(t, 'updated_at').notNullable();
    });
}

/** Adds the record, recording and report tables and columns. */
export async function up(knex: Knex): Promise<void> {
  await callColumns(knex);
  await recordings(knex);
  await rates(knex);
  await regionPrefixes(knex);
  await callRollups(knex);
  await regionRollups(knex);
  await agentTime(knex);
  await housekeeping(knex);
}

/** Removes them again. */
export async function down(knex: Knex): Promise<void> {
  const tables = [
    'retention_settings',
    'rollup_dirty',
    'agent_rollups_15m',
    'agent_state_intervals',
    'call_region_rollups_15m',
    'call_rollups_15m',
    'region_prefixes',
    'rates',
    'rate_tables',
    'recordings',
  ];
  for (const table of tables) await knex.schema.dropTableIfExists(table);
  await knex.schema.alterTable('call_legs', (t) => t.dropColumn('ringing_at'));
  await knex.schema.alterTable('calls', (t) => {
    t.dropIndex(['campaign_id', 'started_at'], 'calls_campaign_id_started_at_index');
    t.dropIndex(['ani'], 'calls_ani_index');
    t.dropIndex(['ended_at'], 'calls_ended_at_index');
  });
  await knex.schema.alterTable('calls', (t) => {
    t.dropColumns(
      'source',
      'trunk',
      'ivr_path',
      'queue_entered_at',
      'hold_ms',
      'wrap_up_ms',
      'transfers',
      'callback_requested',
      'campaign_id',
      'attempt',
      'cost_micros',
      'caller_country',
      'caller_region',
      'caller_number_type',
    );
  });
}
