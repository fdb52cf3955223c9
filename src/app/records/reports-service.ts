/**
 * Reports (RPT-2..5, AGT-7), read from the 15-minute rollups:
 *
 * - `report`: KPIs per queue, agent, campaign, business line or direction,
 *   over any period, grouped by hour, day, week or month of the business
 *   line's time zone (or totals);
 * - `regions`: calls by the caller's country, region and number type;
 * - `agentToday`: an agent's own figures since local midnight (raw calls);
 * - `wallboard`: service level and counts of today per queue, for the live
 *   snapshot (the live part comes from the ACD).
 *
 * Periods are whole buckets: `from` is rounded down and `to` up to a
 * quarter hour. Supervisors and QA see their business lines, admins all.
 */
import type { AgentStatus } from '../../domain/acd/agent.state.ts';
import type { CallRecord } from '../../domain/call/call-record.ts';
import { addAgentTime, noAgentTime } from '../../domain/reports/agent-time.ts';
import { BUCKET_MS, bucketStart } from '../../domain/reports/buckets.ts';
import {
  addCounters,
  type CallCounters,
  countersOf,
  emptyCounters,
} from '../../domain/reports/call-facts.ts';
import { type AgentTime, isKeptThreshold, type Kpis, kpisOf } from '../../domain/reports/kpi.ts';
import {
  dayStart,
  type GroupBy,
  isZone,
  periodFinder,
  periodStarts,
} from '../../domain/reports/periods.ts';
import type { RegionCounters } from '../../domain/reports/rollup.ts';
import { invalidField, notFound } from '../../domain/shared/errors.ts';
import { can } from '../../domain/shared/roles.ts';
import type { AcdRuntime } from '../acd/runtime.ts';
import { type Actor, requirePermission, scopeOf, seesLine } from '../actor.ts';
import type { Clock } from '../clock.ts';
import type { Store } from '../ports.ts';
import type { RollupDimension, RollupFilter } from './ports.ts';

/** A report as asked. */
export interface ReportQuery {
  dimension: RollupDimension;
  groupBy: GroupBy;
  from: number;
  to: number;
  /** IANA zone of the periods; default the (single) business line's, else UTC. */
  timeZone?: string;
  /** Service-level time T in seconds (one the rollups keep); default each queue's own. */
  serviceLevelS?: number;
  businessLineIds?: readonly string[];
  queueIds?: readonly string[];
  agentIds?: readonly string[];
  campaignIds?: readonly string[];
  directions?: readonly string[];
}

/** One row of a report: a period and a value of the dimension. */
export interface ReportRow {
  periodStart: number;
  period: string;
  /** Id (queue, agent, campaign, business line) or direction; null for "none" or totals. */
  key: string | null;
  kpis: Kpis;
}

/** One row of the region report. */
export interface RegionRow extends RegionCounters {
  periodStart: number;
  period: string;
  country: string | null;
  region: string | null;
  numberType: string | null;
}

/** An agent's own figures of today (AGT-7). */
export interface AgentToday {
  agentId: string;
  since: number;
  inbound: number;
  outbound: number;
  internal: number;
  answered: number;
  missed: number;
  talkMs: number;
  holdMs: number;
  wrapMs: number;
  ahtMs: number | null;
}

const MAX_PERIOD_MS = 400 * 24 * 3600 * 1000;

/** Order of statuses on the wallboard: from not working to busy. */
const STATUS_ORDER: readonly AgentStatus[] = [
  'logged-out',
  'paused',
  'available',
  'reserved',
  'ringing',
  'on-call',
  'wrap-up',
];

