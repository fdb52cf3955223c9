/**
 * In-call control (AGT-2..5): transfers, conferences, supervisor listen /
 * whisper / barge, hangup and click-to-dial. Calls are named by their live
 * call id (`AgentLiveState.callId`, `Call.linkedId`). Rights are checked by
 * the call-control service: agents act on their own calls, supervisors and
 * admins on calls of their business lines, QA may only listen.
 */
import { z } from 'zod';
import type { CallControlOutcome, CallTargetInput } from '../../app/acd/call-control-service.ts';
import { invalidField } from '../../domain/shared/errors.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { AgentRef } from './agent.ts';
import { RESULT } from './problem.ts';
import { QueueRef } from './queue.ts';

const TransferModeEnum = builder.enumType('TransferMode', {
  description: 'How a call is transferred (AGT-2).',
  values: {
    BLIND: {
      value: 'blind',
      description:
        'The caller goes on hold and the agent leaves at once; the target gets the call (a queue as a transferred call, ahead of normal callers; an agent or a number when it answers, else the caller goes back to its queue).',
    },
    ATTENDED: {
      value: 'attended',
      description:
        'The caller goes on hold while the agent talks to the target; then completeTransfer or cancelTransfer. Not for queues.',
    },
  } as const,
});

const CallTargetInputRef = builder.inputType('CallTargetInput', {
  description: 'Exactly one of: an agent, a queue (transfers only), or a phone number.',
  fields: (t) => ({
    agentId: t.globalID({
      for: AgentRef,
      description: 'An agent of the call’s business line (a supervisor’s own agent record too).',
    }),
    queueId: t.globalID({ for: QueueRef, description: 'A queue of the call’s business line.' }),
    number: t.string({
      description: 'A phone number, E.164 or national in the business line’s country.',
      validate: z.string().trim().min(3, 'too short').max(32, 'at most 32 characters'),
    }),
  }),
});

const CallControlResultRef = builder.objectRef<CallControlOutcome>('CallControlResult').implement({
  description: 'What an in-call control operation did.',
  fields: (t) => ({
    callId: t.exposeString('callId', {
      description: 'The call acted on (for originateCall: the new call, its Call.linkedId).',
    }),
    channelId: t.exposeString('channelId', {
      nullable: true,
      description:
        'The leg created: the transfer target or party being rung, the supervisor’s phone.',
    }),
  }),
});

type TargetArg = {
  agentId?: { id: string } | null;
  queueId?: { id: string } | null;
  number?: string | null;
};

/** The one target given, or VALIDATION_FAILED. */
function targetOf(input: TargetArg): CallTargetInput {
  const given: CallTargetInput[] = [];
  if (input.agentId) given.push({ agentId: input.agentId.id });
  if (input.queueId) given.push({ queueId: input.queueId.id });
  if (input.number) given.push({ number: input.number.trim() });
  const [only] = given;
  if (given.length !== 1 || only === undefined) {
    throw invalidField('target', 'give exactly one of agentId, queueId, number');
  }
  return only;
}

const OWN =
  'Roles: agents on their own calls; supervisors and admins on calls of their business lines.';
const WATCH =
  'The supervisor’s phone (its agent record, or `agentId`) rings; once answered it is bridged with a snoop channel on the agent’s leg.';

