/** VipCaller: the VIP list of a business line (ACD-2, ACD-4), with dedicated agents. */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { VipCaller } from '../../domain/acd/routing.records.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { AgentRef } from './agent.ts';
import { BusinessLineRef } from './business-line.ts';
import { loadVisible } from './loading.ts';
import { pageOf } from './pagination.ts';
import { RESULT } from './problem.ts';

/** The VipCaller node. */
export const VipCallerRef = builder.loadableNode('VipCaller', {
  description:
    "A VIP caller of a business line: its calls go ahead of everyone else's in every queue of the line, first to its dedicated agents when it has some.",
  id: { resolve: (v: VipCaller) => v.id },
  load: loadVisible<VipCaller>('VipCaller', (s) => s.vipCallers),
  fields: (t) => ({
    businessLine: t.field({
      type: BusinessLineRef,
      description: 'Owner.',
      resolve: (v) => v.businessLineId,
    }),
    number: t.exposeString('number', {
      description: 'The number in E.164, or a number block: a prefix ending in `*`.',
    }),
    label: t.exposeString('label', { description: 'Who this is.' }),
    dedicatedAgents: t.field({
      type: [AgentRef],
      description: "Agents who get this caller first (for the queue's VIP hold time), in order.",
      resolve: (v) => v.dedicatedAgentIds,
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was created.',
      resolve: (v) => v.createdAt,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change.',
      resolve: (v) => v.updatedAt,
    }),
  }),
});

builder.queryField('vipCallers', (t) =>
  t.connection({
    type: VipCallerRef,
    description:
      "VIP callers of the caller's business lines, by number. Roles: admin, supervisor, qa.",
    authScopes: { permission: 'config:read' },
    args: {
      businessLineId: t.arg.globalID({
        for: BusinessLineRef,
        description: 'Only this business line.',
      }),
    },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) =>
        ctx.services.vipCallers.list(
          actorOf(ctx),
          { businessLineId: args.businessLineId?.id },
          page,
        ),
      ),
  }),
);

const number = z.string().trim().min(3, 'too short').max(32, 'at most 32 characters');
const label = z.string().trim().max(255, 'at most 255 characters');
const agents = z.array(z.unknown()).max(20, 'at most 20 agents');

const VipCallerInput = builder.inputType('VipCallerInput', {
  description: 'A new VIP caller.',
  fields: (t) => ({
    businessLineId: t.globalID({ for: BusinessLineRef, required: true, description: 'Owner.' }),
    number: t.string({
      required: true,
      description: "E.164 or national number (read in the line's country), or a block `+3361234*`.",
    }),
    label: t.string({ description: 'Who this is.' }),
    dedicatedAgentIds: t.globalIDList({
      for: AgentRef,
      description: 'Agents of the line who get this caller first.',
    }),
  }),
  validate: z.looseObject({ number, label: label.nullish(), dedicatedAgentIds: agents.nullish() }),
});

const VipCallerPatch = builder.inputType('VipCallerPatch', {
  description: 'Fields to change; omitted fields stay.',
  fields: (t) => ({
    number: t.string({ description: 'New number or block.' }),
    label: t.string({ description: 'New label.' }),
    dedicatedAgentIds: t.globalIDList({
      for: AgentRef,
      description: 'The new set of dedicated agents.',
    }),
  }),
  validate: z.looseObject({
    number: number.nullish(),
    label: label.nullish(),
    dedicatedAgentIds: agents.nullish(),
  }),
});

const idsOf = (list: readonly { id: string }[] | null | undefined) => list?.map((a) => a.id);

builder.mutationFields((t) => ({
  createVipCaller: t.field({
    type: VipCallerRef,
    description:
      'Adds a VIP caller; calls use it at once. Roles: admin, supervisor (own business lines).',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: { input: t.arg({ type: VipCallerInput, required: true, description: 'The new entry.' }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.vipCallers.create(actorOf(ctx), {
        businessLineId: input.businessLineId.id,
        number: input.number,
        label: input.label ?? null,
        dedicatedAgentIds: idsOf(input.dedicatedAgentIds) ?? [],
      }),
  }),
  updateVipCaller: t.field({
    type: VipCallerRef,
    description: 'Changes a VIP caller. Roles: admin, supervisor (own business lines).',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: VipCallerRef, required: true, description: 'The entry.' }),
      input: t.arg({ type: VipCallerPatch, required: true, description: 'The changes.' }),
    },
    resolve: (_root, { id, input }, ctx) =>
      ctx.services.vipCallers.update(actorOf(ctx), id.id, {
        number: input.number ?? null,
        label: input.label ?? null,
        dedicatedAgentIds: idsOf(input.dedicatedAgentIds) ?? null,
      }),
  }),
  deleteVipCaller: t.field({
    type: 'ID',
    description: 'Removes a VIP caller. Returns the deleted ID. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: { id: t.arg.globalID({ for: VipCallerRef, required: true, description: 'The entry.' }) },
    resolve: async (_root, { id }, ctx) => {
      await ctx.services.vipCallers.delete(actorOf(ctx), id.id);
      return encodeGlobalID('VipCaller', id.id);
    },
  }),
}));
