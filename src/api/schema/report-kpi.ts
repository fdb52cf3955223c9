/**
 * Reports (RPT-2, RPT-3, RPT-4, RPT-6): KPIs per queue, agent, campaign,
 * business line or direction over any period, grouped by hour, day, week or
 * month; calls by caller region; each with a signed CSV export link. Every
 * formula is written out in docs/reports.md.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { RollupDimension } from '../../app/records/ports.ts';
import type { RegionRow, ReportQuery, ReportRow } from '../../app/records/reports-service.ts';
import type { GroupBy } from '../../domain/reports/periods.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { type ReportKind, reportParams } from '../report-params.ts';
import { AgentRef } from './agent.ts';
import { BusinessLineRef } from './business-line.ts';
import { QueueRef } from './queue.ts';

const DimensionEnum = builder.enumType('ReportDimension', {
  description: 'What the rows of a report are split by.',
  values: {
    QUEUE: {
      value: 'queue',
      description: 'One row per queue (calls that went through no queue: a row without queue).',
    },
    AGENT: { value: 'agent', description: 'One row per agent who handled calls.' },
    CAMPAIGN: { value: 'campaign', description: 'One row per dialer campaign.' },
    BUSINESS_LINE: { value: 'business-line', description: 'One row per business line.' },
    DIRECTION: {
      value: 'direction',
      description: 'One row per direction: inbound, outbound, internal.',
    },
    NONE: { value: 'none', description: 'No split: one row per period.' },
  } as const,
});

const GroupByEnum = builder.enumType('ReportGroupBy', {
  description: "How a report groups time, in the report's time zone.",
  values: {
    HOUR: { value: 'hour', description: 'Local hours.' },
    DAY: {
      value: 'day',
      description: 'Local days (midnight to midnight, 23 or 25 hours across a DST change).',
    },
    WEEK: { value: 'week', description: 'ISO weeks, Monday to Sunday.' },
    MONTH: { value: 'month', description: 'Calendar months.' },
    TOTAL: { value: 'total', description: 'The whole period as one.' },
  } as const,
});

const ReportPeriod = builder.inputType('ReportPeriod', {
  description: 'The period of a report, rounded out to whole quarter hours.',
  fields: (t) => ({
    from: t.field({
      type: 'DateTime',
      required: true,
      description: 'Start (calls that started at or after).',
    }),
    to: t.field({
      type: 'DateTime',
      required: true,
      description: 'End (calls that started before); at most 400 days after `from`.',
    }),
  }),
});

const ReportFilter = builder.inputType('ReportFilter', {
  description: 'Restricts the calls a report counts; every list given must match.',
  fields: (t) => ({
    businessLineIds: t.globalIDList({
      for: BusinessLineRef,
      description: 'Only these business lines (within yours).',
    }),
    queueIds: t.globalIDList({ for: QueueRef, description: 'Only these queues.' }),
    agentIds: t.globalIDList({ for: AgentRef, description: 'Only calls handled by these agents.' }),
    campaignIds: t.idList({ description: 'Only these dialer campaigns (global or plain IDs).' }),
    directions: t.stringList({
      description: 'Only these directions: inbound, outbound, internal.',
    }),
  }),
});

const secs = (ms: number | null) => (ms === null ? null : ms / 1000);

const KpiRowRef = builder
  .objectRef<ReportRow & { dimension: RollupDimension }>('KpiRow')
  .implement({
    description:
      'The KPIs of one period and one value of the dimension. Ratios are fractions (0.8 = 80 %); null means no data.',
    fields: (t) => ({
      periodStart: t.field({
        type: 'DateTime',
        description: 'Start of the period.',
        resolve: (r) => r.periodStart,
      }),
      period: t.exposeString('period', {
        description: 'Start of the period in local time, ISO 8601 with offset.',
      }),
      key: t.exposeString('key', {
        nullable: true,
        description:
          'The dimension value: queue, agent, business line or campaign id, or direction; null when none.',
      }),
      queue: t.field({
        type: QueueRef,
        nullable: true,
        description: 'The queue (QUEUE reports).',
        resolve: (r) => (r.dimension === 'queue' ? r.key : null),
      }),
      agent: t.field({
        type: AgentRef,
        nullable: true,
        description: 'The agent (AGENT reports).',
        resolve: (r) => (r.dimension === 'agent' ? r.key : null),
      }),
      businessLine: t.field({
        type: BusinessLineRef,
        nullable: true,
        description: 'The business line (BUSINESS_LINE reports).',
        resolve: (r) => (r.dimension === 'business-line' ? r.key : null),
      }),
      calls: t.int({ description: 'Finished calls of any kind.', resolve: (r) => r.kpis.calls }),
      offered: t.int({
        description: 'Calls that entered a queue.',
        resolve: (r) => r.kpis.offered,
      }),
      answered: t.int({
        description: 'Offered calls an agent answered.',
        resolve: (r) => r.kpis.answered,
      }),
      abandoned: t.int({
        description: 'Offered calls that ended unanswered.',
        resolve: (r) => r.kpis.abandoned,
      }),
      shortAbandoned: t.int({
        description: 'Abandoned within 5 s of waiting.',
        resolve: (r) => r.kpis.shortAbandoned,
      }),
      abandonedExShort: t.int({
        description: 'Abandoned less short abandons.',
        resolve: (r) => r.kpis.abandonedExShort,
      }),
      abandonRate: t.float({
        nullable: true,
        description: 'abandoned / offered.',
        resolve: (r) => r.kpis.abandonRate,
      }),
      abandonRateExShort: t.float({
        nullable: true,
        description: '(abandoned - short) / (offered - short).',
        resolve: (r) => r.kpis.abandonRateExShort,
      }),
      asaS: t.float({
        nullable: true,
        description: 'Average speed of answer, seconds.',
        resolve: (r) => secs(r.kpis.asaMs),
      }),
      serviceLevel: t.float({
        nullable: true,
        description: 'Answered within T / answered.',
        resolve: (r) => r.kpis.serviceLevel,
      }),
      serviceLevel2: t.float({
        nullable: true,
        description:
          "Asterisk's SL2: (answered within T + abandoned within T) / (answered + abandoned).",
        resolve: (r) => r.kpis.serviceLevel2,
      }),
      serviceLevelS: t.int({
        nullable: true,
        description: "The T of the service levels in seconds; null: each queue's own.",
        resolve: (r) => r.kpis.serviceLevelS,
      }),
      attS: t.float({
        nullable: true,
        description: 'Average talk time, seconds.',
        resolve: (r) => secs(r.kpis.attMs),
      }),
      ahtS: t.float({
        nullable: true,
        description: 'Average handle time (talk + hold + wrap-up), seconds.',
        resolve: (r) => secs(r.kpis.ahtMs),
      }),
      athtS: t.float({
        nullable: true,
        description: 'Average trunk hold time, seconds.',
        resolve: (r) => secs(r.kpis.athtMs),
      }),
      avgAbandonWaitS: t.float({
        nullable: true,
        description: 'Average wait before abandoning, seconds.',
        resolve: (r) => secs(r.kpis.avgAbandonWaitMs),
      }),
      talkS: t.float({
        description: 'Total talk time, seconds.',
        resolve: (r) => r.kpis.talkMs / 1000,
      }),
      holdS: t.float({
        description: 'Total hold time, seconds.',
        resolve: (r) => r.kpis.holdMs / 1000,
      }),
      wrapS: t.float({
        description: 'Total wrap-up time, seconds.',
        resolve: (r) => r.kpis.wrapMs / 1000,
      }),
      transfers: t.int({ description: 'Transfers.', resolve: (r) => r.kpis.transfers }),
      callbacks: t.int({
        description: 'Calls whose caller asked for a callback.',
        resolve: (r) => r.kpis.callbacks,
      }),
      cost: t.float({
        description: "Total cost, in the rate tables' currency.",
        resolve: (r) => r.kpis.costMicros / 1e6,
      }),
      costPerCall: t.float({
        nullable: true,
        description: 'cost / calls.',
        resolve: (r) => (r.kpis.calls > 0 ? r.kpis.costMicros / 1e6 / r.kpis.calls : null),
      }),
      occupancy: t.float({
        nullable: true,
        description:
          "Agents' handling time / (handling + available time); AGENT, BUSINESS_LINE and NONE reports without queue, campaign or direction filters.",
        resolve: (r) => r.kpis.occupancy,
      }),
      utilisation: t.float({
        nullable: true,
        description: "Agents' handling time / logged-in time; same reports as occupancy.",
        resolve: (r) => r.kpis.utilisation,
      }),
    }),
  });

interface KpiReport {
  rows: Array<ReportRow & { dimension: RollupDimension }>;
  query: ReportQuery;
}

function queryOf(args: {
  dimension?: RollupDimension | null;
  groupBy?: GroupBy | null;
  period: { from: Date; to: Date };
  timeZone?: string | null;
  serviceLevelS?: number | null;
  filter?: {
    businessLineIds?: Array<{ id: string }> | null;
    queueIds?: Array<{ id: string }> | null;
    agentIds?: Array<{ id: string }> | null;
    campaignIds?: Array<string | number> | null;
    directions?: string[] | null;
  } | null;
}): ReportQuery {
  const f = args.filter;
  const ids = (list: Array<{ id: string }> | null | undefined) =>
    list ? list.map((v) => v.id) : undefined;
  const campaign = (raw: string) => {
    try {
      return decodeGlobalID(raw).id;
    } catch {
      return raw;
    }
  };
  const q: ReportQuery = {
    dimension: args.dimension ?? 'none',
    groupBy: args.groupBy ?? 'day',
    from: args.period.from.getTime(),
    to: args.period.to.getTime(),
  };
  if (args.timeZone) q.timeZone = args.timeZone;
  if (args.serviceLevelS !== null && args.serviceLevelS !== undefined)
    q.serviceLevelS = args.serviceLevelS;
  const lists = {
    businessLineIds: ids(f?.businessLineIds),
    queueIds: ids(f?.queueIds),
    agentIds: ids(f?.agentIds),
    campaignIds: f?.campaignIds?.map((c) => campaign(String(c))),
    directions: f?.directions ?? undefined,
  };
  for (const [name, values] of Object.entries(lists)) {
    if (values !== undefined) (q as unknown as Record<string, unknown>)[name] = values;
  }
  return q;
}

const exportUrlOf =
  (kind: ReportKind, q: ReportQuery) =>
  (r: unknown, _a: unknown, ctx: Parameters<typeof actorOf>[0]) => {
    void r;
    return ctx.services.links.sign(
      actorOf(ctx),
      '/exports/report.csv',
      undefined,
      reportParams(kind, q),
    );
  };

const KpiReportRef = builder.objectRef<KpiReport>('KpiReport').implement({
  description: 'A KPI report: its rows, and a link to the same report as CSV.',
  fields: (t) => ({
    rows: t.field({
      type: [KpiRowRef],
      description: 'Rows, by period then dimension value.',
      resolve: (r) => r.rows,
    }),
    exportUrl: t.string({
      description:
        'Signed link (valid 10 minutes, for the caller only) that downloads this report as CSV.',
      resolve: (r, a, ctx) => exportUrlOf('kpi', r.query)(r, a, ctx),
    }),
  }),
});

const reportArgs = builder.args((t) => ({
  period: t.field({ type: ReportPeriod, required: true, description: 'The period.' }),
  groupBy: t.field({ type: GroupByEnum, description: 'How time is grouped (default DAY).' }),
  filter: t.field({ type: ReportFilter, description: 'Optional restrictions.' }),
  timeZone: t.string({
    description:
      "IANA time zone of the periods; default the business line's when the report covers one, else UTC.",
  }),
}));

builder.queryField('report', (t) =>
  t.field({
    type: KpiReportRef,
    description:
      'KPIs over a period, split by a dimension and grouped by time. Roles: admin, supervisor, qa (their business lines).',
    authScopes: { permission: 'reports:read' },
    args: {
      ...reportArgs,
      dimension: t.arg({
        type: DimensionEnum,
        description: 'What rows are split by (default NONE).',
      }),
      serviceLevelS: t.arg.int({
        description:
          "Service-level time T in seconds: 10, 15, 20, 30, 45, 60, 90, 120 or 180; default each queue's own.",
      }),
    },
    resolve: async (_root, args, ctx) => {
      const query = queryOf(args as Parameters<typeof queryOf>[0]);
      const rows = await ctx.services.reports.report(actorOf(ctx), query);
      return { query, rows: rows.map((r) => ({ ...r, dimension: query.dimension })) };
    },
  }),
);

const RegionRowRef = builder.objectRef<RegionRow>('RegionRow').implement({
  description: 'Inbound calls of one period from one caller origin.',
  fields: (t) => ({
    periodStart: t.field({
      type: 'DateTime',
      description: 'Start of the period.',
      resolve: (r) => r.periodStart,
    }),
    period: t.exposeString('period', {
      description: 'Start of the period in local time, ISO 8601 with offset.',
    }),
    country: t.exposeString('country', {
      nullable: true,
      description: "ISO country of the caller's number.",
    }),
    region: t.exposeString('region', {
      nullable: true,
      description: 'Region from the prefix table (the country when no prefix matches).',
    }),
    numberType: t.exposeString('numberType', {
      nullable: true,
      description: 'MOBILE, FIXED_LINE, FIXED_LINE_OR_MOBILE, TOLL_FREE, VOIP...',
    }),
    calls: t.exposeInt('calls', { description: 'Inbound calls.' }),
    answered: t.exposeInt('answered', { description: 'Of which answered.' }),
    abandoned: t.exposeInt('abandoned', { description: 'Of which abandoned in a queue.' }),
    talkS: t.float({ description: 'Talk time, seconds.', resolve: (r) => r.talkMs / 1000 }),
    cost: t.float({
      description: "Cost, in the rate tables' currency.",
      resolve: (r) => r.costMicros / 1e6,
    }),
  }),
});

interface RegionReport {
  rows: RegionRow[];
  query: ReportQuery;
}

const RegionReportRef = builder.objectRef<RegionReport>('RegionReport').implement({
  description: 'Calls by caller region: rows and a CSV link.',
  fields: (t) => ({
    rows: t.field({
      type: [RegionRowRef],
      description: 'Rows, by period then most calls first.',
      resolve: (r) => r.rows,
    }),
    exportUrl: t.string({
      description:
        'Signed link (valid 10 minutes, for the caller only) that downloads this report as CSV.',
      resolve: (r, a, ctx) => exportUrlOf('regions', r.query)(r, a, ctx),
    }),
  }),
});

builder.queryField('regionReport', (t) =>
  t.field({
    type: RegionReportRef,
    description:
      "Inbound calls by the caller's country, region (prefix table) and number type. Roles: admin, supervisor, qa.",
    authScopes: { permission: 'reports:read' },
    args: reportArgs,
    resolve: async (_root, args, ctx) => {
      const query = queryOf({ ...(args as Parameters<typeof queryOf>[0]), dimension: 'none' });
      return { query, rows: await ctx.services.reports.regions(actorOf(ctx), query) };
    },
  }),
);

builder.queryField('callsExportUrl', (t) =>
  t.string({
    description:
      'Signed link (valid 10 minutes, for the caller only) that downloads the call records you may see as CSV, streamed.',
    authScopes: { permission: 'calls:read-own' },
    args: {
      from: t.arg({ type: 'DateTime', description: 'Calls started at or after.' }),
      to: t.arg({ type: 'DateTime', description: 'Calls started before.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.links.sign(actorOf(ctx), '/exports/calls.csv', undefined, {
        ...(args.from ? { from: args.from.toISOString() } : {}),
        ...(args.to ? { to: args.to.toISOString() } : {}),
      }),
  }),
);
