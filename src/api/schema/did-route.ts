/** DidRoute: the DNIS routing table (ACD-8), a dialled number to a queue, an agent or an IVR flow. */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { DidRouteRecord } from '../../domain/acd/routing.records.ts';
import type { RouteTarget } from '../../domain/acd/routing.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { AgentRef } from './agent.ts';
import { BusinessLineRef } from './business-line.ts';
import { loadVisible } from './loading.ts';
import { pageOf } from './pagination.ts';
import { RESULT } from './problem.ts';
import { QueueRef } from './queue.ts';

const TargetKindEnum = builder.enumType('DidRouteTargetKind', {
  description: 'Where a dialled number leads.',
  values: {
    QUEUE: { value: 'queue', description: 'A queue of the business line.' },
    AGENT: { value: 'agent', description: 'One agent directly (a personal number).' },
    IVR: { value: 'ivr', description: 'An IVR flow, which may send the caller on to a queue.' },
  } as const,
});

const TargetRef = builder.objectRef<RouteTarget>('DidRouteTarget').implement({
  description: 'The destination of a DID; the field of its kind is set.',
  fields: (t) => ({
    kind: t.field({
      type: TargetKindEnum,
      description: 'What kind of destination.',
      resolve: (r) => r.kind,
    }),
    queue: t.field({
      type: QueueRef,
      nullable: true,
      description: 'QUEUE: the queue.',
      resolve: (r) => (r.kind === 'queue' ? r.queueId : null),
    }),
    agent: t.field({
      type: AgentRef,
      nullable: true,
      description: 'AGENT: the agent.',
      resolve: (r) => (r.kind === 'agent' ? r.agentId : null),
    }),
    ivrFlow: t.string({
      nullable: true,
      description: 'IVR: the key of the flow (the IVR runs it as `/ivr/<key>`).',
      resolve: (r) => (r.kind === 'ivr' ? r.flowId : null),
    }),
  }),
});

/** The DidRoute node. */
export const DidRouteRef = builder.loadableNode('DidRoute', {
  description:
    'A row of the DID routing table: calls dialling `did` (on `trunk`, or any trunk) go to the target. A row for the trunk wins over a row for any trunk; an exact number over a prefix.',
  id: { resolve: (r: DidRouteRecord) => r.id },
  load: loadVisible<DidRouteRecord>('DidRoute', (s) => s.didRoutes),
  fields: (t) => ({
    businessLine: t.field({
      type: BusinessLineRef,
      description: 'Owner.',
      resolve: (r) => r.businessLineId,
    }),
    did: t.exposeString('did', {
      description: 'The number as the dialplan passes it (its EXTEN), or a prefix ending in `*`.',
    }),
    trunk: t.exposeString('trunk', {
      nullable: true,
      description: 'Only calls arriving on this trunk (endpoint name); null for any trunk.',
    }),
    target: t.field({
      type: TargetRef,
      description: 'Where the calls go.',
      resolve: (r) => r.target,
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was created.',
      resolve: (r) => r.createdAt,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change.',
      resolve: (r) => r.updatedAt,
    }),
  }),
});

builder.queryField('didRoutes', (t) =>
  t.connection({
    type: DidRouteRef,
    description:
      "The DID routing table of the caller's business lines, by DID then trunk. Roles: admin, supervisor, qa.",
    authScopes: { permission: 'config:read' },
    args: {
      businessLineId: t.arg.globalID({
        for: BusinessLineRef,
        description: 'Only this business line.',
      }),
    },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) =>
        ctx.services.didRoutes.list(
          actorOf(ctx),
          { businessLineId: args.businessLineId?.id },
          page,
        ),
      ),
  }),
);

const TargetInput = builder.inputType('DidRouteTargetInput', {
  description: 'Where the calls go: `kind` and the field that kind needs.',
  fields: (t) => ({
    kind: t.field({
      type: TargetKindEnum,
      required: true,
      description: 'What kind of destination.',
    }),
    queueId: t.globalID({
      for: QueueRef,
      description: 'QUEUE: the queue, of the same business line.',
    }),
    agentId: t.globalID({
      for: AgentRef,
      description: 'AGENT: the agent, of the same business line.',
    }),
    ivrFlow: t.string({
      description: 'IVR: the key of the flow.',
    }),
  }),
});

