/**
 * The live subscriptions (served over Server-Sent Events and graphql-ws):
 * `agentEvents` (an agent's status changes and its screen pop when an offer
 * rings, AGT-1), `queueStats` (queue figures on each change, coalesced) and
 * `callEvents` (call phase changes). Who may follow what is the same as for
 * the queries; a feed of something the caller may not see fails with
 * NOT_FOUND, a feed its role may not use with FORBIDDEN.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type {
  AgentMessage,
  AgentStateMessage,
  CallPhaseMessage,
  PastCall,
  QueueStatsMessage,
  ScreenPopMessage,
} from '../../app/live/live-events.ts';
import { can } from '../../domain/shared/roles.ts';
import { builder } from '../builder.ts';
import { type ApiContext, actorOf } from '../context.ts';
import { AgentStatusEnum } from './acd-agent.ts';
import { CallPhaseEnum } from './acd-live-calls.ts';
import { AgentStatusCountRef } from './acd-queue.ts';
import { AgentRef } from './agent.ts';
import { ContactRef } from './contact.ts';
import { OutboundPopRef } from './dialer-pop.ts';
import { QueueRef } from './queue.ts';

const queueGid = (queueId: string) => encodeGlobalID('Queue', queueId);

const AgentStateChangeRef = builder.objectRef<AgentStateMessage>('AgentStateChange').implement({
  description: "A change of an agent's status.",
  fields: (t) => ({
    agent: t.field({ type: AgentRef, description: 'The agent.', resolve: (m) => m.agentId }),
    from: t.field({
      type: AgentStatusEnum,
      nullable: true,
      description:
        'Status before; null on the first event of a subscription, which tells the current status.',
      resolve: (m) => m.from,
    }),
    to: t.field({ type: AgentStatusEnum, description: 'Status now.', resolve: (m) => m.to }),
    reason: t.exposeString('reason', {
      nullable: true,
      description: 'Pause reason, or why an offer ended without the agent (no-answer...).',
    }),
    callId: t.exposeString('callId', {
      nullable: true,
      description: 'Linked id of the call the agent is busy with.',
    }),
    at: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the status changed; null when it has not changed since start-up.',
      resolve: (m) => m.at,
    }),
  }),
});

const PastCallRef = builder.objectRef<PastCall>('PastCall').implement({
  description: 'An earlier call of the same number, shown in a screen pop.',
  fields: (t) => ({
    recordId: t.id({
      description: 'Global ID of its call record (readable through `node` by those allowed to).',
      resolve: (c) => encodeGlobalID('Call', c.recordId),
    }),
    startedAt: t.field({
      type: 'DateTime',
      description: 'When it started.',
      resolve: (c) => c.startedAt,
    }),
    answeredAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was answered; null if never.',
      resolve: (c) => c.answeredAt,
    }),
    endedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it ended.',
      resolve: (c) => c.endedAt,
    }),
    agentName: t.exposeString('agentName', {
      nullable: true,
      description: 'The agent who took it.',
    }),
    queueName: t.exposeString('queueName', { nullable: true, description: 'Its queue.' }),
    disposition: t.exposeString('disposition', {
      nullable: true,
      description: 'Disposition code given at wrap-up.',
    }),
    notes: t.exposeString('notes', { nullable: true, description: "The agent's notes." }),
  }),
});

const ScreenPopRef = builder.objectRef<ScreenPopMessage>('ScreenPop').implement({
  description: "What the agent's screen shows when an offer rings its phone (AGT-1).",
  fields: (t) => ({
    agent: t.field({ type: AgentRef, description: 'The agent rung.', resolve: (m) => m.agentId }),
    callId: t.exposeString('callId', {
      description: "The call's linked id (as in `AgentLiveState.callId` and `Call.linkedId`).",
    }),
    ani: t.exposeString('ani', { description: "Caller's number (ANI); empty when withheld." }),
    dnis: t.exposeString('dnis', { description: 'Number dialled (DNIS).' }),
    queueId: t.id({ description: 'Global ID of the queue.', resolve: (m) => queueGid(m.queueId) }),
    queueName: t.exposeString('queueName', { description: 'Name of the queue.' }),
    waitS: t.exposeInt('waitS', {
      description: 'Seconds the caller had waited when the phone started ringing.',
    }),
    contact: t.field({
      type: ContactRef,
      nullable: true,
      description: "The contact the caller's number belongs to, if known (name, company, notes).",
      resolve: (m) => m.contact,
    }),
    returning: t.exposeBoolean('returning', {
      description: 'True when this number called before; false for a new caller.',
    }),
    history: t.field({
      type: [PastCallRef],
      description: "The number's last calls (at most five), newest first, this one excluded.",
      resolve: (m) => [...m.history],
    }),
    ivrPath: t.stringList({
      description:
        'IVR nodes the caller went through, in order, with the key pressed at a menu (`main-menu [2]`); nodes of another flow reached by a goto are named `flow/node`. Empty when it came straight in.',
      resolve: (m) => [...m.ivrPath],
    }),
    dispositions: t.stringList({
      description:
        "The queue's disposition codes to choose from at wrap-up (Queue.acdSettings.wrapUp); empty allows any code.",
      resolve: (m) => [...(m.dispositions ?? [])],
    }),
    dispositionRequired: t.boolean({
      description: 'setCallWrapUp refuses a wrap-up of this call without a code.',
      resolve: (m) => m.dispositionRequired ?? false,
    }),
    at: t.field({
      type: 'DateTime',
      description: 'When the phone started ringing.',
      resolve: (m) => m.at,
    }),
  }),
});

const AgentEventUnion = builder.unionType('AgentEvent', {
  description:
    "An event of an agent's feed: a status change, a screen pop, or an outbound (dialer) screen pop.",
  types: [AgentStateChangeRef, ScreenPopRef, OutboundPopRef],
  resolveType: (m: AgentMessage) => {
    if (m.type === 'agent-state') return AgentStateChangeRef.name;
    return m.type === 'screen-pop' ? ScreenPopRef.name : OutboundPopRef.name;
  },
});

const QueueStatsRef = builder.objectRef<QueueStatsMessage>('QueueStats').implement({
  description: "A queue's live figures.",
  fields: (t) => ({
    queue: t.field({ type: QueueRef, description: 'The queue.', resolve: (m) => m.queueId }),
    waiting: t.exposeInt('waiting', {
      description: 'Callers in the queue: waiting, or ringing an agent.',
    }),
    longestWaitS: t.exposeInt('longestWaitS', {
      nullable: true,
      description: 'Seconds the longest-waiting caller has waited; null when nobody waits.',
    }),
    agentsByStatus: t.field({
      type: [AgentStatusCountRef],
      description: 'Members by status; statuses nobody is in are left out.',
      resolve: (m) => m.agentsByStatus.map((c) => ({ ...c })),
    }),
    at: t.field({
      type: 'DateTime',
      description: 'When these figures were taken.',
      resolve: (m) => m.at,
    }),
  }),
});

/** Agents the caller may name: all for those who read the configuration, else only its own. */
const namedAgents = (ctx: ApiContext, agentIds: readonly string[]) => {
  const actor = actorOf(ctx);
  const shown = can(actor.role, 'config:read')
    ? agentIds
    : agentIds.filter((id) => id === actor.agentId);
  return shown.map((id) => encodeGlobalID('Agent', id));
};

