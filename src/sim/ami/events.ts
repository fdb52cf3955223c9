/**
 * AMI event builders: pure functions from plain snapshots to ordered AMI
 * fields, in exactly the order of the lab captures
 * (transcripts/ami-samples/Event-*.txt). `at` is the event time in ms since
 * the epoch (fractions become the microseconds of `Timestamp:`). The core
 * calls these and hands the result to AmiBackend.onEvent subscribers.
 */
import type { AmiFields } from './backend.ts';
import { hangupCauseText } from './channel-state.ts';
import {
  type AmiBridgeSnapshot,
  type AmiChannelSnapshot,
  bridgeFields,
  cdrTime,
  channelFields,
  eventHeader,
  eventTv,
} from './event-fields.ts';

export type { AmiBridgeSnapshot, AmiChannelSnapshot } from './event-fields.ts';
export { amiTimestamp } from './event-fields.ts';

const CALL = 'call,all';
const DIALPLAN = 'dialplan,all';

/** Newchannel: a channel was created. */
export function newchannelEvent(at: number, ch: AmiChannelSnapshot): AmiFields {
  return [...eventHeader('Newchannel', CALL, at), ...channelFields(ch)];
}

/** Newstate: the channel's state changed (Ring -> Up...). */
export function newstateEvent(at: number, ch: AmiChannelSnapshot): AmiFields {
  return [...eventHeader('Newstate', CALL, at), ...channelFields(ch)];
}

/** Hangup: the channel is gone; Cause-txt follows ast_cause2str(). */
export function hangupEvent(at: number, ch: AmiChannelSnapshot, cause: number): AmiFields {
  return [
    ...eventHeader('Hangup', CALL, at),
    ...channelFields(ch),
    ['Cause', String(cause)],
    ['Cause-txt', hangupCauseText(cause)],
  ];
}

/** HangupRequest (`soft` false) or SoftHangupRequest; Cause only when known. */
export function hangupRequestEvent(
  at: number,
  ch: AmiChannelSnapshot,
  cause?: number,
  soft = false,
): AmiFields {
  const fields = [
    ...eventHeader(soft ? 'SoftHangupRequest' : 'HangupRequest', CALL, at),
    ...channelFields(ch),
  ];
  if (cause !== undefined) fields.push(['Cause', String(cause)]);
  return fields;
}

/**
 * DialBegin. `caller` is absent for an originate (no calling channel), as
 * in the captured DialBegin of `Local/100@sim-customer`.
 */
export function dialBeginEvent(
  at: number,
  caller: AmiChannelSnapshot | undefined,
  dest: AmiChannelSnapshot,
  dialString: string,
): AmiFields {
  return [
    ...eventHeader('DialBegin', CALL, at),
    ...(caller ? channelFields(caller) : []),
    ...channelFields(dest, 'Dest'),
    ['DialString', dialString],
  ];
}

/** DialEnd with DialStatus (ANSWER, BUSY, NOANSWER, CANCEL...); Forward only when forwarded. */
export function dialEndEvent(
  at: number,
  caller: AmiChannelSnapshot | undefined,
  dest: AmiChannelSnapshot,
  dialStatus: string,
  forward = '',
): AmiFields {
  const fields = [
    ...eventHeader('DialEnd', CALL, at),
    ...(caller ? channelFields(caller) : []),
    ...channelFields(dest, 'Dest'),
  ];
  if (forward !== '') fields.push(['Forward', forward]);
  fields.push(['DialStatus', dialStatus]);
  return fields;
}

/** BridgeCreate / BridgeDestroy. */
export function bridgeLifecycleEvent(
  at: number,
  what: 'BridgeCreate' | 'BridgeDestroy',
  bridge: AmiBridgeSnapshot,
): AmiFields {
  return [...eventHeader(what, CALL, at), ...bridgeFields(bridge)];
}

