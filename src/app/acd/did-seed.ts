/**
 * Writes a DID table given by names (business line, queue, agent
 * extension) into the stored DID table: demo data on first start, and
 * tests. Rows already there (same DID and trunk) are left alone, so seeding
 * twice writes nothing the second time.
 */
import type { RouteTarget } from '../../domain/acd/routing.ts';
import type { Store } from '../ports.ts';

/** One dialled number and where it goes, by name. */
export interface DidEntry {
  /** The number as the dialplan passes it (`Stasis(app,inbound,${EXTEN})`). */
  readonly did: string;
  /** Only calls on this trunk (endpoint name); any trunk when absent. */
  readonly trunk?: string;
  readonly businessLine: string;
  /** Exactly one of: a queue by name, an agent by extension, an IVR flow by key. */
  readonly queue?: string;
  readonly agentExtension?: string;
  readonly ivrFlow?: string;
}

/** A table by names. */
export interface DidTable {
  readonly dids: readonly DidEntry[];
}

async function targetOf(
  store: Store,
  lineId: string,
  entry: DidEntry,
): Promise<RouteTarget | string> {
  if (entry.queue !== undefined) {
    const queue = await store.queues.getByName(lineId, entry.queue);
    return queue === undefined
      ? `queue "${entry.queue}" not found`
      : { kind: 'queue', queueId: queue.id };
  }
  if (entry.agentExtension !== undefined) {
    const agent = await store.agents.getByExtension(entry.agentExtension);
    return agent === undefined || agent.businessLineId !== lineId
      ? `agent ${entry.agentExtension} not found in the line`
      : { kind: 'agent', agentId: agent.id };
  }
  if (entry.ivrFlow !== undefined) return { kind: 'ivr', flowId: entry.ivrFlow };
  return 'no target';
}

/** Seeds the rows not routed yet; returns the problems of rows that name missing things. */
export async function seedDidTable(store: Store, table: DidTable): Promise<string[]> {
  const problems: string[] = [];
  const existing = await store.didRoutes.list({}, { offset: 0, limit: 10_000 });
  for (const entry of table.dids) {
    const trunk = entry.trunk ?? null;
    if (existing.some((r) => r.did === entry.did && r.trunk === trunk)) continue;
    const line = await store.businessLines.getByName(entry.businessLine);
    if (line === undefined) {
      problems.push(`${entry.did}: business line "${entry.businessLine}" not found`);
      continue;
    }
    const target = await targetOf(store, line.id, entry);
    if (typeof target === 'string') {
      problems.push(`${entry.did}: ${target}`);
      continue;
    }
    await store.didRoutes.create({ businessLineId: line.id, did: entry.did, trunk, target });
  }
  return problems;
}
