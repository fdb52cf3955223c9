/** Call: the call-detail record (RPT-1) with its legs. */
import { decodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { CallLeg, CallRecord } from '../../domain/call/call-record.ts';
import { numberVariants } from '../../domain/call/numbers.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { AgentRef } from './agent.ts';
import { BusinessLineRef } from './business-line.ts';
import { loadVisible } from './loading.ts';
import { pageOf } from './pagination.ts';
import { QueueRef } from './queue.ts';

/** Which way a call went. */
export const DirectionEnum = builder.enumType('CallDirection', {
  description: 'Which way a call went.',
  values: {
    INBOUND: { value: 'inbound', description: 'A caller reached us.' },
    OUTBOUND: { value: 'outbound', description: 'We called out (dialer, click-to-dial).' },
    INTERNAL: { value: 'internal', description: 'Between extensions.' },
  } as const,
});

const CallLegRef = builder.objectRef<CallLeg>('CallLeg').implement({
  description: 'One Asterisk channel of a call.',
  fields: (t) => ({
    channelId: t.exposeString('channelId', { description: 'Asterisk uniqueid of the channel.' }),
    channelName: t.exposeString('channelName', {
      description: 'Channel name, e.g. PJSIP/1001-00000003.',
    }),
    role: t.exposeString('role', { description: 'caller, agent, external, supervisor...' }),
    agent: t.field({
      type: AgentRef,
      nullable: true,
      description: 'The agent on this leg.',
      resolve: (l) => l.agentId,
    }),
    startedAt: t.field({
      type: 'DateTime',
      description: 'Channel created.',
      resolve: (l) => l.startedAt,
    }),
    answeredAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Channel answered.',
      resolve: (l) => l.answeredAt,
    }),
    endedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Channel hung up.',
      resolve: (l) => l.endedAt,
    }),
    hangupCause: t.exposeInt('hangupCause', { nullable: true, description: 'Q.850 cause code.' }),
  }),
});

/** The Call node. */
export const CallRef = builder.loadableNode('Call', {
  description: 'One call with its legs. Agents see only calls they took part in.',
  id: { resolve: (c: CallRecord) => c.id },
  load: loadVisible<CallRecord>('Call', (s) => s.calls),
  fields: (t) => ({
    linkedId: t.exposeString('linkedId', {
      description: 'Asterisk linkedid shared by all channels of the call.',
    }),
    direction: t.field({
      type: DirectionEnum,
      description: 'Inbound, outbound or internal.',
      resolve: (c) => c.direction,
    }),
    ani: t.exposeString('ani', { description: 'Caller number (ANI).' }),
    dnis: t.exposeString('dnis', { description: 'Number dialled (DNIS).' }),
    businessLine: t.field({
      type: BusinessLineRef,
      nullable: true,
      description: 'Owner.',
      resolve: (c) => c.businessLineId,
    }),
    queue: t.field({
      type: QueueRef,
      nullable: true,
      description: 'Queue the call went through.',
      resolve: (c) => c.queueId,
    }),
    agent: t.field({
      type: AgentRef,
      nullable: true,
      description: 'Agent who handled it.',
      resolve: (c) => c.agentId,
    }),
    startedAt: t.field({
      type: 'DateTime',
      description: 'Call entered the system.',
      resolve: (c) => c.startedAt,
    }),
    answeredAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'An agent (or callee) answered.',
      resolve: (c) => c.answeredAt,
    }),
    endedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Last leg hung up; null while live.',
      resolve: (c) => c.endedAt,
    }),
    hangupCause: t.exposeInt('hangupCause', {
      nullable: true,
      description: 'Q.850 cause of the end.',
    }),
    hangupBy: t.exposeString('hangupBy', {
      nullable: true,
      description: 'Who ended it: caller, agent or system.',
    }),
    disposition: t.exposeString('disposition', {
      nullable: true,
      description: 'Wrap-up disposition code.',
    }),
    notes: t.exposeString('notes', { nullable: true, description: 'Agent notes.' }),
    legs: t.loadableList({
      type: CallLegRef,
      description: 'Channels of the call, oldest first.',
      load: async (ids: string[], ctx) => {
        const legs = await ctx.services.calls.legsOf(ids);
        return ids.map((id) => legs.filter((l) => l.callId === id));
      },
      resolve: (c) => c.id,
    }),
  }),
});

/** A campaign given as a global ID or as its own id. */
function campaignIdOf(raw: string): string {
  try {
    return decodeGlobalID(raw).id;
  } catch {
    return raw;
  }
}

const CallFilter = builder.inputType('CallFilter', {
  description: 'Restricts a call listing.',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', description: 'Calls started at or after.' }),
    to: t.field({ type: 'DateTime', description: 'Calls started before.' }),
    queueId: t.globalID({ for: QueueRef, description: 'Only this queue.' }),
    agentId: t.globalID({ for: AgentRef, description: 'Only calls this agent took part in.' }),
    number: t.string({
      description: 'Only calls from or to this number (E.164, or as the PBX recorded it).',
      validate: z.string().trim().min(1, 'must not be empty').max(64, 'at most 64 characters'),
    }),
    campaignId: t.id({ description: 'Only calls of this dialer campaign.' }),
    disposition: t.string({ description: 'Only calls with this wrap-up disposition code.' }),
    direction: t.field({ type: DirectionEnum, description: 'Only calls of this direction.' }),
  }),
});

builder.queryField('calls', (t) =>
  t.connection({
    type: CallRef,
    description:
      'Call records, newest first. Agents get only their own calls; other roles those of their business lines.',
    authScopes: { permission: 'calls:read-own' },
    args: { filter: t.arg({ type: CallFilter, description: 'Optional restrictions.' }) },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) =>
        ctx.services.calls.list(
          actorOf(ctx),
          {
            from: args.filter?.from?.getTime(),
            to: args.filter?.to?.getTime(),
            queueId: args.filter?.queueId?.id,
            agentId: args.filter?.agentId?.id,
            numbers: args.filter?.number ? numberVariants(args.filter.number) : undefined,
            campaignId: args.filter?.campaignId
              ? campaignIdOf(String(args.filter.campaignId))
              : undefined,
            disposition: args.filter?.disposition ?? undefined,
            direction: args.filter?.direction ?? undefined,
          },
          page,
        ),
      ),
  }),
);
