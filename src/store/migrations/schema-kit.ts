/**
 * Column and table conventions shared by the migrations, so that every table is
 * built the same way on SQLite and MySQL/MariaDB. Migrations that already ran
 * depend on these helpers: change them only by adding new ones.
 */
import type { Knex } from 'knex';

/**
 * MySQL/MariaDB table options: InnoDB (foreign keys, transactions), utf8mb4
 * (every Unicode character), and the binary collation so that comparisons, unique
 * keys and ordering are exact and case-sensitive, as they are in SQLite. (Case-
 * insensitive search is done explicitly with LOWER(); see the contact repository.)
 */
export function tableOptions(knex: Knex, table: Knex.CreateTableBuilder): void {
  if (knex.client.dialect !== 'mysql') return;
  table.engine('InnoDB');
  table.charset('utf8mb4');
  table.collate('utf8mb4_bin');
}

/** `id`: a UUID string primary key. */
export function idColumn(table: Knex.CreateTableBuilder): void {
  table.string('id', 36).notNullable().primary();
}

/** A UTC time with millisecond precision (see src/store/db-time.ts). */
export function timeColumn(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
  return table.datetime(name, { precision: 3 });
}

/** `created_at` and `updated_at`, both required. */
export function timestamps(table: Knex.CreateTableBuilder): void {
  timeColumn(table, 'created_at').notNullable();
  timeColumn(table, 'updated_at').notNullable();
}

/** How a reference column behaves. */
export interface ReferenceOptions {
  nullable?: boolean;
  /** Default: refuse to delete a referenced parent. */
  onDelete?: 'CASCADE' | 'SET NULL';
}

/** A UUID column `name` referencing `parent.id`. */
export function reference(
  table: Knex.CreateTableBuilder,
  name: string,
  parent: string,
  options: ReferenceOptions = {},
): void {
  const column = table.string(name, 36);
  if (options.nullable) column.nullable();
  else column.notNullable();
  const foreign = table.foreign(name).references('id').inTable(parent);
  if (options.onDelete) foreign.onDelete(options.onDelete);
}
