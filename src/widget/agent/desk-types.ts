/**
 * What the agent widget reads from GraphQL, as plain types: the agent's
 * status changes and screen pops of `agentEvents`, the outbound pop of
 * `outboundCall`, and the agent's own figures.
 */

/** `AgentStatus` of the schema. */
export type AgentStatus =
  | 'LOGGED_OUT'
  | 'AVAILABLE'
  | 'RESERVED'
  | 'RINGING'
  | 'ON_CALL'
  | 'WRAP_UP'
  | 'PAUSED';

/** The signed-in person and the agent it works as. */
export interface Me {
  displayName: string | null;
  username: string | null;
  role: string | null;
  agent: { id: string; name: string | null; extension: string | null } | null;
}

/** One `AgentStateChange` of the feed. */
export interface StateChange {
  __typename: 'AgentStateChange';
  from: AgentStatus | null;
  to: AgentStatus;
  at: string | null;
  reason: string | null;
  callId: string | null;
}

/** An earlier call of the caller's number. */
export interface PastCall {
  startedAt: string | null;
  agentName: string | null;
  queueName: string | null;
  disposition: string | null;
  notes: string | null;
}

/** One `ScreenPop` of the feed (AGT-1). */
export interface InboundPop {
  __typename: 'ScreenPop';
  callId: string;
  ani: string;
  dnis: string;
  queueId: string | null;
  queueName: string | null;
  waitS: number | null;
  at: string | null;
  returning: boolean;
  ivrPath: string[];
  /** The queue's codes for the wrap-up (absent from servers that predate them). */
  dispositions?: string[];
  dispositionRequired?: boolean;
  contact: { id: string; name: string | null; company: string | null; notes: string | null } | null;
  history: PastCall[];
}

/** The dialer's pop (DIAL-5): the number as the agent may see it, and the script. */
export interface OutboundPop {
  callId: string | null;
  attemptId: string | null;
  number: string | null;
  script: string | null;
  connected: boolean | null;
  dispositions: string[];
  campaign: { name: string | null } | null;
  record: { name: string | null; externalId: string | null; data: unknown } | null;
}

/** What the widget shows for the call in hand, whichever way it came. */
export interface CallCard {
  callId: string;
  direction: 'inbound' | 'outbound';
  /** The number to show (already masked by the server when the campaign masks). */
  number: string;
  dnis: string;
  queueId: string | null;
  queueName: string | null;
  waitS: number | null;
  returning: boolean | null;
  ivrPath: string[];
  contact: InboundPop['contact'];
  history: PastCall[];
  /** Outbound only: the campaign, its script and codes, the attempt to disposition. */
  campaign: string | null;
  script: string | null;
  dispositions: string[];
  /** The wrap-up must give a code (always for a campaign's calls). */
  dispositionRequired: boolean;
  attemptId: string | null;
  record: OutboundPop['record'];
}

/** The agent's own figures of today (AGT-7), as `myFiguresToday` gives them. */
export interface TodayFigures {
  callsIn: number;
  callsOut: number;
  answered: number;
  missed: number;
  talkS: number;
  ahtS: number | null;
}

/** A follow-up due (DIAL-9): a callback of one of the agent's queues. */
export interface FollowUp {
  id: string;
  number: string | null;
  dueAt: string | null;
  status: string | null;
  queue: { name: string | null } | null;
  contact: { name: string | null } | null;
}
