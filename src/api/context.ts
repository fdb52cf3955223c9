/**
 * The per-request GraphQL context: the caller (or null) and the services.
 * A fresh one per request, so dataloader caches never cross callers.
 */
import type { Actor } from '../app/actor.ts';
import type { Services } from '../app/services.ts';

/** What every resolver receives. */
export interface ApiContext {
  /** The authenticated caller, or null for an anonymous request. */
  actor: Actor | null;
  /** The bearer token the request carried (needed to log a session out). */
  token: string | null;
  /** Client address, for the audit log. */
  source: string | null;
  services: Services;
}

/** Context of a request that passed the `authenticated` scope. */
export interface AuthedContext extends ApiContext {
  actor: Actor;
}

/** Narrows the context after scope-auth has admitted the caller. */
export function actorOf(ctx: ApiContext): Actor {
  if (!ctx.actor) throw new Error('resolver reached without an authenticated caller');
  return ctx.actor;
}
