/**
 * Loads what the dispatcher needs from the store into the runtime: queues
 * (with default ACD settings until queues store their own), agents with
 * their skills, and memberships. All of it at start; one agent (and its
 * queues) again at each login, so changes made through the API since the
 * start are picked up the moment they matter.
 */
import { type AcdQueue, DEFAULT_ACD_SETTINGS } from '../../domain/acd/acd.types.ts';
import { initialAgentState } from '../../domain/acd/agent.state.ts';
import { putAgent, putQueue, syncAgent } from '../../domain/acd/snapshot.ts';
import type { Agent, Queue, QueueMembership } from '../../domain/directory/entities.ts';
import type { PageRequest } from '../ports.ts';
import type { AcdCore, AgentEntry } from './core.ts';

const PAGE = 500;

/** The queue as the ACD sees it. */
export const acdQueueOf = (q: Queue): AcdQueue => ({
  id: q.id,
  businessLineId: q.businessLineId,
  strategy: q.strategy,
  ringTimeoutS: q.ringTimeoutS,
  maxWaitS: q.maxWaitS,
  maxLength: q.maxLength,
  wrapUpS: q.wrapUpS,
  requiredSkills: q.requiredSkills,
  settings: DEFAULT_ACD_SETTINGS,
});

async function everything<T>(list: (page: PageRequest) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await list({ offset, limit: PAGE });
    out.push(...page);
    if (page.length < PAGE) return out;
  }
}

/** Adds or refreshes an agent, keeping its machine state; refused memberships are logged. */
function putKnownAgent(core: AcdCore, agent: Agent, memberships: readonly QueueMembership[]) {
  const refused = putAgent(
    core.snapshot,
    { id: agent.id, businessLineId: agent.businessLineId, skills: agent.skills },
    memberships.map((m) => ({ queueId: m.queueId, penalty: m.penalty, createdAt: m.createdAt })),
  );
  for (const error of refused) core.log.warn({ error }, 'membership not applied');
  const entry: AgentEntry = core.agents.get(agent.id) ?? {
    id: agent.id,
    businessLineId: agent.businessLineId,
    reach: agent.reach,
    endpoint: agent.endpoint,
    state: initialAgentState(agent.id),
    since: null,
    reason: null,
  };
  entry.businessLineId = agent.businessLineId;
  entry.reach = agent.reach;
  entry.endpoint = agent.endpoint;
  core.agents.set(agent.id, entry);
  syncAgent(core.snapshot, entry.state);
  return entry;
}

/** Loads every queue, agent and membership. */
export async function loadConfig(core: AcdCore): Promise<void> {
  const { store } = core.deps;
  const queues = await everything((page) => store.queues.list({}, page));
  for (const q of queues) putQueue(core.snapshot, acdQueueOf(q));
  const agents = await everything((page) => store.agents.list({}, page));
  const memberships = await store.queues.membersOf(queues.map((q) => q.id));
  for (const agent of agents) {
    putKnownAgent(
      core,
      agent,
      memberships.filter((m) => m.agentId === agent.id),
    );
  }
  core.log.info({ queues: queues.length, agents: agents.length }, 'ACD configuration loaded');
}

/** Reloads one agent, its memberships and their queues; undefined when the agent is gone. */
export async function reloadAgent(core: AcdCore, agentId: string): Promise<AgentEntry | undefined> {
  const { store } = core.deps;
  const agent = await store.agents.get(agentId);
  if (agent === undefined) return undefined;
  const memberships = await store.queues.queuesOf([agentId]);
  const queues = await store.queues.getMany(memberships.map((m) => m.queueId));
  for (const q of queues) putQueue(core.snapshot, acdQueueOf(q));
  return putKnownAgent(core, agent, memberships);
}
