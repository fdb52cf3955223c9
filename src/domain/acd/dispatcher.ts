/**
 * One dispatcher over ALL queues. It pairs waiting calls with free agents
 * so that an agent is offered one call at a time whatever queues it is in:
 * only `available` agents are ever candidates, so reserved, ringing,
 * on-call, wrap-up and paused agents are skipped in every queue (Asterisk's
 * per-queue member state lets a member in wrap-up or on a call in one queue
 * be rung by another: issues #1006 and #1561). Agents and calls of
 * different business lines never meet (ACD-11).
 *
 * Invariant kept by the app: after each event the snapshot holds no waiting
 * call that a free agent could take. So when one agent frees up, only that
 * agent needs a call (`dispatchForAgent`), and when one call arrives, only
 * that call needs an agent (`dispatchForCall`): each decision reads one
 * queue's free set or the head of a few lanes, never all calls x all
 * agents. `dispatch` is the full pass for timers and reconnects.
 */
import { PRIORITY_CLASSES, type SkillRequirement } from './acd.types.ts';
import { heldFor } from './priority.ts';
import { meetsRequirements, mergeRequirements, relaxRequirements } from './skills.ts';
import { removeWaiting } from './snapshot.calls.ts';
import {
  type AcdSnapshot,
  type SnapshotAgent,
  type SnapshotQueue,
  setAgentStatus,
  type WaitingCall,
} from './snapshot.ts';
import { type Candidate, type StrategyMemory, selectAgent } from './strategies.ts';

/** A decision: offer `callId` to `agentIds` (several only for ring-all). */
export interface Assignment {
  readonly callId: string;
  readonly queueId: string;
  readonly kind: 'call' | 'callback';
  readonly agentIds: readonly string[];
  readonly ringAll: boolean;
  /** The queue's strategy memory after this pick (round robin). */
  readonly memory: StrategyMemory;
}

/** A call as one decision sees it: its relaxed requirement and the agents it is held for. */
interface CallView {
  readonly call: WaitingCall;
  readonly reqs: readonly SkillRequirement[];
  readonly held: ReadonlySet<string> | null;
}

function viewOf(q: SnapshotQueue, call: WaitingCall, now: number): CallView {
  const merged = mergeRequirements(q.queue.requiredSkills, call.requiredSkills);
  const waitS = (now - call.waitingSince) / 1000;
  const reqs =
    merged.length === 0 ? merged : relaxRequirements(merged, q.queue.settings.relaxation, waitS);
  const held = heldFor(call.holds, now, (id) => q.loggedIn.has(id));
  return { call, reqs, held };
}

/** Whether a free agent may take the call. */
function eligible(view: CallView, agent: SnapshotAgent, now: number): boolean {
  // Memberships are already limited to the agent's own line; checked again because mixing
  // two business lines' calls is the one mistake that must never happen.
  if (agent.businessLineId !== view.call.businessLineId) return false;
  if (view.held !== null && !view.held.has(agent.id)) return false;
  for (const t of view.call.tried) if (t.agentId === agent.id && t.until > now) return false;
  return meetsRequirements(agent.skills, view.reqs);
}

function candidatesFor(
  s: AcdSnapshot,
  q: SnapshotQueue,
  view: CallView,
  now: number,
  taken: ReadonlySet<string> | null,
): Candidate[] {
  const out: Candidate[] = [];
  for (const id of q.free) {
    if (taken?.has(id)) continue;
    const agent = s.agents.get(id)!;
    if (!eligible(view, agent, now)) continue;
    const m = q.members.get(id)!;
    out.push({
      agentId: id,
      idleSince: agent.idleSince,
      answeredToday: agent.answeredToday,
      penalty: m.penalty,
      order: m.order,
      skills: agent.skills,
    });
  }
  return out;
}

/** Picks agents for one call among the queue's free members by the queue's strategy. */
function match(
  s: AcdSnapshot,
  q: SnapshotQueue,
  call: WaitingCall,
  now: number,
  rng: () => number,
  taken: ReadonlySet<string> | null,
  memory: StrategyMemory,
): Assignment | null {
  if (call.notBefore > now) return null;
  const view = viewOf(q, call, now);
  const selection = selectAgent(
    q.queue,
    candidatesFor(s, q, view, now, taken),
    now,
    rng,
    memory,
    view.reqs,
  );
  if (selection === null) return null;
  return {
    callId: call.id,
    queueId: q.queue.id,
    kind: call.kind,
    agentIds: selection.agentIds,
    ringAll: q.queue.strategy === 'ring-all',
    memory: selection.memory,
  };
}

/** A call just arrived (or became eligible for more agents): find its agent(s). */
export function dispatchForCall(
  s: AcdSnapshot,
  callId: string,
  now: number,
  rng: () => number,
): Assignment | null {
  const call = s.calls.get(callId);
  const q = call === undefined ? undefined : s.queues.get(call.queueId);
  if (call === undefined || q === undefined || q.free.size === 0) return null;
  return match(s, q, call, now, rng, null, q.memory);
}