/** BridgeEnter: `bridge.numChannels` already counts the entering channel. */
export function bridgeEnterEvent(
  at: number,
  bridge: AmiBridgeSnapshot,
  ch: AmiChannelSnapshot,
  swapUniqueid?: string,
): AmiFields {
  const fields = [
    ...eventHeader('BridgeEnter', CALL, at),
    ...bridgeFields(bridge),
    ...channelFields(ch),
  ];
  if (swapUniqueid) fields.push(['SwapUniqueid', swapUniqueid]);
  return fields;
}

/** BridgeLeave: `bridge.numChannels` no longer counts the leaving channel. */
export function bridgeLeaveEvent(
  at: number,
  bridge: AmiBridgeSnapshot,
  ch: AmiChannelSnapshot,
): AmiFields {
  return [...eventHeader('BridgeLeave', CALL, at), ...bridgeFields(bridge), ...channelFields(ch)];
}

/** One call detail record as cdr_manager prints it. */
export interface AmiCdr {
  accountCode: string;
  source: string;
  destination: string;
  destinationContext: string;
  callerIdName: string;
  callerIdNum: string;
  channel: string;
  destinationChannel: string;
  lastApplication: string;
  lastData: string;
  startMs: number;
  /** Undefined when the call was never answered (AnswerTime prints empty). */
  answerMs?: number;
  endMs: number;
  durationS: number;
  billableS: number;
  /** ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION. */
  disposition: string;
  amaFlags: string;
  uniqueid: string;
  userField: string;
}

/** Cdr (class cdr): times in UTC `YYYY-MM-DD HH:MM:SS`, CallerID as `"name" <num>`. */
export function cdrEvent(at: number, cdr: AmiCdr): AmiFields {
  return [
    ...eventHeader('Cdr', 'cdr,all', at),
    ['AccountCode', cdr.accountCode],
    ['Source', cdr.source],
    ['Destination', cdr.destination],
    ['DestinationContext', cdr.destinationContext],
    ['CallerID', `"${cdr.callerIdName}" <${cdr.callerIdNum}>`],
    ['Channel', cdr.channel],
    ['DestinationChannel', cdr.destinationChannel],
    ['LastApplication', cdr.lastApplication],
    ['LastData', cdr.lastData],
    ['StartTime', cdrTime(cdr.startMs)],
    ['AnswerTime', cdr.answerMs === undefined ? '' : cdrTime(cdr.answerMs)],
    ['EndTime', cdrTime(cdr.endMs)],
    ['Duration', String(cdr.durationS)],
    ['BillableSeconds', String(cdr.billableS)],
    ['Disposition', cdr.disposition],
    ['AMAFlags', cdr.amaFlags],
    ['UniqueID', cdr.uniqueid],
    ['UserField', cdr.userField],
  ];
}

/** DeviceStateChange: `PJSIP/1001` -> NOT_INUSE, INUSE, RINGING, UNAVAILABLE... */
export function deviceStateChangeEvent(at: number, device: string, state: string): AmiFields {
  return [...eventHeader('DeviceStateChange', CALL, at), ['Device', device], ['State', state]];
}

/** ContactStatus (class system): a PJSIP contact was created, reached, lost or removed. */
export function contactStatusEvent(
  at: number,
  c: { uri: string; status: string; aor: string; endpointName: string; roundtripUsec: number },
): AmiFields {
  return [
    ...eventHeader('ContactStatus', 'system,all', at),
    ['URI', c.uri],
    ['ContactStatus', c.status],
    ['AOR', c.aor],
    ['EndpointName', c.endpointName],
    ['RoundtripUsec', String(c.roundtripUsec)],
  ];
}

/**
 * FullyBooted. Sent right after a login it has no Timestamp (manager.c
 * writes it straight to the session); broadcast at start-up it has one.
 */
export function fullyBootedEvent(uptimeS: number, lastReloadS: number, at?: number): AmiFields {
  return [
    ...eventHeader('FullyBooted', 'system,all', at),
    ['Uptime', String(uptimeS)],
    ['LastReload', String(lastReloadS)],
    ['Status', 'Fully Booted'],
  ];
}

