/**
 * The DNIS routing table as configuration data (ACD-8): which dialled
 * numbers go to which queue, written with business line and queue NAMES so
 * the same table works on any database (ids differ between installs), and
 * the trunks calls may arrive on. Resolved against the store into the
 * domain's `RoutingTable` and compiled once; the domain's `route` does the rest.
 */
import {
  type CompiledRoutes,
  compileRoutes,
  type DidRoute,
  type RoutingError,
} from '../../domain/acd/routing.ts';
import type { Store } from '../ports.ts';

/** One dialled number and the queue it reaches. */
export interface DidEntry {
  /** The number as the dialplan passes it (`Stasis(app,inbound,${EXTEN})`). */
  readonly did: string;
  readonly businessLine: string;
  readonly queue: string;
}

/** The table as configured. */
export interface DidTable {
  /** Trunk endpoints calls come in on, shared by every line (e.g. `trunk` for PJSIP/trunk). */
  readonly trunks: readonly string[];
  readonly dids: readonly DidEntry[];
}

/** A compiled table and the rows that could not be used. */
export interface ResolvedRoutes {
  readonly routes: CompiledRoutes | null;
  readonly problems: readonly { readonly did: string; readonly problem: string }[];
}

async function rowOf(store: Store, entry: DidEntry): Promise<DidRoute | string> {
  const line = await store.businessLines.getByName(entry.businessLine);
  if (line === undefined) return `business line "${entry.businessLine}" not found`;
  const queue = await store.queues.getByName(line.id, entry.queue);
  if (queue === undefined) return `queue "${entry.queue}" not found in "${entry.businessLine}"`;
  return { did: entry.did, businessLineId: line.id, target: { kind: 'queue', queueId: queue.id } };
}

/** Resolves names to ids and compiles; rows naming missing lines or queues are left out. */
export async function resolveDidTable(store: Store, table: DidTable): Promise<ResolvedRoutes> {
  const problems: { did: string; problem: string }[] = [];
  const routes: DidRoute[] = [];
  for (const entry of table.dids) {
    const row = await rowOf(store, entry);
    if (typeof row === 'string') problems.push({ did: entry.did, problem: row });
    else routes.push(row);
  }
  const trunkGroups = [
    { id: 'default', businessLineId: null, trunks: table.trunks, fallback: null },
  ];
  const compiled = compileRoutes({ routes, trunkGroups });
  if (!compiled.ok) {
    const errors: RoutingError[] = compiled.errors;
    for (const e of errors) problems.push({ did: String(e.details.did ?? ''), problem: e.message });
    return { routes: null, problems };
  }
  return { routes: compiled.routes, problems };
}
