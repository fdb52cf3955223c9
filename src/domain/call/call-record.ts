/**
 * The call-detail record: one call with its legs. Times are epoch ms UTC.
 * The reports issue extends it; this is the core every feature writes to.
 */

/** Which way a call went. */
export type CallDirection = 'inbound' | 'outbound' | 'internal';

/**
 * Who wrote a record: `app` when our own call handling (ACD, IVR, dialer)
 * did, `pbx` when it was captured from the PBX's CDR/CEL only (calls that
 * never touched our application). An `app` record always wins over `pbx`.
 */
export type RecordSource = 'app' | 'pbx';

/**
 * Details the records feature adds to a call. Optional: a writer sets what
 * it knows, and a field it leaves undefined keeps its stored value.
 */
export interface CallDetails {
  source?: RecordSource;
  /** Trunk (endpoint name) the call came in or went out on. */
  trunk?: string | null;
  /** IVR nodes the caller went through, e.g. `menu>sales>queue`. */
  ivrPath?: string | null;
  /** When the caller entered the (first) queue. */
  queueEnteredAt?: number | null;
  /** Time the caller spent on hold after being answered. */
  holdMs?: number | null;
  /** After-call work of the agent. */
  wrapUpMs?: number | null;
  /** Number of transfers. */
  transfers?: number;
  /** The caller asked to be called back. */
  callbackRequested?: boolean;
  campaignId?: string | null;
  /** Dialer attempt number (1 = first). */
  attempt?: number | null;
  /** Cost in millionths of the rate table's currency. */
  costMicros?: number | null;
  /** ISO country of the caller's number. */
  callerCountry?: string | null;
  /** Region from the customer's prefix table (or the number's country). */
  callerRegion?: string | null;
  /** libphonenumber number type: MOBILE, FIXED_LINE, TOLL_FREE... */
  callerNumberType?: string | null;
}

/** One call as the business sees it (all its channels share one Asterisk linkedid). */
export interface CallRecord extends CallDetails {
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
  /** When the leg started ringing (agent offers), if known. */
  ringingAt?: number | null;
}
