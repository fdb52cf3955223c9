/**
 * DNIS routing (ACD-8): the number dialled, and optionally the trunk it
 * came in on, picks a queue, an agent (a direct DID) or an IVR flow. A row
 * naming a trunk wins over a row for any trunk, an exact number over a
 * prefix. Trunks may also come in groups; a group reserved to a business
 * line only carries that line's numbers (ACD-11), so a DID of one line
 * arriving on another line's trunk is refused rather than served by the
 * wrong people. A trunk in no group is shared. The table is compiled once
 * into maps; `route` is O(1) for exact DIDs plus a short scan of prefixes.
 */
import { type AcdError, acdError } from './acd.types.ts';

/** Where a routed call goes. */
export type RouteTarget =
  | { readonly kind: 'queue'; readonly queueId: string }
  | { readonly kind: 'agent'; readonly agentId: string }
  | { readonly kind: 'ivr'; readonly flowId: string };

/** One row: a DID as dialled, or a prefix ending in `*` (e.g. `+3315550*`) for a number block. */
export interface DidRoute {
  readonly did: string;
  /** Only calls arriving on this trunk (endpoint name); null or absent for any trunk. */
  readonly trunk?: string | null;
  readonly businessLineId: string;
  readonly target: RouteTarget;
}

/** Trunks (Asterisk endpoint names) that share one owner and one fallback. */
export interface TrunkGroup {
  readonly id: string;
  /** The line this group is reserved to; null for a group shared by every line. */
  readonly businessLineId: string | null;
  readonly trunks: readonly string[];
  /** Where unknown DIDs on this group go (reserved groups only); null refuses them. */
  readonly fallback: RouteTarget | null;
}

/** The routing table as stored. */
export interface RoutingTable {
  readonly routes: readonly DidRoute[];
  readonly trunkGroups: readonly TrunkGroup[];
}

/** A compiled table. */
export interface CompiledRoutes {
  /** Exact rows by `routeKey(trunk, did)`. */
  readonly exact: ReadonlyMap<string, DidRoute>;
  /** Prefix rows, longest prefix first. */
  readonly prefixes: readonly (DidRoute & { readonly prefix: string })[];
  readonly groupOfTrunk: ReadonlyMap<string, TrunkGroup>;
  readonly groups: readonly TrunkGroup[];
}

/** Key of an exact row: the trunk ('' for any) and the DID. */
const routeKey = (trunk: string | null | undefined, did: string): string => `${trunk ?? ''}|${did}`;

/** Routing error codes. */
export type RoutingErrorCode =
  | 'ROUTE_NOT_FOUND'
  | 'TRUNK_RESERVED'
  | 'DUPLICATE_ROUTE'
  | 'TRUNK_IN_TWO_GROUPS'
  | 'TARGET_CROSSES_BUSINESS_LINE';

/** A routing error. */
export type RoutingError = AcdError<RoutingErrorCode>;

/** Owners of route targets, to check a DID only points inside its own line. */
export interface TargetOwners {
  readonly queues: ReadonlyMap<string, string>;
  readonly agents: ReadonlyMap<string, string>;
}

/** The business line owning a target, or undefined when unknown (IVR flows are not checked). */
function ownerOf(target: RouteTarget, owners: TargetOwners): string | undefined {
  if (target.kind === 'queue') return owners.queues.get(target.queueId);
  if (target.kind === 'agent') return owners.agents.get(target.agentId);
  return undefined;
}

function checkRoutes(table: RoutingTable, owners: TargetOwners | null): RoutingError[] {
  const errors: RoutingError[] = [];
  const seen = new Set<string>();
  for (const r of table.routes) {
    const key = routeKey(r.trunk, r.did);
    if (seen.has(key)) {
      const details = { did: r.did, trunk: r.trunk ?? null };
      errors.push(acdError('DUPLICATE_ROUTE', `DID ${r.did} routed twice`, details));
    }
    seen.add(key);
    const owner = owners === null ? undefined : ownerOf(r.target, owners);
    if (owner !== undefined && owner !== r.businessLineId) {
      const details = { did: r.did, businessLineId: r.businessLineId, targetLine: owner };
      errors.push(
        acdError('TARGET_CROSSES_BUSINESS_LINE', `DID ${r.did} points into another line`, details),
      );
    }
  }
  return errors;
}

