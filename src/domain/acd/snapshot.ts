/**
 * The dispatcher's view of the whole ACD: every queue, every agent with its
 * status and memberships, every call waiting for an agent, pre-indexed so a
 * decision touches only what it needs: per queue, the set of free members
 * and one sorted lane of waiting calls per priority class.
 *
 * This is the one mutable structure of the ACD domain, on purpose: the app
 * keeps a single snapshot in memory and applies each reducer's new state to
 * it (`syncAgent`, `syncCall`), which costs O(memberships) instead of
 * rebuilding indexes for every decision. It does no I/O and reads no clock.
 * The dispatcher only reads it. Waiting calls are added and removed by
 * `snapshot.calls.ts`.
 */
import type { AgentSkill } from '../directory/entities.ts';
import {
  type AcdError,
  type AcdQueue,
  acdError,
  PRIORITY_CLASSES,
  type PriorityClass,
  type SkillRequirement,
} from './acd.types.ts';
import type { AgentState, AgentStatus } from './agent.state.ts';
import { idleSinceOf } from './agent.state.ts';
import type { TriedAgent } from './call.state.ts';
import type { AgentHold } from './priority.ts';
import { EMPTY_MEMORY, type StrategyMemory } from './strategies.ts';

/** A call (or due callback task) waiting for an agent. */
export interface WaitingCall {
  readonly id: string;
  readonly queueId: string;
  readonly businessLineId: string;
  readonly kind: 'call' | 'callback';
  readonly priority: PriorityClass;
  readonly waitingSince: number;
  /** The call's own requirements; the queue's are added at decision time. */
  readonly requiredSkills: readonly SkillRequirement[];
  readonly holds: readonly AgentHold[];
  readonly tried: readonly TriedAgent[];
  /** Not to be offered before this time (a callback's next attempt); 0 for calls. */
  readonly notBefore: number;
}

/** An agent's place in a queue. */
export interface Membership {
  readonly penalty: number;
  /** Member order (the membership's creation time): round-robin and linear ties. */
  readonly order: number;
}

/** An agent as the dispatcher sees it. */
export interface SnapshotAgent {
  readonly id: string;
  readonly businessLineId: string;
  skills: ReadonlyMap<string, number>;
  status: AgentStatus;
  idleSince: number;
  answeredToday: number;
  readonly queues: Map<string, Membership>;
}

/** A queue with its indexes. */
export interface SnapshotQueue {
  queue: AcdQueue;
  readonly members: Map<string, Membership>;
  /** Members whose status is `available`. */
  readonly free: Set<string>;
  /** Members not logged out. */
  readonly loggedIn: Set<string>;
  /** Waiting calls by priority rank (vip, transferred, normal, callback), each sorted. */
  readonly lanes: readonly WaitingCall[][];
  memory: StrategyMemory;
}

/** The indexed state of the ACD. */
export interface AcdSnapshot {
  readonly queues: Map<string, SnapshotQueue>;
  readonly agents: Map<string, SnapshotAgent>;
  readonly calls: Map<string, WaitingCall>;
}

/** An empty snapshot. */
export const createSnapshot = (): AcdSnapshot => ({
  queues: new Map(),
  agents: new Map(),
  calls: new Map(),
});

/** Adds a queue or replaces its settings (members, calls and memory stay). */
export function putQueue(s: AcdSnapshot, queue: AcdQueue): void {
  const known = s.queues.get(queue.id);
  if (known !== undefined) {
    known.queue = queue;
    // A queue moved to another business line keeps only that line's members (ACD-11).
    for (const agentId of [...known.members.keys()]) {
      const agent = s.agents.get(agentId);
      if (agent !== undefined && agent.businessLineId !== queue.businessLineId) {
        leaveQueue(s, agent, queue.id);
      }
    }
    return;
  }
  s.queues.set(queue.id, {
    queue,
    members: new Map(),
    free: new Set(),
    loggedIn: new Set(),
    lanes: PRIORITY_CLASSES.map(() => []),
    memory: EMPTY_MEMORY,
  });
}

/** A membership as stored. */
export interface MembershipInput {
  readonly queueId: string;
  readonly penalty: number;
  readonly createdAt: number;
}

/** Agent fields the snapshot needs. */
export interface AgentInput {
  readonly id: string;
  readonly businessLineId: string;
  readonly skills: readonly AgentSkill[];
}

/**
 * Adds or updates an agent and its memberships. A membership of an unknown
 * queue or of another business line's queue is refused (ACD-11) and
 * reported; the others are applied. A new agent starts logged out.
 */
