/**
 * Who is calling: resolved from an API key or a session token before any
 * service runs. Services receive it explicitly and check it themselves, so
 * the rules hold whatever the entry point (GraphQL, HTTP route, CLI).
 */
import { DomainError } from '../domain/shared/errors.ts';
import { can, isGlobalRole, type Permission, type Role } from '../domain/shared/roles.ts';
import type { ScopeFilter } from './ports.ts';

/** An authenticated caller. */
export interface Actor {
  userId: string;
  username: string;
  role: Role;
  agentId: string | null;
  businessLineIds: readonly string[];
  /** How the caller authenticated. */
  via: 'api-key' | 'session';
  /** Client address, for the audit log. */
  source: string | null;
}

/** Throws FORBIDDEN unless the actor's role grants `permission`. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) {
    throw new DomainError('FORBIDDEN', `role ${actor.role} may not ${permission}`, {
      permission,
      role: actor.role,
    });
  }
}

/** True when the actor may see or manage records of `businessLineId`. */
export const seesLine = (actor: Actor, businessLineId: string | null): boolean =>
  isGlobalRole(actor.role) ||
  (businessLineId !== null && actor.businessLineIds.includes(businessLineId));

/** Throws FORBIDDEN unless the actor belongs to the business line. */
export function requireLine(actor: Actor, businessLineId: string): void {
  if (!seesLine(actor, businessLineId)) {
    throw new DomainError('FORBIDDEN', `not a member of business line ${businessLineId}`, {
      businessLineId,
    });
  }
}

/** The listing filter for what the actor may see. */
export const scopeOf = (actor: Actor): ScopeFilter =>
  isGlobalRole(actor.role) ? {} : { businessLineIds: actor.businessLineIds };
