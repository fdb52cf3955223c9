/**
 * Call records keep the revision of the application picture last written
 * (`picture_revision`): the ACD counts its pictures of a call, and a picture
 * that arrives after a newer one (a late retry, an outbox replayed out of
 * turn) is dropped instead of turning an ended call back into a live one.
 * Null for records written before revisions and for PBX captures. A
 * BIGINT: revisions start from the draft's start time (see call-records.ts).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('calls', (t) => {
    t.bigInteger('picture_revision').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('calls', (t) => {
    t.dropColumn('picture_revision');
  });
}