/** VarSet (class dialplan): a channel variable was set (value '' when removed). */
export function varSetEvent(
  at: number,
  ch: AmiChannelSnapshot,
  variable: string,
  value: string,
): AmiFields {
  return [
    ...eventHeader('VarSet', DIALPLAN, at),
    ...channelFields(ch),
    ['Variable', variable],
    ['Value', value],
  ];
}

/** Newexten (class dialplan): the channel runs a dialplan step; `ch` is already there. */
export function newextenEvent(
  at: number,
  ch: AmiChannelSnapshot,
  application: string,
  appData: string,
): AmiFields {
  return [
    ...eventHeader('Newexten', DIALPLAN, at),
    ...channelFields(ch),
    ['Extension', ch.exten],
    ['Application', application],
    ['AppData', appData],
  ];
}

/** What OriginateResponse reports (manager.c fast_originate()). */
export interface AmiOriginateOutcome {
  actionId: string;
  success: boolean;
  channel: string;
  /** Set for an originate to an application... */
  application?: string;
  data?: string;
  /** ...otherwise the dialplan target. */
  context?: string;
  exten?: string;
  /** 4 = answered, 0 = failed, 1 = hung up, 3 = ring timeout, 5 = busy, 8 = congestion. */
  reason: number;
  uniqueid: string;
  callerIdNum: string;
  callerIdName: string;
}

/** OriginateResponse: ActionID first after the header, only when the action had one. */
export function originateResponseEvent(at: number, o: AmiOriginateOutcome): AmiFields {
  const target: AmiFields =
    o.application !== undefined
      ? [
          ['Application', o.application],
          ['Data', o.data ?? ''],
        ]
      : [
          ['Context', o.context ?? ''],
          ['Exten', o.exten ?? ''],
        ];
  return [
    ...eventHeader('OriginateResponse', CALL, at),
    ...(o.actionId ? ([['ActionID', o.actionId]] as AmiFields) : []),
    ['Response', o.success ? 'Success' : 'Failure'],
    ['Channel', o.channel],
    ...target,
    ['Reason', String(o.reason)],
    ['Uniqueid', o.uniqueid || '<unknown>'],
    ['CallerIDNum', o.callerIdNum || '<unknown>'],
    ['CallerIDName', o.callerIdName || '<unknown>'],
  ];
}

/** AGIExecStart / AGIExecEnd (class agi) around each FastAGI command. */
export function agiExecEvent(
  at: number,
  ch: AmiChannelSnapshot,
  commandId: number,
  command: string,
  end?: { resultCode: number; result: string },
): AmiFields {
  const fields = [
    ...eventHeader(end ? 'AGIExecEnd' : 'AGIExecStart', 'agi,all', at),
    ...channelFields(ch),
    ['CommandId', String(commandId)],
    ['Command', command],
  ] as AmiFields;
  if (end) fields.push(['ResultCode', String(end.resultCode)], ['Result', end.result]);
  return fields;
}

/** SuccessfulAuth (class security), raised by every AMI login. */
export function successfulAuthEvent(
  at: number,
  a: {
    accountId: string;
    sessionId: string;
    localAddress: string;
    remoteAddress: string;
    sessionTvMs: number;
  },
): AmiFields {
  return [
    ...eventHeader('SuccessfulAuth', 'security,all', at),
    ['EventTV', eventTv(at)],
    ['Severity', 'Informational'],
    ['Service', 'AMI'],
    ['EventVersion', '1'],
    ['AccountID', a.accountId],
    ['SessionID', a.sessionId],
    ['LocalAddress', a.localAddress],
    ['RemoteAddress', a.remoteAddress],
    ['UsingPassword', '0'],
    ['SessionTV', eventTv(a.sessionTvMs)],
  ];
}
