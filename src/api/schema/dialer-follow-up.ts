/**
 * Scheduled follow-ups (DIAL-9): an agent books a call back to a contact
 * of a campaign, and lists its follow-ups due today. Roles follow the
 * agent side of the dialer: agents their own; admins and supervisors any
 * agent of their business lines; QA neither.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { VisibleFollowUp } from '../../app/dialer/follow-up-service.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { RecordRef } from './dialer-agent.ts';
import { CampaignRef, idOf } from './dialer-campaign.ts';
import { RESULT } from './problem.ts';

const FollowUpRef = builder.objectRef<VisibleFollowUp>('DialerFollowUp').implement({
  description: 'A call back to a contact booked for an agent (DIAL-9).',
  fields: (t) => ({
    id: t.id({
      description: 'Global ID.',
      resolve: (v) => encodeGlobalID('DialerFollowUp', v.followUp.id),
    }),
    campaign: t.field({
      type: CampaignRef,
      description: 'The campaign the contact belongs to.',
      resolve: (v) => v.campaign,
    }),
    record: t.field({
      type: RecordRef,
      description: 'The contact (numbers masked for agents on a masking campaign).',
      resolve: (v) => v.record,
    }),
    agentId: t.id({
      description: 'Global ID of the agent it is booked for.',
      resolve: (v) => encodeGlobalID('Agent', v.followUp.agentId),
    }),
    dueAt: t.field({
      type: 'DateTime',
      description: 'When it is to be dialled.',
      resolve: (v) => v.followUp.dueAt,
    }),
    note: t.string({ description: "The booking agent's note.", resolve: (v) => v.followUp.note }),
    status: t.string({
      description:
        'scheduled (waiting to be dialled), dialled, missed (the contact could not be called when due: do-not-call or outside its hours) or cancelled.',
      resolve: (v) => v.followUp.status,
    }),
    dialledFor: t.string({
      nullable: true,
      description:
        'Once dialled: agent (its own agent was reserved) or campaign (its agent was logged out when due, another agent of the campaign took it).',
      resolve: (v) => v.followUp.dialledFor,
    }),
    dialledAgentId: t.id({
      nullable: true,
      description: 'Global ID of the agent the call was placed for, once dialled.',
      resolve: (v) =>
        v.followUp.dialledAgentId === null
          ? null
          : encodeGlobalID('Agent', v.followUp.dialledAgentId),
    }),
    callId: t.string({
      nullable: true,
      description: "The call's id (the callee leg's channel id), once dialled.",
      resolve: (v) => v.followUp.callId,
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'Booked.',
      resolve: (v) => v.followUp.createdAt,
    }),
  }),
});

const agentArg = (id: string | number | null | undefined) =>
  id === null || id === undefined ? null : idOf(String(id), 'Agent', 'agentId');

builder.queryFields((t) => ({
  dialerFollowUpsDue: t.field({
    type: [FollowUpRef],
    description:
      "Follow-ups due today (the campaign's business line day), by due time, overdue ones not yet dialled included. Roles: agents (their own); admins and supervisors (the named agent's, or all of their business lines).",
    authScopes: { authenticated: true },
    args: {
      agentId: t.arg.id({
        description:
          'Global ID of the agent (admins and supervisors; agents may name only themselves).',
      }),
    },
    resolve: (_r, a, ctx) => ctx.services.dialer.followUpsDue(actorOf(ctx), agentArg(a.agentId)),
  }),
}));

builder.mutationFields((t) => ({
  cancelFollowUp: t.field({
    type: FollowUpRef,
    description:
      "Cancels a follow-up not dialled yet (CONFLICT otherwise); its contact goes back to the campaign's pacing. Roles: agents (their own); admins and supervisors (their business lines).",
    authScopes: { authenticated: true },
    errors: RESULT,
    args: {
      id: t.arg.id({ required: true, description: 'Global ID of the follow-up.' }),
    },
    resolve: (_r, a, ctx) =>
      ctx.services.dialer.cancelFollowUp(actorOf(ctx), idOf(String(a.id), 'DialerFollowUp')),
  }),
  scheduleFollowUp: t.field({
    type: FollowUpRef,
    description:
      'Books a call back to a contact of a campaign at a time; when due it is dialled for the agent once free, or for any agent of the campaign if that agent is logged out. Refused for broadcast campaigns (CONFLICT). Roles: agents (for themselves); admins and supervisors (for an agent of the campaign).',
    authScopes: { authenticated: true },
    errors: RESULT,
    args: {
      recordId: t.arg.id({ required: true, description: 'Global ID of the contact (ListRecord).' }),
      dueAt: t.arg({ type: 'DateTime', required: true, description: 'When to call back.' }),
      note: t.arg.string({ description: 'What the call back is about.' }),
      agentId: t.arg.id({
        description:
          'Global ID of the agent it is for (admins and supervisors; agents book for themselves).',
      }),
    },
    resolve: (_r, a, ctx) =>
      ctx.services.dialer.scheduleFollowUp(actorOf(ctx), {
        recordId: Number(idOf(String(a.recordId), 'ListRecord', 'recordId')),
        dueAt: a.dueAt.getTime(),
        note: a.note ?? '',
        agentId: agentArg(a.agentId),
      }),
  }),
}));
