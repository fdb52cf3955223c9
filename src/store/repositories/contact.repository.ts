/** Contacts (`contacts`) and their phone numbers (`contact_phones`). */
import type { Knex } from 'knex';
import type { ContactInput, ContactRepository } from '../../app/ports.ts';
import type { Contact, ContactPhone } from '../../domain/directory/entities.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { REFERENCED } from '../constraints.ts';
import { withConstraintErrors } from '../db-errors.ts';
import { fromDbTime, toDbTime } from '../db-time.ts';
import { ContactModel } from '../models/contact.model.ts';
import { ContactPhoneModel } from '../models/contact-phone.model.ts';
import { insertChildRows, replaceChildRows } from './child-rows.ts';
import { checkLongText, checkOptionalText, checkText, checkUnique } from './input-checks.ts';
import { checkPage, distinct, inRequestOrder, paged, scoped, selectsNothing } from './listing.ts';
import { atomically, type RepositoryDeps } from './repository-deps.ts';

function toContact(row: ContactModel): Contact {
  return {
    id: row.id,
    businessLineId: row.business_line_id,
    name: row.name,
    company: row.company,
    notes: row.notes,
    phones: (row.phones ?? []).map((p) => ({ e164: p.e164, label: p.label })),
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
  };
}

function checkFields(input: Partial<ContactInput>): void {
  if (input.name !== undefined) checkText('name', input.name, 255);
  if (input.company !== undefined) checkOptionalText('company', input.company, 255);
  if (input.notes !== undefined) checkLongText('notes', input.notes);
  if (input.phones !== undefined) {
    for (const phone of input.phones) {
      checkText('phones.e164', phone.e164, 32);
      checkText('phones.label', phone.label, 64, true);
    }
    checkUnique(
      'phones',
      input.phones.map((p) => p.e164),
    );
  }
}

const lineRule = (input: Partial<ContactInput>) => ({
  references: [
    { field: 'businessLineId', target: REFERENCED.businessLine, ids: [input.businessLineId] },
  ],
});

function columnsOf(input: Partial<ContactInput>) {
  return {
    ...(input.businessLineId === undefined ? {} : { business_line_id: input.businessLineId }),
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.company === undefined ? {} : { company: input.company }),
    ...(input.notes === undefined ? {} : { notes: input.notes }),
  };
}

/** `!` escapes LIKE's wildcards so that a search for "50%" finds "50%" literally. */
function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** Contacts with their phones: one query for the contacts, one for all their phones. */
function withPhones(db: Knex) {
  return ContactModel.query(db)
    .withGraphFetched('phones')
    .modifyGraph('phones', (qb) => qb.orderBy('position'));
}

/** Ids of contacts having `e164` among their numbers (uses the e164 index). */
const havingPhone = (db: Knex, e164: string) =>
  db(ContactPhoneModel.tableName).select('contact_id').where('e164', e164);

/** A contact's phone rows, `position` keeping the order given. */
const phoneRows = (contactId: string, phones: readonly ContactPhone[]) =>
  phones.map((p, position) => ({ contact_id: contactId, e164: p.e164, label: p.label, position }));

/** The contact repository over `deps.db`. */
export function createContactRepository({ db, clock }: RepositoryDeps): ContactRepository {
  const load = async (executor: Knex, id: string) => {
    const row = await withPhones(executor).findById(id);
    return row ? toContact(row) : undefined;
  };

  return {
    get: (id) => load(db, id),

    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await withPhones(db).findByIds(distinct(ids));
      return inRequestOrder(ids, rows.map(toContact));
    },

    /** `search`: case-insensitive substring of name or company; `phone`: exact E.164. */
    async list(filter, page) {
      checkPage(page);
      if (selectsNothing(filter)) return [];
      const rows = await withPhones(db)
        .modify(scoped('business_line_id', filter))
        .modify((qb) => {
          if (filter.search) {
            const pattern = likePattern(filter.search);
            qb.where((w) =>
              w
                .whereRaw("LOWER(??) LIKE ? ESCAPE '!'", ['name', pattern])
                .orWhereRaw("LOWER(??) LIKE ? ESCAPE '!'", ['company', pattern]),
            );
          }
          if (filter.phone !== undefined) qb.whereIn('id', havingPhone(db, filter.phone));
        })
        .orderBy('name')
        .orderBy('id')
        .modify(paged(page));
      return rows.map(toContact);
    },

    async findByPhone(businessLineId, e164) {
      const rows = await withPhones(db)
        .where('business_line_id', businessLineId)
        .whereIn('id', havingPhone(db, e164))
        .orderBy('name')
        .orderBy('id');
      return rows.map(toContact);
    },

    async create(input) {
      checkFields(input);
      const now = toDbTime(clock.now());
      const id = crypto.randomUUID();
      await withConstraintErrors(db, lineRule(input), () =>
        atomically(db, async (trx) => {
          await ContactModel.query(trx).insert({
            id,
            ...columnsOf(input),
            created_at: now,
            updated_at: now,
          });
          await insertChildRows(trx, ContactPhoneModel.tableName, phoneRows(id, input.phones));
        }),
      );
      return (await load(db, id))!;
    },

    async update(id, patch) {
      checkFields(patch);
      const changes = { ...columnsOf(patch), updated_at: toDbTime(clock.now()) };
      return withConstraintErrors(db, lineRule(patch), () =>
        atomically(db, async (trx) => {
          const patched = await ContactModel.query(trx).patch(changes).where('id', id);
          if (patched === 0) throw notFound('Contact', id);
          if (patch.phones) {
            const rows = phoneRows(id, patch.phones);
            await replaceChildRows(trx, ContactPhoneModel.tableName, 'contact_id', id, rows);
          }
          return (await load(trx, id))!;
        }),
      );
    },

    /** Cascades to the contact's phones. */
    async delete(id) {
      const deleted = await ContactModel.query(db).deleteById(id);
      if (deleted === 0) throw notFound('Contact', id);
    },
  };
}
