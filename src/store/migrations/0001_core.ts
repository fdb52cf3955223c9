/**
 * The core schema: tenants, users and credentials, agents and skills, queues,
 * contacts, call-detail records and the audit log.
 *
 * Deletes cascade to rows that cannot live alone (skills of an agent, phones of a
 * contact, memberships, legs of a call). Call records and audit entries keep their
 * agent, queue and actor ids without foreign keys: history must survive the
 * deletion of what it mentions, and capturing a call must never fail because the
 * configuration changed underneath it.
 */
import type { Knex } from 'knex';
import { idColumn, reference, tableOptions, timeColumn, timestamps } from './schema-kit.ts';

type Builder = Knex.CreateTableBuilder;

function businessLines(knex: Knex) {
  return knex.schema.createTable('business_lines', (t: Builder) => {
    tableOptions(knex, t);
    idColumn(t);
    t.string('name', 255).notNullable().unique({ indexName: 'business_lines_name_unique' });
    t.string('timezone', 64).notNullable();
    t.string('default_country', 2).notNullable();
    timestamps(t);
  });
}

function skills(knex: Knex) {
  return knex.schema.createTable('skills', (t: Builder) => {
    tableOptions(knex, t);
    idColumn(t);
    t.string('name', 255).notNullable().unique({ indexName: 'skills_name_unique' });
    t.text('description').notNullable();
    timeColumn(t, 'created_at').notNullable();
  });
}

function agents(knex: Knex) {
  return knex.schema
    .createTable('agents', (t: Builder) => {
      tableOptions(knex, t);
      idColumn(t);
      reference(t, 'business_line_id', 'business_lines');
      t.string('name', 255).notNullable();
      t.string('extension', 32).notNullable().unique({ indexName: 'agents_extension_unique' });
      t.string('reach', 16).notNullable().checkIn(['sip', 'external']);
      t.string('endpoint', 255).notNullable();
      timestamps(t);
      t.index(['business_line_id', 'name'], 'agents_business_line_id_name_index');
      t.index(['name'], 'agents_name_index');
    })
    .createTable('agent_skills', (t: Builder) => {
      tableOptions(knex, t);
      reference(t, 'agent_id', 'agents', { onDelete: 'CASCADE' });
      reference(t, 'skill_id', 'skills', { onDelete: 'CASCADE' });
      t.integer('level').notNullable().checkBetween([1, 10]);
      t.primary(['agent_id', 'skill_id']);
      t.index(['skill_id'], 'agent_skills_skill_id_index');
    });
}

function users(knex: Knex) {
  return knex.schema
    .createTable('users', (t: Builder) => {
      tableOptions(knex, t);
      idColumn(t);
      t.string('username', 255).notNullable().unique({ indexName: 'users_username_unique' });
      t.string('display_name', 255).notNullable();
      t.string('role', 16).notNullable().checkIn(['admin', 'supervisor', 'qa', 'agent']);
      reference(t, 'agent_id', 'agents', { nullable: true, onDelete: 'SET NULL' });
      t.string('password_hash', 255).nullable();
      t.boolean('disabled').notNullable().defaultTo(false);
      timestamps(t);
      t.index(['agent_id'], 'users_agent_id_index');
    })
    .createTable('user_business_lines', (t: Builder) => {
      tableOptions(knex, t);
      reference(t, 'user_id', 'users', { onDelete: 'CASCADE' });
      reference(t, 'business_line_id', 'business_lines', { onDelete: 'CASCADE' });
      t.primary(['user_id', 'business_line_id']);
      t.index(['business_line_id'], 'user_business_lines_business_line_id_index');
    });
}

