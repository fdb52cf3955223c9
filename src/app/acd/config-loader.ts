/**
 * Loads what the dispatcher needs from the store into the runtime: queues
 * with their stored ACD settings, agents with their skills, memberships,
 * the business lines' VIP lists, the DID table and who last served each
 * caller. All of it at start; one agent (and its queues) again at each
 * login; queues, routes and VIP lists again whenever they change through
 * the API (`reloadConfig`).
 */
import {
  type AcdQueue,
  type AcdQueueSettings,
  DEFAULT_ACD_SETTINGS,
  parseAcdSettings,
} from '../../domain/acd/acd.types.ts';
import { initialAgentState } from '../../domain/acd/agent.state.ts';
import { directQueueFor, directQueueId } from '../../domain/acd/direct.ts';
import { validateOverflow } from '../../domain/acd/overflow.ts';
import { type MembershipInput, putAgent, putQueue, syncAgent } from '../../domain/acd/snapshot.ts';
import { compileVip } from '../../domain/acd/vip.ts';
import type { Agent, Queue, QueueMembership } from '../../domain/directory/entities.ts';
import type { PageRequest } from '../ports.ts';
import { type AcdCore, type AgentEntry, run } from './core.ts';
import { loadRoutes } from './did-routes.ts';
import { dispatchAll } from './dispatch.ts';
import { lastServedKey, STICKY_MEMORY_LIMIT, stickyMemoryMs } from './routing-state.ts';

const PAGE = 500;

/** The queue as the ACD sees it. */
export const acdQueueOf = (
  q: Queue,
  settings: AcdQueueSettings = DEFAULT_ACD_SETTINGS,
): AcdQueue => ({
  id: q.id,
  businessLineId: q.businessLineId,
  strategy: q.strategy,
  ringTimeoutS: q.ringTimeoutS,
  maxWaitS: q.maxWaitS,
  maxLength: q.maxLength,
  wrapUpS: q.wrapUpS,
  requiredSkills: q.requiredSkills,
  settings,
});

/** Pages through a listing. */
export async function everything<T>(list: (page: PageRequest) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await list({ offset, limit: PAGE });
    out.push(...page);
    if (page.length < PAGE) return out;
  }
}

/** Stored settings of queues, parsed; a document that no longer parses falls back to the defaults. */
async function settingsOf(core: AcdCore, queueIds: readonly string[]) {
  const stored = await core.deps.store.queueSettings.getMany(queueIds);
  const out = new Map<string, AcdQueueSettings>();
  for (const [queueId, raw] of stored) {
    const parsed = parseAcdSettings(raw);
    if (parsed.ok) out.set(queueId, parsed.settings);
    else core.log.warn({ queueId, issues: parsed.error.details }, 'stored ACD settings unusable');
  }
  return out;
}

/** Puts queues into the snapshot with their settings; overflow targets that cannot work are logged. */
async function putQueues(core: AcdCore, queues: readonly Queue[]): Promise<void> {
  const settings = await settingsOf(
    core,
    queues.map((q) => q.id),
  );
  for (const q of queues) putQueue(core.snapshot, acdQueueOf(q, settings.get(q.id)));
  // Overflow targets the runtime has not loaded yet are loaded too: a call may move there.
  const missing = new Set<string>();
  for (const s of settings.values()) {
    for (const t of [s.overflow.onMaxWait, s.overflow.onMaxLength, s.overflow.onNoAgents]) {
      if (t?.kind === 'queue' && !core.snapshot.queues.has(t.queueId)) missing.add(t.queueId);
    }
  }
  if (missing.size > 0) await putQueues(core, await core.deps.store.queues.getMany([...missing]));
  const owners = new Map(
    [...core.snapshot.queues.values()].map((s) => [s.queue.id, s.queue] as const),
  );
  for (const q of queues) {
    const acd = core.snapshot.queues.get(q.id)?.queue;
    if (acd === undefined) continue;
    for (const error of validateOverflow(acd, owners))
      core.log.warn({ error }, 'overflow target unusable');
  }
}

/**
 * Adds or refreshes an agent, keeping its machine state; refused
 * memberships are logged. An agent reached by a direct DID keeps its
 * personal queue.
 */
