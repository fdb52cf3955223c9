/**
 * IvrFirewallEntry: the call firewall's block and VIP lists of a business
 * line (IVR-3): numbers, prefixes and withheld numbers in E.164, with how
 * many calls each entry decided.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { FirewallList, FirewallVerdict } from '../../domain/ivr/firewall.ts';
import type { IvrFirewallRecord } from '../../domain/ivr/ivr.records.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { BusinessLineRef } from './business-line.ts';
import { loadVisible } from './loading.ts';
import { pageOf } from './pagination.ts';
import { RESULT } from './problem.ts';

const ListEnum = builder.enumType('IvrFirewallList', {
  description: 'Which list an entry is on.',
  values: {
    BLOCK: { value: 'block', description: 'Calls are rejected (with a prompt or silently).' },
    VIP: { value: 'vip', description: 'Calls pass and are queued with VIP priority.' },
  } as const,
});

const MatchEnum = builder.enumType('IvrFirewallMatch', {
  description: 'What an entry matches. The most specific match wins; on a tie, block wins.',
  values: {
    NUMBER: { value: 'number', description: 'One number.' },
    PREFIX: {
      value: 'prefix',
      description: 'Every number starting with an E.164 prefix, e.g. +3361.',
    },
    ANONYMOUS: { value: 'anonymous', description: 'Calls without a caller number.' },
  } as const,
});

/** The IvrFirewallEntry node. */
export const IvrFirewallEntryRef = builder.loadableNode('IvrFirewallEntry', {
  description: 'A block or VIP list entry. Roles: admin, supervisor, qa.',
  id: { resolve: (e: IvrFirewallRecord) => e.id },
  load: loadVisible<IvrFirewallRecord>('IvrFirewallEntry', (s) => s.ivr.firewall),
  fields: (t) => ({
    businessLine: t.field({
      type: BusinessLineRef,
      description: 'Owner.',
      resolve: (e) => e.businessLineId,
    }),
    list: t.field({ type: ListEnum, description: 'Block or VIP.', resolve: (e) => e.list }),
    match: t.field({
      type: MatchEnum,
      description: 'Number, prefix or anonymous.',
      resolve: (e) => e.match,
    }),
    value: t.exposeString('value', { description: 'E.164 number or prefix; empty for anonymous.' }),
    label: t.exposeString('label', { nullable: true, description: 'Why it is listed.' }),
    attempts: t.exposeInt('attempts', {
      description: 'Calls this entry decided (blocked or made VIP).',
    }),
    lastAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'The last such call.',
      resolve: (e) => e.lastAttemptAt,
    }),
    createdAt: t.field({ type: 'DateTime', description: 'Added.', resolve: (e) => e.createdAt }),
  }),
});

const VerdictRef = builder.objectRef<FirewallVerdict>('IvrFirewallCheck').implement({
  description: 'What the firewall would do with a caller.',
  fields: (t) => ({
    verdict: t.exposeString('verdict', { description: 'block, vip or pass.' }),
    entry: t.field({
      type: IvrFirewallEntryRef,
      nullable: true,
      description: 'The entry that decided; null on pass.',
      resolve: (v) => v.entry as IvrFirewallRecord | null,
    }),
    caller: t.exposeString('caller', {
      nullable: true,
      description: 'The number as read (E.164), null when withheld or unreadable.',
    }),
  }),
});

builder.queryFields((t) => ({
  ivrFirewallEntries: t.connection({
    type: IvrFirewallEntryRef,
    description: "Firewall entries of the caller's business lines. Roles: admin, supervisor, qa.",
    authScopes: { permission: 'config:read' },
    args: {
      businessLineId: t.arg.globalID({ for: BusinessLineRef, description: 'Only this line.' }),
      list: t.arg({ type: ListEnum, description: 'Only this list.' }),
    },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) =>
        ctx.services.ivr.firewall.list(
          actorOf(ctx),
          {
            ...(args.businessLineId && { businessLineId: args.businessLineId.id }),
            ...(args.list && { list: args.list as FirewallList }),
          },
          page,
        ),
      ),
  }),
  ivrFirewallCheck: t.field({
    type: VerdictRef,
    description:
      'What the firewall would do with a call from a number (nothing is counted). Roles: admin, supervisor, qa.',
    authScopes: { permission: 'config:read' },
    args: {
      businessLineId: t.arg.globalID({
        for: BusinessLineRef,
        required: true,
        description: 'The line.',
      }),
      number: t.arg.string({
        required: true,
        description: 'The caller number as Asterisk gives it.',
      }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.ivr.firewall.check(actorOf(ctx), args.businessLineId.id, args.number),
  }),
}));

const EntryInput = builder.inputType('IvrFirewallEntryInput', {
  description: 'A new list entry.',
  fields: (t) => ({
    businessLineId: t.globalID({ for: BusinessLineRef, required: true, description: 'Owner.' }),
    list: t.field({ type: ListEnum, required: true, description: 'Block or VIP.' }),
    match: t.field({ type: MatchEnum, required: true, description: 'What it matches.' }),
    value: t.string({
      description:
        "The number (national forms read in the line's country) or + prefix; omit for anonymous.",
    }),
    label: t.string({ description: 'Why it is listed.' }),
  }),
});

builder.mutationFields((t) => ({
  addIvrFirewallEntry: t.field({
    type: IvrFirewallEntryRef,
    description: 'Adds a block or VIP entry. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: { input: t.arg({ type: EntryInput, required: true, description: 'The entry.' }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.ivr.firewall.add(actorOf(ctx), {
        businessLineId: input.businessLineId.id,
        list: input.list,
        match: input.match,
        value: input.value ?? '',
        label: input.label ?? null,
      }),
  }),
  updateIvrFirewallEntry: t.field({
    type: IvrFirewallEntryRef,
    description: "Changes an entry's label. Roles: admin, supervisor.",
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: IvrFirewallEntryRef, required: true, description: 'The entry.' }),
      label: t.arg.string({ description: 'The new label; null clears it.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.ivr.firewall.update(actorOf(ctx), args.id.id, args.label ?? null),
  }),
  removeIvrFirewallEntry: t.field({
    type: 'ID',
    description: 'Removes an entry. Returns its ID. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: IvrFirewallEntryRef, required: true, description: 'The entry.' }),
    },
    resolve: async (_root, args, ctx) => {
      await ctx.services.ivr.firewall.remove(actorOf(ctx), args.id.id);
      return encodeGlobalID('IvrFirewallEntry', args.id.id);
    },
  }),
}));
