/**
 * The call-detail record: one call with its legs. Times are epoch ms UTC.
 * The reports issue extends it; this is the core every feature writes to.
 */

/** Which way a call went. */
export type CallDirection = 'inbound' | 'outbound' | 'internal';

/** One call as the business sees it (all its channels share one Asterisk linkedid). */
export interface CallRecord {
  id: string;
  /** Asterisk's linkedid: the uniqueid of the first channel of the call. */
  linkedId: string;
  businessLineId: string | null;
  direction: CallDirection;
  /** Caller's number (ANI). */
  ani: string;
  /** Number dialled (DNIS). */
  dnis: string;
  queueId: string | null;
  agentId: string | null;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  /** Q.850 cause of the end, e.g. 16 normal clearing. */
  hangupCause: number | null;
  /** Who ended the call: caller, agent, system. */
  hangupBy: string | null;
  disposition: string | null;
  notes: string | null;
}

/** One channel of a call. */
export interface CallLeg {
  id: string;
  callId: string;
  /** Asterisk uniqueid of the channel. */
  channelId: string;
  /** Channel name, e.g. `PJSIP/1001-00000003`. */
  channelName: string;
  /** caller, agent, external, supervisor... */
  role: string;
  agentId: string | null;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  hangupCause: number | null;
}