function credentials(knex: Knex) {
  return knex.schema
    .createTable('api_keys', (t: Builder) => {
      tableOptions(knex, t);
      idColumn(t);
      reference(t, 'user_id', 'users', { onDelete: 'CASCADE' });
      t.string('name', 255).notNullable();
      t.string('prefix', 32).notNullable();
      t.string('hash', 128).notNullable().unique({ indexName: 'api_keys_hash_unique' });
      timeColumn(t, 'created_at').notNullable();
      timeColumn(t, 'last_used_at').nullable();
      timeColumn(t, 'revoked_at').nullable();
      t.index(['user_id', 'created_at'], 'api_keys_user_id_created_at_index');
    })
    .createTable('sessions', (t: Builder) => {
      tableOptions(knex, t);
      t.string('hash', 128).notNullable().primary();
      reference(t, 'user_id', 'users', { onDelete: 'CASCADE' });
      timeColumn(t, 'created_at').notNullable();
      timeColumn(t, 'expires_at').notNullable();
      t.index(['user_id'], 'sessions_user_id_index');
      t.index(['expires_at'], 'sessions_expires_at_index');
    });
}

function queueTable(knex: Knex, t: Builder) {
  tableOptions(knex, t);
  idColumn(t);
  reference(t, 'business_line_id', 'business_lines');
  t.string('name', 255).notNullable();
  t.string('strategy', 32).notNullable();
  t.integer('ring_timeout_s').notNullable();
  t.integer('max_wait_s').nullable();
  t.integer('max_length').nullable();
  t.integer('wrap_up_s').notNullable();
  t.integer('service_level_s').notNullable();
  t.double('service_level_target').notNullable();
  timestamps(t);
  t.unique(['business_line_id', 'name'], { indexName: 'queues_business_line_id_name_unique' });
  t.index(['name'], 'queues_name_index');
}

function queues(knex: Knex) {
  return knex.schema
    .createTable('queues', (t: Builder) => queueTable(knex, t))
    .createTable('queue_skills', (t: Builder) => {
      tableOptions(knex, t);
      reference(t, 'queue_id', 'queues', { onDelete: 'CASCADE' });
      reference(t, 'skill_id', 'skills', { onDelete: 'CASCADE' });
      t.integer('min_level').notNullable().checkBetween([1, 10]);
      t.primary(['queue_id', 'skill_id']);
      t.index(['skill_id'], 'queue_skills_skill_id_index');
    })
    .createTable('queue_memberships', (t: Builder) => {
      tableOptions(knex, t);
      reference(t, 'queue_id', 'queues', { onDelete: 'CASCADE' });
      reference(t, 'agent_id', 'agents', { onDelete: 'CASCADE' });
      t.integer('penalty').notNullable().defaultTo(0);
      timeColumn(t, 'created_at').notNullable();
      t.primary(['queue_id', 'agent_id']);
      t.index(['agent_id'], 'queue_memberships_agent_id_index');
    });
}

function contacts(knex: Knex) {
  return knex.schema
    .createTable('contacts', (t: Builder) => {
      tableOptions(knex, t);
      idColumn(t);
      reference(t, 'business_line_id', 'business_lines');
      t.string('name', 255).notNullable();
      t.string('company', 255).nullable();
      t.text('notes').nullable();
      timestamps(t);
      t.index(['business_line_id', 'name'], 'contacts_business_line_id_name_index');
      t.index(['name'], 'contacts_name_index');
    })
    .createTable('contact_phones', (t: Builder) => {
      tableOptions(knex, t);
      reference(t, 'contact_id', 'contacts', { onDelete: 'CASCADE' });
      t.string('e164', 32).notNullable();
      t.string('label', 64).notNullable();
      // Keeps the numbers in the order they were given (the first is the main one).
      t.integer('position').notNullable();
      t.primary(['contact_id', 'e164']);
      t.index(['e164'], 'contact_phones_e164_index');
    });
}

