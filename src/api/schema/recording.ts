/** Recording: the index of call recordings (REC-1..3), searchable and playable. */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { CallRecord } from '../../domain/call/call-record.ts';
import type { Recording } from '../../domain/call/recording.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { AgentRef } from './agent.ts';
import { CallRef } from './call.ts';
import { ContactRef } from './contact.ts';
import { loadVisible } from './loading.ts';
import { pageOf } from './pagination.ts';
import { RESULT } from './problem.ts';

/** The Recording node. */
export const RecordingRef = builder.loadableNode('Recording', {
  description:
    'One call recording. QA, supervisors and admins see those of their business lines; agents those of their own calls.',
  id: { resolve: (r: Recording) => r.id },
  load: loadVisible<Recording>('Recording', (s) => s.recordings),
  fields: (t) => ({
    name: t.exposeString('name', {
      description:
        'Name as Asterisk stores it: the path under the recordings directory, without extension.',
    }),
    format: t.exposeString('format', { description: 'File format, e.g. wav.' }),
    durationMs: t.exposeInt('durationMs', { description: 'Length in milliseconds.' }),
    sizeBytes: t.exposeFloat('sizeBytes', {
      nullable: true,
      description: 'File size in bytes, when the file was found at indexing.',
    }),
    startedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the recording started.',
      resolve: (r) => r.startedAt,
    }),
    endedAt: t.field({
      type: 'DateTime',
      description: 'When the recording ended.',
      resolve: (r) => r.endedAt,
    }),
    call: t.field({
      type: CallRef,
      nullable: true,
      description: 'The recorded call (null while its record is not written yet).',
      resolve: async (r, _args, ctx) => (await ctx.services.recordings.callOf(r))?.id ?? null,
    }),
    playUrl: t.string({
      description:
        'Signed link (valid 10 minutes, for the caller only) to play the recording in a browser: `<audio src>` with HTTP range requests.',
      resolve: (r, _args, ctx) => ctx.services.recordings.linkTo(actorOf(ctx), r, false),
    }),
    downloadUrl: t.string({
      description: 'Signed link (valid 10 minutes, for the caller only) that downloads the file.',
      resolve: (r, _args, ctx) => ctx.services.recordings.linkTo(actorOf(ctx), r, true),
    }),
  }),
});

const RecordingFilter = builder.inputType('RecordingFilter', {
  description: 'Restricts a recording search; every criterion given must match.',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', description: 'Recordings that ended at or after.' }),
    to: t.field({ type: 'DateTime', description: 'Recordings that ended before.' }),
    agentId: t.globalID({ for: AgentRef, description: 'Calls this agent took part in.' }),
    number: t.string({
      description: 'Calls from or to this number (E.164, or as the PBX recorded it).',
      validate: z.string().trim().min(1, 'must not be empty').max(64, 'at most 64 characters'),
    }),
    contactId: t.globalID({
      for: ContactRef,
      description: 'Calls from or to any phone number of this contact.',
    }),
  }),
});

builder.queryField('recordings', (t) =>
  t.connection({
    type: RecordingRef,
    description:
      'Call recordings, newest first. Agents get only recordings of their own calls; QA, supervisors and admins those of their business lines.',
    authScopes: { permission: 'recordings:read-own' },
    args: { filter: t.arg({ type: RecordingFilter, description: 'Optional restrictions.' }) },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) =>
        ctx.services.recordings.search(
          actorOf(ctx),
          {
            from: args.filter?.from?.getTime(),
            to: args.filter?.to?.getTime(),
            agentId: args.filter?.agentId?.id,
            number: args.filter?.number ?? undefined,
            contactId: args.filter?.contactId?.id,
          },
          page,
        ),
      ),
  }),
);

builder.objectField(CallRef, 'recordings', (t) =>
  t.field({
    type: [RecordingRef],
    description: 'Recordings of this call that the caller may play, oldest first.',
    resolve: (c: CallRecord, _args, ctx) =>
      ctx.actor ? ctx.services.recordings.ofCalls(ctx.actor, [c.linkedId]) : [],
  }),
);

builder.mutationField('deleteRecording', (t) =>
  t.field({
    type: 'ID',
    description:
      'Deletes a recording file now (the index keeps a row marked deleted, and the audit log an entry). Returns the deleted ID. Role: admin.',
    authScopes: { permission: 'records:manage' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: RecordingRef, required: true, description: 'The recording.' }),
    },
    resolve: async (_root, { id }, ctx) => {
      await ctx.services.recordings.delete(actorOf(ctx), id.id);
      return encodeGlobalID('Recording', id.id);
    },
  }),
);
