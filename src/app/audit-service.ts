/** Reading the audit log: admins only; the log itself is never edited. */
import { type Actor, requirePermission } from './actor.ts';
import type { PageRequest, Store } from './ports.ts';

/** Creates the audit read service. */
export function createAuditService(deps: { store: Store }) {
  return {
    list(
      actor: Actor,
      filter: { actorUserId?: string; entity?: string; entityId?: string },
      page: PageRequest,
    ) {
      requirePermission(actor, 'audit:read');
      return deps.store.audit.list(filter, page);
    },
  };
}

/** The audit read service's operations. */
export type AuditService = ReturnType<typeof createAuditService>;
