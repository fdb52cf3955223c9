/**
 * IvrDidRoute: the IVR's DID routing table (ACD-8, DID to flow). The
 * shipped dialplan sends IVR numbers to `agi://.../ivr/<DID>`; this table
 * says which flow each runs.
 */
import type { IvrDidRoute } from '../../domain/ivr/ivr.records.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { BusinessLineRef } from './business-line.ts';
import { IvrFlowRef } from './ivr-flow.ts';
import { pageOf } from './pagination.ts';
import { RESULT } from './problem.ts';

const IvrDidRouteRef = builder.objectRef<IvrDidRoute>('IvrDidRoute').implement({
  description: 'A dialled number and the flow it runs.',
  fields: (t) => ({
    did: t.exposeString('did', { description: 'The number, as the dialplan passes it.' }),
    businessLine: t.field({
      type: BusinessLineRef,
      description: 'Owner (the flow’s).',
      resolve: (r) => r.businessLineId,
    }),
    flow: t.field({ type: IvrFlowRef, description: 'The flow.', resolve: (r) => r.flowId }),
    createdAt: t.field({ type: 'DateTime', description: 'Created.', resolve: (r) => r.createdAt }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change.',
      resolve: (r) => r.updatedAt,
    }),
  }),
});

builder.queryField('ivrDidRoutes', (t) =>
  t.connection({
    type: IvrDidRouteRef,
    description: "The IVR's DID routing table, by number. Roles: admin, supervisor, qa.",
    authScopes: { permission: 'config:read' },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) => ctx.services.ivr.routes.list(actorOf(ctx), page)),
  }),
);

builder.mutationFields((t) => ({
  setIvrDidRoute: t.field({
    type: IvrDidRouteRef,
    description:
      'Routes a number to a flow (creating or re-pointing the route). Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      did: t.arg.string({
        required: true,
        description: 'The number: digits, optionally a leading +.',
      }),
      flowId: t.arg.globalID({ for: IvrFlowRef, required: true, description: 'The flow.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.ivr.routes.set(actorOf(ctx), args.did, args.flowId.id),
  }),
  removeIvrDidRoute: t.field({
    type: 'String',
    description: 'Removes the route of a number. Returns the number. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: { did: t.arg.string({ required: true, description: 'The number.' }) },
    resolve: (_root, args, ctx) => ctx.services.ivr.routes.remove(actorOf(ctx), args.did),
  }),
}));
