/**
 * IvrMailbox and IvrVoicemail (IVR-4): mailboxes per business line (and
 * queue), the messages callers leave, who handles them. The audio is
 * played over HTTP at `audioUrl` (same bearer token, range requests).
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { IvrMailbox, IvrVoicemail, VoicemailStatus } from '../../domain/ivr/ivr.records.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { BusinessLineRef } from './business-line.ts';
import { IvrSessionRef } from './ivr-session.ts';
import { loadVisible } from './loading.ts';
import { pageOf } from './pagination.ts';
import { RESULT } from './problem.ts';
import { QueueRef } from './queue.ts';
import { UserRef } from './user.ts';

/** The HTTP path of a message's audio. */
export const voicemailAudioPath = (id: string) =>
  `/ivr/voicemails/${encodeURIComponent(encodeGlobalID('IvrVoicemail', id))}/audio`;

const StatusEnum = builder.enumType('IvrVoicemailStatus', {
  description: 'Where a message is in its handling.',
  values: {
    NEW: { value: 'new', description: 'Nobody took it yet.' },
    ASSIGNED: { value: 'assigned', description: 'Assigned to someone.' },
    HANDLED: { value: 'handled', description: 'Dealt with (the caller was called back...).' },
  } as const satisfies Record<string, { value: VoicemailStatus; description: string }>,
});

/** The IvrMailbox node. */
export const IvrMailboxRef = builder.loadableNode('IvrMailbox', {
  description: 'A voicemail box that voicemail nodes record into. Roles: admin, supervisor, qa.',
  id: { resolve: (m: IvrMailbox) => m.id },
  load: loadVisible<IvrMailbox>('IvrMailbox', (s) => ({ load: s.ivr.voicemail.loadMailboxes })),
  fields: (t) => ({
    key: t.exposeString('key', { description: 'What voicemail nodes name in `mailboxId`.' }),
    name: t.exposeString('name', { description: 'Name.' }),
    businessLine: t.field({
      type: BusinessLineRef,
      description: 'Owner.',
      resolve: (m) => m.businessLineId,
    }),
    queue: t.field({
      type: QueueRef,
      nullable: true,
      description: 'The queue whose callers it takes messages for, if any.',
      resolve: (m) => m.queueId,
    }),
    createdAt: t.field({ type: 'DateTime', description: 'Created.', resolve: (m) => m.createdAt }),
  }),
});

/** The IvrVoicemail node. */
export const IvrVoicemailRef = builder.loadableNode('IvrVoicemail', {
  description:
    'A message a caller left. Supervisors and QA see those of their lines; others those assigned to them.',
  id: { resolve: (v: IvrVoicemail) => v.id },
  load: loadVisible<IvrVoicemail>('IvrVoicemail', (s) => s.ivr.voicemail),
  fields: (t) => ({
    mailbox: t.field({
      type: IvrMailboxRef,
      description: 'Where it was left.',
      resolve: (v) => v.mailboxId,
    }),
    callerNumber: t.exposeString('callerNumber', { description: 'ANI of the call.' }),
    callbackNumber: t.exposeString('callbackNumber', {
      nullable: true,
      description: 'The number the caller typed to be called back on, if any.',
    }),
    durationS: t.exposeInt('durationS', { description: 'Length in seconds.' }),
    status: t.field({
      type: StatusEnum,
      description: 'Handling status.',
      resolve: (v) => v.status,
    }),
    assignedTo: t.field({
      type: UserRef,
      nullable: true,
      description: 'Who is to handle it.',
      resolve: (v) => v.assignedUserId,
    }),
    handledAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was handled.',
      resolve: (v) => v.handledAt,
    }),
    handledBy: t.field({
      type: UserRef,
      nullable: true,
      description: 'Who handled it.',
      resolve: (v) => v.handledBy,
    }),
    flowKey: t.exposeString('flowKey', { description: 'The flow it was left in.' }),
    flowVersion: t.exposeInt('flowVersion', { nullable: true, description: 'Its version.' }),
    nodeId: t.exposeString('nodeId', { description: 'The voicemail node.' }),
    audioUrl: t.string({
      description:
        'Where to play it: GET with the same `Authorization: Bearer` header; range requests work (audio/wav).',
      resolve: (v) => voicemailAudioPath(v.id),
    }),
    ivrSession: t.field({
      type: IvrSessionRef,
      nullable: true,
      description: "The call's run through the IVR (its path), if visible to you.",
      resolve: async (v, _args, ctx) => {
        const sessions = ctx.actor
          ? await ctx.services.ivr.sessions.ofChannels(ctx.actor, [v.channelId])
          : [];
        return sessions.at(-1) ?? null;
      },
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was left.',
      resolve: (v) => v.createdAt,
    }),
  }),
});

