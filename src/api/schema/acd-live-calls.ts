/**
 * LiveCall: the calls the ACD is handling right now (phase, queue, caller,
 * wait, agent), and the `liveCalls` query. The CallPhase enum is shared
 * with the `callEvents` subscription.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { LiveCallItem } from '../../app/live/live-service.ts';
import type { CallPhaseName } from '../../domain/acd/call.state.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { AgentRef } from './agent.ts';
import { QueueRef } from './queue.ts';

const PHASE_HELP: Record<CallPhaseName, [string, string]> = {
  waiting: ['WAITING', 'In the queue, no agent rung yet (or again).'],
  offered: ['OFFERED', 'An agent (several for ring-all) is being rung.'],
  connected: ['CONNECTED', 'Talking to an agent.'],
  overflowed: ['OVERFLOWED', 'Left the queue for its overflow destination.'],
  forwarding: ['FORWARDING', 'Overflowed to an external number that is ringing; the caller holds.'],
  forwarded: ['FORWARDED', 'Talking to the external number it overflowed to.'],
  abandoned: ['ABANDONED', 'The caller hung up before an agent answered.'],
  'callback-requested': ['CALLBACK_REQUESTED', 'The caller asked to be called back.'],
  ended: ['ENDED', 'The conversation with the agent is over.'],
};

/** The CallPhase enum. */
export const CallPhaseEnum = builder.enumType('CallPhase', {
  description: 'Where a call stands in the ACD.',
  values: Object.fromEntries(
    Object.entries(PHASE_HELP).map(([value, [name, description]]) => [
      name,
      { value, description },
    ]),
  ) as Record<string, { value: CallPhaseName; description: string }>,
});

/** The one agent a live call is with: the connected one, or the only one being rung. */
const agentOf = (agentIds: readonly string[]) => (agentIds.length === 1 ? agentIds[0] : null);

const LiveCallRef = builder.objectRef<LiveCallItem>('LiveCall').implement({
  description: 'A call the ACD is handling now.',
  fields: (t) => ({
    callId: t.exposeString('callId', {
      description: "The call's linked id (as in `AgentLiveState.callId` and `Call.linkedId`).",
    }),
    phase: t.field({
      type: CallPhaseEnum,
      description: 'Where it stands.',
      resolve: (c) => c.phase,
    }),
    queueId: t.id({
      description: 'Global ID of its queue.',
      resolve: (c) => encodeGlobalID('Queue', c.queueId),
    }),
    queueName: t.exposeString('queueName', { description: 'Name of its queue.' }),
    ani: t.exposeString('ani', { description: "Caller's number (ANI); empty when withheld." }),
    dnis: t.exposeString('dnis', { description: 'Number dialled (DNIS).' }),
    enteredAt: t.field({
      type: 'DateTime',
      description: 'When it entered its current queue.',
      resolve: (c) => c.enteredAt,
    }),
    waitS: t.exposeInt('waitS', {
      description: 'Seconds the caller has waited for an agent: until connected, else until now.',
    }),
    connectedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When an agent was connected; null before.',
      resolve: (c) => c.connectedAt,
    }),
    agent: t.field({
      type: AgentRef,
      nullable: true,
      description: 'The agent connected, or being rung (null while nobody or several are rung).',
      resolve: (c) => agentOf(c.agentIds),
    }),
    onHold: t.exposeBoolean('onHold', {
      description:
        'The agent put the caller on hold (`holdCall`; the caller hears music) and has not resumed yet.',
    }),
  }),
});

builder.queryField('liveCalls', (t) =>
  t.field({
    type: [LiveCallRef],
    description:
      'Calls in progress, longest waiting first. Supervisors, QA and admins see the calls of their business lines; an agent the calls it is being offered or is connected with.',
    authScopes: { authenticated: true },
    args: {
      queueId: t.arg.globalID({ for: QueueRef, description: 'Only this queue.' }),
    },
    resolve: (_root, args, ctx) => ctx.services.live.liveCalls(actorOf(ctx), args.queueId?.id),
  }),
);
