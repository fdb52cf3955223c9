/**
 * Reading call-detail records. QA, supervisors and admins read every call of
 * their business lines; an agent reads only calls its agent record took part in.
 */
import type { CallLeg, CallRecord } from '../domain/call/call-record.ts';
import { can } from '../domain/shared/roles.ts';
import { type Actor, requirePermission, scopeOf, seesLine } from './actor.ts';
import type { CallFilter, PageRequest, Store } from './ports.ts';

/** True when the actor may read this call. */
export function seesCall(actor: Actor, call: CallRecord, legs: readonly CallLeg[]): boolean {
  if (can(actor.role, 'calls:read-all') && seesLine(actor, call.businessLineId)) return true;
  const own = actor.agentId;
  return own !== null && (call.agentId === own || legs.some((l) => l.agentId === own));
}

/** Creates the calls read service. */
export function createCallsService(deps: { store: Store }) {
  const { store } = deps;
  return {
    async list(
      actor: Actor,
      filter: Omit<CallFilter, 'businessLineIds'>,
      page: PageRequest,
    ): Promise<CallRecord[]> {
      requirePermission(actor, 'calls:read-own');
      if (can(actor.role, 'calls:read-all')) {
        return store.calls.list({ ...filter, ...scopeOf(actor) }, page);
      }
      if (actor.agentId === null) return [];
      return store.calls.list({ ...filter, agentId: actor.agentId }, page);
    },
    async load(actor: Actor, ids: readonly string[]) {
      const calls = (await Promise.all(ids.map((id) => store.calls.get(id)))).filter(
        (c): c is CallRecord => c !== undefined,
      );
      const legs = await store.calls.legsOf(calls.map((c) => c.id));
      return ids.map((id) => {
        const call = calls.find((c) => c.id === id);
        return call &&
          seesCall(
            actor,
            call,
            legs.filter((l) => l.callId === id),
          )
          ? call
          : undefined;
      });
    },
    legsOf: (callIds: readonly string[]) => store.calls.legsOf(callIds),
  };
}

/** The calls read service's operations. */
export type CallsService = ReturnType<typeof createCallsService>;
