/**
 * Administration of records and reports: rate tables (RPT-4), the region
 * prefix table (RPT-3) and retention (RPT-6, REC-3). Read by the roles that
 * read reports; changed by admins, audited.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { RateTable, RetentionSetting } from '../../app/records/ports.ts';
import type { RetentionResult } from '../../app/records/retention.ts';
import type { Rate } from '../../domain/reports/rating.ts';
import { invalidField } from '../../domain/shared/errors.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { BusinessLineRef } from './business-line.ts';
import { RESULT } from './problem.ts';

const RateRef = builder.objectRef<Rate>('Rate').implement({
  description:
    "One price: numbers starting with `prefix` on `trunk`. Amounts in the table's currency.",
  fields: (t) => ({
    prefix: t.exposeString('prefix', {
      description: "Digits of the E.164 number without '+'; '' matches every number.",
    }),
    trunk: t.exposeString('trunk', {
      description: "Trunk (PJSIP endpoint) name; '' matches every trunk.",
    }),
    perMinute: t.float({
      description: 'Price per minute.',
      resolve: (r) => r.perMinuteMicros / 1e6,
    }),
    incrementS: t.exposeInt('incrementS', {
      description: 'Billing increment in seconds (1: per second, 60: per minute).',
    }),
    minimumS: t.exposeInt('minimumS', { description: 'Seconds billed at least once answered.' }),
    setupFee: t.float({
      description: 'Fee per answered call.',
      resolve: (r) => r.setupMicros / 1e6,
    }),
  }),
});

const RateTableRef = builder.objectRef<RateTable>('RateTable').implement({
  description:
    'A rate table: how calls of a business line (or, without one, of every other line) are priced.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The table.' }),
    name: t.exposeString('name', { description: 'Unique name.' }),
    currency: t.exposeString('currency', { description: 'ISO 4217 currency, e.g. EUR.' }),
    businessLine: t.field({
      type: BusinessLineRef,
      nullable: true,
      description: 'The business line it prices; null: the default for lines without a table.',
      resolve: (r) => r.businessLineId,
    }),
    rates: t.field({ type: [RateRef], description: 'Its rates.', resolve: (r) => r.rates }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change.',
      resolve: (r) => r.updatedAt,
    }),
  }),
});

const micros = (amount: number) => Math.round(amount * 1e6);

const RateInput = builder.inputType('RateInput', {
  description: 'One price.',
  fields: (t) => ({
    prefix: t.string({
      required: true,
      description: "Digits the number starts with ('' for any).",
      validate: z.string().regex(/^\+?\d{0,32}$/, 'digits only'),
    }),
    trunk: t.string({ description: "Trunk name ('' or absent for any)." }),
    perMinute: t.float({
      required: true,
      description: 'Price per minute.',
      validate: z.number().min(0),
    }),
    incrementS: t.int({
      description: 'Billing increment in seconds (default 1).',
      validate: z.number().int().min(1).max(3600),
    }),
    minimumS: t.int({
      description: 'Seconds billed at least (default 0).',
      validate: z.number().int().min(0).max(3600),
    }),
    setupFee: t.float({
      description: 'Fee per answered call (default 0).',
      validate: z.number().min(0),
    }),
  }),
});

const RateTableInput = builder.inputType('RateTableInput', {
  description: 'A whole rate table (its rates replace the old ones).',
  fields: (t) => ({
    id: t.id({ description: 'The table to replace; absent: a new table.' }),
    name: t.string({
      required: true,
      description: 'Unique name.',
      validate: z.string().trim().min(1).max(255),
    }),
    currency: t.string({
      required: true,
      description: 'ISO 4217 currency, e.g. EUR.',
      validate: z.string().regex(/^[A-Z]{3}$/, 'three capital letters'),
    }),
    businessLineId: t.globalID({
      for: BusinessLineRef,
      description: 'The business line it prices; absent: the default table.',
    }),
    rates: t.field({ type: [RateInput], required: true, description: 'The rates.' }),
  }),
});

const RegionPrefixRef = builder
  .objectRef<{ prefix: string; region: string }>('RegionPrefix')
  .implement({
    description: 'One line of the prefix -> region table.',
    fields: (t) => ({
      prefix: t.exposeString('prefix', { description: "Digits of the E.164 number without '+'." }),
      region: t.exposeString('region', { description: 'Region name reports show.' }),
    }),
  });

const RetentionRef = builder.objectRef<RetentionSetting>('RetentionSetting').implement({
  description: 'How long call records and recordings are kept.',
  fields: (t) => ({
    businessLine: t.field({
      type: BusinessLineRef,
      nullable: true,
      description: 'The business line; null: the default for lines without a setting.',
      resolve: (r) => r.businessLineId,
    }),
    callDays: t.exposeInt('callDays', {
      nullable: true,
      description: 'Days call records are kept; null: forever.',
    }),
    recordingDays: t.exposeInt('recordingDays', {
      nullable: true,
      description: 'Days recordings are kept; null: forever.',
    }),
    archive: t.exposeBoolean('archive', {
      description: 'Deleted call records are written to the archive first.',
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change.',
      resolve: (r) => r.updatedAt,
    }),
  }),
});

const RetentionInput = builder.inputType('RetentionInput', {
  description: 'A retention setting.',
  fields: (t) => ({
    businessLineId: t.globalID({
      for: BusinessLineRef,
      description: 'The business line; absent: the default.',
    }),
    callDays: t.int({
      description: 'Days to keep call records (absent: forever).',
      validate: z.number().int().min(1).max(36500),
    }),
    recordingDays: t.int({
      description: 'Days to keep recordings (absent: forever).',
      validate: z.number().int().min(1).max(36500),
    }),
    archive: t.boolean({
      description: 'Archive deleted call records first (needs RECORD_ARCHIVE_DIR).',
    }),
  }),
});

const RetentionResultRef = builder.objectRef<RetentionResult>('RetentionResult').implement({
  description: 'What a retention pass deleted.',
  fields: (t) => ({
    calls: t.exposeInt('calls', { description: 'Call records deleted.' }),
    recordings: t.exposeInt('recordings', { description: 'Recordings deleted.' }),
  }),
});

builder.queryFields((t) => ({
  rateTables: t.field({
    type: [RateTableRef],
    description: 'The rate tables. Roles: admin, supervisor, qa.',
    authScopes: { permission: 'reports:read' },
    resolve: (_root, _args, ctx) => ctx.services.recordsAdmin.rateTables(actorOf(ctx)),
  }),
  regionPrefixes: t.field({
    type: [RegionPrefixRef],
    description: 'The prefix -> region table. Roles: admin, supervisor, qa.',
    authScopes: { permission: 'reports:read' },
    resolve: (_root, _args, ctx) => ctx.services.recordsAdmin.regionPrefixes(actorOf(ctx)),
  }),
  retentionSettings: t.field({
    type: [RetentionRef],
    description: 'Retention settings. Roles: admin, supervisor, qa.',
    authScopes: { permission: 'reports:read' },
    resolve: (_root, _args, ctx) => ctx.services.recordsAdmin.retention(actorOf(ctx)),
  }),
}));

/** `prefix,region` lines (a header line `prefix,region` is allowed). */
function prefixRows(csv: string): Array<{ prefix: string; region: string }> {
  const records = parse(csv, {
    skip_empty_lines: true,
    trim: true,
    relax_column_count: false,
  }) as string[][];
  const rows = records.filter((r, i) => !(i === 0 && r[0]?.toLowerCase() === 'prefix'));
  return rows.map((r, i) => {
    if (r.length !== 2) throw invalidField(`csv.${i}`, 'expected two columns: prefix,region');
    return { prefix: r[0] ?? '', region: r[1] ?? '' };
  });
}

