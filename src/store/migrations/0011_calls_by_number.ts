/**
 * A caller's history is read by number at every screen pop (the last calls
 * of this ANI in the business line, newest first) and on contact pages (ANI
 * or DNIS). With only `ani` indexed, the planner walked the line's
 * `(business_line_id, started_at)` index for the ORDER BY instead, reading
 * every call of the line: a pop grew slower with each call stored. These
 * indexes answer both reads with a short range scan already in order.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('calls', (t) => {
    t.index(['ani', 'business_line_id', 'started_at'], 'calls_ani_line_started_index');
    t.index(['dnis', 'business_line_id', 'started_at'], 'calls_dnis_line_started_index');
  });
  // The new ANI index starts with `ani`: it serves every lookup the old one did.
  await knex.schema.alterTable('calls', (t) => {
    t.dropIndex(['ani'], 'calls_ani_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('calls', (t) => {
    t.index(['ani'], 'calls_ani_index');
  });
  await knex.schema.alterTable('calls', (t) => {
    t.dropIndex(['ani', 'business_line_id', 'started_at'], 'calls_ani_line_started_index');
    t.dropIndex(['dnis', 'business_line_id', 'started_at'], 'calls_dnis_line_started_index');
  });
}
