/**
 * AgentLiveState: an agent's live ACD state (ACD-7), the `Agent.liveState`
 * field, the `agentStatus` query and the agent state mutations. An agent
 * acts on itself; supervisors and admins on the agents of their business
 * lines.
 */
import { z } from 'zod';
import type { AgentLiveView } from '../../app/acd/live-view.ts';
import type { AgentAction } from '../../app/acd/runtime.ts';
import type { AgentStatus } from '../../domain/acd/agent.state.ts';
import { builder } from '../builder.ts';
import { type ApiContext, actorOf } from '../context.ts';
import { AgentRef } from './agent.ts';
import { RESULT } from './problem.ts';

const STATUS_HELP: Record<AgentStatus, [string, string]> = {
  'logged-out': ['LOGGED_OUT', 'Not working: never offered a call.'],
  available: ['AVAILABLE', 'Free: the next call it may take is offered to it.'],
  reserved: ['RESERVED', 'Picked for a call; the offer is being placed.'],
  ringing: ['RINGING', 'Its phone rings with an offer.'],
  'on-call': ['ON_CALL', 'Talking to a caller.'],
  'wrap-up': ['WRAP_UP', 'After-call work; free again when it ends or the agent is ready.'],
  paused: ['PAUSED', 'Logged in but taking no calls, with a reason.'],
};

/** The AgentStatus enum. */
export const AgentStatusEnum = builder.enumType('AgentStatus', {
  description: 'What an agent is doing, the same in every queue it belongs to (ACD-7).',
  values: Object.fromEntries(
    Object.entries(STATUS_HELP).map(([value, [name, description]]) => [
      name,
      { value, description },
    ]),
  ) as Record<string, { value: AgentStatus; description: string }>,
});

/** The AgentLiveState object. */
export const AgentLiveStateRef = builder.objectRef<AgentLiveView>('AgentLiveState').implement({
  description: "An agent's live ACD state.",
  fields: (t) => ({
    agent: t.field({ type: AgentRef, description: 'The agent.', resolve: (v) => v.agentId }),
    status: t.field({
      type: AgentStatusEnum,
      description: 'Current status.',
      resolve: (v) => v.status,
    }),
    since: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the status last changed; null when it has not changed since start-up.',
      resolve: (v) => v.since,
    }),
    reason: t.exposeString('reason', {
      nullable: true,
      description: 'Pause reason, or why the last offer ended without the agent (timeout...).',
    }),
    callId: t.exposeString('callId', {
      nullable: true,
      description: "Linked id of the call the agent is busy with (the Call's linkedId).",
    }),
  }),
});

builder.objectField(AgentRef, 'liveState', (t) =>
  t.field({
    type: AgentLiveStateRef,
    description: 'Live ACD state: logged out, available, ringing, on call, wrap-up, paused.',
    resolve: (agent, _args, ctx) => ctx.services.acd.liveState(agent.id),
  }),
);

builder.queryField('agentStatus', (t) =>
  t.field({
    type: AgentLiveStateRef,
    description:
      "An agent's live state; the caller's own agent when `agentId` is omitted. Agents read their own; supervisors, QA and admins the agents of their business lines.",
    authScopes: { authenticated: true },
    args: {
      agentId: t.arg.globalID({ for: AgentRef, description: 'The agent (default: your own).' }),
    },
    resolve: (_root, args, ctx) => ctx.services.acd.status(actorOf(ctx), args.agentId?.id),
  }),
);

type AgentArg = { agentId?: { id: string } | null };
const act = (ctx: ApiContext, args: AgentArg, action: AgentAction) =>
  ctx.services.acd.act(actorOf(ctx), args.agentId?.id, action);

const WHO = 'Roles: the agent itself; supervisors and admins for agents of their business lines.';

builder.mutationFields((t) => {
  const agentId = () =>
    t.arg.globalID({ for: AgentRef, description: 'The agent (default: your own).' });
  return {
    agentLogin: t.field({
      type: AgentLiveStateRef,
      description: `Logs an agent in: it becomes available and is offered calls. Refused with AGENT_PHONE_UNREGISTERED when its SIP phone is not registered. ${WHO}`,
      authScopes: { authenticated: true },
      errors: RESULT,
      args: { agentId: agentId() },
      resolve: (_root, args, ctx) => act(ctx, args, { type: 'login' }),
    }),
    agentReady: t.field({
      type: AgentLiveStateRef,
      description: `Ends a pause or the after-call work early: the agent is available again. ${WHO}`,
      authScopes: { authenticated: true },
      errors: RESULT,
      args: { agentId: agentId() },
      resolve: (_root, args, ctx) => act(ctx, args, { type: 'ready' }),
    }),
    agentPause: t.field({
      type: AgentLiveStateRef,
      description: `Pauses an agent with a reason; on a call, the pause starts when the call ends. AGENT_NOT_LOGGED_IN for a logged-out agent. ${WHO}`,
      authScopes: { authenticated: true },
      errors: RESULT,
      args: {
        agentId: agentId(),
        reason: t.arg.string({
          required: true,
          description: 'Why (lunch, training, ...), 1 to 64 characters.',
          validate: z.string().trim().min(1, 'must not be empty').max(64, 'at most 64 characters'),
        }),
      },
      resolve: (_root, args, ctx) => act(ctx, args, { type: 'pause', reason: args.reason.trim() }),
    }),
    agentUnpause: t.field({
      type: AgentLiveStateRef,
      description: `Ends a pause: the agent is available again (a pause asked for during a call is cancelled). Unlike agentReady it does not end after-call work; AGENT_NOT_PAUSED when the agent is not paused. ${WHO}`,
      authScopes: { authenticated: true },
      errors: RESULT,
      args: { agentId: agentId() },
      resolve: (_root, args, ctx) => act(ctx, args, { type: 'unpause' }),
    }),
    agentLogout: t.field({
      type: AgentLiveStateRef,
      description: `Logs an agent out; an offer ringing its phone goes to the next agent. AGENT_ON_CALL while it talks. ${WHO}`,
      authScopes: { authenticated: true },
      errors: RESULT,
      args: { agentId: agentId() },
      resolve: (_root, args, ctx) => act(ctx, args, { type: 'logout' }),
    }),
  };
});
