/**
 * Read-only views of the runtime for the API and the metrics: an agent's
 * live state, a queue's waiting callers, and the gauges.
 */
import type { AgentStatus } from '../../domain/acd/agent.state.ts';
import { callOf } from '../../domain/acd/agent.state.ts';
import type { AcdCore } from './core.ts';
import type { AcdGauges } from './ports.ts';

/** An agent's live state. */
export interface AgentLiveView {
  readonly agentId: string;
  readonly status: AgentStatus;
  /** When the status last changed; null while the runtime has seen no change. */
  readonly since: number | null;
  /** Pause reason, or why the last offer failed. */
  readonly reason: string | null;
  /** The call the agent is busy with. */
  readonly callId: string | null;
}

/** A queue's live waiting figures. */
export interface QueueLiveView {
  readonly queueId: string;
  /** Callers in the queue: waiting, or ringing an agent. */
  readonly waiting: number;
  /** Seconds the longest-waiting of them has waited; null when nobody waits. */
  readonly longestWaitS: number | null;
}

/** The live state of an agent; an agent the runtime never loaded is logged out. */
export function agentView(core: AcdCore, agentId: string): AgentLiveView {
  const entry = core.agents.get(agentId);
  if (entry === undefined) {
    return { agentId, status: 'logged-out', since: null, reason: null, callId: null };
  }
  const { activity } = entry.state;
  const reason = activity.status === 'paused' ? activity.reason : entry.reason;
  return {
    agentId,
    status: activity.status,
    since: entry.since,
    reason,
    callId: callOf(activity),
  };
}

const queued = (phase: string) => phase === 'waiting' || phase === 'offered';

/** Waiting callers of a queue. */
export function queueView(core: AcdCore, queueId: string): QueueLiveView {
  let waiting = 0;
  let oldest: number | null = null;
  for (const { call } of core.calls.values()) {
    if (call.queue.id !== queueId || !queued(call.phase.name)) continue;
    waiting += 1;
    oldest = oldest === null ? call.enteredAt : Math.min(oldest, call.enteredAt);
  }
  const now = core.deps.clock.now();
  const longestWaitS = oldest === null ? null : Math.max(0, Math.floor((now - oldest) / 1000));
  return { queueId, waiting, longestWaitS };
}

/** The gauges the metrics read when scraped. */
export function gauges(core: AcdCore): AcdGauges {
  const waitingByQueue = new Map<string, number>();
  for (const queueId of core.snapshot.queues.keys()) waitingByQueue.set(queueId, 0);
  for (const { call } of core.calls.values()) {
    if (!queued(call.phase.name)) continue;
    waitingByQueue.set(call.queue.id, (waitingByQueue.get(call.queue.id) ?? 0) + 1);
  }
  const agentsByStatus = new Map<string, number>();
  for (const entry of core.agents.values()) {
    const status = entry.state.activity.status;
    agentsByStatus.set(status, (agentsByStatus.get(status) ?? 0) + 1);
  }
  return { waitingByQueue, agentsByStatus };
}
