/**
 * Writes audit entries (SEC-2) inside the caller's transaction, so a change
 * and its audit record are committed together or not at all.
 */
import type { Actor } from './actor.ts';
import type { Clock } from './clock.ts';
import type { Repositories } from './ports.ts';

/** What changed, for one audit entry. */
export interface AuditChange {
  action: string;
  entity: string | null;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Appends one entry for `actor` (or the system when null). */
export async function audit(
  tx: Repositories,
  clock: Clock,
  actor: Actor | null,
  change: AuditChange,
): Promise<void> {
  await tx.audit.append({
    at: clock.now(),
    actorUserId: actor?.userId ?? null,
    actorName: actor?.username ?? 'system',
    action: change.action,
    entity: change.entity,
    entityId: change.entityId,
    before: change.before ?? null,
    after: change.after ?? null,
    source: actor?.source ?? null,
  });
}
