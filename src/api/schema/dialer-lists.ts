/**
 * CSV imports into calling lists with live progress, their per-row error
 * reports, and the do-not-call list (DIAL-2, DIAL-7).
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { DncEntry, ImportRowError, ListImport } from '../../app/dialer/ports.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { idOf } from './dialer-campaign.ts';
import { RESULT } from './problem.ts';

/** A CSV import. */
const ImportRef = builder.objectRef<ListImport & { rate?: number }>('ListImport').implement({
  description: 'A CSV import into a calling list; counts move while it runs.',
  fields: (t) => ({
    id: t.id({ description: 'Global ID.', resolve: (i) => encodeGlobalID('ListImport', i.id) }),
    status: t.exposeString('status', { description: 'running, completed, failed or cancelled.' }),
    rowsTotal: t.exposeInt('rowsTotal', {
      nullable: true,
      description: 'Data rows in the file (counted ahead; null until known).',
    }),
    rowsDone: t.exposeInt('rowsDone', { description: 'Rows read so far.' }),
    imported: t.exposeInt('imported', { description: 'Records written.' }),
    duplicates: t.exposeInt('duplicates', {
      description: 'Rows skipped: every number already in the campaign.',
    }),
    dnc: t.exposeInt('dnc', { description: 'Rows skipped: every number on a do-not-call list.' }),
    errors: t.exposeInt('errors', { description: 'Rows rejected (see rowErrors).' }),
    rate: t.float({ description: 'Rows per second.', resolve: (i) => i.rate ?? 0 }),
    message: t.exposeString('message', {
      nullable: true,
      description: 'Why it stopped early (missing columns, unreadable file, cancelled).',
    }),
    startedAt: t.field({ type: 'DateTime', description: 'Started.', resolve: (i) => i.startedAt }),
    finishedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Finished; null while running.',
      resolve: (i) => i.finishedAt,
    }),
    rowErrors: t.field({
      type: [RowErrorRef],
      description: 'Rejected rows in row order.',
      args: {
        first: t.arg.int({ description: 'At most this many (default 100, at most 1000).' }),
        offset: t.arg.int({ description: 'Skip this many.' }),
      },
      resolve: (i, a, ctx) =>
        ctx.services.dialer.importErrors(actorOf(ctx), i.id, {
          offset: Math.max(0, a.offset ?? 0),
          limit: Math.min(1000, Math.max(0, a.first ?? 100)),
        }),
    }),
  }),
});

const RowErrorRef = builder.objectRef<ImportRowError>('ListImportRowError').implement({
  description: 'A row that was not imported.',
  fields: (t) => ({
    rowNumber: t.exposeInt('rowNumber', {
      description: 'Data row number (1 is the row after the header).',
    }),
    reason: t.exposeString('reason', { description: 'Why.' }),
  }),
});

const MappingInput = builder.inputType('ListColumnMapping', {
  description: 'Which CSV columns (by header name) mean what.',
  fields: (t) => ({
    name: t.string({ description: 'Column with the contact name.' }),
    phones: t.stringList({
      required: true,
      description: 'Columns with phone numbers, in the order they are tried.',
    }),
    timezone: t.string({ description: 'Column with an IANA zone overriding the inferred one.' }),
    externalId: t.string({ description: 'Column with the CRM id.' }),
  }),
});

const DncRef = builder.objectRef<DncEntry>('DncEntry').implement({
  description: 'A number that must never be dialled.',
  fields: (t) => ({
    number: t.exposeString('e164', { description: 'E.164 number.' }),
    businessLineId: t.id({
      nullable: true,
      description: 'Global ID of the business line; null for the global list.',
      resolve: (d) => (d.scope === 'global' ? null : encodeGlobalID('BusinessLine', d.scope)),
    }),
    reason: t.exposeString('reason', { description: 'Why.' }),
    createdAt: t.field({ type: 'DateTime', description: 'Added.', resolve: (d) => d.createdAt }),
  }),
});