const CallPhaseChangeRef = builder.objectRef<CallPhaseMessage>('CallPhaseChange').implement({
  description: 'A call moved from one phase to another.',
  fields: (t) => ({
    callId: t.exposeString('callId', { description: "The call's linked id." }),
    queueId: t.id({ description: 'Global ID of its queue.', resolve: (m) => queueGid(m.queueId) }),
    queueName: t.string({
      description: 'Name of its queue.',
      resolve: (m, _args, ctx) => ctx.services.live.queueName(m.queueId),
    }),
    from: t.field({
      type: CallPhaseEnum,
      nullable: true,
      description: 'Phase before; null when the call just entered.',
      resolve: (m) => m.from,
    }),
    to: t.field({ type: CallPhaseEnum, description: 'Phase now.', resolve: (m) => m.to }),
    ani: t.exposeString('ani', { description: "Caller's number (ANI); empty when withheld." }),
    dnis: t.exposeString('dnis', { description: 'Number dialled (DNIS).' }),
    agentIds: t.idList({
      description:
        'Global IDs of the agents being rung or connected at this change (an agent sees only its own).',
      resolve: (m, _args, ctx) => namedAgents(ctx, m.agentIds),
    }),
    at: t.field({ type: 'DateTime', description: 'When it changed.', resolve: (m) => m.at }),
  }),
});

builder.subscriptionFields((t) => ({
  agentEvents: t.field({
    type: AgentEventUnion,
    description:
      "An agent's feed: first its current status, then every status change and, when an offer rings its phone, the screen pop. The caller's own agent when `agentId` is omitted. Agents follow their own; supervisors, QA and admins the agents of their business lines.",
    authScopes: { authenticated: true },
    args: {
      agentId: t.arg.globalID({ for: AgentRef, description: 'The agent (default: your own).' }),
    },
    subscribe: (_root, args, ctx) => ctx.services.live.agentEvents(actorOf(ctx), args.agentId?.id),
    resolve: (message: AgentMessage) => message,
  }),
  queueStats: t.field({
    type: QueueStatsRef,
    description:
      "Queue figures: first those of now, then on each change (at most four a second per queue). Every queue of the caller's business lines, or one. Roles: admin, supervisor, qa.",
    authScopes: { permission: 'config:read' },
    args: { queueId: t.arg.globalID({ for: QueueRef, description: 'Only this queue.' }) },
    subscribe: (_root, args, ctx) => ctx.services.live.queueStats(actorOf(ctx), args.queueId?.id),
    resolve: (message: QueueStatsMessage) => message,
  }),
  callEvents: t.field({
    type: CallPhaseChangeRef,
    description:
      'Call phase changes (entered, offered, connected, abandoned, ended...). Supervisors, QA and admins follow the calls of their business lines; an agent the calls it was offered.',
    authScopes: { authenticated: true },
    args: { queueId: t.arg.globalID({ for: QueueRef, description: 'Only this queue.' }) },
    subscribe: (_root, args, ctx) => ctx.services.live.callEvents(actorOf(ctx), args.queueId?.id),
    resolve: (message: CallPhaseMessage) => message,
  }),
}));
