/**
 * An agent's state taken back after callwright restarted (SEC-5), from
 * what was last saved of it (its presence) and what the PBX shows. A
 * logged-in agent stays logged in and a paused one paused with its reason;
 * an agent the PBX shows bridged with a caller is on that call; anyone
 * else logged in is free: an offer that was ringing has been withdrawn, a
 * call that ended while callwright was away leaves no wrap-up to finish.
 */
import { type AgentState, type AgentStatus, initialAgentState } from './agent.state.ts';

/** What is saved of an agent at each state change. */
export interface AgentPresence {
  readonly agentId: string;
  readonly status: AgentStatus;
  /** Pause reason, or null. */
  readonly reason: string | null;
  /** When the agent entered this status. */
  readonly since: number;
}

/** The restored state; `onCall` is the call the PBX shows the agent bridged in, if any. */
export function restoreAgent(
  presence: AgentPresence,
  onCall: { readonly callId: string; readonly since: number } | null,
  now: number,
): AgentState {
  const initial = initialAgentState(presence.agentId);
  if (presence.status === 'logged-out') return initial;
  const since = Math.min(presence.since, now);
  if (onCall !== null) {
    const activity = { status: 'on-call', callId: onCall.callId, since: onCall.since } as const;
    // A pause asked for before the restart starts once the call ends.
    return {
      ...initial,
      activity,
      pendingPause: presence.status === 'paused' ? presence.reason : null,
    };
  }
  if (presence.status === 'paused') {
    return { ...initial, activity: { status: 'paused', reason: presence.reason ?? '', since } };
  }
  // Free since it last was; offered, on a call or in wrap-up before: free from now.
  const idleSince = presence.status === 'available' ? since : now;
  return { ...initial, activity: { status: 'available', idleSince } };
}
