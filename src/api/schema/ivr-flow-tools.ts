/**
 * Tools on a flow without a call: `testIvrFlow` (simulate a path with given
 * inputs at a given time) and `IvrFlow.nodeStats` (per-node statistics of
 * real calls for the supervisor).
 */
import { z } from 'zod';
import type { ScriptItem, SimulationResult } from '../../domain/ivr/flow.simulate.ts';
import type { DetailCount, NodeStats } from '../../domain/ivr/flow.stats.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { IvrFlowRef } from './ivr-flow.ts';
import { IvrPathEntryRef } from './ivr-session.ts';

const IvrCountRef = builder.objectRef<DetailCount>('IvrCount').implement({
  description: 'How often something happened at a node.',
  fields: (t) => ({
    detail: t.exposeString('detail', { description: 'The digit, exit, reason or event.' }),
    count: t.exposeInt('count', { description: 'How many times.' }),
  }),
});

const IvrNodeStatsRef = builder.objectRef<NodeStats>('IvrNodeStats').implement({
  description: 'What callers did at one node of a flow.',
  fields: (t) => ({
    nodeId: t.exposeString('nodeId', { description: 'The node.' }),
    nodeType: t.exposeString('nodeType', { description: 'Its type.' }),
    calls: t.exposeInt('calls', { description: 'Calls that reached the node.' }),
    entries: t.exposeInt('entries', {
      description: 'Times it was entered, re-entries included.',
    }),
    hangups: t.exposeInt('hangups', { description: 'Callers who hung up while there.' }),
    invalid: t.exposeInt('invalid', { description: 'Invalid entries.' }),
    timeouts: t.exposeInt('timeouts', { description: 'Times nobody pressed a key in time.' }),
    digits: t.field({
      type: [IvrCountRef],
      description: 'Menu keys chosen, most frequent first.',
      resolve: (s) => [...s.digits],
    }),
    exits: t.field({
      type: [IvrCountRef],
      description: 'How calls left the IVR here (to-queue, hangup...).',
      resolve: (s) => [...s.exits],
    }),
    errors: t.field({
      type: [IvrCountRef],
      description: 'Problems by reason (lookup failures, missing prompts...).',
      resolve: (s) => [...s.errors],
    }),
    other: t.field({
      type: [IvrCountRef],
      description: 'Other events (periods, branches, languages...).',
      resolve: (s) => [...s.other],
    }),
  }),
});

builder.objectField(IvrFlowRef, 'nodeStats', (t) =>
  t.field({
    type: [IvrNodeStatsRef],
    description:
      'Per-node statistics of real calls, most reached first. Roles: admin, supervisor, qa.',
    authScopes: { permission: 'config:read' },
    args: {
      version: t.arg.int({ description: 'Only calls that ran this version (default: all).' }),
      from: t.arg({ type: 'DateTime', description: 'Only steps at or after.' }),
      to: t.arg({ type: 'DateTime', description: 'Only steps before.' }),
    },
    resolve: (flow, args, ctx) =>
      ctx.services.ivr.tools.stats(actorOf(ctx), flow.id, {
        ...(args.version != null && { version: args.version }),
        ...(args.from && { from: args.from.getTime() }),
        ...(args.to && { to: args.to.getTime() }),
      }),
  }),
);

const IvrTestStep = builder.inputType('IvrTestStep', {
  description:
    'One scripted behaviour of the simulated caller or lookup endpoint; give exactly one field. Each is used by the next action it fits.',
  fields: (t) => ({
    digits: t.string({ description: 'Keys typed at the next digit prompt ("" = just #).' }),
    timeout: t.boolean({ description: 'The caller types nothing at the next digit prompt.' }),
    interrupt: t.string({ description: 'A key pressed during the next interruptible prompt.' }),
    lookupStatus: t.int({ description: 'The next lookup answers with this HTTP status...' }),
    lookupBody: t.field({ type: 'JSON', description: '...and this body (with lookupStatus).' }),
    lookupError: t.string({ description: 'The next lookup gets no answer (e.g. TIMEOUT).' }),
    recordedS: t.int({ description: 'The next voicemail recording lasts this many seconds.' }),
    fail: t.string({
      description: 'The next action fails with this reason (e.g. a missing prompt).',
    }),
    hangup: t.boolean({ description: 'The caller hangs up during the next action.' }),
  }),
});

type StepArg = {
  digits?: string | null;
  timeout?: boolean | null;
  interrupt?: string | null;
  lookupStatus?: number | null;
  lookupBody?: unknown;
  lookupError?: string | null;
  recordedS?: number | null;
  fail?: string | null;
  hangup?: boolean | null;
};