builder.queryFields((t) => ({
  ivrMailboxes: t.connection({
    type: IvrMailboxRef,
    description: "Mailboxes of the caller's business lines. Roles: admin, supervisor, qa.",
    authScopes: { permission: 'config:read' },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) => ctx.services.ivr.voicemail.listMailboxes(actorOf(ctx), page)),
  }),
  ivrVoicemails: t.connection({
    type: IvrVoicemailRef,
    description:
      'Messages, newest first: every message of your lines (admin, supervisor, qa), or those assigned to you (agent).',
    authScopes: { permission: 'calls:read-own' },
    args: {
      mailboxId: t.arg.globalID({ for: IvrMailboxRef, description: 'Only this mailbox.' }),
      status: t.arg({ type: StatusEnum, description: 'Only this status.' }),
    },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) =>
        ctx.services.ivr.voicemail.list(
          actorOf(ctx),
          {
            ...(args.mailboxId && { mailboxId: args.mailboxId.id }),
            ...(args.status && { status: args.status }),
          },
          page,
        ),
      ),
  }),
}));

const key = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}$/, '1-64 letters, digits or _ . : -');
const name = z.string().trim().min(1, 'must not be empty').max(120, 'at most 120 characters');

const MailboxInput = builder.inputType('IvrMailboxInput', {
  description: 'A new mailbox.',
  fields: (t) => ({
    businessLineId: t.globalID({ for: BusinessLineRef, required: true, description: 'Owner.' }),
    key: t.string({
      required: true,
      description: 'What voicemail nodes name; unique in the line.',
    }),
    name: t.string({ required: true, description: 'Name.' }),
    queueId: t.globalID({ for: QueueRef, description: 'The queue it belongs to, if any.' }),
  }),
  validate: z.looseObject({ key, name }),
});

const MailboxPatch = builder.inputType('IvrMailboxPatch', {
  description: 'Changes to a mailbox; omitted fields stay.',
  fields: (t) => ({
    name: t.string({ description: 'New name.' }),
    queueId: t.globalID({ for: QueueRef, description: 'New queue; null detaches it.' }),
  }),
  validate: z.looseObject({ name: name.nullish() }),
});

builder.mutationFields((t) => ({
  createIvrMailbox: t.field({
    type: IvrMailboxRef,
    description: 'Creates a mailbox. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: { input: t.arg({ type: MailboxInput, required: true, description: 'The mailbox.' }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.ivr.voicemail.createMailbox(actorOf(ctx), {
        businessLineId: input.businessLineId.id,
        key: input.key,
        name: input.name,
        queueId: input.queueId?.id ?? null,
      }),
  }),
  updateIvrMailbox: t.field({
    type: IvrMailboxRef,
    description: 'Changes a mailbox. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: IvrMailboxRef, required: true, description: 'The mailbox.' }),
      input: t.arg({ type: MailboxPatch, required: true, description: 'The changes.' }),
    },
    resolve: (_root, { id, input }, ctx) =>
      ctx.services.ivr.voicemail.updateMailbox(actorOf(ctx), id.id, {
        ...(input.name != null && { name: input.name }),
        ...(input.queueId !== undefined && { queueId: input.queueId?.id ?? null }),
      }),
  }),
  deleteIvrMailbox: t.field({
    type: 'ID',
    description: 'Deletes a mailbox and its messages. Returns its ID. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: IvrMailboxRef, required: true, description: 'The mailbox.' }),
    },
    resolve: async (_root, { id }, ctx) => {
      await ctx.services.ivr.voicemail.deleteMailbox(actorOf(ctx), id.id);
      return encodeGlobalID('IvrMailbox', id.id);
    },
  }),
  assignIvrVoicemail: t.field({
    type: IvrVoicemailRef,
    description:
      'Assigns a message to a user of its line (null unassigns it). Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: IvrVoicemailRef, required: true, description: 'The message.' }),
      userId: t.arg.globalID({ for: UserRef, description: 'The user; null unassigns.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.ivr.voicemail.assign(actorOf(ctx), args.id.id, args.userId?.id ?? null),
  }),
  markIvrVoicemailHandled: t.field({
    type: IvrVoicemailRef,
    description:
      'Marks a message handled (or open again). Roles: admin and supervisor of its line, or the user it is assigned to.',
    authScopes: { permission: 'calls:read-own' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: IvrVoicemailRef, required: true, description: 'The message.' }),
      handled: t.arg.boolean({ description: 'false re-opens it (default true).' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.ivr.voicemail.markHandled(actorOf(ctx), args.id.id, args.handled ?? true),
  }),
}));
