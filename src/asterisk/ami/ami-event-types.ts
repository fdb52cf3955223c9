/**
 * The AMI events callwright consumes, as a discriminated union on `event`.
 * Field names follow the AMI header names in camelCase; the captured shapes
 * are in transcripts/ami-samples/Event-*.txt. Every typed event keeps the
 * parsed message as `raw` for headers not lifted here. Anything else arrives
 * as `{ event: 'Other', name, fields }`.
 */
import type { AmiMessage } from './ami-message.ts';

/**
 * The channel snapshot Asterisk appends to channel events
 * (Channel, ChannelState, ..., Uniqueid, Linkedid). DialBegin/DialEnd carry a
 * second one with a `Dest` prefix.
 */
export interface AmiChannel {
  readonly channel: string;
  /** Numeric ast_channel_state: 0 Down, 4 Ring, 5 Ringing, 6 Up, ... */
  readonly channelState: number;
  readonly channelStateDesc: string;
  readonly callerIdNum: string;
  readonly callerIdName: string;
  readonly connectedLineNum: string;
  readonly connectedLineName: string;
  readonly language: string;
  readonly accountCode: string;
  readonly context: string;
  readonly exten: string;
  readonly priority: string;
  readonly uniqueid: string;
  readonly linkedid: string;
}

/** The bridge snapshot of Bridge* events. */
export interface AmiBridge {
  readonly bridgeUniqueid: string;
  readonly bridgeType: string;
  readonly bridgeTechnology: string;
  readonly bridgeCreator: string;
  readonly bridgeName: string;
  readonly bridgeNumChannels: number;
}

interface Base {
  /** The whole parsed message, for headers not lifted into fields. */
  readonly raw: AmiMessage;
}

/** A channel was created. */
export interface AmiNewchannel extends Base, AmiChannel {
  readonly event: 'Newchannel';
}
/** A channel changed state (Ring, Ringing, Up...). */
export interface AmiNewstate extends Base, AmiChannel {
  readonly event: 'Newstate';
}
/** A channel is gone; `cause` is the Q.850 cause code. */
export interface AmiHangup extends Base, AmiChannel {
  readonly event: 'Hangup';
  readonly cause: number;
  readonly causeTxt: string;
}
/** A hangup was requested (by the channel's own side or an API). */
export interface AmiHangupRequest extends Base, AmiChannel {
  readonly event: 'HangupRequest';
  readonly cause: number | undefined;
}
/** A soft hangup was requested (e.g. the other leg of a bridge hung up). */
export interface AmiSoftHangupRequest extends Base, AmiChannel {
  readonly event: 'SoftHangupRequest';
  readonly cause: number | undefined;
}
/** A dial started. `caller` is absent for originates (no calling channel). */
export interface AmiDialBegin extends Base {
  readonly event: 'DialBegin';
  readonly caller: AmiChannel | undefined;
  readonly dest: AmiChannel;
  readonly dialString: string;
}
/** A dial ended with `dialStatus` (ANSWER, BUSY, NOANSWER, CANCEL, ...). */
export interface AmiDialEnd extends Base {
  readonly event: 'DialEnd';
  readonly caller: AmiChannel | undefined;
  readonly dest: AmiChannel;
  readonly dialStatus: string;
}
/** A bridge was created. */
export interface AmiBridgeCreate extends Base, AmiBridge {
  readonly event: 'BridgeCreate';
}
/** A bridge was destroyed. */
export interface AmiBridgeDestroy extends Base, AmiBridge {
  readonly event: 'BridgeDestroy';
}
/** A channel entered a bridge. */
export interface AmiBridgeEnter extends Base, AmiBridge, AmiChannel {
  readonly event: 'BridgeEnter';
}
/** A channel left a bridge. */
export interface AmiBridgeLeave extends Base, AmiBridge, AmiChannel {
  readonly event: 'BridgeLeave';
}
/** A call detail record (cdr_manager). Times are Asterisk's local `YYYY-MM-DD HH:MM:SS`. */
export interface AmiCdr extends Base {
  readonly event: 'Cdr';
  readonly accountCode: string;
  readonly source: string;
  readonly destination: string;
  readonly destinationContext: string;
  readonly callerId: string;
  readonly channel: string;
  readonly destinationChannel: string;
  readonly lastApplication: string;
  readonly lastData: string;
  readonly startTime: string;
  readonly answerTime: string;
  readonly endTime: string;
  readonly duration: number;
  readonly billableSeconds: number;
  readonly disposition: string;
  readonly amaFlags: string;
  readonly uniqueid: string;
  readonly userField: string;
}
/** A channel event log record (cel_manager); `eventName` is CHAN_START, ANSWER, HANGUP... */
export interface AmiCel extends Base {
  readonly event: 'CEL';
  readonly eventName: string;
  readonly eventTime: string;
  readonly channel: string;
  readonly uniqueid: string;
  readonly linkedid: string;
  readonly callerIdNum: string;
  readonly callerIdName: string;
  readonly callerIdAni: string;
  readonly callerIdDnid: string;
  readonly exten: string;
  readonly context: string;
  readonly application: string;
  readonly appData: string;
  readonly accountCode: string;
  readonly peer: string;
  /** JSON text for HANGUP, BRIDGE_* and others, '' otherwise. Kept as text. */
  readonly extra: string;
}
/** A device's aggregate state changed (NOT_INUSE, INUSE, RINGING, UNAVAILABLE...). */
export interface AmiDeviceStateChange extends Base {
  readonly event: 'DeviceStateChange';
  readonly device: string;
  readonly state: string;
}
/** A PJSIP contact changed status (Reachable, Unreachable, NonQualified, Removed...). */
export interface AmiContactStatus extends Base {
  readonly event: 'ContactStatus';
  readonly uri: string;
  readonly contactStatus: string;
  readonly aor: string;
  readonly endpointName: string;
  readonly roundtripUsec: string;
}
/** Sent after login once Asterisk has finished booting. */
export interface AmiFullyBooted extends Base {
  readonly event: 'FullyBooted';
  readonly status: string;
}
/**
 * Outcome of an `Async: true` Originate, correlated by ActionID. `response`
 * is `Success` or `Failure`; `reason` is the originate reason code (4 =
 * answered, 5 = busy, 3 = no answer, 8 = congestion, 0 = failure).
 */
