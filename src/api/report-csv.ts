/**
 * CSV exports over HTTP (RPT-6), streamed page by page so an export of a
 * year of calls never sits in memory:
 *
 * - `GET /exports/calls.csv?from=&to=&queueId=&agentId=`: call records the
 *   caller may see (the same rules as the `calls` query);
 * - `GET /exports/report.csv?kind=&dimension=&groupBy=&from=&to=&...`: any
 *   report the `report` query gives, one row per group.
 *
 * Times are ISO 8601 UTC; ids are global IDs as in the API. Cells that a
 * spreadsheet would run as a formula are prefixed with `'` (CSV injection).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import type { Actor } from '../app/actor.ts';
import type { Services } from '../app/services.ts';
import type { CallRecord } from '../domain/call/call-record.ts';
import { invalidField } from '../domain/shared/errors.ts';
import { reportCsvRows } from './report-csv-rows.ts';

const EXPORT = /^\/exports\/(calls|report)\.csv$/;
const PAGE = 500;

/** True for an export path. */
export const isExportPath = (path: string): boolean => EXPORT.test(path);

/** One CSV cell. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value) : String(value);
  if (/^[=@\t\r]/.test(text) || /^[+-][^0-9]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (CRLF, as RFC 4180 says). */
export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? '' : new Date(ms).toISOString();

const gid = (type: string, id: string | null | undefined) => (id ? encodeGlobalID(type, id) : '');

/** A global ID (or plain id) from a query parameter, for `typename`. */
export function idParam(
  query: URLSearchParams,
  name: string,
  typename: string,
): string | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  try {
    const decoded = decodeGlobalID(raw);
    if (decoded.typename !== typename) throw invalidField(name, `must be a ${typename} ID`);
    return decoded.id;
  } catch (error) {
    if (error instanceof Error && error.name === 'DomainError') throw error;
    return raw;
  }
}

/** A time query parameter (ISO 8601 or epoch ms). */
export function timeParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms))
    throw invalidField(name, 'must be an ISO 8601 time or epoch milliseconds');
  return ms;
}

const CALL_HEADER = [
  'id',
  'linked_id',
  'direction',
  'ani',
  'dnis',
  'business_line_id',
  'queue_id',
  'agent_id',
  'campaign_id',
  'started_at',
  'queue_entered_at',
  'answered_at',
  'ended_at',
  'hangup_cause',
  'hangup_by',
  'disposition',
  'notes',
  'hold_ms',
  'wrap_up_ms',
  'transfers',
  'callback_requested',
  'trunk',
  'caller_country',
  'caller_region',
  'cost_micros',
  'source',
];

function callRow(c: CallRecord): unknown[] {
  return [
    gid('Call', c.id),
    c.linkedId,
    c.direction,
    c.ani,
    c.dnis,
    gid('BusinessLine', c.businessLineId),
    gid('Queue', c.queueId),
    gid('Agent', c.agentId),
    c.campaignId ?? '',
    iso(c.startedAt),
    iso(c.queueEnteredAt),
    iso(c.answeredAt),
    iso(c.endedAt),
    c.hangupCause,
    c.hangupBy,
    c.disposition,
    c.notes,
    c.holdMs,
    c.wrapUpMs,
    c.transfers,
    c.callbackRequested ? 1 : 0,
    c.trunk,
    c.callerCountry,
    c.callerRegion,
    c.costMicros,
    c.source,
  ];
}

async function write(res: ServerResponse, text: string): Promise<void> {
  if (!res.write(text)) await new Promise((resolve) => res.once('drain', resolve));
}

function start(res: ServerResponse, name: string): void {
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'private, no-store',
  });
}

async function exportCalls(
  res: ServerResponse,
  services: Services,
  actor: Actor,
  query: URLSearchParams,
) {
  const filter = {
    from: timeParam(query, 'from'),
    to: timeParam(query, 'to'),
    queueId: idParam(query, 'queueId', 'Queue'),
    agentId: idParam(query, 'agentId', 'Agent'),
  };
  // The first page before the header: a refused export fails with a status, not half a file.
  let page = await services.calls.list(actor, filter, { offset: 0, limit: PAGE });
  start(res, 'calls.csv');
  await write(res, csvLine(CALL_HEADER));
  for (let offset = 0; page.length > 0; ) {
    await write(res, page.map((c) => csvLine(callRow(c))).join(''));
    if (page.length < PAGE) break;
    offset += PAGE;
    page = await services.calls.list(actor, filter, { offset, limit: PAGE });
  }
  res.end();
}

/** Streams one export. */
export async function serveExport(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
  actor: Actor,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://callwright.invalid');
  const kind = EXPORT.exec(url.pathname)?.[1];
  if (kind === 'calls') {
    await exportCalls(res, services, actor, url.searchParams);
    return;
  }
  const rows = await reportCsvRows(services, actor, url.searchParams);
  start(res, 'report.csv');
  for (const row of rows) await write(res, csvLine(row));
  res.end();
}
