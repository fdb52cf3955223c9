/**
 * IvrFlow: an IVR flow document (IVR-1) with its draft, its immutable
 * published versions and the version new calls run; validation that
 * reports every issue with its node; publish and roll back.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { FlowCheck } from '../../app/ivr/flow-check.ts';
import type { FlowIssue } from '../../domain/ivr/flow.issues.ts';
import type { IvrFlowRecord, IvrFlowVersion } from '../../domain/ivr/ivr.records.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { BusinessLineRef } from './business-line.ts';
import { loadVisible } from './loading.ts';
import { pageOf } from './pagination.ts';
import { RESULT } from './problem.ts';
import { UserRef } from './user.ts';

const IvrFlowIssueRef = builder.objectRef<FlowIssue>('IvrFlowIssue').implement({
  description: 'One problem of a flow document, naming the node and the reason.',
  fields: (t) => ({
    code: t.exposeString('code', {
      description:
        'Stable code: UNSUPPORTED_VERSION, SCHEMA_INVALID, BAD_NODE_ID, UNKNOWN_NODE_TYPE, DANGLING_EDGE, UNREACHABLE_NODE (warning), LOOP_WITHOUT_INPUT, TOO_DEEP, MISSING_PROMPT, UNKNOWN_LANGUAGE, BAD_EXPRESSION, BAD_TEMPLATE, BAD_JSON_PATH, BAD_URL, BAD_REGEX, BAD_NUMBER, BAD_VARIABLE, NO_TTS_ENGINE, INCONSISTENT, UNKNOWN_REFERENCE.',
    }),
    nodeId: t.exposeString('nodeId', {
      nullable: true,
      description: 'The node concerned; null for the document itself.',
    }),
    field: t.exposeString('field', {
      nullable: true,
      description: 'The field inside the node or document, e.g. `options.1`.',
    }),
    message: t.exposeString('message', { description: 'The node and the reason, for people.' }),
  }),
});

/** The result of validating a flow document. */
export const IvrFlowValidationRef = builder.objectRef<FlowCheck>('IvrFlowValidation').implement({
  description: 'Every error and warning of a flow document at once.',
  fields: (t) => ({
    ok: t.exposeBoolean('ok', { description: 'No errors: the document can be published.' }),
    errors: t.field({
      type: [IvrFlowIssueRef],
      description: 'Problems that prevent publishing.',
      resolve: (v) => [...v.errors],
    }),
    warnings: t.field({
      type: [IvrFlowIssueRef],
      description: 'Problems that do not (unreachable nodes).',
      resolve: (v) => [...v.warnings],
    }),
    depth: t.exposeInt('depth', {
      description: 'Deepest menu level (menus and collects passed through); at most 100.',
    }),
  }),
});

type VersionOf = IvrFlowVersion & { readonly activeVersion: number | null };

const IvrFlowVersionRef = builder.objectRef<VersionOf>('IvrFlowVersion').implement({
  description:
    'A published version of a flow. It never changes; calls keep the version they started with.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'Version number, 1 and up.' }),
    document: t.field({
      type: 'JSON',
      description: 'The flow document.',
      resolve: (v) => v.document,
    }),
    note: t.exposeString('note', { description: 'What changed, as written when publishing.' }),
    publishedAt: t.field({
      type: 'DateTime',
      description: 'When it was published.',
      resolve: (v) => v.publishedAt,
    }),
    publishedBy: t.field({
      type: UserRef,
      nullable: true,
      description: 'Who published it (null: loaded with the demo data).',
      resolve: (v) => v.publishedBy,
    }),
    active: t.boolean({
      description: 'New calls run this version.',
      resolve: (v) => v.version === v.activeVersion,
    }),
  }),
});

const withActive = (flow: IvrFlowRecord) => (v: IvrFlowVersion) => ({
  ...v,
  activeVersion: flow.activeVersion,
});

/** The IvrFlow node. */
export const IvrFlowRef = builder.loadableNode('IvrFlow', {
  description:
    'An IVR flow: a validated document of nodes (menus, prompts, lookups, schedules, firewall, voicemail, queues...). Roles: admin, supervisor, qa.',
  id: { resolve: (f: IvrFlowRecord) => f.id },
  load: loadVisible<IvrFlowRecord>('IvrFlow', (s) => s.ivr.flows),
  fields: (t) => ({
    key: t.exposeString('key', {
      description:
        "The document's `id`: what `agi://.../ivr/<key>`, DID routes and goto nodes name. Never changes.",
    }),
    name: t.exposeString('name', { description: 'Name shown to people.' }),
    description: t.exposeString('description', { description: 'Free text.' }),
    businessLine: t.field({
      type: BusinessLineRef,
      description: 'Owner: its schedules, firewall lists, queues and mailboxes.',
      resolve: (f) => f.businessLineId,
    }),
    draft: t.field({
      type: 'JSON',
      description: 'The draft document being edited (may be invalid).',
      resolve: (f) => f.draft,
    }),
    draftValidation: t.field({
      type: IvrFlowValidationRef,
      description:
        "The draft's errors and warnings, including queues or schedules it names that do not exist.",
      resolve: (f, _args, ctx) => ctx.services.ivr.flows.validateDraft(f),
    }),
    activeVersion: t.exposeInt('activeVersion', {
      nullable: true,
      description: 'The version new calls run; null until published.',
    }),
    latestVersion: t.exposeInt('latestVersion', {
      description: 'Highest version published so far (0: never).',
    }),
    versions: t.field({
      type: [IvrFlowVersionRef],
      description: 'Published versions, newest first.',
      resolve: async (f, _args, ctx) =>
        (await ctx.services.ivr.flows.versions(f.id)).map(withActive(f)),
    }),
    version: t.field({
      type: IvrFlowVersionRef,
      nullable: true,
      description: 'One published version.',
      args: { version: t.arg.int({ required: true, description: 'Its number.' }) },
      resolve: async (f, args, ctx) => {
        const v = await ctx.services.ivr.flows.version(f.id, args.version);
        return v === undefined ? null : withActive(f)(v);
      },
    }),
    createdAt: t.field({ type: 'DateTime', description: 'Created.', resolve: (f) => f.createdAt }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change.',
      resolve: (f) => f.updatedAt,
    }),
  }),
});