export interface AmiOriginateResponse extends Base {
  readonly event: 'OriginateResponse';
  readonly actionId: string | undefined;
  readonly response: string;
  readonly reason: number;
  readonly channel: string;
  readonly uniqueid: string;
  readonly context: string;
  readonly exten: string;
  readonly application: string;
  readonly callerIdNum: string;
  readonly callerIdName: string;
}
/** A channel variable was set. */
export interface AmiVarSet extends Base, AmiChannel {
  readonly event: 'VarSet';
  readonly variable: string;
  readonly value: string;
}
/** A channel executes a new dialplan step. */
export interface AmiNewexten extends Base, AmiChannel {
  readonly event: 'Newexten';
  readonly extension: string;
  readonly application: string;
  readonly appData: string;
}
/** An AGI command started on a channel. */
export interface AmiAgiExecStart extends Base, AmiChannel {
  readonly event: 'AGIExecStart';
  readonly command: string;
  readonly commandId: string;
}
/** An AGI command finished on a channel. */
export interface AmiAgiExecEnd extends Base, AmiChannel {
  readonly event: 'AGIExecEnd';
  readonly command: string;
  readonly commandId: string;
  readonly resultCode: number;
  readonly result: string;
}
/** A DTMF digit started. */
export interface AmiDtmfBegin extends Base, AmiChannel {
  readonly event: 'DTMFBegin';
  readonly digit: string;
  readonly direction: string;
}
/** A DTMF digit ended. */
export interface AmiDtmfEnd extends Base, AmiChannel {
  readonly event: 'DTMFEnd';
  readonly digit: string;
  readonly direction: string;
  readonly durationMs: number;
}
/** Any event not typed above, passed through untouched. */
export interface AmiOtherEvent {
  readonly event: 'Other';
  readonly name: string;
  readonly fields: AmiMessage;
}

/** Every event the client delivers to `onEvent` handlers. */
export type AmiEvent =
  | AmiNewchannel
  | AmiNewstate
  | AmiHangup
  | AmiHangupRequest
  | AmiSoftHangupRequest
  | AmiDialBegin
  | AmiDialEnd
  | AmiBridgeCreate
  | AmiBridgeDestroy
  | AmiBridgeEnter
  | AmiBridgeLeave
  | AmiCdr
  | AmiCel
  | AmiDeviceStateChange
  | AmiContactStatus
  | AmiFullyBooted
  | AmiOriginateResponse
  | AmiVarSet
  | AmiNewexten
  | AmiAgiExecStart
  | AmiAgiExecEnd
  | AmiDtmfBegin
  | AmiDtmfEnd
  | AmiOtherEvent;

/** The `event` tag of the typed (non-`Other`) events. */
export type AmiTypedEventName = Exclude<AmiEvent['event'], 'Other'>;
