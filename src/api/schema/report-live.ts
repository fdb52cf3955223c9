/**
 * The real-time wallboard snapshot (RPT-5) and an agent's own figures of
 * today (AGT-7). The live part (callers waiting, agents by state) comes from
 * the ACD; today's counts and service level from the rollups (at most one
 * rollup interval old).
 */
import type { LiveQueue } from '../../app/acd/acd-service.ts';
import type { AgentToday } from '../../app/records/reports-service.ts';
import type { AgentStatus } from '../../domain/acd/agent.state.ts';
import type { Kpis } from '../../domain/reports/kpi.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { AgentStatusCountRef } from './acd-queue.ts';
import { AgentRef } from './agent.ts';
import { QueueRef } from './queue.ts';

interface QueueBoard {
  live: LiveQueue;
  today: Kpis | undefined;
}

interface Wallboard {
  at: number;
  queues: QueueBoard[];
  agentsByStatus: Array<{ status: AgentStatus; count: number }>;
}

const secs = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : ms / 1000;

const QueueBoardRef = builder.objectRef<QueueBoard>('WallboardQueue').implement({
  description: 'One queue on the wallboard: live figures and today so far.',
  fields: (t) => ({
    queue: t.field({ type: QueueRef, description: 'The queue.', resolve: (q) => q.live.queue.id }),
    waiting: t.int({
      description: 'Callers waiting (or ringing an agent) now.',
      resolve: (q) => q.live.waiting,
    }),
    longestWaitS: t.float({
      nullable: true,
      description: 'Seconds the longest-waiting caller has waited; null when nobody waits.',
      resolve: (q) => q.live.longestWaitS,
    }),
    agentsByStatus: t.field({
      type: [AgentStatusCountRef],
      description: 'Members of the queue by status.',
      resolve: (q) => [...q.live.agentsByStatus],
    }),
    offeredToday: t.int({
      description: 'Calls offered since local midnight.',
      resolve: (q) => q.today?.offered ?? 0,
    }),
    answeredToday: t.int({
      description: 'Calls answered since local midnight.',
      resolve: (q) => q.today?.answered ?? 0,
    }),
    abandonedToday: t.int({
      description: 'Calls abandoned since local midnight.',
      resolve: (q) => q.today?.abandoned ?? 0,
    }),
    serviceLevelToday: t.float({
      nullable: true,
      description: "Service level since local midnight (answered within the queue's T / answered).",
      resolve: (q) => q.today?.serviceLevel ?? null,
    }),
    asaTodayS: t.float({
      nullable: true,
      description: 'Average speed of answer since local midnight, seconds.',
      resolve: (q) => secs(q.today?.asaMs),
    }),
  }),
});

const WallboardRef = builder.objectRef<Wallboard>('Wallboard').implement({
  description: 'A real-time snapshot for the wallboard (RPT-5).',
  fields: (t) => ({
    at: t.field({
      type: 'DateTime',
      description: 'When the snapshot was taken.',
      resolve: (w) => w.at,
    }),
    callsWaiting: t.int({
      description: 'Callers waiting in all your queues.',
      resolve: (w) => w.queues.reduce((n, q) => n + q.live.waiting, 0),
    }),
    longestWaitS: t.float({
      nullable: true,
      description: 'Longest wait among them, seconds.',
      resolve: (w) => {
        const waits = w.queues.flatMap((q) =>
          q.live.longestWaitS === null ? [] : [q.live.longestWaitS],
        );
        return waits.length === 0 ? null : Math.max(...waits);
      },
    }),
    agentsByStatus: t.field({
      type: [AgentStatusCountRef],
      description: 'Agents of your queues by status, each agent counted once.',
      resolve: (w) => w.agentsByStatus,
    }),
    serviceLevelToday: t.float({
      nullable: true,
      description:
        "Service level of all your queues since local midnight (answered within each queue's T / answered).",
      resolve: (w) => {
        const answered = w.queues.reduce((n, q) => n + (q.today?.answered ?? 0), 0);
        const within = w.queues.reduce(
          (n, q) => n + (q.today?.serviceLevel ?? 0) * (q.today?.answered ?? 0),
          0,
        );
        return answered > 0 ? within / answered : null;
      },
    }),
    queues: t.field({ type: [QueueBoardRef], description: 'Per queue.', resolve: (w) => w.queues }),
  }),
});

builder.queryField('liveSnapshot', (t) =>
  t.field({
    type: WallboardRef,
    description:
      'The wallboard: callers waiting, longest wait, agents by state, service level today. Roles: admin, supervisor, qa.',
    authScopes: { permission: 'reports:read' },
    resolve: async (_root, _args, ctx) => {
      const actor = actorOf(ctx);
      const live = await ctx.services.acd.liveQueues(actor);
      const ids = live.map((q) => q.queue.id);
      const today = await ctx.services.reports.todayByQueue(actor, ids);
      return {
        at: Date.now(),
        queues: live.map((q) => ({ live: q, today: today.get(q.queue.id) })),
        agentsByStatus: await ctx.services.reports.agentsByStatus(actor, ids),
      };
    },
  }),
);

const AgentTodayRef = builder.objectRef<AgentToday>('AgentFiguresToday').implement({
  description: "An agent's own figures since local midnight (AGT-7).",
  fields: (t) => ({
    agent: t.field({ type: AgentRef, description: 'The agent.', resolve: (a) => a.agentId }),
    since: t.field({
      type: 'DateTime',
      description: 'Local midnight the figures start at.',
      resolve: (a) => a.since,
    }),
    callsIn: t.exposeInt('inbound', { description: 'Inbound calls the agent took part in.' }),
    callsOut: t.exposeInt('outbound', { description: 'Outbound calls.' }),
    callsInternal: t.exposeInt('internal', { description: 'Calls with colleagues.' }),
    answered: t.exposeInt('answered', { description: 'Calls the agent answered.' }),
    missed: t.exposeInt('missed', {
      description: 'Calls offered to the agent that someone else took or nobody did.',
    }),
    talkS: t.float({ description: 'Talk time, seconds.', resolve: (a) => a.talkMs / 1000 }),
    holdS: t.float({ description: 'Hold time, seconds.', resolve: (a) => a.holdMs / 1000 }),
    wrapS: t.float({ description: 'Wrap-up time, seconds.', resolve: (a) => a.wrapMs / 1000 }),
    ahtS: t.float({
      nullable: true,
      description: 'Average handle time, seconds.',
      resolve: (a) => secs(a.ahtMs),
    }),
  }),
});

builder.queryField('myFiguresToday', (t) =>
  t.field({
    type: AgentTodayRef,
    description:
      "An agent's figures since local midnight: the caller's own agent, or (supervisors, QA, admins) any agent of their lines.",
    authScopes: { permission: 'reports:read-own' },
    args: {
      agentId: t.arg.globalID({
        for: AgentRef,
        description: "Another agent (default: the caller's own).",
      }),
    },
    resolve: (_root, args, ctx) => ctx.services.reports.agentToday(actorOf(ctx), args.agentId?.id),
  }),
);