function callTable(knex: Knex, t: Builder) {
  tableOptions(knex, t);
  idColumn(t);
  // Asterisk ids are up to 150 characters (AST_MAX_UNIQUEID).
  t.string('linked_id', 150).notNullable().unique({ indexName: 'calls_linked_id_unique' });
  reference(t, 'business_line_id', 'business_lines', { nullable: true });
  t.string('direction', 16).notNullable();
  t.string('ani', 64).notNullable();
  t.string('dnis', 64).notNullable();
  t.string('queue_id', 36).nullable();
  t.string('agent_id', 36).nullable();
  timeColumn(t, 'started_at').notNullable();
  timeColumn(t, 'answered_at').nullable();
  timeColumn(t, 'ended_at').nullable();
  t.integer('hangup_cause').nullable();
  t.string('hangup_by', 32).nullable();
  t.string('disposition', 64).nullable();
  t.text('notes').nullable();
  t.index(['started_at'], 'calls_started_at_index');
  t.index(['business_line_id', 'started_at'], 'calls_business_line_id_started_at_index');
  t.index(['agent_id', 'started_at'], 'calls_agent_id_started_at_index');
  t.index(['queue_id', 'started_at'], 'calls_queue_id_started_at_index');
}

function calls(knex: Knex) {
  return knex.schema
    .createTable('calls', (t: Builder) => callTable(knex, t))
    .createTable('call_legs', (t: Builder) => {
      tableOptions(knex, t);
      idColumn(t);
      reference(t, 'call_id', 'calls', { onDelete: 'CASCADE' });
      t.string('channel_id', 150)
        .notNullable()
        .unique({ indexName: 'call_legs_channel_id_unique' });
      t.string('channel_name', 255).notNullable();
      t.string('role', 32).notNullable();
      t.string('agent_id', 36).nullable();
      timeColumn(t, 'started_at').notNullable();
      timeColumn(t, 'answered_at').nullable();
      timeColumn(t, 'ended_at').nullable();
      t.integer('hangup_cause').nullable();
      t.index(['call_id', 'started_at'], 'call_legs_call_id_started_at_index');
      t.index(['agent_id'], 'call_legs_agent_id_index');
    });
}

/**
 * Append-only: the repository offers no update or delete. `seq` (the primary key,
 * auto-increment) records insertion order, so entries written within the same
 * millisecond still list newest first; `id` is the entry's public UUID.
 */
function auditLog(knex: Knex) {
  return knex.schema.createTable('audit_log', (t: Builder) => {
    tableOptions(knex, t);
    t.bigIncrements('seq');
    t.string('id', 36).notNullable().unique({ indexName: 'audit_log_id_unique' });
    timeColumn(t, 'at').notNullable();
    t.string('actor_user_id', 36).nullable();
    t.string('actor_name', 255).notNullable();
    t.string('action', 128).notNullable();
    t.string('entity', 64).nullable();
    t.string('entity_id', 150).nullable();
    // JSON text; mediumtext on MySQL (16 MB) because snapshots of IVR flows outgrow TEXT's 64 KB.
    t.text('before_json', 'mediumtext').nullable();
    t.text('after_json', 'mediumtext').nullable();
    t.string('source', 255).nullable();
    t.index(['at'], 'audit_log_at_index');
    t.index(['entity', 'entity_id', 'at'], 'audit_log_entity_entity_id_at_index');
    t.index(['actor_user_id', 'at'], 'audit_log_actor_user_id_at_index');
  });
}

/** Creates the core tables, parents before children. */
export async function up(knex: Knex): Promise<void> {
  await businessLines(knex);
  await skills(knex);
  await agents(knex);
  await users(knex);
  await credentials(knex);
  await queues(knex);
  await contacts(knex);
  await calls(knex);
  await auditLog(knex);
}

/** Drops the core tables, children before parents. */
export async function down(knex: Knex): Promise<void> {
  const tables = [
    'audit_log',
    'call_legs',
    'calls',
    'contact_phones',
    'contacts',
    'queue_memberships',
    'queue_skills',
    'queues',
    'sessions',
    'api_keys',
    'user_business_lines',
    'users',
    'agent_skills',
    'agents',
    'skills',
    'business_lines',
  ];
  for (const table of tables) await knex.schema.dropTableIfExists(table);
}
