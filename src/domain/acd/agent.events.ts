/**
 * What happens to an agent (events in) and what the agent machine asks the
 * executor to do (commands out). Events come from the API (login, pause),
 * from the dispatcher (reserve) and from call control (ring, answer, end).
 */
import type { CancelTimer, OfferFailureCause, StartTimer } from './acd.types.ts';
import type { AgentStatus } from './agent.state.ts';

/** An event for one agent. */
export type AgentEvent =
  /** `phoneRegistered` is a fact from the device state: a SIP phone must be registered. */
  | { readonly type: 'login'; readonly phoneRegistered: boolean }
  | { readonly type: 'logout' }
  | { readonly type: 'pause'; readonly reason: string }
  | { readonly type: 'unpause' }
  /** Ends wrap-up early (or a pause): the agent is ready for the next call. */
  | { readonly type: 'ready' }
  /** The dispatcher picked this agent for `callId`. */
  | { readonly type: 'reserve'; readonly callId: string; readonly offerDeadline: number }
  | { readonly type: 'ring'; readonly callId: string }
  | { readonly type: 'answer'; readonly callId: string }
  /** The offer ended without the agent; `autoPauseAfter` is the queue's threshold (0 = never). */
  | {
      readonly type: 'offer-failed';
      readonly callId: string;
      readonly cause: OfferFailureCause;
      readonly autoPauseAfter: number;
    }
  /**
   * The agent takes part in a call the dispatcher did not offer: a call it
   * placed (click-to-dial), an internal extension call (AGT-9), a call it
   * listens to as a supervisor. It ends with `call-ended`.
   */
  | { readonly type: 'seize'; readonly callId: string }
  /** The agent's call ended; `wrapUpS` is the queue's after-call work time. */
  | { readonly type: 'call-ended'; readonly callId: string; readonly wrapUpS: number }
  /** The wrap-up timer fired. */
  | { readonly type: 'wrap-up-elapsed' }
  /** The phone unregistered or became unreachable. */
  | { readonly type: 'phone-lost' }
  /** Midnight in the business line's time zone: daily counters restart. */
  | { readonly type: 'day-rollover' };

/** Published on every status change (GraphQL `agentEvents`, wallboard, records). */
export interface AgentStateChanged {
  readonly type: 'agent-state-changed';
  readonly agentId: string;
  readonly from: AgentStatus;
  readonly to: AgentStatus;
  /** Pause reason, offer failure cause, or null. */
  readonly reason: string | null;
  readonly callId: string | null;
  readonly at: number;
}

/** A command from the agent machine. */
export type AgentCommand =
  | StartTimer
  | CancelTimer
  | { readonly type: 'publish'; readonly event: AgentStateChanged }
  /**
   * The agent left while an offer was pending: call control must stop ringing
   * that agent and feed the call machine `offer-failed` (cause `withdrawn`).
   */
  | {
      readonly type: 'withdraw-offer';
      readonly agentId: string;
      readonly callId: string;
    };

/** Timer key of an agent's wrap-up. */
export const wrapUpTimerKey = (agentId: string): string => `acd:wrap-up:${agentId}`;
