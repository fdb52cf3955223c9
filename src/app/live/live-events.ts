/**
 * What the live feeds carry (GraphQL subscriptions: `agentEvents`,
 * `queueStats`, `callEvents`). Every message is plain JSON (times in epoch
 * ms) so that it can cross processes through a pub/sub server unchanged.
 */
import type { AgentStatus } from '../../domain/acd/agent.state.ts';
import type { CallPhaseName } from '../../domain/acd/call.state.ts';
import type { Contact } from '../../domain/directory/entities.ts';

/** An agent's status changed. */
export interface AgentStateMessage {
  readonly type: 'agent-state';
  readonly agentId: string;
  /** Null for the first message of a subscription, which tells the current state. */
  readonly from: AgentStatus | null;
  readonly to: AgentStatus;
  /** Pause reason, or why the last offer ended without the agent. */
  readonly reason: string | null;
  readonly callId: string | null;
  /** When the status changed; null when it has not changed since start-up. */
  readonly at: number | null;
}

/** An earlier call of the same number, for the screen pop. */
export interface PastCall {
  /** The call record's id. */
  readonly recordId: string;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly agentName: string | null;
  readonly queueName: string | null;
  readonly disposition: string | null;
  readonly notes: string | null;
}

/** What the agent's screen shows when an offer rings its phone (AGT-1). */
export interface ScreenPopMessage {
  readonly type: 'screen-pop';
  readonly agentId: string;
  /** The call's id (its linked id), as in the agent's live state. */
  readonly callId: string;
  /** Caller's number (ANI), '' when withheld. */
  readonly ani: string;
  /** Number dialled (DNIS). */
  readonly dnis: string;
  readonly queueId: string;
  readonly queueName: string;
  /** Seconds the caller had waited when the agent's phone started ringing. */
  readonly waitS: number;
  /** The contact this number belongs to in the call's business line, if any. */
  readonly contact: Contact | null;
  /** True when this number called before. */
  readonly returning: boolean;
  /** The number's last calls (at most five), newest first, this one excluded. */
  readonly history: readonly PastCall[];
  /** IVR nodes the caller went through, in order; empty when the call came straight in. */
  readonly ivrPath: readonly string[];
  /** The queue's disposition codes for the wrap-up; empty: any code. */
  readonly dispositions: readonly string[];
  /** The queue refuses a wrap-up without a code. */
  readonly dispositionRequired: boolean;
  readonly at: number;
}

/** What the agent's screen shows when an outbound (dialer) call rings its phone (DIAL-5). */
export interface OutboundPopMessage {
  readonly type: 'outbound-pop';
  readonly agentId: string;
  /** The callee leg's channel id (as in the dialer's `outboundCall.callId`). */
  readonly callId: string;
  /** The dial attempt (for the disposition). */
  readonly attemptId: number;
  readonly campaignId: string;
  readonly campaignName: string;
  /** The campaign's script. */
  readonly script: string;
  /** The number dialled, masked when the campaign masks numbers. */
  readonly number: string;
  /** The list record (contact) called. */
  readonly recordId: number;
  readonly name: string;
  /** The record's other CSV columns. */
  readonly data: Readonly<Record<string, string>>;
  /** Codes the agent may set. */
  readonly dispositions: readonly string[];
  readonly at: number;
}

/** A message of an agent's feed. */
export type AgentMessage = AgentStateMessage | ScreenPopMessage | OutboundPopMessage;

/** A queue's live figures. */
export interface QueueStatsMessage {
  readonly type: 'queue-stats';
  readonly queueId: string;
  readonly businessLineId: string;
  readonly waiting: number;
  readonly longestWaitS: number | null;
  readonly agentsByStatus: ReadonlyArray<{ readonly status: AgentStatus; readonly count: number }>;
  readonly at: number;
}

/** A call moved from one phase to another. */
export interface CallPhaseMessage {
  readonly type: 'call-phase';
  readonly callId: string;
  readonly queueId: string;
  readonly businessLineId: string;
  /** Null when the call just entered. */
  readonly from: CallPhaseName | null;
  readonly to: CallPhaseName;
  readonly ani: string;
  readonly dnis: string;
  /** Agents being offered the call, or connected with it, at this change. */
  readonly agentIds: readonly string[];
  /** Every agent offered or connected so far (who may see this call's events). */
  readonly involvedAgentIds: readonly string[];
  readonly at: number;
}

/** Any live message. */
export type LiveMessage = AgentMessage | QueueStatsMessage | CallPhaseMessage;

/** Topics: one per agent, and one each for queue figures and call phases. */
export type LiveTopic = `agent:${string}` | 'queue-stats' | 'call-phases';

/** The topic of an agent's feed. */
export const agentTopic = (agentId: string): LiveTopic => `agent:${agentId}`;
