/**
 * The state of one agent as the ACD sees it (ACD-7). The state is global to
 * the agent, never per queue: an agent in wrap-up or on a call in queue A is
 * just as busy for queue B. Asterisk's app_queue keeps this per queue member
 * and gets it wrong for agents in several queues (wrap-up ending early or
 * being ignored: Asterisk issues #1006 and #1561).
 */

/** An agent's activity; `status` tells which. Times are epoch ms. */
export type AgentActivity =
  | { readonly status: 'logged-out' }
  | {
      readonly status: 'available';
      /** Start of the current idle stretch: the longest-idle strategy reads it. */
      readonly idleSince: number;
    }
  | {
      /** Picked by the dispatcher; the offer is being originated. */
      readonly status: 'reserved';
      readonly callId: string;
      readonly offerDeadline: number;
      readonly since: number;
      /** Kept so a missed offer does not reset the agent's idle time. */
      readonly idleSince: number;
    }
  | {
      readonly status: 'ringing';
      readonly callId: string;
      readonly offerDeadline: number;
      readonly since: number;
      readonly idleSince: number;
    }
  | { readonly status: 'on-call'; readonly callId: string; readonly since: number }
  | {
      /** After-call work; ends at `until` or when the agent says ready. */
      readonly status: 'wrap-up';
      readonly callId: string;
      readonly since: number;
      readonly until: number;
    }
  | { readonly status: 'paused'; readonly reason: string; readonly since: number };

/** Name of an activity. */
export type AgentStatus = AgentActivity['status'];

/** Figures the strategies and auto-pause need. */
export interface AgentCounters {
  /** Calls answered since the last day rollover (fewest-calls strategy). */
  readonly answeredToday: number;
  readonly lastCallEndAt: number | null;
  /** Offers missed in a row; reset by an answer (auto-pause after N). */
  readonly missedInARow: number;
}

/** One agent's state. */
export interface AgentState {
  readonly agentId: string;
  readonly activity: AgentActivity;
  readonly counters: AgentCounters;
  /** A pause asked for while busy; it starts once the agent would be free. */
  readonly pendingPause: string | null;
}

/** Pause reason used when the ACD pauses an agent for missing offers. */
export const AUTO_PAUSE_REASON = 'missed-offers';

/** Pause reason used when the agent's phone stops being reachable. */
export const PHONE_LOST_REASON = 'phone-unreachable';

/** A logged-out agent with zeroed counters. */
export const initialAgentState = (agentId: string): AgentState => ({
  agentId,
  activity: { status: 'logged-out' },
  counters: { answeredToday: 0, lastCallEndAt: null, missedInARow: 0 },
  pendingPause: null,
});

/** The call an agent is busy with, if any. */
export function callOf(activity: AgentActivity): string | null {
  switch (activity.status) {
    case 'reserved':
    case 'ringing':
    case 'on-call':
    case 'wrap-up':
      return activity.callId;
    default:
      return null;
  }
}

/** The idle-since time of a free or offered agent (longest-idle reads it), else null. */
export function idleSinceOf(activity: AgentActivity): number | null {
  switch (activity.status) {
    case 'available':
    case 'reserved':
    case 'ringing':
      return activity.idleSince;
    default:
      return null;
  }
}
