/**
 * LiveQueue: a queue with its live figures (waiting callers, longest wait,
 * members by status), and the `liveQueues` query for wallboards.
 */
import type { LiveQueue } from '../../app/acd/acd-service.ts';
import type { AgentStatus } from '../../domain/acd/agent.state.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { AgentStatusEnum } from './acd-agent.ts';
import { QueueRef } from './queue.ts';

/** The AgentStatusCount object (shared with the `queueStats` subscription). */
export const AgentStatusCountRef = builder
  .objectRef<{ status: AgentStatus; count: number }>('AgentStatusCount')
  .implement({
    description: 'How many members of a queue are in one status.',
    fields: (t) => ({
      status: t.field({
        type: AgentStatusEnum,
        description: 'The status.',
        resolve: (c) => c.status,
      }),
      count: t.exposeInt('count', { description: 'Members in that status.' }),
    }),
  });

const LiveQueueRef = builder.objectRef<LiveQueue>('LiveQueue').implement({
  description: 'A queue with its live figures.',
  fields: (t) => ({
    queue: t.field({ type: QueueRef, description: 'The queue.', resolve: (q) => q.queue }),
    waiting: t.exposeInt('waiting', {
      description: 'Callers in the queue now: waiting, or ringing an agent.',
    }),
    longestWaitS: t.exposeInt('longestWaitS', {
      nullable: true,
      description: 'Seconds the longest-waiting caller has waited; null when nobody waits.',
    }),
    agentsByStatus: t.field({
      type: [AgentStatusCountRef],
      description:
        'Members by status (logged out, paused, available, reserved, ringing, on call, wrap-up); statuses nobody is in are left out.',
      resolve: (q) => [...q.agentsByStatus],
    }),
  }),
});

builder.queryField('liveQueues', (t) =>
  t.field({
    type: [LiveQueueRef],
    description:
      "Queues of the caller's business lines with live figures, by name. Roles: admin, supervisor, qa.",
    authScopes: { permission: 'config:read' },
    resolve: (_root, _args, ctx) => ctx.services.acd.liveQueues(actorOf(ctx)),
  }),
);
