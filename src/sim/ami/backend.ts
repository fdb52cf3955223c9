/**
 * The boundary between the simulator's AMI server (framing, login, event
 * filtering) and the simulator core (channels, originate). The server turns
 * AMI actions into these calls and the core's events into AMI frames.
 */

/** One AMI message as ordered key/value pairs (keys may repeat). */
export type AmiFields = Array<[string, string]>;

/** A channel as CoreShowChannels lists it. */
export interface AmiChannelRow {
  channel: string;
  uniqueid: string;
  linkedid: string;
  context: string;
  exten: string;
  priority: number;
  channelState: number;
  channelStateDesc: string;
  application: string;
  applicationData: string;
  callerIdNum: string;
  callerIdName: string;
  connectedLineNum: string;
  connectedLineName: string;
  accountCode: string;
  bridgeId: string;
  durationS: number;
  language: string;
}

/** A registered contact as PJSIPShowContacts lists it. */
export interface AmiContactRow {
  endpoint: string;
  aor: string;
  uri: string;
  /** ast_sip_get_contact_status_label(): Reachable, NonQualified, ... */
  status: string;
}

/** Originate as AMI takes it: either to context/exten/priority or to an application. */
export interface AmiOriginate {
  channel: string;
  context?: string;
  exten?: string;
  priority?: number;
  application?: string;
  data?: string;
  timeoutMs?: number;
  callerId?: string;
  variables: Record<string, string>;
  channelId?: string;
  otherChannelId?: string;
}

/** Outcome of an originate, for OriginateResponse (Response: Success/Failure, Reason 4 = answered). */
export interface AmiOriginateResult {
  success: boolean;
  reason: number;
  channel: string;
  uniqueid: string;
  callerIdNum: string;
  callerIdName: string;
  context: string;
  exten: string;
}

/** What the AMI server needs from the simulator core. */
export interface AmiBackend {
  /** Lists live channels (CoreShowChannels). */
  channels(): AmiChannelRow[];
  /** Device states (DeviceStateList): device name -> NOT_INUSE, INUSE, RINGING, UNAVAILABLE... */
  deviceStates(): Array<{ device: string; state: string }>;
  /** Registered PJSIP contacts (PJSIPShowContacts): endpoint, AOR, URI and status. */
  contacts(): AmiContactRow[];
  /** Async originate; resolves when the call is answered or fails. */
  originate(req: AmiOriginate): Promise<AmiOriginateResult>;
  /** Hangup by channel name; false when no such channel. */
  hangup(channel: string, cause?: number): boolean;
  /** Redirect to context/exten/priority; false when no such channel. */
  redirect(channel: string, context: string, exten: string, priority: number): boolean;
  /**
   * Channel variable (or builtin); `exists` is false when the channel does
   * not exist. An empty `channel` means no channel: a global variable
   * (AMI Getvar without Channel:).
   */
  getVar(channel: string, name: string): { exists: boolean; value: string | undefined };
  /** Sets a channel variable (empty `channel`: a global); false when no such channel. */
  setVar(channel: string, name: string, value: string): boolean;
  /**
   * PlayDTMF: sends `digit` out of the channel, or with `receive` makes the
   * channel receive it as if from its far end; false when no such channel.
   */
  playDtmf(channel: string, digit: string, receive: boolean): boolean;
  /**
   * Subscribes to the core's AMI events (already in AMI field order, e.g.
   * `[['Event','Newchannel'],['Privilege','call,all'],...]`). Returns unsubscribe.
   */
  onEvent(handler: (fields: AmiFields) => void): () => void;
  /**
   * Added for Originate: does context/exten have this priority? Asterisk
   * refuses an originate to a missing extension before dialling
   * (`Message: Extension does not exist.`).
   */
  hasExtension(context: string, exten: string, priority: number): boolean;
  /** Asterisk version string for the banner, e.g. `Asterisk Call Manager/11.0.0` comes from the server. */
  readonly systemName: string;
}
