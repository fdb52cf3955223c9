/**
 * Importing a CSV calling list (DIAL-2): rows stream in from a CSV source,
 * each is checked and normalised (`rowParser`), numbers already in the
 * campaign or on a do-not-call list are skipped, good rows are written in
 * batches, and every rejected row is reported with its row number and
 * reason. Progress (rows done / total, rate) is kept in memory for the API
 * while the import runs and written to the import record after each batch.
 *
 * A file cut in the middle or a cancelled import keeps the batches already
 * written; importing the same file again resumes it, since the rows
 * already there are skipped as duplicates.
 */
import { type DncLists, dncKey, isBlocked } from '../../domain/dialer/dnc.ts';
import {
  type ColumnMapping,
  missingColumns,
  type RowParser,
  type RowRules,
  rowParser,
} from '../../domain/dialer/list-row.ts';
import type { NumberSet } from '../../domain/dialer/number-set.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { DialerStore, ImportRowError, ListImport, NewRecord } from './ports.ts';

/** One data row of a CSV file (row 1 is the first row after the header). */
export interface CsvRow {
  readonly rowNumber: number;
  readonly fields: Readonly<Record<string, string>>;
}

/** A CSV file being read. */
export interface CsvSource {
  /** The header's column names; resolves once reading has started. */
  readonly header: Promise<readonly string[]>;
  /** Data rows; rows the parser cannot read come as `error` instead. */
  readonly rows: AsyncIterable<CsvRow | { readonly rowNumber: number; readonly error: string }>;
  /** Data rows in the file, counted ahead; null when unknown. */
  readonly totalRows: Promise<number | null>;
}

/** Opens a CSV source: text given inline, or a file on the server. */
export type CsvOpener = (input: { text: string } | { path: string }) => CsvSource;

/** Live progress of a running import. */
export interface ImportProgress {
  rowsDone: number;
  rowsTotal: number | null;
  imported: number;
  duplicates: number;
  dnc: number;
  errors: number;
  startedAt: number;
  /** Rows per second so far. */
  rate: number;
  readonly abort: AbortController;
}

/** What an import needs. */
export interface ImportJob {
  readonly imp: ListImport;
  readonly listId: string;
  readonly campaignId: string;
  readonly mapping: ColumnMapping;
  readonly rules: RowRules;
  readonly dnc: DncLists;
  readonly source: CsvSource;
}

/**
 * Rows (good and rejected) per transaction. Small on purpose: rows waiting
 * for their batch outlive a young-generation collection when batches are
 * large (2,000 and more), get promoted, and the old generation then swings
 * by 60-100 MB between full collections. At 500 they mostly die young, and
 * a commit (WAL, synchronous=NORMAL: no fsync) costs little.
 */
const BATCH = 500;

/** Runs one import to its end; resolves with its final state (never throws). */
export async function runImport(
  deps: { store: DialerStore; clock: Clock; logger: Logger },
  job: ImportJob,
  progress: ImportProgress,
): Promise<ListImport> {
  const { store, clock } = deps;
  const log = deps.logger.child({ component: 'dialer-import', importId: job.imp.id });
  const seen = await store.records.numberKeys(job.campaignId);
  const check = rowParser(job.mapping, job.rules);
  void job.source.totalRows.then((n) => {
    progress.rowsTotal = n;
    // Room for every number of the file at once: growing the set mid-import would
    // hold the old and the new table together at the import's busiest moment.
    if (n !== null) seen.reserve(seen.size + n * job.mapping.phones.length);
  });
  let batch: NewRecord[] = [];
  let errors: ImportRowError[] = [];
  const flush = async () => {
    const rows = batch;
    const failed = errors;
    batch = [];
    errors = [];
    progress.imported += rows.length;
    await store.transaction(async (tx) => {
      await tx.records.insertMany(rows);
      await tx.imports.addErrors(job.imp.id, failed);
      await tx.imports.update(job.imp.id, countsOf(progress));
    });
    const seconds = Math.max(0.001, (clock.now() - progress.startedAt) / 1000);
    progress.rate = progress.rowsDone / seconds;
  };
  const reject = (rowNumber: number, reason: string) => {
    errors.push({ rowNumber, reason });
    progress.errors += 1;
  };
  let status: ListImport['status'] = 'completed';
  let message: string | null = null;
  try {
    let checkedHeader = false;
    for await (const item of job.source.rows) {
      if (!checkedHeader) {
        checkedHeader = true;
        const missing = missingColumns(job.mapping, await job.source.header);
        if (missing.length > 0) throw new ImportRefused(`missing columns: ${missing.join(', ')}`);
      }
      progress.rowsDone += 1;
      if ('error' in item) reject(item.rowNumber, item.error);
      else accept(item, job, check, seen, progress, batch, reject, progress.startedAt);
      if (batch.length + errors.length >= BATCH) {
        if (progress.abort.signal.aborted) break;
        await flush();
      }
    }
    if (!checkedHeader) {
      const missing = missingColumns(job.mapping, await job.source.header);
      if (missing.length > 0) throw new ImportRefused(`missing columns: ${missing.join(', ')}`);
      message = 'the file has no data rows';
    }
    if (progress.abort.signal.aborted) {
      status = 'cancelled';
      message = 'cancelled; rows already written stay, importing the file again resumes it';
    }
  } catch (error) {
    status = 'failed';
    message =
      error instanceof ImportRefused
        ? error.message
        : `the file could not be read past row ${progress.rowsDone}: ${String((error as Error).message ?? error)}`;
    log.warn({ rowsDone: progress.rowsDone, reason: message }, 'import stopped');
  }
  await flush();
  progress.rowsTotal ??= progress.rowsDone;
  await store.imports.update(job.imp.id, {
    ...countsOf(progress),
    rowsTotal: status === 'completed' ? progress.rowsDone : progress.rowsTotal,
    status,
    message,
    finishedAt: clock.now(),
  });
  log.info({ ...countsOf(progress), status }, 'import finished');
  return (await store.imports.get(job.imp.id))!;
}

class ImportRefused extends Error {}

function accept(
  item: CsvRow,
  job: ImportJob,
  check: RowParser,
  seen: NumberSet,
  progress: ImportProgress,
  batch: NewRecord[],
  reject: (row: number, reason: string) => void,
  now: number,
): void {
  const parsed = check(item.fields);
  if (!parsed.ok) {
    reject(item.rowNumber, parsed.reason);
    return;
  }
  const fresh = parsed.row.numbers.filter((n) => !seen.has(dncKey(n.e164)));
  if (fresh.length === 0) {
    progress.duplicates += 1;
    return;
  }
  const allowed = fresh.filter((n) => !isBlocked(job.dnc, n.e164));
  if (allowed.length === 0) {
    progress.dnc += 1;
    return;
  }
  for (const n of allowed) seen.add(dncKey(n.e164));
  batch.push({
    listId: job.listId,
    campaignId: job.campaignId,
    name: parsed.row.name || `Row ${item.rowNumber}`,
    externalId: parsed.row.externalId,
    data: parsed.row.data,
    numbers: allowed.map((n) => ({
      e164: n.e164,
      timezone: n.timezone,
      country: n.country,
      attempts: 0,
      status: 'active' as const,
    })),
    status: 'pending',
    nextAt: now,
  });
}

function countsOf(p: ImportProgress) {
  return {
    rowsDone: p.rowsDone,
    rowsTotal: p.rowsTotal,
    imported: p.imported,
    duplicates: p.duplicates,
    dnc: p.dnc,
    errors: p.errors,
  };
}
