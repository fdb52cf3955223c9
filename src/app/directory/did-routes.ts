/**
 * The DID routing table (ACD-8) as the API changes it: which dialled
 * number (and, optionally, trunk) reaches which queue, agent or IVR flow of
 * a business line. A target must belong to the route's own line (ACD-11).
 * Changes reach the running ACD once committed.
 */

import {
  type DidRouteRecord,
  isDidPattern,
  isTrunkName,
} from '../../domain/acd/routing.records.ts';
import type { RouteTarget } from '../../domain/acd/routing.ts';
import { DomainError, notFound } from '../../domain/shared/errors.ts';
import { can } from '../../domain/shared/roles.ts';
import type { DidRouteInput } from '../acd/routing-ports.ts';
import { type Actor, requireLine, requirePermission, scopeOf, seesLine } from '../actor.ts';
import type { PageRequest, Repositories } from '../ports.ts';
import { auditedChange, type DirectoryDeps } from './deps.ts';

/** A route as the API receives it. */
export interface DidRouteInputRaw {
  businessLineId: string;
  did: string;
  trunk?: string | null;
  target: RouteTarget;
}

type Problem = { path: string; message: string };

function checkShape(raw: Partial<DidRouteInputRaw>, problems: Problem[]): void {
  if (raw.did !== undefined && !isDidPattern(raw.did)) {
    problems.push({
      path: 'did',
      message: 'digits (optionally a leading +), or a prefix ending in * such as 3317000*',
    });
  }
  if (raw.trunk !== undefined && raw.trunk !== null && !isTrunkName(raw.trunk)) {
    problems.push({
      path: 'trunk',
      message: 'an endpoint name: letters, digits, _ . - (at most 64)',
    });
  }
  if (raw.target?.kind === 'ivr' && !/^[^/\s]{1,64}$/.test(raw.target.flowId)) {
    problems.push({
      path: 'target.ivrFlow',
      message: 'a flow key of 1 to 64 characters, no / or spaces',
    });
  }
}

/** Checks the target exists and belongs to the route's line. */
async function checkTarget(
  tx: Repositories,
  lineId: string,
  target: RouteTarget,
  problems: Problem[],
): Promise<void> {
  if (target.kind === 'queue') {
    const queue = await tx.queues.get(target.queueId);
    if (queue === undefined) problems.push({ path: 'target.queueId', message: 'queue not found' });
    else if (queue.businessLineId !== lineId) {
      problems.push({ path: 'target.queueId', message: "the queue is another business line's" });
    }
  } else if (target.kind === 'agent') {
    const agent = await tx.agents.get(target.agentId);
    if (agent === undefined) problems.push({ path: 'target.agentId', message: 'agent not found' });
    else if (agent.businessLineId !== lineId) {
      problems.push({ path: 'target.agentId', message: "the agent is another business line's" });
    }
  }
}

function refuse(problems: Problem[]): void {
  if (problems.length === 0) return;
  throw new DomainError(
    'VALIDATION_FAILED',
    problems.map((p) => `${p.path}: ${p.message}`).join('; '),
    { fields: problems },
  );
}

/** Creates the DID route service. */
export function createDidRouteService(deps: DirectoryDeps) {
  const { store } = deps;
  const reload = () => deps.acd?.reloadConfig({ routes: true });

  async function getForChange(tx: Repositories, actor: Actor, id: string) {
    const route = await tx.didRoutes.get(id);
    if (route === undefined || !seesLine(actor, route.businessLineId)) {
      throw notFound('DidRoute', id);
    }
    return route;
  }

  return {
    async list(actor: Actor, filter: { businessLineId?: string | null }, page: PageRequest) {
      requirePermission(actor, 'config:read');
      const scope = scopeOf(actor);
      const lineId = filter.businessLineId;
      if (lineId == null) return store.didRoutes.list(scope, page);
      if (!seesLine(actor, lineId)) return [];
      return store.didRoutes.list({ businessLineIds: [lineId] }, page);
    },
    async load(actor: Actor, ids: readonly string[]) {
      const rows = await store.didRoutes.getMany(ids);
      return ids.map((id) =>
        rows.find(
          (r) => r.id === id && can(actor.role, 'config:read') && seesLine(actor, r.businessLineId),
        ),
      );
    },
    async create(actor: Actor, raw: DidRouteInputRaw) {
      requirePermission(actor, 'config:write');
      requireLine(actor, raw.businessLineId);
      const route = (await auditedChange<DidRouteRecord>(
        deps,
        actor,
        'didRoute.create',
        'DidRoute',
        async (tx) => {
          const problems: Problem[] = [];
          checkShape(raw, problems);
          if (!(await tx.businessLines.get(raw.businessLineId))) {
            problems.push({ path: 'businessLineId', message: 'business line not found' });
          } else {
            await checkTarget(tx, raw.businessLineId, raw.target, problems);
          }
          refuse(problems);
          const input: DidRouteInput = { ...raw, trunk: raw.trunk ?? null };
          return { after: await tx.didRoutes.create(input) };
        },
      ))!;
      await reload();
      return route;
    },
    async update(
      actor: Actor,
      id: string,
      patch: Partial<Omit<DidRouteInputRaw, 'businessLineId'>>,
    ) {
      requirePermission(actor, 'config:write');
      const route = (await auditedChange<DidRouteRecord>(
        deps,
        actor,
        'didRoute.update',
        'DidRoute',
        async (tx) => {
          const before = await getForChange(tx, actor, id);
          const problems: Problem[] = [];
          checkShape(patch, problems);
          if (patch.target !== undefined) {
            await checkTarget(tx, before.businessLineId, patch.target, problems);
          }
          refuse(problems);
          return { before, after: await tx.didRoutes.update(id, patch) };
        },
      ))!;
      await reload();
      return route;
    },
    async delete(actor: Actor, id: string) {
      requirePermission(actor, 'config:write');
      await auditedChange<DidRouteRecord>(
        deps,
        actor,
        'didRoute.delete',
        'DidRoute',
        async (tx) => {
          const before = await getForChange(tx, actor, id);
          await tx.didRoutes.delete(id);
          return { before, after: null };
        },
      );
      await reload();
      return id;
    },
  };
}

/** The DID route service's operations. */
export type DidRouteService = ReturnType<typeof createDidRouteService>;
