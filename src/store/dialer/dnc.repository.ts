/** The do-not-call list (`dialer_dnc`): numbers per scope, a business line id or `global`. */
import type { DialerRepositories, DncEntry } from '../../app/dialer/ports.ts';
import { dncKey } from '../../domain/dialer/dnc.ts';
import { NumberSet } from '../../domain/dialer/number-set.ts';
import type { UniqueKey } from '../constraints.ts';
import { withConstraintErrors } from '../db-errors.ts';
import { type DbTime, fromDbTime, toDbTime } from '../db-time.ts';
import { checkPage } from '../repositories/listing.ts';
import type { RepositoryDeps } from '../repositories/repository-deps.ts';

const DNC = 'dialer_dnc';

/** One number once per scope. */
export const DNC_KEY: UniqueKey = {
  table: DNC,
  columns: ['scope', 'e164'],
  index: 'dialer_dnc_scope_e164_unique',
  entity: 'DncEntry',
  field: 'number',
};

interface DncRow {
  id: string;
  scope: string;
  e164: string;
  reason: string;
  created_at: DbTime;
}

const toEntry = (r: DncRow): DncEntry => ({
  id: r.id,
  scope: r.scope,
  e164: r.e164,
  reason: r.reason,
  createdAt: fromDbTime(r.created_at),
});

/** Lookups are chunked so a long number list never exceeds bound-variable limits. */
const CHUNK = 500;

/** DNC operations. */
export function createDncRepository({ db, clock }: RepositoryDeps): DialerRepositories['dnc'] {
  return {
    async add(entry) {
      const row = {
        id: crypto.randomUUID(),
        scope: entry.scope,
        e164: entry.e164,
        reason: entry.reason,
        created_at: toDbTime(clock.now()),
      };
      await withConstraintErrors(db, { unique: [{ key: DNC_KEY, value: entry.e164 }] }, () =>
        db(DNC).insert(row),
      );
      return toEntry(row);
    },
    async remove(scope, e164) {
      return (await db(DNC).where({ scope, e164 }).delete()) > 0;
    },
    async list(scopes, page) {
      checkPage(page);
      if (scopes.length === 0) return [];
      const rows = (await db(DNC)
        .whereIn('scope', [...scopes])
        .orderBy([{ column: 'e164' }, { column: 'scope' }])
        .offset(page.offset)
        .limit(page.limit)) as DncRow[];
      return rows.map(toEntry);
    },
    async blocked(scopes, e164s) {
      const found = new Set<string>();
      for (let i = 0; i < e164s.length; i += CHUNK) {
        const rows = (await db(DNC)
          .select('e164')
          .whereIn('scope', [...scopes])
          .whereIn('e164', e164s.slice(i, i + CHUNK))) as Array<{ e164: string }>;
        for (const r of rows) found.add(r.e164);
      }
      return found;
    },
    async keys(scope) {
      const keys = new NumberSet();
      const stream = db(DNC).select('e164').where({ scope }).stream();
      for await (const row of stream as AsyncIterable<{ e164: string }>) keys.add(dncKey(row.e164));
      return keys;
    },
  };
}
