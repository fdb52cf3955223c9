/**
 * Agents (ACD-7, ACD-10): people who take calls on a SIP phone or an
 * external number. Supervisors manage the agents of their business lines;
 * an agent sees only its own record.
 */
import type { Agent, AgentReach, AgentSkill } from '../../domain/directory/entities.ts';
import {
  checkSkillLevel,
  normaliseExtension,
  normaliseName,
} from '../../domain/directory/validation.ts';
import { DomainError, invalidField, notFound } from '../../domain/shared/errors.ts';
import { normalisePhone } from '../../domain/shared/phone.ts';
import { can } from '../../domain/shared/roles.ts';
import { type Actor, requireLine, requirePermission, scopeOf, seesLine } from '../actor.ts';
import type { AgentInput, PageRequest, Repositories } from '../ports.ts';
import { auditedChange, type DirectoryDeps, stripUndefined } from './deps.ts';

/** Input as the API receives it; endpoint is derived for SIP agents when omitted. */
export interface AgentInputRaw {
  businessLineId: string;
  name: string;
  extension: string;
  reach: AgentReach;
  endpoint?: string | null;
  skills?: readonly AgentSkill[];
}

/** True when the actor may read this agent. */
export const seesAgent = (actor: Actor, agent: Agent): boolean =>
  agent.id === actor.agentId ||
  (can(actor.role, 'config:read') && seesLine(actor, agent.businessLineId));

async function clean(tx: Repositories, raw: AgentInputRaw): Promise<AgentInput> {
  const line = await tx.businessLines.get(raw.businessLineId);
  if (!line) throw invalidField('businessLineId', `business line ${raw.businessLineId} not found`);
  const extension = normaliseExtension(raw.extension);
  let endpoint: string;
  if (raw.reach === 'external') {
    if (!raw.endpoint) throw invalidField('endpoint', 'an external agent needs a phone number');
    endpoint = normalisePhone(raw.endpoint, line.defaultCountry).e164;
  } else {
    endpoint = raw.endpoint?.trim() || `PJSIP/${extension}`;
    if (!/^[A-Za-z]+\/[^\s,&]+$/.test(endpoint)) {
      throw invalidField('endpoint', `"${endpoint}" is not a dial string such as PJSIP/1001`);
    }
  }
  const skills = raw.skills ?? [];
  const known = await tx.skills.getMany(skills.map((s) => s.skillId));
  for (const [i, s] of skills.entries()) {
    if (!known.some((k) => k.id === s.skillId)) {
      throw invalidField(`skills[${i}].skillId`, `skill ${s.skillId} not found`);
    }
    checkSkillLevel(`skills[${i}].level`, s.level);
  }
  return {
    businessLineId: line.id,
    name: normaliseName('name', raw.name),
    extension,
    reach: raw.reach,
    endpoint,
    skills,
  };
}

/** Creates the agent service. */
export function createAgentService(deps: DirectoryDeps) {
  const { store } = deps;

  async function getForChange(tx: Repositories, actor: Actor, id: string): Promise<Agent> {
    const agent = await tx.agents.get(id);
    if (!agent || !seesLine(actor, agent.businessLineId)) throw notFound('Agent', id);
    return agent;
  }

  return {
    async list(actor: Actor, page: PageRequest) {
      requirePermission(actor, 'config:read');
      return store.agents.list(scopeOf(actor), page);
    },
    /** Loads agents by id; those the actor may not see come back undefined. */
    async load(actor: Actor, ids: readonly string[]) {
      const rows = await store.agents.getMany(ids);
      return ids.map((id) => rows.find((a) => a.id === id && seesAgent(actor, a)));
    },
    async create(actor: Actor, raw: AgentInputRaw) {
      requirePermission(actor, 'config:write');
      requireLine(actor, raw.businessLineId);
      return (await auditedChange<Agent>(deps, actor, 'agent.create', 'Agent', async (tx) => ({
        after: await tx.agents.create(await clean(tx, raw)),
      })))!;
    },
    async update(actor: Actor, id: string, patch: Partial<AgentInputRaw>) {
      requirePermission(actor, 'config:write');
      return (await auditedChange<Agent>(deps, actor, 'agent.update', 'Agent', async (tx) => {
        const before = await getForChange(tx, actor, id);
        const merged: AgentInputRaw = { ...before, ...stripUndefined(patch) };
        // A SIP agent turned external (or back) cannot keep the old dial string.
        if (patch.reach && patch.reach !== before.reach && patch.endpoint === undefined) {
          merged.endpoint = null;
        }
        requireLine(actor, merged.businessLineId);
        if (merged.businessLineId !== before.businessLineId) {
          const queues = await tx.queues.queuesOf([id]);
          if (queues.length > 0) {
            throw new DomainError(
              'CONFLICT',
              'remove the agent from its queues before moving it to another business line',
              { queues: queues.length },
            );
          }
        }
        return { before, after: await tx.agents.update(id, await clean(tx, merged)) };
      }))!;
    },
    async delete(actor: Actor, id: string) {
      requirePermission(actor, 'config:write');
      await auditedChange<Agent>(deps, actor, 'agent.delete', 'Agent', async (tx) => {
        const before = await getForChange(tx, actor, id);
        await tx.agents.delete(id);
        return { before, after: null };
      });
      return id;
    },
  };
}

/** The agent service's operations. */
export type AgentService = ReturnType<typeof createAgentService>;
