/**
 * The DID routing table of the IVR (ACD-8, DID to flow): which dialled
 * number runs which flow. The dialplan sends IVR numbers to
 * `agi://.../ivr/<DID>`; a DID without a route may still name a flow key.
 */
import type { IvrDidRoute } from '../../domain/ivr/ivr.records.ts';
import { invalidField, notFound } from '../../domain/shared/errors.ts';
import type { Actor } from '../actor.ts';
import { requirePermission, scopeOf } from '../actor.ts';
import type { PageRequest } from '../ports.ts';
import {
  auditedIvrChange,
  type IvrServiceDeps,
  ivrStoreOf,
  requireOnLine,
  visibleOr,
} from './service-deps.ts';

/** A dialled number as the dialplan passes it: digits, optionally a leading +. */
const DID = /^\+?[0-9]{1,31}$/;

/** Creates the DID route service. */
export function createIvrRouteService(deps: IvrServiceDeps) {
  const ivr = () => ivrStoreOf(deps);
  return {
    async list(actor: Actor, page: PageRequest) {
      requirePermission(actor, 'config:read');
      return ivr().didRoutes.list(scopeOf(actor), page);
    },
    /** Routes `did` to the flow (creating or re-pointing the route). */
    async set(actor: Actor, did: string, flowId: string) {
      const number = did.trim();
      if (!DID.test(number))
        throw invalidField('did', 'must be digits (optionally a leading +), at most 32');
      return (await auditedIvrChange<IvrDidRoute>(
        deps,
        actor,
        'ivrRoute.set',
        'IvrDidRoute',
        async (tx) => {
          const flow = visibleOr(actor, 'IvrFlow', flowId, await tx.flows.get(flowId));
          requireOnLine(actor, 'config:write', flow.businessLineId);
          const before = await tx.didRoutes.getByDid(number);
          if (before) requireOnLine(actor, 'config:write', before.businessLineId);
          const after = await tx.didRoutes.put({
            did: number,
            businessLineId: flow.businessLineId,
            flowId,
          });
          return { before, after };
        },
      ))!;
    },
    /** Removes the route of `did`; NOT_FOUND when there is none. */
    async remove(actor: Actor, did: string) {
      await auditedIvrChange<IvrDidRoute>(
        deps,
        actor,
        'ivrRoute.remove',
        'IvrDidRoute',
        async (tx) => {
          const before = visibleOr(actor, 'IvrDidRoute', did, await tx.didRoutes.getByDid(did));
          requireOnLine(actor, 'config:write', before.businessLineId);
          if (!(await tx.didRoutes.delete(did))) throw notFound('IvrDidRoute', did);
          return { before, after: null };
        },
      );
      return did;
    },
  };
}

/** The DID route service's operations. */
export type IvrRouteService = ReturnType<typeof createIvrRouteService>;
