/**
 * The ACD as the API uses it: agent login, ready, pause and logout, and the
 * live views, with the caller's rights checked here whatever the entry
 * point. An agent acts on itself; supervisors and admins on the agents of
 * their business lines; QA may watch but not act. An agent the caller may
 * not see reads as NOT_FOUND, so ids never reveal what exists.
 */
import type { AcdError } from '../../domain/acd/acd.types.ts';
import type { AgentErrorCode } from '../../domain/acd/agent.errors.ts';
import type { AgentStatus } from '../../domain/acd/agent.state.ts';
import type { Agent, Queue } from '../../domain/directory/entities.ts';
import { DomainError, invalidField, notFound } from '../../domain/shared/errors.ts';
import { can } from '../../domain/shared/roles.ts';
import { type Actor, requirePermission, scopeOf, seesLine } from '../actor.ts';
import { seesAgent } from '../directory/agents.ts';
import type { Store } from '../ports.ts';
import type { AcdRuntime, AgentAction, AgentLiveView, QueueLiveView } from './runtime.ts';

/** A queue with its live figures. */
export interface LiveQueue extends QueueLiveView {
  readonly queue: Queue;
  /** Members of the queue by status, in a fixed order (statuses with nobody are left out). */
  readonly agentsByStatus: ReadonlyArray<{ readonly status: AgentStatus; readonly count: number }>;
}

const AGENT_CODES: ReadonlySet<string> = new Set<AgentErrorCode>([
  'AGENT_NOT_LOGGED_IN',
  'AGENT_ALREADY_LOGGED_IN',
  'AGENT_PHONE_UNREGISTERED',
  'AGENT_NOT_AVAILABLE',
  'AGENT_NOT_PAUSED',
  'AGENT_ON_CALL',
  'OFFER_MISMATCH',
  'ILLEGAL_TRANSITION',
]);

/** The API's error for a refused agent action. */
function domainErrorOf(agentId: string, error: AcdError): DomainError {
  if (!AGENT_CODES.has(error.code)) return notFound('Agent', agentId);
  return new DomainError(error.code as AgentErrorCode, error.message, { ...error.details });
}

const PAGE = { offset: 0, limit: 1000 };

/** Order of statuses in listings: from not working to busy. */
const STATUS_ORDER: readonly AgentStatus[] = [
  'logged-out',
  'paused',
  'available',
  'reserved',
  'ringing',
  'on-call',
  'wrap-up',
];

/** Creates the ACD service; without a runtime (no PBX wired) every call is UNAVAILABLE. */
export function createAcdService(deps: { store: Store; acd?: AcdRuntime | undefined }) {
  const { store } = deps;
  const runtime = (): AcdRuntime => {
    if (deps.acd === undefined) throw new DomainError('UNAVAILABLE', 'the ACD is not running');
    return deps.acd;
  };

  /** The agent the caller means: the one given, else the caller's own. */
  function targetOf(actor: Actor, agentId: string | null | undefined): string {
    const id = agentId ?? actor.agentId;
    if (id === null) throw invalidField('agentId', 'required: the caller is not an agent');
    return id;
  }

  async function forAction(actor: Actor, agentId: string): Promise<Agent> {
    const agent = await store.agents.get(agentId);
    if (agent === undefined || !seesAgent(actor, agent)) throw notFound('Agent', agentId);
    const manages = can(actor.role, 'config:write') && seesLine(actor, agent.businessLineId);
    if (agent.id !== actor.agentId && !manages) {
      throw new DomainError('FORBIDDEN', `role ${actor.role} may not act for agent ${agentId}`, {
        agentId,
      });
    }
    return agent;
  }

  return {
    /** Runs an agent action for the given agent (default: the caller's own). */
    async act(actor: Actor, agentId: string | null | undefined, action: AgentAction) {
      const agent = await forAction(actor, targetOf(actor, agentId));
      const result = await runtime().agentAction(agent.id, action);
      if (!result.ok) throw domainErrorOf(agent.id, result.error);
      return result.view;
    },
    /** The live state of an agent the caller may see. */
    async status(actor: Actor, agentId: string | null | undefined): Promise<AgentLiveView> {
      const id = targetOf(actor, agentId);
      const agent = await store.agents.get(id);
      if (agent === undefined || !seesAgent(actor, agent)) throw notFound('Agent', id);
      return runtime().agentView(agent.id);
    },
    /** Live state of an agent already shown to the caller (the Agent type's field). */
    liveState: (agentId: string): AgentLiveView => runtime().agentView(agentId),
    /** Queues of the caller's business lines with their live figures. */
    async liveQueues(actor: Actor): Promise<LiveQueue[]> {
      requirePermission(actor, 'config:read');
      const acd = runtime();
      const queues = await store.queues.list(scopeOf(actor), PAGE);
      const members = await store.queues.membersOf(queues.map((q) => q.id));
      return queues.map((queue) => {
        const counts = new Map<AgentStatus, number>();
        for (const m of members) {
          if (m.queueId !== queue.id) continue;
          const { status } = acd.agentView(m.agentId);
          counts.set(status, (counts.get(status) ?? 0) + 1);
        }
        const agentsByStatus = STATUS_ORDER.flatMap((status) => {
          const count = counts.get(status);
          return count === undefined ? [] : [{ status, count }];
        });
        return { ...acd.queueView(queue.id), queue, agentsByStatus };
      });
    },
  };
}

/** The ACD service's operations. */
export type AcdService = ReturnType<typeof createAcdService>;