builder.queryFields((t) => ({
  ivrFlows: t.connection({
    type: IvrFlowRef,
    description: "IVR flows of the caller's business lines, by name. Roles: admin, supervisor, qa.",
    authScopes: { permission: 'config:read' },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) => ctx.services.ivr.flows.list(actorOf(ctx), page)),
  }),
  validateIvrFlow: t.field({
    type: IvrFlowValidationRef,
    description:
      'Validates a flow document for a business line without storing it: every error at once. Roles: admin, supervisor, qa.',
    authScopes: { permission: 'config:read' },
    args: {
      businessLineId: t.arg.globalID({
        for: BusinessLineRef,
        required: true,
        description: 'Whose queues, schedules and mailboxes the flow may name.',
      }),
      document: t.arg({ type: 'JSON', required: true, description: 'The flow document.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.ivr.flows.validate(actorOf(ctx), args.businessLineId.id, args.document),
  }),
}));

const name = z.string().trim().min(1, 'must not be empty').max(120, 'at most 120 characters');

const IvrFlowInput = builder.inputType('IvrFlowInput', {
  description: 'A new flow. Its key is the document’s `id`.',
  fields: (t) => ({
    businessLineId: t.globalID({ for: BusinessLineRef, required: true, description: 'Owner.' }),
    name: t.string({ required: true, description: 'Name shown to people.' }),
    description: t.string({ description: 'Free text.' }),
    document: t.field({
      type: 'JSON',
      required: true,
      description: 'The first draft (see the README for the document format).',
    }),
  }),
  validate: z.looseObject({ name }),
});

const IvrFlowPatch = builder.inputType('IvrFlowPatch', {
  description: 'Changes to the draft; omitted fields stay. Published versions are never changed.',
  fields: (t) => ({
    name: t.string({ description: 'New name.' }),
    description: t.string({ description: 'New description.' }),
    document: t.field({
      type: 'JSON',
      description: 'The new draft document (its `id` must stay the flow key).',
    }),
  }),
  validate: z.looseObject({ name: name.nullish() }),
});

builder.mutationFields((t) => ({
  createIvrFlow: t.field({
    type: IvrFlowRef,
    description: 'Creates a flow with a draft (not yet published). Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: { input: t.arg({ type: IvrFlowInput, required: true, description: 'The flow.' }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.ivr.flows.create(actorOf(ctx), {
        businessLineId: input.businessLineId.id,
        name: input.name,
        ...(input.description != null && { description: input.description }),
        document: input.document,
      }),
  }),
  updateIvrFlow: t.field({
    type: IvrFlowRef,
    description: 'Changes the draft of a flow. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: IvrFlowRef, required: true, description: 'The flow.' }),
      input: t.arg({ type: IvrFlowPatch, required: true, description: 'The changes.' }),
    },
    resolve: (_root, { id, input }, ctx) =>
      ctx.services.ivr.flows.updateDraft(actorOf(ctx), id.id, {
        ...(input.name != null && { name: input.name }),
        ...(input.description != null && { description: input.description }),
        ...(input.document !== undefined &&
          input.document !== null && { document: input.document }),
      }),
  }),
  publishIvrFlow: t.field({
    type: IvrFlowVersionRef,
    description:
      'Publishes the draft as the next version; new calls run it, calls in progress keep theirs. A draft with errors is refused (Problem VALIDATION_FAILED, `details.issues` lists them). Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: IvrFlowRef, required: true, description: 'The flow.' }),
      note: t.arg.string({ description: 'What changed.' }),
    },
    resolve: async (_root, { id, note }, ctx) => {
      const version = await ctx.services.ivr.flows.publish(actorOf(ctx), id.id, note ?? '');
      return { ...version, activeVersion: version.version };
    },
  }),
  rollbackIvrFlow: t.field({
    type: IvrFlowRef,
    description:
      'Makes an earlier published version the one new calls run (versions are never changed or deleted). Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: IvrFlowRef, required: true, description: 'The flow.' }),
      version: t.arg.int({ required: true, description: 'The version to run.' }),
    },
    resolve: (_root, { id, version }, ctx) =>
      ctx.services.ivr.flows.rollback(actorOf(ctx), id.id, version),
  }),
  deleteIvrFlow: t.field({
    type: 'ID',
    description:
      'Deletes a flow and its versions; refused (CONFLICT) while numbers route to it. Returns the deleted ID. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: { id: t.arg.globalID({ for: IvrFlowRef, required: true, description: 'The flow.' }) },
    resolve: async (_root, { id }, ctx) => {
      await ctx.services.ivr.flows.delete(actorOf(ctx), id.id);
      return encodeGlobalID('IvrFlow', id.id);
    },
  }),
}));
