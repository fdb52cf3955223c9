/** CSV imports (`dialer_imports`) and their rejected rows (`dialer_import_errors`). */
import type { DialerRepositories, ImportStatus, ListImport } from '../../app/dialer/ports.ts';
import { type DbTime, fromDbTime, fromDbTimeOrNull, toDbTime, toDbTimeOrNull } from '../db-time.ts';
import { checkPage } from '../repositories/listing.ts';
import type { RepositoryDeps } from '../repositories/repository-deps.ts';

const IMPORTS = 'dialer_imports';
const ERRORS = 'dialer_import_errors';
const CHUNK = 500;

interface ImportRow {
  id: string;
  list_id: string;
  status: string;
  rows_total: number | null;
  rows_done: number;
  imported: number;
  duplicates: number;
  dnc: number;
  errors: number;
  message: string | null;
  started_at: DbTime;
  finished_at: DbTime | null;
}

const toImport = (r: ImportRow): ListImport => ({
  id: r.id,
  listId: r.list_id,
  status: r.status as ImportStatus,
  rowsTotal: r.rows_total,
  rowsDone: r.rows_done,
  imported: r.imported,
  duplicates: r.duplicates,
  dnc: r.dnc,
  errors: r.errors,
  message: r.message,
  startedAt: fromDbTime(r.started_at),
  finishedAt: fromDbTimeOrNull(r.finished_at),
});

/** Import operations. */
export function createImportRepository({ db }: RepositoryDeps): DialerRepositories['imports'] {
  const get = async (id: string) => {
    const row = (await db(IMPORTS).where({ id }).first()) as ImportRow | undefined;
    return row === undefined ? undefined : toImport(row);
  };
  return {
    get,
    async create(listId, startedAt) {
      const id = crypto.randomUUID();
      await db(IMPORTS).insert({
        id,
        list_id: listId,
        status: 'running',
        rows_total: null,
        rows_done: 0,
        imported: 0,
        duplicates: 0,
        dnc: 0,
        errors: 0,
        message: null,
        started_at: toDbTime(startedAt),
        finished_at: null,
      });
      return (await get(id))!;
    },
    async update(id, p) {
      const cols: Record<string, unknown> = {
        status: p.status,
        rows_total: p.rowsTotal,
        rows_done: p.rowsDone,
        imported: p.imported,
        duplicates: p.duplicates,
        dnc: p.dnc,
        errors: p.errors,
        message: p.message,
        finished_at: p.finishedAt === undefined ? undefined : toDbTimeOrNull(p.finishedAt),
      };
      const set = Object.fromEntries(Object.entries(cols).filter(([, v]) => v !== undefined));
      await db(IMPORTS).where({ id }).update(set);
    },
    async addErrors(importId, errors) {
      const rows = errors.map((e) => ({
        import_id: importId,
        row_number: e.rowNumber,
        reason: e.reason.slice(0, 255),
      }));
      for (let i = 0; i < rows.length; i += CHUNK)
        await db(ERRORS).insert(rows.slice(i, i + CHUNK));
    },
    async errors(importId, page) {
      checkPage(page);
      const rows = (await db(ERRORS)
        .where({ import_id: importId })
        .orderBy('row_number')
        .offset(page.offset)
        .limit(page.limit)) as Array<{ row_number: number; reason: string }>;
      return rows.map((r) => ({ rowNumber: r.row_number, reason: r.reason }));
    },
  };
}