const stepSchema = z
  .looseObject({
    digits: z
      .string()
      .regex(/^[0-9*#]*$/, 'keys 0-9, * and #')
      .max(64)
      .nullish(),
    interrupt: z
      .string()
      .regex(/^[0-9*#]$/, 'one key')
      .nullish(),
    lookupStatus: z.number().int().min(100).max(599).nullish(),
    recordedS: z.number().int().min(0).max(3600).nullish(),
  })
  .refine((s) => {
    const given = Object.entries(s).filter(
      ([k, v]) => v !== null && v !== undefined && k !== 'lookupBody',
    );
    return given.length === 1;
  }, 'give exactly one of digits, timeout, interrupt, lookupStatus, lookupError, recordedS, fail, hangup');

function scriptItem(s: StepArg): ScriptItem {
  if (s.digits != null) return s.digits;
  if (s.timeout) return { timeout: true };
  if (s.interrupt != null) return { interrupt: s.interrupt };
  if (s.lookupStatus != null)
    return { lookup: { status: s.lookupStatus, body: s.lookupBody ?? null } };
  if (s.lookupError != null) return { lookupError: s.lookupError };
  if (s.recordedS != null) return { recorded: { durationS: s.recordedS } };
  if (s.fail != null) return { fail: s.fail };
  return { hangup: true };
}

const IvrFlowTestInput = builder.inputType('IvrFlowTestInput', {
  description: 'A simulated call through a flow.',
  fields: (t) => ({
    flowId: t.globalID({ for: IvrFlowRef, required: true, description: 'The flow.' }),
    version: t.int({ description: 'A published version; the draft when omitted.' }),
    at: t.field({
      type: 'DateTime',
      description: 'When the call happens (schedules read it); default now.',
    }),
    callerNumber: t.string({ description: 'ANI (the firewall reads it); default +15550100000.' }),
    dialedNumber: t.string({ description: 'DNIS; default the flow key.' }),
    digits: t.stringList({
      description: 'Keys typed at each digit prompt in turn; shorthand for script steps.',
    }),
    script: t.field({
      type: [IvrTestStep],
      description: 'Caller and endpoint behaviour in order (after `digits`, if both are given).',
    }),
  }),
  validate: z.looseObject({
    digits: z
      .array(
        z
          .string()
          .regex(/^[0-9*#]*$/, 'keys 0-9, * and #')
          .max(64),
      )
      .max(500)
      .nullish(),
    script: z.array(stepSchema).max(500).nullish(),
  }),
});

const IvrFlowTestResultRef = builder.objectRef<SimulationResult>('IvrFlowTestResult').implement({
  description: 'What a simulated call did.',
  fields: (t) => ({
    visited: t.stringList({
      description: 'Node ids in the order they were entered.',
      resolve: (r) => [...r.visited],
    }),
    actions: t.field({
      type: ['JSON'],
      description: 'Every action the IVR took (play, get-digits, say, lookup, to-queue...).',
      resolve: (r) => [...r.actions],
    }),
    path: t.field({
      type: [IvrPathEntryRef],
      description: 'The recorded path, as a real call would record it.',
      resolve: (r) => [...r.path],
    }),
    last: t.field({
      type: 'JSON',
      description: 'The last action: how the call would leave the IVR.',
      resolve: (r) => r.last,
    }),
    variables: t.field({
      type: 'JSON',
      description: 'Flow variables at the end.',
      resolve: (r) => r.cursor.vars,
    }),
    truncated: t.exposeBoolean('truncated', {
      description: 'The run was cut at the action limit (the flow loops on the given input).',
    }),
    unused: t.exposeInt('unused', { description: 'Script steps nothing consumed.' }),
  }),
});

builder.queryField('testIvrFlow', (t) =>
  t.field({
    type: IvrFlowTestResultRef,
    description:
      "Runs a flow's draft or a published version with scripted input at a chosen time, without a call: returns the nodes visited and the actions. Uses the business line's real schedules and firewall lists. Roles: admin, supervisor, qa.",
    authScopes: { permission: 'config:read' },
    args: { input: t.arg({ type: IvrFlowTestInput, required: true, description: 'The call.' }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.ivr.tools.test(actorOf(ctx), {
        flowId: input.flowId.id,
        version: input.version ?? null,
        script: [...(input.digits ?? []), ...(input.script ?? []).map(scriptItem)],
        at: input.at?.getTime() ?? null,
        callerNumber: input.callerNumber ?? '+15550100000',
        dialedNumber: input.dialedNumber ?? null,
      }),
  }),
);
