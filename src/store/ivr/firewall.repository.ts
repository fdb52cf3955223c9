/** IVR firewall entries (`ivr_firewall_entries`): block and VIP lists per business line. */
import type { IvrFirewallRepository } from '../../app/ivr/store-ports.ts';
import type { FirewallList, FirewallMatch } from '../../domain/ivr/firewall.ts';
import type { IvrFirewallRecord } from '../../domain/ivr/ivr.records.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { withConstraintErrors } from '../db-errors.ts';
import { type DbTime, toDbTime } from '../db-time.ts';
import { checkOneOf, checkOptionalText, checkText } from '../repositories/input-checks.ts';
import { distinct, inRequestOrder } from '../repositories/listing.ts';
import type { RepositoryDeps } from '../repositories/repository-deps.ts';
import { IVR_REFERENCED, IVR_UNIQUE_KEYS } from './ivr-constraints.ts';
import { msOf, msOrNull, scopedPage } from './ivr-rows.ts';

const TABLE = 'ivr_firewall_entries';

interface EntryRow {
  id: string;
  business_line_id: string;
  list: string;
  match_kind: string;
  value: string;
  label: string | null;
  attempts: number;
  last_attempt_at: DbTime | null;
  created_at: DbTime;
  updated_at: DbTime;
}

const toEntry = (r: EntryRow): IvrFirewallRecord => ({
  id: r.id,
  businessLineId: r.business_line_id,
  list: r.list as FirewallList,
  match: r.match_kind as FirewallMatch,
  value: r.value,
  label: r.label,
  attempts: r.attempts,
  lastAttemptAt: msOrNull(r.last_attempt_at),
  createdAt: msOf(r.created_at),
  updatedAt: msOf(r.updated_at),
});

/** The firewall repository over `deps.db`. */
export function createIvrFirewallRepository(deps: RepositoryDeps): IvrFirewallRepository {
  const { db, clock } = deps;
  const load = async (id: string) => {
    const row = await db<EntryRow>(TABLE).where('id', id).first();
    return row ? toEntry(row) : undefined;
  };
  return {
    get: load,
    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await db<EntryRow>(TABLE).whereIn('id', distinct(ids));
      return inRequestOrder(ids, rows.map(toEntry));
    },
    async list(filter, page) {
      const qb = db<EntryRow>(TABLE).orderBy('list').orderBy('value').orderBy('id');
      if (filter.list) qb.where('list', filter.list);
      return ((await scopedPage(qb, filter, page)) as EntryRow[]).map(toEntry);
    },
    async listForLine(businessLineId) {
      const rows = await db<EntryRow>(TABLE).where('business_line_id', businessLineId);
      return rows.map(toEntry);
    },
    async create(input) {
      checkOneOf('list', input.list, ['block', 'vip']);
      checkOneOf('match', input.match, ['number', 'prefix', 'anonymous']);
      checkText('value', input.value, 32, input.match === 'anonymous');
      checkOptionalText('label', input.label, 255);
      const id = crypto.randomUUID();
      const now = toDbTime(clock.now());
      const rules = {
        unique: [{ key: IVR_UNIQUE_KEYS.firewallEntry, value: input.value || 'anonymous' }],
        references: [
          {
            field: 'businessLineId',
            target: IVR_REFERENCED.businessLine,
            ids: [input.businessLineId],
          },
        ],
      };
      await withConstraintErrors(db, rules, () =>
        db(TABLE).insert({
          id,
          business_line_id: input.businessLineId,
          list: input.list,
          match_kind: input.match,
          value: input.value,
          label: input.label,
          attempts: 0,
          last_attempt_at: null,
          created_at: now,
          updated_at: now,
        }),
      );
      return (await load(id))!;
    },
    async update(id, patch) {
      checkOptionalText('label', patch.label, 255);
      const n = await db(TABLE)
        .update({ label: patch.label, updated_at: toDbTime(clock.now()) })
        .where('id', id);
      if (n === 0) throw notFound('IvrFirewallEntry', id);
      return (await load(id))!;
    },
    async delete(id) {
      const n = await db(TABLE).delete().where('id', id);
      if (n === 0) throw notFound('IvrFirewallEntry', id);
    },
    async countAttempt(id, at) {
      // One UPDATE: concurrent calls never lose a count.
      await db(TABLE)
        .update({ attempts: db.raw('attempts + 1'), last_attempt_at: toDbTime(at) })
        .where('id', id);
    },
  };
}