/** Compiles and checks a table: duplicate DIDs, trunks in two groups, targets in other lines. */
export function compileRoutes(
  table: RoutingTable,
  owners: TargetOwners | null = null,
): { ok: true; routes: CompiledRoutes } | { ok: false; errors: RoutingError[] } {
  const errors = checkRoutes(table, owners);
  const groupOfTrunk = new Map<string, TrunkGroup>();
  for (const g of table.trunkGroups) {
    for (const trunk of g.trunks) {
      const other = groupOfTrunk.get(trunk);
      if (other !== undefined) {
        const details = { trunk, groups: [other.id, g.id] };
        errors.push(acdError('TRUNK_IN_TWO_GROUPS', `trunk ${trunk} is in two groups`, details));
      }
      groupOfTrunk.set(trunk, g);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const exact = new Map(
    table.routes.filter((r) => !r.did.endsWith('*')).map((r) => [routeKey(r.trunk, r.did), r]),
  );
  // Longest prefix first; at equal length a row for this trunk before a row for any trunk.
  const prefixes = table.routes
    .filter((r) => r.did.endsWith('*'))
    .map((r) => ({ ...r, prefix: r.did.slice(0, -1) }))
    .sort((a, b) => b.prefix.length - a.prefix.length || (b.trunk ? 1 : 0) - (a.trunk ? 1 : 0));
  return { ok: true, routes: { exact, prefixes, groupOfTrunk, groups: table.trunkGroups } };
}

/** A routing decision. */
export type RouteResult =
  | {
      readonly ok: true;
      readonly target: RouteTarget;
      readonly businessLineId: string;
      readonly trunkGroupId: string;
    }
  | { readonly ok: false; readonly error: RoutingError };

const refuse = (code: RoutingErrorCode, message: string, details: Record<string, unknown>) =>
  ({ ok: false, error: acdError(code, message, details) }) as const;

/** A trunk in no group: shared by every line, with no fallback. */
const sharedGroup = (trunk: string): TrunkGroup => ({
  id: 'shared',
  businessLineId: null,
  trunks: [trunk],
  fallback: null,
});

/** The row for `did` on `trunk`: exact rows first (this trunk, then any), then prefixes. */
function findRow(routes: CompiledRoutes, did: string, trunk: string): DidRoute | undefined {
  return (
    routes.exact.get(routeKey(trunk, did)) ??
    routes.exact.get(routeKey(null, did)) ??
    routes.prefixes.find(
      (p) =>
        did.startsWith(p.prefix) &&
        (p.trunk === null || p.trunk === undefined || p.trunk === trunk),
    )
  );
}

/** Routes a call that dialled `did` and arrived on `trunk`. */
export function route(routes: CompiledRoutes, did: string, trunk: string): RouteResult {
  const group = routes.groupOfTrunk.get(trunk) ?? sharedGroup(trunk);
  const row = findRow(routes, did, trunk);
  if (row === undefined) {
    if (group.fallback !== null && group.businessLineId !== null) {
      return {
        ok: true,
        target: group.fallback,
        businessLineId: group.businessLineId,
        trunkGroupId: group.id,
      };
    }
    return refuse('ROUTE_NOT_FOUND', `no route for ${did}`, { did, trunk });
  }
  if (group.businessLineId !== null && group.businessLineId !== row.businessLineId) {
    const details = { did, trunk, trunkLine: group.businessLineId, didLine: row.businessLineId };
    return refuse('TRUNK_RESERVED', `trunk ${trunk} is reserved to another business line`, details);
  }
  return {
    ok: true,
    target: row.target,
    businessLineId: row.businessLineId,
    trunkGroupId: group.id,
  };
}

/**
 * Trunk groups a business line may dial out on (overflow to an external
 * number, remote agents): its own reserved groups first, then shared ones.
 */
export function outboundGroups(routes: CompiledRoutes, businessLineId: string): TrunkGroup[] {
  const own = routes.groups.filter((g) => g.businessLineId === businessLineId);
  const shared = routes.groups.filter((g) => g.businessLineId === null);
  return [...own, ...shared];
}
