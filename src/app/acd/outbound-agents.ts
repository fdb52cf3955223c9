/**
 * The ACD's agents as the outbound dialer uses them. The ACD runtime owns
 * every agent's state; the dialer never keeps its own. Through this narrow
 * API it asks which of a campaign's agents are free, reserves one for an
 * outbound call (the agent machine's `reserve`, so the ACD offers it no
 * inbound call meanwhile), and reports that call's progress on the agent:
 * ringing, connected, ended (into the campaign's wrap-up), or released
 * without a conversation. Outbound call ids never collide with the ACD's
 * own calls, so late ACD events about them are ignored by the ACD.
 *
 * Call these from outside an ACD task (a timer, a PBX event, a promise
 * continuation): each runs as one ACD task at once and returns its result.
 */
import type { AgentStatus } from '../../domain/acd/agent.state.ts';
import { stepAgentIn } from './agent-flow.ts';
import { type AcdCore, run } from './core.ts';

/** What pacing needs to know of one agent. */
export interface AgentLoadView {
  readonly agentId: string;
  readonly status: AgentStatus;
  /** When the current status began (epoch ms); null when unknown. */
  readonly since: number | null;
  /** End of after-call work, for an agent in wrap-up. */
  readonly wrapUntil: number | null;
  /** The call the agent is busy with. */
  readonly callId: string | null;
}

/** The dialer's view of the ACD's agents. */
export interface OutboundAgents {
  /** Those of `agentIds` that are available now, longest idle first. */
  free(agentIds: readonly string[]): string[];
  /** Status of each of `agentIds` the ACD knows. */
  loads(agentIds: readonly string[]): AgentLoadView[];
  /** Dial string of an agent's phone; null for an agent the ACD does not hold. */
  endpoint(agentId: string): string | null;
  /** Reserves an available agent for an outbound call; false when it is not available. */
  reserve(agentId: string, callId: string, deadline: number): boolean;
  /** The agent's phone rings for the call. */
  ringing(agentId: string, callId: string): void;
  /** The agent is talking to the callee. */
  connected(agentId: string, callId: string): boolean;
  /** The conversation ended: after-call work of `wrapUpS`, then available. */
  ended(agentId: string, callId: string, wrapUpS: number): void;
  /**
   * The call no longer needs the agent (machine, no answer, callee gone):
   * free again at once; `missed` when the agent's phone did not pick up,
   * which counts toward auto-pause as an ACD miss does.
   */
  release(agentId: string, callId: string, missed?: 'timeout' | 'rejected' | 'unreachable'): void;
}

/** Auto-pause threshold for outbound offers the agent's phone missed. */
const AUTO_PAUSE_AFTER = 3;

/** Builds the API over the runtime's state. */
export function createOutboundAgents(core: AcdCore): OutboundAgents {
  const step = (agentId: string, event: Parameters<typeof stepAgentIn>[2]): boolean => {
    let ok = false;
    run(core, () => {
      ok = stepAgentIn(core, agentId, event)?.ok === true;
    });
    return ok;
  };
  return {
    free(agentIds) {
      const free: Array<{ id: string; idle: number }> = [];
      for (const id of agentIds) {
        const a = core.agents.get(id)?.state.activity;
        if (a?.status === 'available') free.push({ id, idle: a.idleSince });
      }
      return free.sort((x, y) => x.idle - y.idle).map((f) => f.id);
    },
    loads(agentIds) {
      return agentIds.flatMap((agentId) => {
        const entry = core.agents.get(agentId);
        if (entry === undefined) return [];
        const a = entry.state.activity;
        const since = 'since' in a ? a.since : a.status === 'available' ? a.idleSince : entry.since;
        return [
          {
            agentId,
            status: a.status,
            since,
            wrapUntil: a.status === 'wrap-up' ? a.until : null,
            callId: 'callId' in a ? a.callId : null,
          },
        ];
      });
    },
    endpoint: (agentId) => core.agents.get(agentId)?.endpoint ?? null,
    reserve: (agentId, callId, deadline) =>
      step(agentId, { type: 'reserve', callId, offerDeadline: deadline }),
    ringing(agentId, callId) {
      step(agentId, { type: 'ring', callId });
    },
    connected: (agentId, callId) => step(agentId, { type: 'answer', callId }),
    ended(agentId, callId, wrapUpS) {
      step(agentId, { type: 'call-ended', callId, wrapUpS });
    },
    release(agentId, callId, missed) {
      const cause = missed ?? 'caller-gone';
      step(agentId, { type: 'offer-failed', callId, cause, autoPauseAfter: AUTO_PAUSE_AFTER });
    },
  };
}