builder.mutationFields((t) => {
  const callArg = () =>
    t.arg.string({
      required: true,
      description: 'The live call (AgentLiveState.callId, Call.linkedId).',
      validate: z.string().min(1).max(150),
    });
  const phoneArg = () =>
    t.arg.globalID({
      for: AgentRef,
      description: 'The agent whose phone listens (default: your own agent record).',
    });
  const monitorField = (mode: 'listen' | 'whisper' | 'barge', what: string, roles: string) =>
    t.field({
      type: CallControlResultRef,
      description: `${what} ${WATCH} ${roles}`,
      authScopes: { authenticated: true },
      errors: RESULT,
      args: { callId: callArg(), agentId: phoneArg() },
      resolve: (_root, args, ctx) =>
        ctx.services.callControl.monitor(actorOf(ctx), args.callId, mode, args.agentId?.id),
    });
  return {
    transferCall: t.field({
      type: CallControlResultRef,
      description: `Transfers a connected call to an agent, a queue or a number (AGT-2); the call keeps its id, so the new agent's screen pop shows the same caller and notes. NOT_FOUND for a missing agent or queue, CONFLICT when the call is not connected or already being transferred. ${OWN}`,
      authScopes: { authenticated: true },
      errors: RESULT,
      args: {
        callId: callArg(),
        target: t.arg({ type: CallTargetInputRef, required: true, description: 'Where to.' }),
        mode: t.arg({
          type: TransferModeEnum,
          description: 'BLIND (default) or ATTENDED.',
        }),
      },
      resolve: (_root, args, ctx) =>
        ctx.services.callControl.transfer(
          actorOf(ctx),
          args.callId,
          targetOf(args.target),
          args.mode ?? 'blind',
        ),
    }),
    completeTransfer: t.field({
      type: CallControlResultRef,
      description: `Completes an attended transfer whose target answered: the caller joins the target and the agent leaves. CONFLICT when there is none or the target has not answered. ${OWN}`,
      authScopes: { authenticated: true },
      errors: RESULT,
      args: { callId: callArg() },
      resolve: (_root, args, ctx) =>
        ctx.services.callControl.completeTransfer(actorOf(ctx), args.callId),
    }),
    cancelTransfer: t.field({
      type: CallControlResultRef,
      description: `Cancels an attended transfer: the target is hung up and the caller comes back to the agent. ${OWN}`,
      authScopes: { authenticated: true },
      errors: RESULT,
      args: { callId: callArg() },
      resolve: (_root, args, ctx) =>
        ctx.services.callControl.cancelTransfer(actorOf(ctx), args.callId),
    }),
    conferenceAdd: t.field({
      type: CallControlResultRef,
      description: `Adds a third party (an agent, a supervisor's agent record, or a number) to a connected call (AGT-3); anyone may leave and the others go on talking. ${OWN}`,
      authScopes: { authenticated: true },
      errors: RESULT,
      args: {
        callId: callArg(),
        target: t.arg({ type: CallTargetInputRef, required: true, description: 'Who joins.' }),
      },
      resolve: (_root, args, ctx) =>
        ctx.services.callControl.conferenceAdd(actorOf(ctx), args.callId, targetOf(args.target)),
    }),
    listenCall: monitorField(
      'listen',
      'Listens to a connected call without being heard (AGT-4).',
      'Roles: supervisors, admins and QA, on calls of their business lines.',
    ),
    whisperCall: monitorField(
      'whisper',
      'Speaks to the agent only, hearing both sides (AGT-4).',
      'Roles: supervisors and admins, on calls of their business lines.',
    ),
    bargeCall: monitorField(
      'barge',
      'Joins the conversation: agent and caller both hear the supervisor (AGT-4).',
      'Roles: supervisors and admins, on calls of their business lines.',
    ),
    hangupCall: t.field({
      type: CallControlResultRef,
      description: `Ends a call in progress (queued, connected, or placed by click-to-dial); the record names who ended it. ${OWN}`,
      authScopes: { authenticated: true },
      errors: RESULT,
      args: { callId: callArg() },
      resolve: (_root, args, ctx) => ctx.services.callControl.hangup(actorOf(ctx), args.callId),
    }),
    holdCall: t.field({
      type: CallControlResultRef,
      description: `Puts the other party of a connected call (the caller of a queue call, the number of a click-to-dial call) on hold: it hears music on hold on its own channel and stays in the call, so the agent, recording and supervisors stay as they are. Holding a held call changes nothing. CONFLICT while a transfer is under way; transfers and conferences are refused (CONFLICT, reason CALL_ON_HOLD) until resumeCall. ${OWN}`,
      authScopes: { authenticated: true },
      errors: RESULT,
      args: { callId: callArg() },
      resolve: (_root, args, ctx) => ctx.services.callControl.hold(actorOf(ctx), args.callId, true),
    }),
    resumeCall: t.field({
      type: CallControlResultRef,
      description: `Takes the other party off hold (holdCall): the music stops and the conversation goes on. Resuming a call not on hold changes nothing. ${OWN}`,
      authScopes: { authenticated: true },
      errors: RESULT,
      args: { callId: callArg() },
      resolve: (_root, args, ctx) =>
        ctx.services.callControl.hold(actorOf(ctx), args.callId, false),
    }),
    originateCall: t.field({
      type: CallControlResultRef,
      description:
        "Click-to-dial (AGT-5): rings the agent's phone, then dials the number through the trunk with its business line's caller ID, bridges and records the call. A logged-in agent must be free, paused or in wrap-up. Roles: an agent for itself; supervisors and admins for agents of their business lines.",
      authScopes: { authenticated: true },
      errors: RESULT,
      args: {
        number: t.arg.string({
          required: true,
          description: 'The number to call: E.164, or national in the business line’s country.',
          validate: z.string().trim().min(3, 'too short').max(32, 'at most 32 characters'),
        }),
        agentId: t.arg.globalID({
          for: AgentRef,
          description: 'The agent whose phone rings first (default: your own).',
        }),
      },
      resolve: (_root, args, ctx) =>
        ctx.services.callControl.originate(actorOf(ctx), args.number, args.agentId?.id),
    }),
  };
});
