/**
 * A report query <-> the query string of its CSV export link, so the link
 * GraphQL hands out (`exportUrl`) reproduces exactly the report asked for.
 */

import type { RollupDimension } from '../app/records/ports.ts';
import type { ReportQuery } from '../app/records/reports-service.ts';
import type { GroupBy } from '../domain/reports/periods.ts';
import { invalidField } from '../domain/shared/errors.ts';

/** Which report an export carries. */
export type ReportKind = 'kpi' | 'regions';

const DIMENSIONS: readonly RollupDimension[] = [
  'queue',
  'agent',
  'campaign',
  'business-line',
  'direction',
  'none',
];
const GROUPS: readonly GroupBy[] = ['hour', 'day', 'week', 'month', 'total'];
const LISTS = ['businessLineIds', 'queueIds', 'agentIds', 'campaignIds', 'directions'] as const;

/** The query string of a report. */
export function reportParams(kind: ReportKind, q: ReportQuery): Record<string, string> {
  const out: Record<string, string> = {
    kind,
    dimension: q.dimension,
    groupBy: q.groupBy,
    from: String(q.from),
    to: String(q.to),
  };
  if (q.timeZone !== undefined) out.timeZone = q.timeZone;
  if (q.serviceLevelS !== undefined) out.serviceLevelS = String(q.serviceLevelS);
  for (const list of LISTS) {
    const values = q[list];
    if (values !== undefined) out[list] = values.join(',');
  }
  return out;
}

function oneOf<T extends string>(
  name: string,
  value: string | null,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === null || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw invalidField(name, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

function time(query: URLSearchParams, name: string): number {
  const raw = query.get(name) ?? '';
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms))
    throw invalidField(name, 'must be an ISO 8601 time or epoch milliseconds');
  return ms;
}

/** The report a query string asks for. */
export function reportFromParams(query: URLSearchParams): {
  kind: ReportKind;
  report: ReportQuery;
} {
  const kind = oneOf<ReportKind>('kind', query.get('kind'), ['kpi', 'regions'], 'kpi');
  const report: ReportQuery = {
    dimension: oneOf('dimension', query.get('dimension'), DIMENSIONS, 'none'),
    groupBy: oneOf('groupBy', query.get('groupBy'), GROUPS, 'day'),
    from: time(query, 'from'),
    to: time(query, 'to'),
  };
  const zone = query.get('timeZone');
  if (zone) report.timeZone = zone;
  const sl = query.get('serviceLevelS');
  if (sl) report.serviceLevelS = Number(sl);
  for (const list of LISTS) {
    const raw = query.get(list);
    if (raw !== null) report[list] = raw === '' ? [] : raw.split(',');
  }
  return { kind, report };
}
