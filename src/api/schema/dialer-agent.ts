/**
 * The agent's side of the dialer (DIAL-1 preview, DIAL-5 screen pop,
 * AGT-6 dispositions): the preview record, dial or skip, the outbound
 * call's screen pop with the campaign's script, and the disposition. An
 * agent sees masked numbers on a masking campaign but can still dial.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { VisibleRecord } from '../../app/dialer/dialer-service.ts';
import type { Attempt } from '../../app/dialer/ports.ts';
import type { Campaign } from '../../domain/dialer/campaign.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { CampaignRef, idOf } from './dialer-campaign.ts';
import { RESULT } from './problem.ts';

/** A contact of a list, numbers masked for agents on a masking campaign. */
export const RecordRef = builder.objectRef<VisibleRecord>('ListRecord').implement({
  description: 'A contact of a calling list.',
  fields: (t) => ({
    id: t.id({
      description: 'Global ID.',
      resolve: (r) => encodeGlobalID('ListRecord', String(r.id)),
    }),
    name: t.exposeString('name', { description: 'Contact name.' }),
    externalId: t.exposeString('externalId', { nullable: true, description: 'CRM id.' }),
    numbers: t.stringList({
      description: 'Numbers as the caller may see them (masked for agents on a masking campaign).',
      resolve: (r) => [...r.shownNumbers],
    }),
    data: t.field({ type: 'JSON', description: 'The other CSV columns.', resolve: (r) => r.data }),
    status: t.exposeString('status', {
      description:
        'pending, scheduled, reserved, follow-up (held for a booked follow-up), in-progress, completed, exhausted, dnc, invalid.',
    }),
    attempts: t.exposeInt('attempts', { description: 'Attempts so far.' }),
  }),
});

const PreviewRef = builder
  .objectRef<{ campaign: Campaign; record: VisibleRecord }>('PreviewRecord')
  .implement({
    description: 'The record reserved for the agent in a preview campaign.',
    fields: (t) => ({
      campaign: t.field({
        type: CampaignRef,
        description: 'The campaign.',
        resolve: (p) => p.campaign,
      }),
      script: t.string({
        description: "The campaign's script.",
        resolve: (p) => p.campaign.settings.script,
      }),
      record: t.field({ type: RecordRef, description: 'The record.', resolve: (p) => p.record }),
    }),
  });

interface ScreenPop {
  callId: string;
  attemptId: number;
  campaign: Campaign;
  record: VisibleRecord;
  number: string;
  connected: boolean;
}

const ScreenPopRef = builder.objectRef<ScreenPop>('OutboundScreenPop').implement({
  description: 'The outbound call an agent is on: what the screen pop shows (DIAL-5).',
  fields: (t) => ({
    callId: t.exposeString('callId', { description: "The callee leg's channel id." }),
    attemptId: t.id({
      description: 'Global ID of the attempt (for setCallDisposition).',
      resolve: (p) => encodeGlobalID('DialAttempt', String(p.attemptId)),
    }),
    campaign: t.field({
      type: CampaignRef,
      description: 'The campaign.',
      resolve: (p) => p.campaign,
    }),
    script: t.string({
      description: "The campaign's script.",
      resolve: (p) => p.campaign.settings.script,
    }),
    dispositions: t.stringList({
      description: 'Codes the agent may set.',
      resolve: (p) => [...p.campaign.settings.dispositions],
    }),
    record: t.field({ type: RecordRef, description: 'The contact.', resolve: (p) => p.record }),
    number: t.exposeString('number', {
      description: 'The number dialled (masked for agents when the campaign masks).',
    }),
    connected: t.exposeBoolean('connected', { description: 'The agent is talking to the callee.' }),
  }),
});

const AttemptRef = builder.objectRef<Attempt>('DialAttempt').implement({
  description: 'One dial attempt of a record.',
  fields: (t) => ({
    id: t.id({
      description: 'Global ID.',
      resolve: (a) => encodeGlobalID('DialAttempt', String(a.id)),
    }),
    outcome: t.exposeString('outcome', {
      nullable: true,
      description:
        'connected, abandoned, machine, busy, no-answer, invalid, failed, hangup-early; broadcast: delivered (message heard), transferred (agent key, handed to the queue), message-left (on a machine).',
    }),
    dtmf: t.exposeString('dtmf', {
      nullable: true,
      description:
        'Broadcast campaigns: the key the callee pressed that the campaign keeps (an answer key, or the agent key); null when none.',
    }),
    disposition: t.exposeString('disposition', {
      nullable: true,
      description: "The agent's code.",
    }),
    notes: t.exposeString('notes', { nullable: true, description: "The agent's notes." }),
    startedAt: t.field({ type: 'DateTime', description: 'Dialled.', resolve: (a) => a.startedAt }),
    endedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Ended.',
      resolve: (a) => a.endedAt,
    }),
  }),
});

const recordId = (id: string | number) => Number(idOf(String(id), 'ListRecord', 'recordId'));

builder.queryFields((t) => ({
  previewNext: t.field({
    type: PreviewRef,
    nullable: true,
    description:
      'Preview mode: the record reserved for the calling agent (the next due one is reserved if none); null when none is due. Roles: agents.',
    authScopes: { authenticated: true },
    args: { campaignId: t.arg.id({ required: true, description: 'Global ID of the campaign.' }) },
    resolve: (_r, a, ctx) =>
      ctx.services.dialer.previewNext(
        actorOf(ctx),
        idOf(String(a.campaignId), 'Campaign', 'campaignId'),
      ),
  }),
  outboundCall: t.field({
    type: ScreenPopRef,
    nullable: true,
    description:
      "The calling agent's outbound call with the campaign's script; null when none. Roles: agents.",
    authScopes: { authenticated: true },
    resolve: (_r, _a, ctx) => ctx.services.dialer.currentCall(actorOf(ctx)),
  }),
}));

builder.mutationFields((t) => ({
  previewDial: t.field({
    type: 'String',
    description:
      'Preview mode: dials the record reserved for the calling agent; returns the call id. The agent is rung when the callee answers. Roles: agents.',
    authScopes: { authenticated: true },
    errors: RESULT,
    args: { recordId: t.arg.id({ required: true, description: 'Global ID of the record.' }) },
    resolve: (_r, a, ctx) => ctx.services.dialer.previewDial(actorOf(ctx), recordId(a.recordId)),
  }),
  previewSkip: t.field({
    type: 'Boolean',
    description:
      'Preview mode: skips the record reserved for the calling agent; it comes back later. Roles: agents.',
    authScopes: { authenticated: true },
    errors: RESULT,
    args: { recordId: t.arg.id({ required: true, description: 'Global ID of the record.' }) },
    resolve: (_r, a, ctx) => ctx.services.dialer.previewSkip(actorOf(ctx), recordId(a.recordId)),
  }),
  setCallDisposition: t.field({
    type: AttemptRef,
    description:
      "Sets the outcome code (one of the campaign's dispositions) and notes of an attempt; do-not-call also adds the number to the line's list. Roles: the agent of the call; admins and supervisors.",
    authScopes: { authenticated: true },
    errors: RESULT,
    args: {
      attemptId: t.arg.id({ required: true, description: 'Global ID of the attempt.' }),
      code: t.arg.string({ required: true, description: 'Disposition code.' }),
      notes: t.arg.string({ description: 'Notes.' }),
    },
    resolve: (_r, a, ctx) =>
      ctx.services.dialer.setDisposition(
        actorOf(ctx),
        Number(idOf(String(a.attemptId), 'DialAttempt', 'attemptId')),
        a.code,
        a.notes ?? null,
      ),
  }),
}));
