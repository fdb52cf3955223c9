/**
 * IvrSession: one call's way through the IVR (firewall verdict, schedule
 * period, nodes visited, how it left, what went wrong), also shown on the
 * call record as `Call.ivrSessions`.
 */
import type { PathEntry } from '../../domain/ivr/flow.step.ts';
import type { IvrOutcome, IvrPathStep, IvrSession } from '../../domain/ivr/ivr.records.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { BusinessLineRef } from './business-line.ts';
import { CallRef } from './call.ts';
import { loadVisible } from './loading.ts';
import { pageOf } from './pagination.ts';

/** Schedule periods (IVR-2). */
export const IvrPeriodEnum = builder.enumType('IvrPeriod', {
  description: 'A period of a schedule (IVR-2).',
  values: {
    OPEN: { value: 'open', description: 'Working hours.' },
    HALF_REST: { value: 'half-rest', description: 'Lunch or evening: reduced service.' },
    REST: { value: 'rest', description: 'Closed: nights and weekends.' },
    HOLIDAY: { value: 'holiday', description: 'A public or company holiday.' },
  } as const,
});

const IvrFirewallVerdictEnum = builder.enumType('IvrFirewallVerdict', {
  description: 'What the call firewall decided (IVR-3).',
  values: {
    BLOCK: { value: 'block', description: 'On the block list: rejected.' },
    VIP: { value: 'vip', description: 'On the VIP list: queued with VIP priority.' },
    PASS: { value: 'pass', description: 'On neither list.' },
  } as const,
});

const OUTCOMES: Record<IvrOutcome, string> = {
  queue: 'Handed to an ACD queue.',
  agent: 'Put through to an agent.',
  external: 'Put through to an external number.',
  hangup: 'The flow ended the call (goodbye, rejection).',
  'caller-hangup': 'The caller hung up in the IVR.',
  fallback: "The IVR could not run or broke down; the PBX's fallback routing took the call.",
};

const IvrOutcomeEnum = builder.enumType('IvrOutcome', {
  description: 'How a call left the IVR.',
  values: Object.fromEntries(
    Object.entries(OUTCOMES).map(([value, description]) => [
      value.toUpperCase().replaceAll('-', '_'),
      { value, description },
    ]),
  ) as Record<string, { value: IvrOutcome; description: string }>,
});

/** A recorded path entry (from a call, or from testIvrFlow). */
export const IvrPathEntryRef = builder
  .objectRef<PathEntry | IvrPathStep>('IvrPathEntry')
  .implement({
    description: 'One recorded fact about a call at a node of a flow.',
    fields: (t) => ({
      at: t.field({ type: 'DateTime', description: 'When.', resolve: (e) => e.at }),
      flowKey: t.string({
        description: 'The flow (its key).',
        resolve: (e) => ('flowKey' in e ? e.flowKey : e.flowId),
      }),
      nodeId: t.exposeString('nodeId', { description: 'The node.' }),
      nodeType: t.exposeString('nodeType', { description: 'Its type (menu, play, queue...).' }),
      event: t.exposeString('event', {
        description:
          'What happened: enter, digits, invalid, timeout, exhausted, interrupted, branch, collected, set, lookup-ok, lookup-error, period, blocked, vip, pass, language, recorded, saved, error, hangup, exit.',
      }),
      detail: t.exposeString('detail', {
        nullable: true,
        description:
          'The digit, branch, period, exit or error reason. Collected digits are never recorded, only their count.',
      }),
    }),
  });

/** The IvrSession node. */
export const IvrSessionRef = builder.loadableNode('IvrSession', {
  description: "One call's run through the IVR. Roles: admin, supervisor, qa.",
  id: { resolve: (s: IvrSession) => s.id },
  load: loadVisible<IvrSession>('IvrSession', (s) => s.ivr.sessions),
  fields: (t) => ({
    channelId: t.exposeString('channelId', {
      description: "The caller's channel (Asterisk uniqueid): the call record's linked id.",
    }),
    channelName: t.exposeString('channelName', { description: 'The channel name.' }),
    businessLine: t.field({
      type: BusinessLineRef,
      nullable: true,
      description: 'Owner of the flow (null when no flow could be found).',
      resolve: (s) => s.businessLineId,
    }),
    flowKey: t.exposeString('flowKey', { nullable: true, description: 'The flow run.' }),
    flowVersion: t.exposeInt('flowVersion', {
      nullable: true,
      description: 'The published version the call ran (kept even if a newer one came out).',
    }),
    callerNumber: t.exposeString('callerNumber', { description: 'ANI as received.' }),
    dialedNumber: t.exposeString('dialedNumber', { description: 'DNIS.' }),
    language: t.exposeString('language', {
      nullable: true,
      description: "The caller's prompt language at the end.",
    }),
    firewall: t.field({
      type: IvrFirewallVerdictEnum,
      nullable: true,
      description: "The firewall's verdict; null when the flow has no firewall node.",
      resolve: (s) => s.firewall,
    }),
    period: t.field({
      type: IvrPeriodEnum,
      nullable: true,
      description: 'The schedule period the call was routed by; null without a schedule node.',
      resolve: (s) => s.period,
    }),
    outcome: t.field({
      type: IvrOutcomeEnum,
      description: 'How it left.',
      resolve: (s) => s.outcome,
    }),
    outcomeDetail: t.exposeString('outcomeDetail', {
      nullable: true,
      description: 'Queue id, dialled number or hang-up cause.',
    }),
    error: t.exposeString('error', {
      nullable: true,
      description:
        'What went wrong (lookup failures, missing prompts, dropped connection...), for the supervisor.',
    }),
    startedAt: t.field({
      type: 'DateTime',
      description: 'Entered the IVR.',
      resolve: (s) => s.startedAt,
    }),
    endedAt: t.field({ type: 'DateTime', description: 'Left it.', resolve: (s) => s.endedAt }),
    path: t.loadableList({
      type: IvrPathEntryRef,
      description: 'Every recorded step, in order.',
      load: async (ids: string[], ctx) => {
        const steps = await ctx.services.ivr.sessions.pathOf(ids);
        return ids.map((id) => steps.filter((s) => s.sessionId === id));
      },
      resolve: (s) => s.id,
    }),
  }),
});

builder.queryField('ivrSessions', (t) =>
  t.connection({
    type: IvrSessionRef,
    description: "Calls' runs through the IVR, newest first. Roles: admin, supervisor, qa.",
    authScopes: { permission: 'calls:read-all' },
    args: {
      flowKey: t.arg.string({ description: 'Only this flow.' }),
      from: t.arg({ type: 'DateTime', description: 'Started at or after.' }),
      to: t.arg({ type: 'DateTime', description: 'Started before.' }),
    },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) =>
        ctx.services.ivr.sessions.list(
          actorOf(ctx),
          {
            ...(args.flowKey && { flowKey: args.flowKey }),
            ...(args.from && { from: args.from.getTime() }),
            ...(args.to && { to: args.to.getTime() }),
          },
          page,
        ),
      ),
  }),
);

builder.objectField(CallRef, 'ivrSessions', (t) =>
  t.loadableList({
    type: IvrSessionRef,
    description:
      "The call's runs through the IVR (firewall, schedule period, path), oldest first; empty when it did not pass the IVR.",
    load: async (linkedIds: string[], ctx) => {
      const sessions = ctx.actor
        ? await ctx.services.ivr.sessions.ofChannels(ctx.actor, linkedIds)
        : [];
      return linkedIds.map((id) => sessions.filter((s) => s.channelId === id));
    },
    resolve: (call) => call.linkedId,
  }),
);
