/** BusinessLine: a tenant of one install (ACD-11). */
import { z } from 'zod';
import type { BusinessLine } from '../../domain/directory/entities.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { loadVisible } from './loading.ts';
import { pageOf } from './pagination.ts';
import { RESULT } from './problem.ts';

/** The BusinessLine node. */
export const BusinessLineRef = builder.loadableNode('BusinessLine', {
  description:
    'A business line: a tenant of this install with its own queues, agents and numbers. Agents of one line are never offered calls of another.',
  id: { resolve: (b: BusinessLine) => b.id },
  load: loadVisible<BusinessLine>('BusinessLine', (s) => s.businessLines),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Unique name.' }),
    timezone: t.exposeString('timezone', {
      description: 'IANA time zone used for schedules and reports, e.g. `Europe/Paris`.',
    }),
    defaultCountry: t.exposeString('defaultCountry', {
      description: 'ISO 3166 country used to read national phone numbers, e.g. `FR`.',
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was created.',
      resolve: (b) => b.createdAt,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change.',
      resolve: (b) => b.updatedAt,
    }),
  }),
});

builder.queryField('businessLines', (t) =>
  t.connection({
    type: BusinessLineRef,
    description: 'Business lines the caller belongs to (admins: all).',
    authScopes: { authenticated: true },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) => ctx.services.businessLines.list(actorOf(ctx), page)),
  }),
);

const name = z.string().trim().min(1, 'must not be empty').max(120, 'at most 120 characters');

const BusinessLineInput = builder.inputType('BusinessLineInput', {
  description: 'Fields of a business line.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique name.' }),
    timezone: t.string({ required: true, description: 'IANA time zone, e.g. `Europe/Paris`.' }),
    defaultCountry: t.string({ required: true, description: 'ISO 3166 country code, e.g. `FR`.' }),
  }),
  validate: z.looseObject({ name: name }),
});

const BusinessLinePatch = builder.inputType('BusinessLinePatch', {
  description: 'Fields to change; omitted fields stay as they are.',
  fields: (t) => ({
    name: t.string({ description: 'New name.' }),
    timezone: t.string({ description: 'New IANA time zone.' }),
    defaultCountry: t.string({ description: 'New ISO 3166 country code.' }),
  }),
  validate: z.looseObject({ name: name.optional().nullable() }),
});

builder.mutationFields((t) => ({
  createBusinessLine: t.field({
    type: BusinessLineRef,
    description: 'Creates a business line. Role: admin.',
    authScopes: { permission: 'business-lines:write' },
    errors: RESULT,
    args: {
      input: t.arg({ type: BusinessLineInput, required: true, description: 'The new record.' }),
    },
    resolve: (_root, { input }, ctx) => ctx.services.businessLines.create(actorOf(ctx), input),
  }),
  updateBusinessLine: t.field({
    type: BusinessLineRef,
    description: 'Changes a business line. Role: admin.',
    authScopes: { permission: 'business-lines:write' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: BusinessLineRef, required: true, description: 'The line.' }),
      input: t.arg({ type: BusinessLinePatch, required: true, description: 'The changes.' }),
    },
    resolve: (_root, { id, input }, ctx) =>
      ctx.services.businessLines.update(actorOf(ctx), id.id, {
        ...(input.name != null && { name: input.name }),
        ...(input.timezone != null && { timezone: input.timezone }),
        ...(input.defaultCountry != null && { defaultCountry: input.defaultCountry }),
      }),
  }),
}));
