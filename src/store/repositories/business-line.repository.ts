/** Business lines (tenants) on the `business_lines` table. */
import type { BusinessLineRepository } from '../../app/ports.ts';
import type { BusinessLine } from '../../domain/directory/entities.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { UNIQUE_KEYS } from '../constraints.ts';
import { withConstraintErrors } from '../db-errors.ts';
import { fromDbTime, toDbTime } from '../db-time.ts';
import { BusinessLineModel } from '../models/business-line.model.ts';
import { checkText } from './input-checks.ts';
import { checkPage, distinct, inRequestOrder, paged, scoped, selectsNothing } from './listing.ts';
import { atomically, type RepositoryDeps } from './repository-deps.ts';

type Row = Pick<
  BusinessLineModel,
  'id' | 'name' | 'timezone' | 'default_country' | 'created_at' | 'updated_at'
>;

function toBusinessLine(row: Row): BusinessLine {
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    defaultCountry: row.default_country,
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
  };
}

function checkFields(input: Partial<Pick<BusinessLine, 'name' | 'timezone' | 'defaultCountry'>>) {
  if (input.name !== undefined) checkText('name', input.name, 255);
  if (input.timezone !== undefined) checkText('timezone', input.timezone, 64);
  if (input.defaultCountry !== undefined) checkText('defaultCountry', input.defaultCountry, 2);
}

const nameRule = (name: string | undefined) => ({
  unique: name === undefined ? [] : [{ key: UNIQUE_KEYS.businessLineName, value: name }],
});

/** The business-line repository over `deps.db`. */
export function createBusinessLineRepository({
  db,
  clock,
}: RepositoryDeps): BusinessLineRepository {
  return {
    async get(id) {
      const row = await BusinessLineModel.query(db).findById(id);
      return row ? toBusinessLine(row) : undefined;
    },

    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await BusinessLineModel.query(db).findByIds(distinct(ids));
      return inRequestOrder(ids, rows.map(toBusinessLine));
    },

    async getByName(name) {
      const row = await BusinessLineModel.query(db).findOne({ name });
      return row ? toBusinessLine(row) : undefined;
    },

    async list(filter, page) {
      checkPage(page);
      if (selectsNothing(filter)) return [];
      const rows = await BusinessLineModel.query(db)
        .modify(scoped('id', filter))
        .orderBy('name')
        .orderBy('id')
        .modify(paged(page));
      return rows.map(toBusinessLine);
    },

    async create(input) {
      checkFields(input);
      const now = toDbTime(clock.now());
      const row: Row = {
        id: crypto.randomUUID(),
        name: input.name,
        timezone: input.timezone,
        default_country: input.defaultCountry,
        created_at: now,
        updated_at: now,
      };
      await withConstraintErrors(db, nameRule(input.name), () =>
        BusinessLineModel.query(db).insert(row),
      );
      return toBusinessLine(row);
    },

    async update(id, patch) {
      checkFields(patch);
      const changes = {
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.timezone === undefined ? {} : { timezone: patch.timezone }),
        ...(patch.defaultCountry === undefined ? {} : { default_country: patch.defaultCountry }),
        updated_at: toDbTime(clock.now()),
      };
      return withConstraintErrors(db, nameRule(patch.name), () =>
        atomically(db, async (trx) => {
          const existing = await BusinessLineModel.query(trx).findById(id);
          if (!existing) throw notFound('BusinessLine', id);
          await BusinessLineModel.query(trx).patch(changes).where('id', id);
          return toBusinessLine({ ...existing, ...changes });
        }),
      );
    },
  };
}
