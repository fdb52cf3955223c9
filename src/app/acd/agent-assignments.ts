/**
 * Which queues an agent works and with which skills, changed through the
 * API and applied to the running ACD at once: the agent's memberships and
 * skills are re-read into the dispatcher, and a free agent is offered the
 * calls its new queues hold. Supervisors change the agents of their
 * business lines; admins any agent.
 */
import type { AgentSkill, QueueMembership } from '../../domain/directory/entities.ts';
import { DomainError, notFound } from '../../domain/shared/errors.ts';
import { type Actor, requirePermission, seesLine } from '../actor.ts';
import { audit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import type { AgentService } from '../directory/agents.ts';
import type { Repositories, Store } from '../ports.ts';
import type { AcdRuntime } from './runtime.ts';

/** What the assignment service needs. */
export interface AssignmentDeps {
  store: Store;
  clock: Clock;
  agents: AgentService;
  acd?: AcdRuntime | undefined;
}

async function agentFor(tx: Repositories, actor: Actor, agentId: string) {
  const agent = await tx.agents.get(agentId);
  if (agent === undefined || !seesLine(actor, agent.businessLineId)) {
    throw notFound('Agent', agentId);
  }
  return agent;
}

/** Checks every queue exists, is visible and belongs to the agent's business line. */
async function checkQueues(
  tx: Repositories,
  actor: Actor,
  businessLineId: string,
  queueIds: readonly string[],
) {
  const queues = await tx.queues.getMany(queueIds);
  for (const queueId of queueIds) {
    const queue = queues.find((q) => q.id === queueId);
    if (queue === undefined || !seesLine(actor, queue.businessLineId)) {
      throw notFound('Queue', queueId);
    }
    if (queue.businessLineId !== businessLineId) {
      throw new DomainError('CONFLICT', 'agent and queue belong to different business lines', {
        queueId,
        businessLineId,
      });
    }
  }
}

/** Creates the assignment service. */
export function createAssignmentService(deps: AssignmentDeps) {
  const { store } = deps;
  const refresh = async (agentId: string) => {
    await deps.acd?.refreshAgent(agentId);
  };

  return {
    /**
     * Makes `queueIds` the agent's queues: it leaves the others and joins the
     * new ones with penalty 0; queues it stays in keep their penalty.
     */
    async setAgentQueues(
      actor: Actor,
      agentId: string,
      queueIds: readonly string[],
    ): Promise<QueueMembership[]> {
      requirePermission(actor, 'config:write');
      const wanted = [...new Set(queueIds)];
      const memberships = await store.transaction(async (tx) => {
        const agent = await agentFor(tx, actor, agentId);
        await checkQueues(tx, actor, agent.businessLineId, wanted);
        const before = await tx.queues.queuesOf([agentId]);
        for (const m of before) {
          if (!wanted.includes(m.queueId)) await tx.queues.removeMember(m.queueId, agentId);
        }
        for (const queueId of wanted) {
          if (!before.some((m) => m.queueId === queueId)) {
            await tx.queues.addMember({ queueId, agentId, penalty: 0 });
          }
        }
        const after = await tx.queues.queuesOf([agentId]);
        await audit(tx, deps.clock, actor, {
          action: 'agent.setQueues',
          entity: 'Agent',
          entityId: agentId,
          before: before.map((m) => m.queueId),
          after: after.map((m) => m.queueId),
        });
        return after;
      });
      await refresh(agentId);
      return memberships;
    },

    /** Replaces the agent's skills. */
    async setAgentSkills(actor: Actor, agentId: string, skills: readonly AgentSkill[]) {
      const agent = await deps.agents.update(actor, agentId, { skills });
      await refresh(agentId);
      return agent;
    },
  };
}

/** The assignment service's operations. */
export type AssignmentService = ReturnType<typeof createAssignmentService>;
