/**
 * The rows of a report CSV export: a header, then one line per period and
 * dimension value (KPI reports) or per period and caller origin (region
 * reports). Times are seconds, ratios fractions, costs currency units.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Actor } from '../app/actor.ts';
import type { RollupDimension } from '../app/records/ports.ts';
import type { Services } from '../app/services.ts';
import type { Kpis } from '../domain/reports/kpi.ts';
import { reportFromParams } from './report-params.ts';

const TYPE_OF: Partial<Record<RollupDimension, string>> = {
  queue: 'Queue',
  agent: 'Agent',
  'business-line': 'BusinessLine',
};

const s = (ms: number | null) => (ms === null ? null : ms / 1000);

const KPI_COLUMNS: Array<[string, (k: Kpis) => unknown]> = [
  ['calls', (k) => k.calls],
  ['offered', (k) => k.offered],
  ['answered', (k) => k.answered],
  ['abandoned', (k) => k.abandoned],
  ['short_abandoned', (k) => k.shortAbandoned],
  ['abandoned_ex_short', (k) => k.abandonedExShort],
  ['abandon_rate', (k) => k.abandonRate],
  ['abandon_rate_ex_short', (k) => k.abandonRateExShort],
  ['asa_s', (k) => s(k.asaMs)],
  ['service_level', (k) => k.serviceLevel],
  ['service_level_2', (k) => k.serviceLevel2],
  ['att_s', (k) => s(k.attMs)],
  ['aht_s', (k) => s(k.ahtMs)],
  ['atht_s', (k) => s(k.athtMs)],
  ['avg_abandon_wait_s', (k) => s(k.avgAbandonWaitMs)],
  ['talk_s', (k) => s(k.talkMs)],
  ['hold_s', (k) => s(k.holdMs)],
  ['wrap_s', (k) => s(k.wrapMs)],
  ['transfers', (k) => k.transfers],
  ['callbacks', (k) => k.callbacks],
  ['cost', (k) => k.costMicros / 1e6],
  ['occupancy', (k) => k.occupancy],
  ['utilisation', (k) => k.utilisation],
];

/** Header and rows of the report a query string asks for. */
export async function reportCsvRows(
  services: Services,
  actor: Actor,
  query: URLSearchParams,
): Promise<unknown[][]> {
  const { kind, report } = reportFromParams(query);
  if (kind === 'regions') {
    const rows = await services.reports.regions(actor, report);
    return [
      [
        'period',
        'country',
        'region',
        'number_type',
        'calls',
        'answered',
        'abandoned',
        'talk_s',
        'cost',
      ],
      ...rows.map((r) => [
        r.period,
        r.country,
        r.region,
        r.numberType,
        r.calls,
        r.answered,
        r.abandoned,
        r.talkMs / 1000,
        r.costMicros / 1e6,
      ]),
    ];
  }
  const rows = await services.reports.report(actor, report);
  const type = TYPE_OF[report.dimension];
  return [
    ['period', report.dimension, ...KPI_COLUMNS.map(([name]) => name)],
    ...rows.map((r) => [
      r.period,
      r.key === null ? '' : type ? encodeGlobalID(type, r.key) : r.key,
      ...KPI_COLUMNS.map(([, get]) => get(r.kpis)),
    ]),
  ];
}
