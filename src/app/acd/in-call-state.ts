/**
 * What in-call control (transfers, conferences, supervisor monitoring,
 * click-to-dial, internal calls) keeps beside the ACD's own call state.
 * The call machine knows one caller and the agent the call belongs to;
 * everything else on a call (a transfer target ringing, a third party, a
 * supervisor and its snoop channel) is a side leg listed here.
 */
import type { RecordDraft } from './call-records.ts';

/** Where a transfer goes (AGT-2). */
export type TransferTarget =
  | { readonly kind: 'agent'; readonly agentId: string }
  | { readonly kind: 'queue'; readonly queueId: string }
  | { readonly kind: 'external'; readonly number: string };

/** Who joins a conference (AGT-3): an agent (a supervisor's own agent record too) or a number. */
export type PartyTarget = Exclude<TransferTarget, { kind: 'queue' }>;

/** How a transfer is made: the agent leaves at once, or talks to the target first. */
export type TransferMode = 'blind' | 'attended';

/** Supervisor modes (AGT-4). */
export type MonitorMode = 'listen' | 'whisper' | 'barge';

/** What a side leg is for. */
export type SideRole =
  | 'transfer'
  | 'conference'
  | 'supervisor'
  | 'snoop'
  | 'outbound-agent'
  | 'outbound-external';

/** A channel in-call control created for a call. */
export interface SideLeg {
  readonly channelId: string;
  /** The call it belongs to: an ACD call id or an outbound call id. */
  readonly callId: string;
  readonly role: SideRole;
  /** The agent whose phone it rings (transfer, conference, supervisor, outbound agent leg). */
  readonly agentId: string | null;
  answered: boolean;
  /**
   * How the agent's machine is held for this leg until it ends: `offer`
   * (reserved, then on call once answered) or `seized` (made busy at once,
   * a supervisor); null when there is no agent or it was let go.
   */
  agentHold: 'offer' | 'seized' | null;
}

/** A transfer under way. */
export interface Transfer {
  readonly mode: TransferMode;
  readonly target: TransferTarget;
  readonly fromAgentId: string;
  /** The leg ringing (or, attended and answered, talking to) the target; null for a queue. */
  readonly legId: string | null;
  /** The transferring agent has left the call (blind, or hung up during the consultation). */
  agentLeft: boolean;
  /** The target answered an attended transfer and is in the call's bridge with the agent. */
  consulting: boolean;
}

/** A supervisor on a call. */
export interface Monitor {
  mode: MonitorMode;
  readonly supervisorAgentId: string;
  /** The supervisor's phone leg. */
  readonly legId: string;
  /** The snoop channel in use, once created. */
  snoopId: string | null;
  /** Mixing bridge of the supervisor's leg and the snoop channel. */
  readonly bridgeId: string;
  /** The supervisor's agent machine was made busy for this and must be let go. */
  seized: boolean;
}

/** In-call control state of one ACD call. */
export interface CallSide {
  transfer: Transfer | null;
  /** Conference parties (and external transfer targets once connected), by leg id. */
  readonly parties: Set<string>;
  /** Supervisors, by their phone leg id. */
  readonly monitors: Map<string, Monitor>;
  /** The agent put the caller on hold (music on the caller's channel). */
  held: boolean;
}

/** A call placed for an agent (click-to-dial, AGT-5): the agent's phone first, then the number. */
export interface OutboundCall {
  /** Also the agent leg's channel id and the record's linked id. */
  readonly callId: string;
  readonly agentId: string;
  readonly businessLineId: string;
  readonly number: string;
  /** Caller ID the called party sees. */
  readonly callerNumber: string;
  readonly externalId: string;
  readonly bridgeId: string;
  /** The agent's machine was made busy and must be let go at the end. */
  seized: boolean;
  connected: boolean;
  ended: boolean;
  /** The agent put the called party on hold (music on its channel). */
  held: boolean;
  pbx: Promise<void>;
  readonly record: RecordDraft;
}

/** Everything in-call control keeps. */
export interface InCallState {
  readonly sides: Map<string, CallSide>;
  /** Every side leg by channel id. */
  readonly legs: Map<string, SideLeg>;
  /** Agents busy on a phone call the ACD did not place (AGT-9): phone channel id to agent id. */
  readonly internal: Map<string, string>;
  readonly outbound: Map<string, OutboundCall>;
  /** Makes leg ids unique within the runtime. */
  seq: number;
}

/** Empty state. */
export function newInCallState(): InCallState {
  return { sides: new Map(), legs: new Map(), internal: new Map(), outbound: new Map(), seq: 0 };
}

/** What in-call control tells observers (GraphQL subscriptions, tests). */
export interface CallControlEvent {
  readonly type: 'call-control';
  readonly callId: string;
  readonly action: 'transfer' | 'conference' | 'monitor' | 'outbound' | 'hold';
  /**
   * transfer: ringing, consulting (attended target answered), completed,
   * cancelled, failed; conference: ringing, joined, left, failed; monitor:
   * ringing, started, ended; outbound: ringing, connected, failed, ended;
   * hold: started, ended.
   */
  readonly state:
    | 'ringing'
    | 'consulting'
    | 'completed'
    | 'cancelled'
    | 'failed'
    | 'joined'
    | 'left'
    | 'started'
    | 'ended'
    | 'connected';
  /** The agent concerned (target, party, supervisor, the agent dialling out). */
  readonly agentId: string | null;
  /** The leg concerned. */
  readonly channelId: string | null;
  /** Mode, target kind, failure cause... */
  readonly detail: string | null;
  readonly at: number;
}