builder.queryFields((t) => ({
  listImport: t.field({
    type: ImportRef,
    description: 'A CSV import with its live progress. Roles: admin, supervisor, qa.',
    authScopes: { permission: 'config:read' },
    args: { id: t.arg.id({ required: true, description: 'Global ID of the import.' }) },
    resolve: (_r, a, ctx) =>
      ctx.services.dialer.importOf(actorOf(ctx), idOf(String(a.id), 'ListImport')),
  }),
  dncEntries: t.field({
    type: [DncRef],
    description:
      "Do-not-call numbers: the global list and the caller's business lines'. Roles: admin, supervisor, qa.",
    authScopes: { permission: 'config:read' },
    args: {
      first: t.arg.int({ description: 'At most this many (default 100, at most 1000).' }),
      offset: t.arg.int({ description: 'Skip this many.' }),
    },
    resolve: (_r, a, ctx) =>
      ctx.services.dialer.listDnc(actorOf(ctx), {
        offset: Math.max(0, a.offset ?? 0),
        limit: Math.min(1000, Math.max(0, a.first ?? 100)),
      }),
  }),
}));

builder.mutationFields((t) => ({
  importCallList: t.field({
    type: ImportRef,
    description:
      'Imports CSV rows into a list in the background and returns the running import (poll listImport). Give the CSV text in `csv`, or (admins) a file on the server in `path`. Numbers are normalised to E.164, duplicates and do-not-call numbers skipped, bad rows reported. Importing the same file again resumes a cut one. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      listId: t.arg.id({ required: true, description: 'Global ID of the list.' }),
      csv: t.arg.string({ description: 'The CSV text, header row first (UTF-8).' }),
      path: t.arg.string({ description: 'A CSV file on the server (admins only).' }),
      mapping: t.arg({ type: MappingInput, required: true, description: 'Column mapping.' }),
    },
    resolve: (_r, a, ctx) => {
      const input = a.path ? { path: a.path } : { text: a.csv ?? '' };
      return ctx.services.dialer.importList(
        actorOf(ctx),
        idOf(String(a.listId), 'CallList', 'listId'),
        input,
        {
          name: a.mapping.name ?? null,
          phones: a.mapping.phones,
          timezone: a.mapping.timezone ?? null,
          externalId: a.mapping.externalId ?? null,
        },
      );
    },
  }),
  cancelListImport: t.field({
    type: ImportRef,
    description:
      'Stops a running import after its current batch; rows written stay. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: { id: t.arg.id({ required: true, description: 'Global ID of the import.' }) },
    resolve: (_r, a, ctx) =>
      ctx.services.dialer.cancelImport(actorOf(ctx), idOf(String(a.id), 'ListImport')),
  }),
  addDncNumber: t.field({
    type: DncRef,
    description:
      "Adds a number to a business line's do-not-call list, or to the global list (admins) without businessLineId. Roles: admin, supervisor.",
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      number: t.arg.string({
        required: true,
        description: 'The number (E.164, or national in the line country).',
      }),
      businessLineId: t.arg.id({
        description: 'Global ID of the business line; omit for the global list.',
      }),
      reason: t.arg.string({ description: 'Why (default "requested").' }),
    },
    resolve: (_r, a, ctx) =>
      ctx.services.dialer.addDnc(
        actorOf(ctx),
        a.businessLineId ? idOf(String(a.businessLineId), 'BusinessLine', 'businessLineId') : null,
        a.number,
        a.reason ?? 'requested',
      ),
  }),
  removeDncNumber: t.field({
    type: 'Boolean',
    description:
      'Takes a number off a do-not-call list; false when it was not on it. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      number: t.arg.string({ required: true, description: 'The number in E.164.' }),
      businessLineId: t.arg.id({
        description: 'Global ID of the business line; omit for the global list.',
      }),
    },
    resolve: (_r, a, ctx) =>
      ctx.services.dialer.removeDnc(
        actorOf(ctx),
        a.businessLineId ? idOf(String(a.businessLineId), 'BusinessLine', 'businessLineId') : null,
        a.number,
      ),
  }),
}));