function putKnownAgent(core: AcdCore, agent: Agent, memberships: readonly QueueMembership[]) {
  const wanted: MembershipInput[] = memberships.map((m) => ({
    queueId: m.queueId,
    penalty: m.penalty,
    createdAt: m.createdAt,
  }));
  if (core.snapshot.queues.has(directQueueId(agent.id))) {
    // Refreshed too: the agent may have moved to another business line.
    putQueue(core.snapshot, directQueueFor(agent));
    wanted.push({ queueId: directQueueId(agent.id), penalty: 0, createdAt: 0 });
  }
  const refused = putAgent(
    core.snapshot,
    { id: agent.id, businessLineId: agent.businessLineId, skills: agent.skills },
    wanted,
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

/** Loads every business line's VIP list. */
async function loadVip(core: AcdCore): Promise<void> {
  const entries = await everything((page) => core.deps.store.vipCallers.list({}, page));
  const byLine = new Map<string, typeof entries>();
  for (const e of entries)
    byLine.set(e.businessLineId, [...(byLine.get(e.businessLineId) ?? []), e]);
  core.routing.vip.clear();
  for (const [line, list] of byLine) core.routing.vip.set(line, compileVip(list));
}

/** Who last served each caller, as far back as the longest sticky memory of any queue. */
async function loadLastServed(core: AcdCore): Promise<void> {
  const memoryMs = stickyMemoryMs(core.snapshot.queues.values());
  if (memoryMs === 0) return;
  const since = core.deps.clock.now() - memoryMs;
  const rows = await core.deps.store.acdHistory.lastServed(since, STICKY_MEMORY_LIMIT);
  // Oldest first: the map keeps callers in served order, the ones to forget first at its front.
  for (const r of [...rows].sort((a, b) => a.at - b.at)) {
    const key = lastServedKey(r.businessLineId, r.ani);
    const known = core.routing.lastServed.get(key);
    if (known === undefined || known.at < r.at) {
      core.routing.lastServed.delete(key);
      core.routing.lastServed.set(key, { agentId: r.agentId, at: r.at });
    }
  }
}

/** Loads every queue, agent and membership, the VIP lists, the DID table and the sticky history. */
export async function loadConfig(core: AcdCore): Promise<void> {
  const { store } = core.deps;
  const queues = await everything((page) => store.queues.list({}, page));
  await putQueues(core, queues);
  const agents = await everything((page) => store.agents.list({}, page));
  const memberships = await store.queues.membersOf(queues.map((q) => q.id));
  for (const agent of agents) {
    putKnownAgent(
      core,
      agent,
      memberships.filter((m) => m.agentId === agent.id),
    );
  }
  await loadVip(core);
  await loadDirectAgents(core, await loadRoutes(core));
  await loadLastServed(core);
  core.log.info({ queues: queues.length, agents: agents.length }, 'ACD configuration loaded');
}

/** Reloads one agent, its memberships and their queues; undefined when the agent is gone. */
export async function reloadAgent(core: AcdCore, agentId: string): Promise<AgentEntry | undefined> {
  const { store } = core.deps;
  const agent = await store.agents.get(agentId);
  if (agent === undefined) return undefined;
  const memberships = await store.queues.queuesOf([agentId]);
  await putQueues(core, await store.queues.getMany(memberships.map((m) => m.queueId)));
  return putKnownAgent(core, agent, memberships);
}

/**
 * Agents reached by a direct DID that the runtime does not hold yet (made
 * through the API since start, never logged in) are loaded, so their callers
 * get a clean "not logged in" rather than an unknown number.
 */
async function loadDirectAgents(core: AcdCore, agentIds: readonly string[]): Promise<void> {
  for (const agentId of new Set(agentIds)) {
    if (!core.agents.has(agentId)) await reloadAgent(core, agentId);
  }
}

/** What changed through the API. */
export interface ConfigChange {
  /** Queues whose fields, ACD settings or members changed. */
  readonly queueIds?: readonly string[];
  /** The DID table changed. */
  readonly routes?: boolean;
  /** A VIP list changed. */
  readonly vip?: boolean;
}

/**
 * Applies a configuration change: queues re-read with their settings and
 * members (calls already waiting keep the settings they entered with,
 * except for new members who may now take them), the DID table or the VIP
 * lists re-read. Then a full dispatch pass, since agents may now be free
 * for calls they could not take before.
 */
export async function reloadConfig(core: AcdCore, change: ConfigChange): Promise<void> {
  const { store } = core.deps;
  const queueIds = change.queueIds ?? [];
  if (queueIds.length > 0) {
    await putQueues(core, await store.queues.getMany(queueIds));
    const members = new Set((await store.queues.membersOf(queueIds)).map((m) => m.agentId));
    for (const queueId of queueIds) {
      for (const agentId of core.snapshot.queues.get(queueId)?.members.keys() ?? []) {
        members.add(agentId);
      }
    }
    for (const agentId of members) await reloadAgent(core, agentId);
  }
  if (change.vip === true) await loadVip(core);
  if (change.routes === true || queueIds.length > 0) {
    await loadDirectAgents(core, await loadRoutes(core));
  }
  run(core, () => dispatchAll(core));
}