const did = z
  .string()
  .trim()
  .regex(/^\+?[0-9]{1,20}\*?$|^\*$/, 'digits (optionally a leading +), or a prefix ending in *');
const trunk = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'an endpoint name: letters, digits, _ . -');

/** The target's rules: the field its kind needs must be there. */
const targetRules = z
  .looseObject({
    kind: z.enum(['queue', 'agent', 'ivr']),
    ivrFlow: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(64, 'at most 64 characters')
      .nullish(),
  })
  .superRefine((o: Record<string, unknown> & { kind: string }, ctx) => {
    const field = o.kind === 'queue' ? 'queueId' : o.kind === 'agent' ? 'agentId' : 'ivrFlow';
    if (o[field] == null) {
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `required for ${o.kind.toUpperCase()}`,
      });
    }
  });

const DidRouteInput = builder.inputType('DidRouteInput', {
  description: 'A new row of the DID table.',
  fields: (t) => ({
    businessLineId: t.globalID({ for: BusinessLineRef, required: true, description: 'Owner.' }),
    did: t.string({
      required: true,
      description: 'The number as dialled, or a prefix ending in `*`.',
    }),
    trunk: t.string({
      description: 'Only calls on this trunk (endpoint name); omit for any trunk.',
    }),
    target: t.field({ type: TargetInput, required: true, description: 'Where the calls go.' }),
  }),
  // One schema for the whole input, so every bad field is reported at once.
  validate: z.looseObject({ did, trunk: trunk.nullish(), target: targetRules }),
});

const DidRoutePatch = builder.inputType('DidRoutePatch', {
  description: 'Fields to change; omitted fields stay. Set `trunk` to null for any trunk.',
  fields: (t) => ({
    did: t.string({ description: 'New number or prefix.' }),
    trunk: t.string({ description: 'New trunk; null for any trunk.' }),
    target: t.field({ type: TargetInput, description: 'New destination.' }),
  }),
  validate: z.looseObject({
    did: did.nullish(),
    trunk: trunk.nullish(),
    target: targetRules.nullish(),
  }),
});

interface TargetArg {
  kind: 'queue' | 'agent' | 'ivr';
  queueId?: { id: string } | null;
  agentId?: { id: string } | null;
  ivrFlow?: string | null;
}

function targetOf(t: TargetArg): RouteTarget {
  if (t.kind === 'queue') return { kind: 'queue', queueId: t.queueId?.id ?? '' };
  if (t.kind === 'agent') return { kind: 'agent', agentId: t.agentId?.id ?? '' };
  return { kind: 'ivr', flowId: (t.ivrFlow ?? '').trim() };
}

builder.mutationFields((t) => ({
  createDidRoute: t.field({
    type: DidRouteRef,
    description:
      'Adds a row to the DID table; calls use it at once. Roles: admin, supervisor (own business lines).',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: { input: t.arg({ type: DidRouteInput, required: true, description: 'The new row.' }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.didRoutes.create(actorOf(ctx), {
        businessLineId: input.businessLineId.id,
        did: input.did.trim(),
        trunk: input.trunk ?? null,
        target: targetOf(input.target),
      }),
  }),
  updateDidRoute: t.field({
    type: DidRouteRef,
    description: 'Changes a row of the DID table. Roles: admin, supervisor (own business lines).',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: DidRouteRef, required: true, description: 'The row.' }),
      input: t.arg({ type: DidRoutePatch, required: true, description: 'The changes.' }),
    },
    resolve: (_root, { id, input }, ctx) =>
      ctx.services.didRoutes.update(actorOf(ctx), id.id, {
        ...(input.did == null ? {} : { did: input.did.trim() }),
        ...(input.trunk === undefined ? {} : { trunk: input.trunk }),
        ...(input.target == null ? {} : { target: targetOf(input.target) }),
      }),
  }),
  deleteDidRoute: t.field({
    type: 'ID',
    description:
      'Removes a row of the DID table. Returns the deleted ID. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: { id: t.arg.globalID({ for: DidRouteRef, required: true, description: 'The row.' }) },
    resolve: async (_root, { id }, ctx) => {
      await ctx.services.didRoutes.delete(actorOf(ctx), id.id);
      return encodeGlobalID('DidRoute', id.id);
    },
  }),
}));