/** The first call of a lane the agent may take (lanes are sorted, so it is the longest waiting). */
function firstFor(
  q: SnapshotQueue,
  lane: readonly WaitingCall[],
  agent: SnapshotAgent,
  now: number,
) {
  for (const call of lane) {
    if (call.notBefore > now) continue;
    if (eligible(viewOf(q, call, now), agent, now)) return call;
  }
  return null;
}

/**
 * An agent just became free: the best call it may take across all its
 * queues: highest class first, then heavier queue, then longest wait.
 */
export function dispatchForAgent(s: AcdSnapshot, agentId: string, now: number): Assignment | null {
  const agent = s.agents.get(agentId);
  if (agent === undefined || agent.status !== 'available') return null;
  for (let rank = 0; rank < PRIORITY_CLASSES.length; rank++) {
    let best: { call: WaitingCall; q: SnapshotQueue } | null = null;
    for (const queueId of agent.queues.keys()) {
      const q = s.queues.get(queueId)!;
      const call = firstFor(q, q.lanes[rank]!, agent, now);
      if (call !== null && (best === null || before(call, q, best.call, best.q)))
        best = { call, q };
    }
    if (best === null) continue;
    const order = agent.queues.get(best.q.queue.id)!.order;
    return {
      callId: best.call.id,
      queueId: best.q.queue.id,
      kind: best.call.kind,
      agentIds: [agentId],
      ringAll: best.q.queue.strategy === 'ring-all',
      memory: { lastOrder: order, lastAgentId: agentId },
    };
  }
  return null;
}

/** Same-class order across queues: heavier queue, then longest wait, then id (see `compareCalls`). */
function before(a: WaitingCall, qa: SnapshotQueue, b: WaitingCall, qb: SnapshotQueue): boolean {
  const wa = qa.queue.settings.weight;
  const wb = qb.queue.settings.weight;
  if (wa !== wb) return wa > wb;
  if (a.waitingSince !== b.waitingSince) return a.waitingSince < b.waitingSince;
  return a.id < b.id;
}

/** A full pass's position in one queue's lanes. */
interface Cursor {
  readonly q: SnapshotQueue;
  rank: number;
  index: number;
  memory: StrategyMemory;
  /** Free members not yet taken in this pass. */
  freeLeft: number;
}

function head(c: Cursor): WaitingCall | null {
  while (c.rank < c.q.lanes.length) {
    const call = c.q.lanes[c.rank]![c.index];
    if (call !== undefined) return call;
    c.rank++;
    c.index = 0;
  }
  return null;
}

/** The cursor whose head call comes first in global order, or null when all are spent. */
function nextCursor(cursors: readonly Cursor[]): Cursor | null {
  let top: Cursor | null = null;
  let topCall: WaitingCall | null = null;
  for (const c of cursors) {
    if (c.freeLeft <= 0) continue;
    const call = head(c);
    if (call === null) continue;
    if (top === null || topCall === null || c.rank < top.rank) {
      top = c;
      topCall = call;
    } else if (c.rank === top.rank && before(call, c.q, topCall, top.q)) {
      top = c;
      topCall = call;
    }
  }
  return top;
}

/**
 * Full pass over every queue: calls in global order (class, queue weight,
 * wait) each get the agent(s) their queue's strategy picks among the free
 * agents not yet taken in this pass. Used when a timer widens eligibility
 * (a hold ends, relaxation starts) and after a reconnect; cost grows with
 * the calls in queues that still have free agents, not with all calls.
 */
export function dispatch(s: AcdSnapshot, now: number, rng: () => number): Assignment[] {
  const cursors = new Map<string, Cursor>();
  for (const q of s.queues.values()) {
    if (q.free.size === 0) continue;
    cursors.set(q.queue.id, { q, rank: 0, index: 0, memory: q.memory, freeLeft: q.free.size });
  }
  const list = [...cursors.values()];
  const taken = new Set<string>();
  const out: Assignment[] = [];
  for (let c = nextCursor(list); c !== null; c = nextCursor(list)) {
    const call = head(c)!;
    c.index++;
    const a = match(s, c.q, call, now, rng, taken, c.memory);
    if (a === null) continue;
    out.push(a);
    c.memory = a.memory;
    for (const id of a.agentIds) {
      taken.add(id);
      for (const queueId of s.agents.get(id)!.queues.keys()) {
        const other = cursors.get(queueId);
        if (other !== undefined) other.freeLeft--;
      }
    }
  }
  return out;
}

/**
 * Marks an assignment in the snapshot: the call stops waiting, its agents
 * are reserved, the queue remembers the pick. The app does the same through
 * the reducers (`syncAgent`, `syncCall`); this is the shortcut for callers
 * that keep no machine state, such as the benchmark.
 */
export function applyAssignment(s: AcdSnapshot, a: Assignment): void {
  removeWaiting(s, a.callId);
  for (const id of a.agentIds) {
    const agent = s.agents.get(id);
    if (agent !== undefined)
      setAgentStatus(s, id, 'reserved', agent.idleSince, agent.answeredToday);
  }
  const q = s.queues.get(a.queueId);
  if (q !== undefined) q.memory = a.memory;
}
