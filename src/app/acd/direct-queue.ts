/**
 * Personal queues of agents reached by a direct DID (ACD-8): made the
 * first time such a call arrives, so only agents who get direct calls have
 * one. The agent joins it next to its other queues, keeping its state.
 */
import type { AcdQueue } from '../../domain/acd/acd.types.ts';
import { directQueueFor, directQueueId } from '../../domain/acd/direct.ts';
import { putAgent, putQueue } from '../../domain/acd/snapshot.ts';
import type { AcdCore } from './core.ts';

/** The personal queue of `agentId`, made on first use; null for an agent the runtime does not know. */
export function directQueueOf(core: AcdCore, agentId: string): AcdQueue | null {
  const entry = core.agents.get(agentId);
  const agent = core.snapshot.agents.get(agentId);
  if (entry === undefined || agent === undefined) return null;
  const id = directQueueId(agentId);
  const known = core.snapshot.queues.get(id);
  if (known !== undefined) return known.queue;
  const queue = directQueueFor({ id: agentId, businessLineId: entry.businessLineId });
  putQueue(core.snapshot, queue);
  const memberships = [...agent.queues].map(([queueId, m]) => ({
    queueId,
    penalty: m.penalty,
    createdAt: m.order,
  }));
  const skills = [...agent.skills].map(([skillId, level]) => ({ skillId, level }));
  putAgent(core.snapshot, { id: agentId, businessLineId: agent.businessLineId, skills }, [
    ...memberships,
    { queueId: id, penalty: 0, createdAt: 0 },
  ]);
  return queue;
}
