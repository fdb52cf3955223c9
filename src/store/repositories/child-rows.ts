/**
 * Child rows that belong wholly to one parent (an agent's skills, a queue's
 * required skills, a contact's phones, a user's business lines): inserted
 * with the parent and replaced as a set on update, always inside the
 * caller's transaction.
 */
import type { Knex } from 'knex';

/** Inserts `rows` into `table`; an empty set writes nothing. */
export async function insertChildRows(
  trx: Knex,
  table: string,
  rows: readonly object[],
): Promise<void> {
  if (rows.length > 0) await trx(table).insert(rows);
}

/** Replaces the rows of `table` whose `parentColumn` is `parentId` with `rows`. */
export async function replaceChildRows(
  trx: Knex,
  table: string,
  parentColumn: string,
  parentId: string,
  rows: readonly object[],
): Promise<void> {
  await trx(table).where(parentColumn, parentId).delete();
  await insertChildRows(trx, table, rows);
}
