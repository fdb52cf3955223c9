/** Contact: a customer and their phone numbers (AGT-1 screen pop). */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { Contact, ContactPhone } from '../../domain/directory/entities.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { BusinessLineRef } from './business-line.ts';
import { loadVisible } from './loading.ts';
import { pageOf } from './pagination.ts';
import { RESULT } from './problem.ts';

const ContactPhoneRef = builder.objectRef<ContactPhone>('ContactPhone').implement({
  description: 'One phone number of a contact.',
  fields: (t) => ({
    number: t.exposeString('e164', { description: 'The number in E.164, e.g. +33142868200.' }),
    label: t.exposeString('label', { description: 'What the number is: main, mobile, office...' }),
  }),
});

/** The Contact node. */
export const ContactRef = builder.loadableNode('Contact', {
  description: 'A customer known to the call center.',
  id: { resolve: (c: Contact) => c.id },
  load: loadVisible<Contact>('Contact', (s) => s.contacts),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Full name.' }),
    company: t.exposeString('company', { nullable: true, description: 'Company, if any.' }),
    notes: t.exposeString('notes', { nullable: true, description: 'Free notes.' }),
    phones: t.field({
      type: [ContactPhoneRef],
      description: 'Phone numbers.',
      resolve: (c) => c.phones,
    }),
    businessLine: t.field({
      type: BusinessLineRef,
      description: 'Owner.',
      resolve: (c) => c.businessLineId,
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was created.',
      resolve: (c) => c.createdAt,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change.',
      resolve: (c) => c.updatedAt,
    }),
  }),
});

builder.queryField('contacts', (t) =>
  t.connection({
    type: ContactRef,
    description: "Contacts of the caller's business lines, by name. Every role may read contacts.",
    authScopes: { permission: 'contacts:read' },
    args: {
      search: t.arg.string({ description: 'Case-insensitive part of the name or company.' }),
      phone: t.arg.string({
        description: 'A phone number in any readable form (matched in E.164).',
      }),
    },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) =>
        ctx.services.contacts.list(
          actorOf(ctx),
          { search: args.search ?? undefined, phone: args.phone ?? undefined },
          page,
        ),
      ),
  }),
);

const PhoneInput = builder.inputType('ContactPhoneInput', {
  description: "A phone number; national numbers are read in the business line's country.",
  fields: (t) => ({
    number: t.string({
      required: true,
      description: 'The number, e.g. +33 1 42 86 82 00 or 01 42 86 82 00.',
    }),
    label: t.string({ description: 'main (default), mobile, office...' }),
  }),
});

const name = z.string().trim().min(1, 'must not be empty').max(120, 'at most 120 characters');

const ContactInput = builder.inputType('ContactInput', {
  description: 'Fields of a contact.',
  fields: (t) => ({
    businessLineId: t.globalID({ for: BusinessLineRef, required: true, description: 'Owner.' }),
    name: t.string({ required: true, description: 'Full name.' }),
    company: t.string({ description: 'Company.' }),
    notes: t.string({ description: 'Free notes.' }),
    phones: t.field({ type: [PhoneInput], description: 'Phone numbers.' }),
  }),
  validate: z.looseObject({ name: name }),
});

const ContactPatch = builder.inputType('ContactPatch', {
  description: 'Fields to change; omitted fields stay. `phones` replaces the whole set.',
  fields: (t) => ({
    name: t.string({ description: 'Full name.' }),
    company: t.string({ description: 'Company.' }),
    notes: t.string({ description: 'Free notes.' }),
    phones: t.field({ type: [PhoneInput], description: 'The new set of numbers.' }),
  }),
  validate: z.looseObject({ name: name.nullish() }),
});

type PhoneArg = { number: string; label?: string | null };
const phonesOf = (list: readonly PhoneArg[] | null | undefined) =>
  list?.map((p) => ({ e164: p.number, label: p.label ?? 'main' }));

builder.mutationFields((t) => ({
  createContact: t.field({
    type: ContactRef,
    description: 'Creates a contact. Roles: admin, supervisor, agent.',
    authScopes: { permission: 'contacts:write' },
    errors: RESULT,
    args: { input: t.arg({ type: ContactInput, required: true, description: 'The new record.' }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.contacts.create(actorOf(ctx), {
        businessLineId: input.businessLineId.id,
        name: input.name,
        company: input.company,
        notes: input.notes,
        phones: phonesOf(input.phones) ?? [],
      }),
  }),
  updateContact: t.field({
    type: ContactRef,
    description: 'Changes a contact. Roles: admin, supervisor, agent.',
    authScopes: { permission: 'contacts:write' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: ContactRef, required: true, description: 'The contact.' }),
      input: t.arg({ type: ContactPatch, required: true, description: 'The changes.' }),
    },
    resolve: (_root, { id, input }, ctx) =>
      ctx.services.contacts.update(actorOf(ctx), id.id, {
        name: input.name ?? undefined,
        company: input.company,
        notes: input.notes,
        phones: phonesOf(input.phones),
      }),
  }),
  deleteContact: t.field({
    type: 'ID',
    description: 'Deletes a contact. Returns the deleted ID. Roles: admin, supervisor, agent.',
    authScopes: { permission: 'contacts:write' },
    errors: RESULT,
    args: { id: t.arg.globalID({ for: ContactRef, required: true, description: 'The contact.' }) },
    resolve: async (_root, { id }, ctx) => {
      await ctx.services.contacts.delete(actorOf(ctx), id.id);
      return encodeGlobalID('Contact', id.id);
    },
  }),
}));