/** Creates the reports service; `acd` gives live agent states (absent: the wallboard has none). */
export function createReportsService(deps: {
  store: Store;
  clock: Clock;
  acd?: Pick<AcdRuntime, 'agentView'>;
}) {
  const { store, clock } = deps;
  const reports = store.reports;

  /** The business lines the actor may report on, narrowed to those asked. */
  function linesOf(
    actor: Actor,
    asked: readonly string[] | undefined,
  ): readonly string[] | undefined {
    const scope = scopeOf(actor).businessLineIds;
    if (scope === undefined) return asked;
    return asked === undefined ? scope : asked.filter((id) => scope.includes(id));
  }

  async function zoneOf(q: { timeZone?: string }, lines: readonly string[] | undefined) {
    if (q.timeZone !== undefined) {
      if (!isZone(q.timeZone))
        throw invalidField('timeZone', 'must be an IANA time zone, e.g. Europe/Paris');
      return q.timeZone;
    }
    if (lines?.length === 1) return (await store.businessLines.get(lines[0]!))?.timezone ?? 'UTC';
    return 'UTC';
  }

  function filterOf(actor: Actor, q: Omit<ReportQuery, 'dimension' | 'groupBy'>): RollupFilter {
    if (!(q.to > q.from)) throw invalidField('to', 'must be after from');
    if (q.to - q.from > MAX_PERIOD_MS) throw invalidField('to', 'a report covers at most 400 days');
    const lines = linesOf(actor, q.businessLineIds);
    return {
      from: bucketStart(q.from),
      to: bucketStart(q.to + BUCKET_MS - 1),
      ...(lines ? { businessLineIds: lines } : {}),
      ...(q.queueIds ? { queueIds: q.queueIds } : {}),
      ...(q.agentIds ? { agentIds: q.agentIds } : {}),
      ...(q.campaignIds ? { campaignIds: q.campaignIds } : {}),
      ...(q.directions ? { directions: q.directions } : {}),
    };
  }

  async function report(actor: Actor, q: ReportQuery): Promise<ReportRow[]> {
    requirePermission(actor, 'reports:read');
    if (q.serviceLevelS !== undefined && !isKeptThreshold(q.serviceLevelS)) {
      throw invalidField('serviceLevelS', 'must be one of 10, 15, 20, 30, 45, 60, 90, 120, 180');
    }
    const filter = filterOf(actor, q);
    if (filter.businessLineIds?.length === 0) return [];
    const zone = await zoneOf(q, filter.businessLineIds);
    // Days, weeks, months and totals are summed by the database, hours from the buckets.
    const starts = periodStarts(q.groupBy, zone, filter.from, filter.to);
    const slices = await reports.callSlices(filter, q.dimension, starts ?? undefined);
    const withTime =
      q.dimension === 'agent' || q.dimension === 'business-line' || q.dimension === 'none';
    const times =
      withTime && !q.queueIds && !q.campaignIds && !q.directions
        ? await reports.agentTimeSlices(filter)
        : null;
    const groups = new Map<
      string,
      { period: string; start: number; key: string; counters: CallCounters; time: AgentTime | null }
    >();
    const periodAt = periodFinder(q.groupBy, zone, filter.from);
    const groupOf = (bucket: number, key: string) => {
      const period = periodAt(bucket);
      const id = `${period.start}\n${key}`;
      let g = groups.get(id);
      if (!g) {
        g = {
          period: period.label,
          start: period.start,
          key,
          counters: emptyCounters(),
          time: times ? noAgentTime() : null,
        };
        groups.set(id, g);
      }
      return g;
    };
    // In time order, so that consecutive buckets share one period lookup.
    slices.sort((a, b) => a.bucketStart - b.bucketStart);
    times?.sort((a, b) => a.bucketStart - b.bucketStart);
    for (const s of slices) {
      const g = groupOf(s.bucketStart, s.dimension);
      g.counters = addCounters(g.counters, s.counters);
    }
    for (const t of times ?? []) {
      const key =
        q.dimension === 'agent'
          ? t.agentId
          : q.dimension === 'business-line'
            ? t.businessLineId
            : '';
      const g = groupOf(t.bucketStart, key);
      g.time = addAgentTime(g.time ?? noAgentTime(), t.time);
    }
    const threshold =
      q.serviceLevelS !== undefined && isKeptThreshold(q.serviceLevelS) ? q.serviceLevelS : null;
    return [...groups.values()]
      .sort((a, b) => a.start - b.start || a.key.localeCompare(b.key))
      .map((g) => ({
        periodStart: g.start,
        period: g.period,
        key: q.dimension === 'none' || g.key === '' ? null : g.key,
        kpis: kpisOf(g.counters, g.time, threshold),
      }));
  }

  return {
    report,

    async regions(actor: Actor, q: Omit<ReportQuery, 'dimension'>): Promise<RegionRow[]> {
      requirePermission(actor, 'reports:read');
      const filter = filterOf(actor, {
        ...q,
        queueIds: undefined,
        agentIds: undefined,
        campaignIds: undefined,
        directions: undefined,
      });
      if (filter.businessLineIds?.length === 0) return [];
      const zone = await zoneOf(q, filter.businessLineIds);
      const groups = new Map<string, RegionRow>();
      const periodAt = periodFinder(q.groupBy, zone, filter.from);
      const slices = await reports.regionSlices(filter);
      slices.sort((a, b) => a.bucketStart - b.bucketStart);
      for (const s of slices) {
        const period = periodAt(s.bucketStart);
        const id = [period.start, s.country, s.region, s.numberType].join('\n');
        const g = groups.get(id) ?? {
          periodStart: period.start,
          period: period.label,
          country: s.country || null,
          region: s.region || null,
          numberType: s.numberType || null,
          calls: 0,
          answered: 0,
          abandoned: 0,
          talkMs: 0,
          costMicros: 0,
        };
        g.calls += s.counters.calls;
        g.answered += s.counters.answered;
        g.abandoned += s.counters.abandoned;
        g.talkMs += s.counters.talkMs;
        g.costMicros += s.counters.costMicros;
        groups.set(id, g);
      }
      return [...groups.values()].sort(
        (a, b) =>
          a.periodStart - b.periodStart ||
          b.calls - a.calls ||
          String(a.region).localeCompare(String(b.region)),
      );
    },

    /** An agent's own figures since local midnight; the caller's own agent by default. */
    async agentToday(actor: Actor, agentId?: string | null): Promise<AgentToday> {
      requirePermission(actor, 'reports:read-own');
      const id = agentId ?? actor.agentId;
      if (id === null) throw invalidField('agentId', 'required: the caller is not an agent');
      const agent = await store.agents.get(id);
      const mayRead =
        agent !== undefined &&
        (id === actor.agentId ||
          (can(actor.role, 'reports:read') && seesLine(actor, agent.businessLineId)));
      if (!agent || !mayRead) throw notFound('Agent', id);
      const line = await store.businessLines.get(agent.businessLineId);
      const since = dayStart(clock.now(), line?.timezone ?? 'UTC');
      const calls = await reports.callsOfAgentSince(id, since);
      return todayOf(id, since, calls);
    },

    /** Members of the queues by live status, each agent counted once. */
    async agentsByStatus(actor: Actor, queueIds: readonly string[]) {
      requirePermission(actor, 'reports:read');
      const queues = (await store.queues.getMany(queueIds)).filter((q) =>
        seesLine(actor, q.businessLineId),
      );
      const members = await store.queues.membersOf(queues.map((q) => q.id));
      const counts = new Map<AgentStatus, number>();
      for (const agentId of new Set(members.map((m) => m.agentId))) {
        const status = deps.acd?.agentView(agentId).status ?? 'logged-out';
        counts.set(status, (counts.get(status) ?? 0) + 1);
      }
      return STATUS_ORDER.flatMap((status) => {
        const count = counts.get(status);
        return count === undefined ? [] : [{ status, count }];
      });
    },

    /** Today's counters per queue of the caller's lines (local midnight of each queue's line). */
    async todayByQueue(actor: Actor, queueIds: readonly string[]): Promise<Map<string, Kpis>> {
      requirePermission(actor, 'reports:read');
      const out = new Map<string, Kpis>();
      const queues = (await store.queues.getMany(queueIds)).filter((q) =>
        seesLine(actor, q.businessLineId),
      );
      const lines = new Map<string, string>();
      for (const q of queues) {
        const tz =
          lines.get(q.businessLineId) ??
          (await store.businessLines.get(q.businessLineId))?.timezone ??
          'UTC';
        lines.set(q.businessLineId, tz);
        const from = bucketStart(dayStart(clock.now(), tz));
        const slices = await reports.callSlices(
          { from, to: bucketStart(clock.now()) + BUCKET_MS, queueIds: [q.id] },
          'none',
        );
        out.set(
          q.id,
          kpisOf(
            slices.reduce((sum, s) => addCounters(sum, s.counters), emptyCounters()),
            null,
          ),
        );
      }
      return out;
    },
  };
}

function todayOf(agentId: string, since: number, calls: readonly CallRecord[]): AgentToday {
  let counters = emptyCounters();
  let inbound = 0;
  let outbound = 0;
  let internal = 0;
  let answered = 0;
  let missed = 0;
  for (const call of calls) {
    if (call.direction === 'inbound') inbound += 1;
    else if (call.direction === 'outbound') outbound += 1;
    else internal += 1;
    const mine = call.agentId === agentId;
    if (mine && call.answeredAt !== null) answered += 1;
    if (!mine && call.endedAt !== null) missed += 1;
    if (mine) counters = addCounters(counters, countersOf(call, null));
  }
  const handle = counters.talkMs + counters.holdMs + counters.wrapMs;
  return {
    agentId,
    since,
    inbound,
    outbound,
    internal,
    answered,
    missed,
    talkMs: counters.talkMs,
    holdMs: counters.holdMs,
    wrapMs: counters.wrapMs,
    ahtMs: answered > 0 ? handle / answered : null,
  };
}

/** The reports service's operations. */
export type ReportsService = ReturnType<typeof createReportsService>;
