/** Helpers for loadable nodes: invisible or missing records read as NOT_FOUND. */
import { GraphQLError } from 'graphql';
import type { Actor } from '../../app/actor.ts';
import type { Services } from '../../app/services.ts';
import type { ApiContext } from '../context.ts';

/** A service that loads records by id for one caller. */
interface Loads<T> {
  load(actor: Actor, ids: readonly string[]): Promise<Array<T | undefined>>;
}

/**
 * Wraps a service's `load(actor, ids)` for a dataloader: anonymous callers
 * and records the caller may not see both come back as NOT_FOUND errors, so
 * a global ID never reveals whether a record exists.
 */
export function loadVisible<T>(entity: string, pick: (services: Services) => Loads<T>) {
  return async (ids: string[], ctx: ApiContext): Promise<Array<T | Error>> => {
    const rows = ctx.actor
      ? await pick(ctx.services).load(ctx.actor, ids)
      : ids.map(() => undefined);
    return rows.map(
      (row, i) =>
        row ??
        new GraphQLError(`${entity} ${ids[i]} not found`, { extensions: { code: 'NOT_FOUND' } }),
    );
  };
}
