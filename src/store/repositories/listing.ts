/**
 * Shared pieces of list queries: page checks, business-line scope, and
 * returning `getMany` results in the order the ids were asked for.
 */
import type { AnyQueryBuilder } from 'objection';
import type { PageRequest, ScopeFilter } from '../../app/ports.ts';
import { invalidField } from '../../domain/shared/errors.ts';

/** A scope filter, optionally narrowed to some ids. */
export type ScopeAndIds = ScopeFilter & { ids?: readonly string[] };

/** Refuses negative or fractional offsets and limits. */
export function checkPage(page: PageRequest): void {
  if (!Number.isSafeInteger(page.offset) || page.offset < 0) {
    throw invalidField('offset', 'must be a whole number >= 0');
  }
  if (!Number.isSafeInteger(page.limit) || page.limit < 0) {
    throw invalidField('limit', 'must be a whole number >= 0');
  }
}

/** True when the filter can match nothing: an empty scope or an empty id list. */
export function selectsNothing(filter: ScopeAndIds): boolean {
  return filter.businessLineIds?.length === 0 || filter.ids?.length === 0;
}

/** Restricts a query to the filter's business lines (`column`) and ids (`idColumn`). */
export function scoped(column: string, filter: ScopeAndIds, idColumn = 'id') {
  return (qb: AnyQueryBuilder): void => {
    if (filter.businessLineIds) qb.whereIn(column, [...filter.businessLineIds]);
    if (filter.ids) qb.whereIn(idColumn, [...filter.ids]);
  };
}

/** Applies offset and limit. */
export function paged(page: PageRequest) {
  return (qb: AnyQueryBuilder): void => {
    qb.offset(page.offset).limit(page.limit);
  };
}

/** Distinct ids, for `whereIn`. */
export function distinct(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** The items for `ids`, in that order, once each, skipping ids that were not found. */
export function inRequestOrder<T extends { id: string }>(ids: readonly string[], items: T[]): T[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  return distinct(ids).flatMap((id) => {
    const item = byId.get(id);
    return item ? [item] : [];
  });
}
