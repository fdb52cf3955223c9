/**
 * Multi-row upsert statements for the record writer, written as SQL text
 * with `?` bindings rather than through knex's insert builder: for the
 * thousands of values of a batch, the builder (which re-checks and sorts the
 * columns of every row) cost more than the rest of the batch's preparation.
 *
 * MySQL/MariaDB: `INSERT ... ON DUPLICATE KEY UPDATE c = VALUES(c)`;
 * SQLite: `INSERT ... ON CONFLICT (key) DO UPDATE SET c = excluded.c`.
 * Either way one statement inserts new rows and overwrites the listed
 * columns of existing ones, without reading them first.
 */

/** Which SQL the statement is written in. */
export type UpsertDialect = 'mysql' | 'sqlite';

/** A statement and its bindings, for `knex.raw`. */
export interface UpsertStatement {
  readonly sql: string;
  readonly bindings: unknown[];
}

const quote = (dialect: UpsertDialect, name: string) =>
  dialect === 'mysql' ? `\`${name}\`` : `"${name}"`;

/**
 * One statement for `rows`, which all have exactly `columns` (in that
 * order); on a duplicate `key`, the `updates` columns take the new values.
 * With `literal` (the driver's escaping), values are written into the SQL
 * text and there are no bindings: the driver then need not scan thousands
 * of placeholders to fill them in.
 */
export function upsertStatement(
  dialect: UpsertDialect,
  table: string,
  key: string,
  columns: readonly string[],
  updates: readonly string[],
  rows: ReadonlyArray<Record<string, unknown>>,
  literal?: (value: unknown) => string,
): UpsertStatement {
  const q = (name: string) => quote(dialect, name);
  const bindings: unknown[] = [];
  const tuples: string[] = [];
  if (literal === undefined) {
    const tuple = `(${columns.map(() => '?').join(',')})`;
    for (const row of rows) {
      for (const column of columns) bindings.push(row[column]);
      tuples.push(tuple);
    }
  } else {
    for (const row of rows) tuples.push(`(${columns.map((c) => literal(row[c])).join(',')})`);
  }
  let conflict: string;
  if (dialect === 'mysql') {
    // With nothing to update, the key "updates" to itself: the row is kept as it is.
    const set =
      updates.length > 0
        ? updates.map((c) => `${q(c)} = VALUES(${q(c)})`)
        : [`${q(key)} = ${q(key)}`];
    conflict = `ON DUPLICATE KEY UPDATE ${set.join(', ')}`;
  } else {
    conflict =
      updates.length > 0
        ? `ON CONFLICT (${q(key)}) DO UPDATE SET ${updates.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}`
        : `ON CONFLICT (${q(key)}) DO NOTHING`;
  }
  const sql = `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES ${tuples.join(',')} ${conflict}`;
  return { sql, bindings };
}
