/**
 * The DNIS routing table (ACD-8) as the runtime uses it: the stored rows
 * (src/store, `did_routes`) compiled once into the domain's lookup maps,
 * and again whenever the table changes. A row whose target belongs to
 * another business line than the row's own is left out and logged (ACD-11:
 * a line's numbers never reach another line's people); the rest still
 * route.
 */

import { isDirectQueueId } from '../../domain/acd/direct.ts';
import { compileRoutes, type DidRoute, type TargetOwners } from '../../domain/acd/routing.ts';
import type { PageRequest } from '../ports.ts';
import type { AcdCore } from './core.ts';

const PAGE = 500;

async function allRows(core: AcdCore) {
  const rows = [];
  for (let offset = 0; ; offset += PAGE) {
    const page: PageRequest = { offset, limit: PAGE };
    const batch = await core.deps.store.didRoutes.list({}, page);
    rows.push(...batch);
    if (batch.length < PAGE) return rows;
  }
}

/**
 * Owners of the targets of `rows`: queues from the snapshot, agents from
 * their entries, and whatever the runtime has not loaded from the store.
 */
async function ownersOf(
  core: AcdCore,
  rows: readonly { readonly target: DidRoute['target'] }[],
): Promise<TargetOwners> {
  const queues = new Map<string, string>();
  for (const [id, q] of core.snapshot.queues) {
    if (!isDirectQueueId(id)) queues.set(id, q.queue.businessLineId);
  }
  const agents = new Map<string, string>();
  for (const [id, a] of core.agents) agents.set(id, a.businessLineId);
  const queueIds = rows.flatMap((r) => (r.target.kind === 'queue' ? [r.target.queueId] : []));
  const agentIds = rows.flatMap((r) => (r.target.kind === 'agent' ? [r.target.agentId] : []));
  const { store } = core.deps;
  for (const q of await store.queues.getMany(queueIds.filter((id) => !queues.has(id)))) {
    queues.set(q.id, q.businessLineId);
  }
  for (const a of await store.agents.getMany(agentIds.filter((id) => !agents.has(id)))) {
    agents.set(a.id, a.businessLineId);
  }
  return { queues, agents };
}

/**
 * Reads and compiles the stored DID table into `core.routing.routes`.
 * Returns the agents reached by a direct DID, so the caller can load those
 * the runtime does not hold yet.
 */
export async function loadRoutes(core: AcdCore): Promise<string[]> {
  const rows = await allRows(core);
  const owners = await ownersOf(core, rows);
  const usable: DidRoute[] = [];
  for (const row of rows) {
    const { target } = row;
    const owner =
      target.kind === 'queue'
        ? owners.queues.get(target.queueId)
        : target.kind === 'agent'
          ? owners.agents.get(target.agentId)
          : row.businessLineId;
    if (owner !== row.businessLineId) {
      const problem = owner === undefined ? 'target not found' : 'target of another line';
      core.log.warn({ did: row.did, trunk: row.trunk, target }, `DID route not usable: ${problem}`);
      continue;
    }
    usable.push({ did: row.did, trunk: row.trunk, businessLineId: row.businessLineId, target });
  }
  const compiled = compileRoutes({ routes: usable, trunkGroups: [] }, owners);
  if (!compiled.ok) {
    // The store keeps (did, trunk) unique, so this is a bug rather than bad data: say so loudly.
    core.log.error(
      { errors: compiled.errors },
      'DID table does not compile: every call is refused',
    );
    core.routing.routes = null;
    return [];
  }
  core.routing.routes = compiled.routes;
  core.log.info({ routes: usable.length }, 'DID table loaded');
  return usable.flatMap((r) => (r.target.kind === 'agent' ? [r.target.agentId] : []));
}
