/**
 * The live feeds and live calls as the API serves them, with the caller's
 * rights checked before anything is sent (the same rules as the queries):
 * an agent follows its own feed and the calls it was offered; supervisors
 * and QA the agents, queues and calls of their business lines; admins
 * everything. Something the caller may not see reads as NOT_FOUND; a feed
 * its role may not use at all is FORBIDDEN.
 */

import { invalidField, notFound } from '../../domain/shared/errors.ts';
import { can } from '../../domain/shared/roles.ts';
import type { CallLiveView } from '../acd/live-view.ts';
import type { AcdRuntime } from '../acd/runtime.ts';
import { type Actor, requirePermission, scopeOf, seesLine } from '../actor.ts';
import { seesAgent } from '../directory/agents.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../ports.ts';
import type { LiveBus } from './live-bus.ts';
import {
  type AgentMessage,
  agentTopic,
  type CallPhaseMessage,
  type LiveMessage,
  type LiveTopic,
  type QueueStatsMessage,
} from './live-events.ts';
import { type LiveStream, liveStream } from './live-stream.ts';
import { queueNameOf } from './queue-names.ts';
import { queueStatsMessage } from './queue-stats-feed.ts';
import { createTtlCache } from './ttl-cache.ts';

/** What the live service needs. */
export interface LiveServiceDeps {
  store: Store;
  bus: LiveBus;
  /** The local ACD, for the current state sent first; without it feeds start empty. */
  acd?: AcdRuntime | undefined;
  logger: Logger;
  clock: { now(): number };
}

const PAGE = { offset: 0, limit: 1000 };

/** How long a queue's name is reused before it is read again (a rename shows up after this). */
const NAME_TTL_MS = 60_000;

/** A call in progress as the API lists it. */
export interface LiveCallItem extends CallLiveView {
  readonly queueName: string;
  /** Seconds the caller has waited: until an agent was connected, or until now. */
  readonly waitS: number;
}

/** Creates the live service. */
export function createLiveService(deps: LiveServiceDeps) {
  const { store, bus } = deps;
  const log = deps.logger.child({ component: 'live' });
  const open = new Set<LiveStream<LiveMessage>>();
  const names = createTtlCache(NAME_TTL_MS, deps.clock, (queueId) => queueNameOf(store, queueId));
  /** A queue's name, cached briefly: every live message names its queue. */
  const queueName = (queueId: string): Promise<string> => names.get(queueId);

  /** A stream of one topic's messages that pass `keep`, after `initial`. */
  function follow<T extends LiveMessage>(
    topic: LiveTopic,
    keep: (message: LiveMessage) => message is T,
    initial: readonly T[],
  ): LiveStream<T> {
    let dropped = 0;
    const stream = liveStream<T>(
      (push) => {
        const unsubscribe = bus.subscribe(topic, (message) => {
          if (keep(message)) push(message);
        });
        return () => {
          unsubscribe();
          open.delete(stream as LiveStream<LiveMessage>);
        };
      },
      {
        initial,
        onDrop: () => {
          dropped += 1;
          if (dropped === 1) log.warn({ topic }, 'subscriber too slow: oldest messages dropped');
        },
      },
    );
    open.add(stream as LiveStream<LiveMessage>);
    return stream;
  }

  async function visibleQueue(actor: Actor, queueId: string) {
    const queue = await store.queues.get(queueId);
    const visible =
      queue !== undefined &&
      can(actor.role, 'config:read') &&
      seesLine(actor, queue.businessLineId);
    if (!visible) throw notFound('Queue', queueId);
    return queue;
  }

  /** Whether the caller may follow a call: its business line's calls, or one its agent was offered. */
  const seesCall = (actor: Actor, businessLineId: string, agentIds: readonly string[]) =>
    (can(actor.role, 'calls:read-all') && seesLine(actor, businessLineId)) ||
    (actor.agentId !== null && agentIds.includes(actor.agentId));

  return {
    /** An agent's status changes and screen pops; first message: its current state. */
    async agentEvents(actor: Actor, agentId: string | null | undefined) {
      const id = agentId ?? actor.agentId;
      if (id === null) throw invalidField('agentId', 'required: the caller is not an agent');
      const agent = await store.agents.get(id);
      if (agent === undefined || !seesAgent(actor, agent)) throw notFound('Agent', id);
      const now = deps.acd?.agentView(id);
      const initial: AgentMessage[] = now
        ? [
            {
              type: 'agent-state',
              agentId: id,
              from: null,
              to: now.status,
              reason: now.reason,
              callId: now.callId,
              at: now.since,
            },
          ]
        : [];
      return follow(
        agentTopic(id),
        (m): m is AgentMessage =>
          m.type === 'agent-state' || m.type === 'screen-pop' || m.type === 'outbound-pop',
        initial,
      );
    },

    /** Queue figures on each change; first messages: the figures now. */
    async queueStats(actor: Actor, queueId: string | null | undefined) {
      requirePermission(actor, 'config:read');
      const queues = queueId
        ? [await visibleQueue(actor, queueId)]
        : await store.queues.list(scopeOf(actor), PAGE);
      const at = deps.clock.now();
      const initial = queues.flatMap((q) => {
        const view = deps.acd?.queueStats(q.id);
        return view ? [queueStatsMessage(view, at)] : [];
      });
      return follow(
        'queue-stats',
        (m): m is QueueStatsMessage =>
          m.type === 'queue-stats' &&
          (queueId ? m.queueId === queueId : seesLine(actor, m.businessLineId)),
        initial,
      );
    },

    /** Call phase changes of the calls the caller may follow. */
    async callEvents(actor: Actor, queueId: string | null | undefined) {
      requirePermission(actor, 'calls:read-own');
      if (queueId) await visibleQueue(actor, queueId);
      return follow(
        'call-phases',
        (m): m is CallPhaseMessage =>
          m.type === 'call-phase' &&
          (!queueId || m.queueId === queueId) &&
          seesCall(actor, m.businessLineId, m.involvedAgentIds),
        [],
      );
    },

    /** Calls in progress the caller may see, longest waiting first. */
    async liveCalls(actor: Actor, queueId: string | null | undefined): Promise<LiveCallItem[]> {
      requirePermission(actor, 'calls:read-own');
      if (queueId) await visibleQueue(actor, queueId);
      const now = deps.clock.now();
      const calls = (deps.acd?.liveCalls() ?? []).filter(
        (c) => (!queueId || c.queueId === queueId) && seesCall(actor, c.businessLineId, c.agentIds),
      );
      return Promise.all(
        calls.map(async (c) => ({
          ...c,
          queueName: await queueName(c.queueId),
          waitS: Math.max(0, Math.floor(((c.connectedAt ?? now) - c.waitingSince) / 1000)),
        })),
      );
    },

    queueName,

    /** Ends every open feed (shutdown): clients see their subscriptions complete. */
    close(): void {
      for (const stream of [...open]) stream.end();
    },
  };
}

/** The live service's operations. */
export type LiveService = ReturnType<typeof createLiveService>;
