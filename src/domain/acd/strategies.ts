/**
 * Distribution strategies (ACD-1) as one pure function: given the free,
 * eligible agents of a queue for one call, pick who is offered the call.
 * Every tie ends on the membership order then the agent id, so the same
 * input always gives the same pick (random included, with a seeded rng).
 */
import type { QueueStrategy } from '../directory/entities.ts';
import type { SkillRequirement } from './acd.types.ts';
import { skillScore } from './skills.ts';

/** A free agent that may take the call. */
export interface Candidate {
  readonly agentId: string;
  /** Start of the agent's idle stretch (epoch ms). */
  readonly idleSince: number;
  readonly answeredToday: number;
  /** Membership penalty in this queue; lower is tried first (linear). */
  readonly penalty: number;
  /** Position in the queue's member list (round-robin, linear ties, random). */
  readonly order: number;
  readonly skills: ReadonlyMap<string, number>;
}

/** Round-robin memory of one queue: where the last pick was in member order. */
export interface StrategyMemory {
  readonly lastOrder: number | null;
  readonly lastAgentId: string | null;
}

/** A queue that has picked nobody yet. */
export const EMPTY_MEMORY: StrategyMemory = { lastOrder: null, lastAgentId: null };

/** What `selectAgent` decides: agents to ring (several for ring-all) and the queue's new memory. */
export interface Selection {
  readonly agentIds: readonly string[];
  readonly memory: StrategyMemory;
}

/** The queue fields a strategy reads. */
export interface StrategyQueue {
  readonly strategy: QueueStrategy;
  readonly requiredSkills: readonly SkillRequirement[];
}

type Cmp = (a: Candidate, b: Candidate) => number;

const byOrder: Cmp = (a, b) =>
  a.order - b.order || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0);
const byIdle: Cmp = (a, b) => a.idleSince - b.idleSince || byOrder(a, b);
const byCalls: Cmp = (a, b) => a.answeredToday - b.answeredToday || byIdle(a, b);
const byPenalty: Cmp = (a, b) => a.penalty - b.penalty || byOrder(a, b);

/** The smallest candidate by `cmp` in one pass (no sort: the hot path of every decision). */
function best(candidates: readonly Candidate[], cmp: Cmp): Candidate {
  let top = candidates[0]!;
  for (let i = 1; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (cmp(c, top) < 0) top = c;
  }
  return top;
}

/** Round robin: the first member after the last pick in member order, wrapping around. */
function nextInTurn(candidates: readonly Candidate[], memory: StrategyMemory): Candidate {
  const sorted = [...candidates].sort(byOrder);
  const last = memory.lastOrder;
  if (last === null) return sorted[0]!;
  const lastId = memory.lastAgentId ?? '';
  const after = sorted.find((c) => c.order > last || (c.order === last && c.agentId > lastId));
  return after ?? sorted[0]!;
}

/** Skills-based: highest skill score on the call's requirements, then longest idle. */
function bestSkilled(candidates: readonly Candidate[], reqs: readonly SkillRequirement[]) {
  let top = candidates[0]!;
  let topScore = skillScore(top.skills, reqs);
  for (let i = 1; i < candidates.length; i++) {
    const c = candidates[i]!;
    const score = skillScore(c.skills, reqs);
    if (score > topScore || (score === topScore && byIdle(c, top) < 0)) {
      top = c;
      topScore = score;
    }
  }
  return top;
}

/**
 * Picks the agent(s) to offer a call to. `candidates` are already free and
 * eligible (business line, skills, holds); `required` is the call's relaxed
 * requirement (defaults to the queue's). `rng` returns [0, 1). Returns null
 * when there is nobody to pick.
 */
export function selectAgent(
  queue: StrategyQueue,
  candidates: readonly Candidate[],
  _now: number,
  rng: () => number,
  memory: StrategyMemory,
  required: readonly SkillRequirement[] = queue.requiredSkills,
): Selection | null {
  if (candidates.length === 0) return null;
  if (queue.strategy === 'ring-all') {
    const all = [...candidates].sort(byOrder);
    const last = all[all.length - 1]!;
    return {
      agentIds: all.map((c) => c.agentId),
      memory: { lastOrder: last.order, lastAgentId: last.agentId },
    };
  }
  const pick = pickOne(queue.strategy, candidates, rng, memory, required);
  return { agentIds: [pick.agentId], memory: { lastOrder: pick.order, lastAgentId: pick.agentId } };
}

function pickOne(
  strategy: Exclude<QueueStrategy, 'ring-all'>,
  candidates: readonly Candidate[],
  rng: () => number,
  memory: StrategyMemory,
  required: readonly SkillRequirement[],
): Candidate {
  switch (strategy) {
    case 'longest-idle':
      return best(candidates, byIdle);
    case 'fewest-calls':
      return best(candidates, byCalls);
    case 'linear':
      return best(candidates, byPenalty);
    case 'round-robin':
      return nextInTurn(candidates, memory);
    case 'random': {
      // Sorted first: the candidates' order must not leak into the draw.
      const sorted = [...candidates].sort(byOrder);
      const index = Math.min(sorted.length - 1, Math.floor(rng() * sorted.length));
      return sorted[index]!;
    }
    case 'skills-based':
      return bestSkilled(candidates, required);
    default:
      return assertNever(strategy);
  }
}

function assertNever(strategy: never): never {
  throw new Error(`unknown strategy ${String(strategy)}`);
}
