/** What every directory service needs. */
import type { ConfigChange } from '../acd/config-loader.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import type { Repositories, Store } from '../ports.ts';

/** Dependencies shared by the directory services. */
export interface DirectoryDeps {
  store: Store;
  clock: Clock;
  /** The running ACD, told of routing changes (queues, DID table, VIP lists) once committed. */
  acd?: { reloadConfig(change: ConfigChange): Promise<void> } | undefined;
}

/**
 * Runs a change and its audit entry in one transaction. `work` returns the
 * record before (for updates/deletes) and after (null for deletes).
 */
export async function auditedChange<T extends { id: string }>(
  deps: DirectoryDeps,
  actor: Actor,
  action: string,
  entity: string,
  work: (tx: Repositories) => Promise<{ before?: T | undefined; after: T | null; id?: string }>,
): Promise<T | null> {
  return deps.store.transaction(async (tx) => {
    const { before, after, id } = await work(tx);
    await audit(tx, deps.clock, actor, {
      action,
      entity,
      entityId: after?.id ?? before?.id ?? id ?? null,
      before: before ?? null,
      after,
    });
    return after;
  });
}

/** Drops keys whose value is undefined, so a patch does not erase fields. */
export function stripUndefined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