export function putAgent(
  s: AcdSnapshot,
  agent: AgentInput,
  memberships: readonly MembershipInput[],
): AcdError<'QUEUE_NOT_FOUND' | 'BUSINESS_LINE_MISMATCH'>[] {
  const entry = entryFor(s, agent);
  entry.skills = new Map(agent.skills.map((k) => [k.skillId, k.level]));
  s.agents.set(agent.id, entry);
  const errors: AcdError<'QUEUE_NOT_FOUND' | 'BUSINESS_LINE_MISMATCH'>[] = [];
  const wanted = new Map<string, Membership>();
  for (const m of memberships) {
    const q = s.queues.get(m.queueId);
    if (q === undefined) {
      errors.push(
        acdError('QUEUE_NOT_FOUND', `queue ${m.queueId} not found`, { ...m, agentId: agent.id }),
      );
    } else if (q.queue.businessLineId !== entry.businessLineId) {
      const details = { queueId: m.queueId, agentId: agent.id };
      errors.push(
        acdError('BUSINESS_LINE_MISMATCH', `queue ${m.queueId} is another line's`, details),
      );
    } else {
      wanted.set(m.queueId, { penalty: m.penalty, order: m.createdAt });
    }
  }
  for (const queueId of [...entry.queues.keys()]) {
    if (!wanted.has(queueId)) leaveQueue(s, entry, queueId);
  }
  for (const [queueId, membership] of wanted) joinQueue(s, entry, queueId, membership);
  return errors;
}

/** The agent's entry; an agent moved to another business line leaves all its old queues. */
function entryFor(s: AcdSnapshot, agent: AgentInput): SnapshotAgent {
  const known = s.agents.get(agent.id);
  if (known === undefined) return newAgent(agent);
  if (known.businessLineId === agent.businessLineId) return known;
  removeAgent(s, agent.id);
  return { ...newAgent(agent), status: known.status, idleSince: known.idleSince };
}

function newAgent(agent: AgentInput): SnapshotAgent {
  return {
    id: agent.id,
    businessLineId: agent.businessLineId,
    skills: new Map(),
    status: 'logged-out',
    idleSince: 0,
    answeredToday: 0,
    queues: new Map(),
  };
}

function joinQueue(s: AcdSnapshot, agent: SnapshotAgent, queueId: string, m: Membership): void {
  const q = s.queues.get(queueId)!;
  agent.queues.set(queueId, m);
  q.members.set(agent.id, m);
  if (agent.status !== 'logged-out') q.loggedIn.add(agent.id);
  if (agent.status === 'available') q.free.add(agent.id);
}

function leaveQueue(s: AcdSnapshot, agent: SnapshotAgent, queueId: string): void {
  agent.queues.delete(queueId);
  const q = s.queues.get(queueId);
  if (q === undefined) return;
  q.members.delete(agent.id);
  q.free.delete(agent.id);
  q.loggedIn.delete(agent.id);
}

/** Removes an agent from the snapshot and all its queues. */
export function removeAgent(s: AcdSnapshot, agentId: string): void {
  const agent = s.agents.get(agentId);
  if (agent === undefined) return;
  for (const queueId of [...agent.queues.keys()]) leaveQueue(s, agent, queueId);
  s.agents.delete(agentId);
}

/** Sets an agent's status fields, keeping every queue's free and logged-in sets right. */
export function setAgentStatus(
  s: AcdSnapshot,
  agentId: string,
  status: AgentStatus,
  idleSince: number,
  answeredToday: number,
): boolean {
  const agent = s.agents.get(agentId);
  if (agent === undefined) return false;
  agent.idleSince = idleSince;
  agent.answeredToday = answeredToday;
  if (agent.status === status) return true;
  agent.status = status;
  const free = status === 'available';
  const loggedIn = status !== 'logged-out';
  for (const queueId of agent.queues.keys()) {
    const q = s.queues.get(queueId)!;
    if (free) q.free.add(agentId);
    else q.free.delete(agentId);
    if (loggedIn) q.loggedIn.add(agentId);
    else q.loggedIn.delete(agentId);
  }
  return true;
}

/** Applies an agent machine state to the snapshot; false for an unknown agent. */
export function syncAgent(s: AcdSnapshot, state: AgentState): boolean {
  const a = state.activity;
  return setAgentStatus(
    s,
    state.agentId,
    a.status,
    idleSinceOf(a) ?? 0,
    state.counters.answeredToday,
  );
}
