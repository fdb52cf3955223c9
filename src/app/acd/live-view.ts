/**
 * Read-only views of the runtime for the API, the live events and the
 * metrics: an agent's live state, a queue's waiting callers and members by
 * status, the calls in progress, and the gauges.
 */
import type { AgentStatus } from '../../domain/acd/agent.state.ts';
import { callOf } from '../../domain/acd/agent.state.ts';
import type { CallPhaseName } from '../../domain/acd/call.state.ts';
import type { AcdCore } from './core.ts';
import { isHeld } from './in-call-hold.ts';
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

/** Order of statuses in listings: from not working to busy. */
export const STATUS_ORDER: readonly AgentStatus[] = [
  'logged-out',
  'paused',
  'available',
  'reserved',
  'ringing',
  'on-call',
  'wrap-up',
];

/** A queue's waiting figures and its members by status. */
export interface QueueStatsView extends QueueLiveView {
  readonly businessLineId: string;
  /** Members by status in {@link STATUS_ORDER}; statuses nobody is in are left out. */
  readonly agentsByStatus: ReadonlyArray<{ readonly status: AgentStatus; readonly count: number }>;
}

/** Live figures of a queue the runtime knows; undefined for an unknown queue. */
export function queueStats(core: AcdCore, queueId: string): QueueStatsView | undefined {
  const q = core.snapshot.queues.get(queueId);
  if (q === undefined) return undefined;
  const counts = new Map<AgentStatus, number>();
  for (const agentId of q.members.keys()) {
    const status = core.snapshot.agents.get(agentId)?.status ?? 'logged-out';
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const agentsByStatus = STATUS_ORDER.flatMap((status) => {
    const count = counts.get(status);
    return count === undefined ? [] : [{ status, count }];
  });
  return { ...queueView(core, queueId), businessLineId: q.queue.businessLineId, agentsByStatus };
}

/** Queues an agent is a member of. */
export function queuesOfAgent(core: AcdCore, agentId: string): string[] {
  const agent = core.snapshot.agents.get(agentId);
  return agent === undefined ? [] : [...agent.queues.keys()];
}

/** A call the ACD is handling. */
export interface CallLiveView {
  /** The caller's channel id, which is also the call's linked id. */
  readonly callId: string;
  readonly queueId: string;
  readonly businessLineId: string;
  readonly phase: CallPhaseName;
  readonly ani: string;
  readonly dnis: string;
  /** Entry into the current queue. */
  readonly enteredAt: number;
  /** Entry into the ACD (wait counts from here, across overflows). */
  readonly waitingSince: number;
  /** When an agent was connected; null before. */
  readonly connectedAt: number | null;
  /** Agents being rung (offered) or the agent connected (connected). */
  readonly agentIds: readonly string[];
  /** The agent put the caller on hold (music) and has not taken it back yet. */
  readonly onHold: boolean;
}

/** The view of one live call; undefined when the runtime does not hold it. */
export function callView(core: AcdCore, callId: string): CallLiveView | undefined {
  const live = core.calls.get(callId);
  if (live === undefined) return undefined;
  const { call } = live;
  const { phase } = call;
  const agentIds =
    phase.name === 'offered' ? phase.agentIds : phase.name === 'connected' ? [phase.agentId] : [];
  return {
    callId: call.callId,
    queueId: call.queue.id,
    businessLineId: call.businessLineId,
    phase: phase.name,
    ani: call.ani,
    dnis: call.dnis,
    enteredAt: call.enteredAt,
    waitingSince: call.waitingSince,
    connectedAt: phase.name === 'connected' ? phase.since : null,
    agentIds,
    onHold: phase.name === 'connected' && isHeld(core, callId),
  };
}

/** Every call the runtime holds, oldest first. */
export function callViews(core: AcdCore): CallLiveView[] {
  const views: CallLiveView[] = [];
  for (const callId of core.calls.keys()) {
    const view = callView(core, callId);
    if (view !== undefined) views.push(view);
  }
  return views.sort((a, b) => a.waitingSince - b.waitingSince);
}