builder.mutationFields((t) => ({
  saveRateTable: t.field({
    type: RateTableRef,
    description:
      'Creates or replaces a rate table. New calls are priced with it at once. Role: admin.',
    authScopes: { permission: 'records:manage' },
    errors: RESULT,
    args: { input: t.arg({ type: RateTableInput, required: true, description: 'The table.' }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.recordsAdmin.saveRateTable(actorOf(ctx), {
        ...(input.id ? { id: String(input.id) } : {}),
        name: input.name,
        currency: input.currency,
        businessLineId: input.businessLineId?.id ?? null,
        rates: input.rates.map((r) => ({
          prefix: r.prefix.replace(/^\+/, ''),
          trunk: r.trunk ?? '',
          perMinuteMicros: micros(r.perMinute),
          incrementS: r.incrementS ?? 1,
          minimumS: r.minimumS ?? 0,
          setupMicros: micros(r.setupFee ?? 0),
        })),
      }),
  }),
  deleteRateTable: t.field({
    type: 'ID',
    description: 'Deletes a rate table; returns its id. Role: admin.',
    authScopes: { permission: 'records:manage' },
    errors: RESULT,
    args: { id: t.arg.id({ required: true, description: 'The table.' }) },
    resolve: async (_root, { id }, ctx) => {
      await ctx.services.recordsAdmin.deleteRateTable(actorOf(ctx), String(id));
      return String(id);
    },
  }),
  loadRegionPrefixes: t.field({
    type: [RegionPrefixRef],
    description:
      'Replaces the prefix -> region table with `prefix,region` CSV lines (e.g. `331,Ile-de-France`). Role: admin.',
    authScopes: { permission: 'records:manage' },
    errors: RESULT,
    args: {
      csv: t.arg.string({ required: true, description: 'CSV text, one `prefix,region` per line.' }),
    },
    resolve: (_root, { csv }, ctx) =>
      ctx.services.recordsAdmin.loadRegionPrefixes(actorOf(ctx), prefixRows(csv)),
  }),
  setRetention: t.field({
    type: RetentionRef,
    description:
      'Sets how long records and recordings of a business line (or by default) are kept. Role: admin.',
    authScopes: { permission: 'records:manage' },
    errors: RESULT,
    args: { input: t.arg({ type: RetentionInput, required: true, description: 'The setting.' }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.recordsAdmin.setRetention(actorOf(ctx), {
        businessLineId: input.businessLineId?.id ?? null,
        callDays: input.callDays ?? null,
        recordingDays: input.recordingDays ?? null,
        archive: input.archive ?? false,
      }),
  }),
  runRetention: t.field({
    type: RetentionResultRef,
    description: 'Runs a retention pass now (it also runs daily). Role: admin.',
    authScopes: { permission: 'records:manage' },
    errors: RESULT,
    resolve: (_root, _args, ctx) => ctx.services.recordsAdmin.runRetention(actorOf(ctx)),
  }),
}));
