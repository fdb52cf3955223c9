/**
 * Turns constraint violations from either driver into DomainErrors:
 * unique keys -> DUPLICATE naming the entity and field, missing references ->
 * VALIDATION_FAILED naming the field and the missing id.
 *
 * SQLite names the columns of a failed unique key but says nothing about which
 * foreign key failed, so a foreign-key failure is diagnosed by looking up the
 * references the write carried (the caller lists them) and naming the first that
 * does not exist. MySQL/MariaDB name the index of a duplicate (errno 1062).
 */
import type { Knex } from 'knex';
import { DomainError, duplicate, invalidField } from '../domain/shared/errors.ts';
import type { ReferencedTable, UniqueKey } from './constraints.ts';

/** A unique key a write may collide with, and the value the error names. */
export interface UniqueRule {
  key: UniqueKey;
  value: string;
}

/** References a write carries: `field` holds ids of rows of `target`. */
export interface ReferenceRule {
  field: string;
  target: ReferencedTable;
  ids: readonly (string | null | undefined)[];
}

/** What a write may violate. */
export interface ConstraintRules {
  unique?: readonly UniqueRule[];
  references?: readonly ReferenceRule[];
}

/** A constraint failure, told apart from every other database error. */
export type ConstraintFailure =
  | { kind: 'unique'; sqliteColumns?: string; mysqlIndex?: string }
  | { kind: 'foreign-key' }
  | { kind: 'still-referenced' }
  | { kind: 'check'; detail: string }
  | { kind: 'too-long'; column: string };

interface NativeError {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
}

/** Objection wraps driver errors (db-errors); knex prepends the SQL to the message. */
function nativeOf(error: unknown): NativeError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const wrapped = (error as { nativeError?: unknown }).nativeError;
  return (typeof wrapped === 'object' && wrapped !== null ? wrapped : error) as NativeError;
}

/** Recognises a constraint failure of better-sqlite3 or mysql2; undefined for anything else. */
export function classifyDbError(error: unknown): ConstraintFailure | undefined {
  const native = nativeOf(error);
  if (!native) return undefined;
  const message = typeof native.message === 'string' ? native.message : '';
  switch (native.code) {
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return {
        kind: 'unique',
        sqliteColumns: /UNIQUE constraint failed: (.+)$/.exec(message)?.[1],
      };
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return { kind: 'foreign-key' };
    case 'SQLITE_CONSTRAINT_CHECK':
      return { kind: 'check', detail: /CHECK constraint failed: (.+)$/.exec(message)?.[1] ?? '' };
  }
  switch (native.errno) {
    case 1062: // ER_DUP_ENTRY: "Duplicate entry 'x' for key 'name'" (MySQL 8: 'table.name')
      return {
        kind: 'unique',
        mysqlIndex: /for key '(?:[^']*\.)?([^'.]+)'\s*$/.exec(message)?.[1],
      };
    case 1216: // ER_NO_REFERENCED_ROW
    case 1452: // ER_NO_REFERENCED_ROW_2
      return { kind: 'foreign-key' };
    case 1217: // ER_ROW_IS_REFERENCED
    case 1451: // ER_ROW_IS_REFERENCED_2
      return { kind: 'still-referenced' };
    case 3819: // MySQL ER_CHECK_CONSTRAINT_VIOLATED
    case 4025: // MariaDB ER_CONSTRAINT_FAILED
      return { kind: 'check', detail: mysqlCheckName(message) };
    case 1406: // ER_DATA_TOO_LONG, only in strict mode (set on every session)
      return { kind: 'too-long', column: /for column '([^']+)'/.exec(message)?.[1] ?? '?' };
  }
  return undefined;
}

function mysqlCheckName(message: string): string {
  // MariaDB: "CONSTRAINT `users.role` failed for ..."; MySQL: "Check constraint 'x' is violated."
  const m = /CONSTRAINT `([^`]+)`|constraint '([^']+)'/i.exec(message);
  return m?.[1] ?? m?.[2] ?? '';
}

function matchesUnique(rule: UniqueRule, failure: { sqliteColumns?: string; mysqlIndex?: string }) {
  const { table, columns, index } = rule.key;
  if (failure.sqliteColumns !== undefined) {
    return failure.sqliteColumns === columns.map((c) => `${table}.${c}`).join(', ');
  }
  return failure.mysqlIndex === index;
}

async function missingReference(db: Knex, rules: readonly ReferenceRule[]) {
  for (const rule of rules) {
    const ids = [...new Set(rule.ids.filter((id): id is string => typeof id === 'string'))];
    if (ids.length === 0) continue;
    const found = await db(rule.target.table).whereIn('id', ids).pluck<string[]>('id');
    const missing = ids.find((id) => !found.includes(id));
    if (missing !== undefined) return { rule, id: missing };
  }
  return undefined;
}

/** The DomainError a failed write means, or the original error when it is no constraint failure. */
export async function translateDbError(
  db: Knex,
  rules: ConstraintRules,
  error: unknown,
): Promise<unknown> {
  const failure = classifyDbError(error);
  switch (failure?.kind) {
    case undefined:
      return error;
    case 'unique': {
      const rule = rules.unique?.find((r) => matchesUnique(r, failure));
      if (rule) return duplicate(rule.key.entity, rule.key.field, rule.value);
      return new DomainError('DUPLICATE', 'a unique value is already taken', {});
    }
    case 'foreign-key': {
      const found = await missingReference(db, rules.references ?? []);
      if (!found) return new DomainError('VALIDATION_FAILED', 'a referenced record does not exist');
      const { rule, id } = found;
      return new DomainError(
        'VALIDATION_FAILED',
        `${rule.field}: ${rule.target.entity} ${id} does not exist`,
        { field: rule.field, reason: 'does not exist', entity: rule.target.entity, id },
      );
    }
    case 'still-referenced':
      return new DomainError('CONFLICT', 'the record is still referenced by others');
    case 'check':
      return new DomainError('VALIDATION_FAILED', `value out of range (${failure.detail})`, {
        constraint: failure.detail,
      });
    case 'too-long':
      return invalidField(failure.column, 'too long');
  }
}

/** True for an InnoDB deadlock (errno 1213): the whole transaction was rolled back. */
export function isDeadlock(error: unknown): boolean {
  return nativeOf(error)?.errno === 1213;
}

/** Runs a write and rethrows its constraint failures as DomainErrors. */
export async function withConstraintErrors<T>(
  db: Knex,
  rules: ConstraintRules,
  work: () => PromiseLike<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw await translateDbError(db, rules, error);
  }
}
