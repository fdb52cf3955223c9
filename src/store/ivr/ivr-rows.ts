/** Small helpers the IVR repositories share: JSON columns, times, business-line scope. */
import type { Knex } from 'knex';
import type { PageRequest, ScopeFilter } from '../../app/ports.ts';
import { type DbTime, fromDbTime, fromDbTimeOrNull } from '../db-time.ts';
import { checkPage } from '../repositories/listing.ts';

/** A JSON column's text back to its value. */
export const fromJson = (text: string): unknown => JSON.parse(text);

/** A value to its JSON column text. */
export const toJson = (value: unknown): string => JSON.stringify(value ?? null);

/** Epoch ms of a required time column. */
export const msOf = (value: DbTime): number => fromDbTime(value);

/** Epoch ms of a nullable time column. */
export const msOrNull = (value: DbTime | null | undefined): number | null =>
  fromDbTimeOrNull(value);

/** Restricts a query to the filter's business lines and applies the page (checked). */
export function scopedPage(
  qb: Knex.QueryBuilder,
  filter: ScopeFilter,
  page: PageRequest,
  column = 'business_line_id',
): Knex.QueryBuilder {
  checkPage(page);
  if (filter.businessLineIds) qb.whereIn(column, [...filter.businessLineIds]);
  return qb.offset(page.offset).limit(page.limit);
}
