/**
 * What the IVR's API services share: their dependencies, the IVR store
 * (absent in installs and tests built without it: the operations then
 * answer UNAVAILABLE), audited changes, and business-line visibility.
 */
import { DomainError, notFound } from '../../domain/shared/errors.ts';
import { can, type Permission } from '../../domain/shared/roles.ts';
import { type Actor, requireLine, requirePermission, seesLine } from '../actor.ts';
import type { Clock } from '../clock.ts';
import type { Store } from '../ports.ts';
import type { RecordingFiles } from './ports.ts';
import type { IvrRepositories, IvrStore } from './store-ports.ts';

/** The IVR parts of the services. */
export interface IvrDeps {
  readonly store: IvrStore;
  /** Where voicemail audio is read from (the PBX); without it playback answers UNAVAILABLE. */
  readonly recordings?: RecordingFiles;
}

/** What every IVR service is built from. */
export interface IvrServiceDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly ivr?: IvrDeps;
}

/** The IVR store, or UNAVAILABLE. */
export function ivrStoreOf(deps: IvrServiceDeps): IvrStore {
  if (deps.ivr === undefined) {
    throw new DomainError('UNAVAILABLE', 'the IVR is not enabled in this install');
  }
  return deps.ivr.store;
}

/** Checks the permission and that the actor belongs to the record's business line. */
export function requireOnLine(actor: Actor, permission: Permission, businessLineId: string): void {
  requirePermission(actor, permission);
  requireLine(actor, businessLineId);
}

/** True when the actor may read records of the line with this permission. */
export const readable = (actor: Actor, permission: Permission, businessLineId: string): boolean =>
  can(actor.role, permission) && seesLine(actor, businessLineId);

/** The record when the actor may see it, else NOT_FOUND (never revealing that it exists). */
export function visibleOr<T extends { businessLineId: string }>(
  actor: Actor,
  entity: string,
  id: string,
  record: T | undefined,
): T {
  if (record === undefined || !seesLine(actor, record.businessLineId)) throw notFound(entity, id);
  return record;
}

/**
 * Runs an IVR change and its audit entry in one transaction. `work` returns
 * the record before (updates, deletes) and after (null for deletes).
 */
export async function auditedIvrChange<T extends { id: string }>(
  deps: IvrServiceDeps,
  actor: Actor,
  action: string,
  entity: string,
  work: (tx: IvrRepositories) => Promise<{ before?: T | undefined; after: T | null }>,
): Promise<T | null> {
  return ivrStoreOf(deps).transaction(async (tx) => {
    const { before, after } = await work(tx);
    // The same entry shape as the directory's audit (src/app/audit.ts).
    await tx.audit.append({
      at: deps.clock.now(),
      actorUserId: actor.userId,
      actorName: actor.username,
      action,
      entity,
      entityId: after?.id ?? before?.id ?? null,
      before: before ?? null,
      after,
      source: actor.source,
    });
    return after;
  });
}
