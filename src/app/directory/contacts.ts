/**
 * Contacts (AGT-1 screen pop): customers and their numbers, each number
 * normalised to E.164 in the business line's default country.
 */
import type { Contact, ContactPhone } from '../../domain/directory/entities.ts';
import { normaliseName } from '../../domain/directory/validation.ts';
import { DomainError, invalidField, notFound } from '../../domain/shared/errors.ts';
import { normalisePhone } from '../../domain/shared/phone.ts';
import { type Actor, requireLine, requirePermission, scopeOf, seesLine } from '../actor.ts';
import type { ContactInput, PageRequest, Repositories } from '../ports.ts';
import { auditedChange, type DirectoryDeps, stripUndefined } from './deps.ts';

/** Contact fields as the API receives them; phones in any readable form. */
export interface ContactInputRaw {
  businessLineId: string;
  name: string;
  company?: string | null;
  notes?: string | null;
  phones?: readonly ContactPhone[];
}

async function clean(tx: Repositories, raw: ContactInputRaw): Promise<ContactInput> {
  const line = await tx.businessLines.get(raw.businessLineId);
  if (!line) throw invalidField('businessLineId', `business line ${raw.businessLineId} not found`);
  const phones: ContactPhone[] = [];
  for (const [i, p] of (raw.phones ?? []).entries()) {
    let e164: string;
    try {
      e164 = normalisePhone(p.e164, line.defaultCountry).e164;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw new DomainError('INVALID_PHONE_NUMBER', `phones[${i}]: ${error.message}`, {
        ...error.details,
        field: `phones[${i}].number`,
      });
    }
    if (!phones.some((q) => q.e164 === e164))
      phones.push({ e164, label: p.label.trim() || 'main' });
  }
  return {
    businessLineId: line.id,
    name: normaliseName('name', raw.name),
    company: raw.company?.trim() || null,
    notes: raw.notes?.trim() || null,
    phones,
  };
}

/** Creates the contact service. */
export function createContactService(deps: DirectoryDeps) {
  const { store } = deps;

  async function getForChange(tx: Repositories, actor: Actor, id: string): Promise<Contact> {
    const contact = await tx.contacts.get(id);
    if (!contact || !seesLine(actor, contact.businessLineId)) throw notFound('Contact', id);
    return contact;
  }

  return {
    async list(actor: Actor, filter: { search?: string; phone?: string }, page: PageRequest) {
      requirePermission(actor, 'contacts:read');
      const phone = filter.phone ? normalisePhone(filter.phone).e164 : undefined;
      return store.contacts.list({ ...scopeOf(actor), search: filter.search, phone }, page);
    },
    async load(actor: Actor, ids: readonly string[]) {
      requirePermission(actor, 'contacts:read');
      const rows = await store.contacts.getMany(ids);
      return ids.map((id) => rows.find((c) => c.id === id && seesLine(actor, c.businessLineId)));
    },
    async create(actor: Actor, raw: ContactInputRaw) {
      requirePermission(actor, 'contacts:write');
      requireLine(actor, raw.businessLineId);
      return (await auditedChange<Contact>(
        deps,
        actor,
        'contact.create',
        'Contact',
        async (tx) => ({
          after: await tx.contacts.create(await clean(tx, raw)),
        }),
      ))!;
    },
    async update(actor: Actor, id: string, patch: Partial<ContactInputRaw>) {
      requirePermission(actor, 'contacts:write');
      return (await auditedChange<Contact>(deps, actor, 'contact.update', 'Contact', async (tx) => {
        const before = await getForChange(tx, actor, id);
        if (patch.businessLineId && patch.businessLineId !== before.businessLineId) {
          throw invalidField('businessLineId', 'a contact cannot move to another business line');
        }
        const input = await clean(tx, { ...before, ...stripUndefined(patch) });
        return { before, after: await tx.contacts.update(id, input) };
      }))!;
    },
    async delete(actor: Actor, id: string) {
      requirePermission(actor, 'contacts:write');
      await auditedChange<Contact>(deps, actor, 'contact.delete', 'Contact', async (tx) => {
        const before = await getForChange(tx, actor, id);
        await tx.contacts.delete(id);
        return { before, after: null };
      });
      return id;
    },
  };
}

/** The contact service's operations. */
export type ContactService = ReturnType<typeof createContactService>;
