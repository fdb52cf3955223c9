/**
 * Raw AMI message -> typed {@link AmiEvent}. Pure: no logging, no metrics;
 * the client counts and logs the rejects this returns.
 */
import { type FieldProblem, FieldReader, readBridge, readChannel } from './ami-event-fields.ts';
import type { AmiEvent, AmiTypedEventName } from './ami-event-types.ts';
import type { AmiMessage } from './ami-message.ts';

/** Result of {@link parseAmiEvent}. */
export type AmiEventParse =
  | { readonly ok: true; readonly event: AmiEvent }
  | {
      readonly ok: false;
      readonly reason: 'missing_field' | 'invalid_field' | 'not_an_event';
      readonly problems: readonly FieldProblem[];
    };

type Builder = (f: FieldReader, raw: AmiMessage) => AmiEvent;

const channelEvent =
  <N extends 'Newchannel' | 'Newstate'>(event: N): Builder =>
  (f, raw) =>
    ({ event, raw, ...readChannel(f) }) as AmiEvent;

const BUILDERS: Record<AmiTypedEventName, Builder> = {
  Newchannel: channelEvent('Newchannel'),
  Newstate: channelEvent('Newstate'),
  Hangup: (f, raw) => ({
    event: 'Hangup',
    raw,
    ...readChannel(f),
    cause: f.int('Cause'),
    causeTxt: f.opt('Cause-txt'),
  }),
  HangupRequest: (f, raw) => ({
    event: 'HangupRequest',
    raw,
    ...readChannel(f),
    cause: f.optInt('Cause'),
  }),
  SoftHangupRequest: (f, raw) => ({
    event: 'SoftHangupRequest',
    raw,
    ...readChannel(f),
    cause: f.optInt('Cause'),
  }),
  DialBegin: (f, raw) => ({
    event: 'DialBegin',
    raw,
    ...dialParties(f, raw),
    dialString: f.opt('DialString'),
  }),
  DialEnd: (f, raw) => ({
    event: 'DialEnd',
    raw,
    ...dialParties(f, raw),
    dialStatus: f.req('DialStatus'),
  }),
  BridgeCreate: (f, raw) => ({ event: 'BridgeCreate', raw, ...readBridge(f) }),
  BridgeDestroy: (f, raw) => ({ event: 'BridgeDestroy', raw, ...readBridge(f) }),
  BridgeEnter: (f, raw) => ({ event: 'BridgeEnter', raw, ...readBridge(f), ...readChannel(f) }),
  BridgeLeave: (f, raw) => ({ event: 'BridgeLeave', raw, ...readBridge(f), ...readChannel(f) }),
  Cdr: readCdr,
  CEL: readCel,
  DeviceStateChange: (f, raw) => ({
    event: 'DeviceStateChange',
    raw,
    device: f.req('Device'),
    state: f.req('State'),
  }),
  ContactStatus: (f, raw) => ({
    event: 'ContactStatus',
    raw,
    uri: f.opt('URI'),
    contactStatus: f.req('ContactStatus'),
    aor: f.req('AOR'),
    endpointName: f.opt('EndpointName'),
    roundtripUsec: f.opt('RoundtripUsec'),
  }),
  FullyBooted: (f, raw) => ({ event: 'FullyBooted', raw, status: f.opt('Status') }),
  OriginateResponse: (f, raw) => ({
    event: 'OriginateResponse',
    raw,
    actionId: raw.get('ActionID'),
    response: f.req('Response'),
    reason: f.int('Reason'),
    channel: f.opt('Channel'),
    // On failure Asterisk writes `Uniqueid: <null>`; passed through as text.
    uniqueid: f.opt('Uniqueid'),
    context: f.opt('Context'),
    exten: f.opt('Exten'),
    application: f.opt('Application'),
    callerIdNum: f.opt('CallerIDNum'),
    callerIdName: f.opt('CallerIDName'),
  }),
  VarSet: (f, raw) => ({
    event: 'VarSet',
    raw,
    ...readChannel(f),
    variable: f.req('Variable'),
    value: f.req('Value'),
  }),
  Newexten: (f, raw) => ({
    event: 'Newexten',
    raw,
    ...readChannel(f),
    extension: f.opt('Extension'),
    application: f.opt('Application'),
    appData: f.opt('AppData'),
  }),
  AGIExecStart: (f, raw) => ({
    event: 'AGIExecStart',
    raw,
    ...readChannel(f),
    command: f.req('Command'),
    commandId: f.req('CommandId'),
  }),
  AGIExecEnd: (f, raw) => ({
    event: 'AGIExecEnd',
    raw,
    ...readChannel(f),
    command: f.req('Command'),
    commandId: f.req('CommandId'),
    resultCode: f.int('ResultCode'),
    result: f.opt('Result'),
  }),
  DTMFBegin: (f, raw) => ({
    event: 'DTMFBegin',
    raw,
    ...readChannel(f),
    digit: f.req('Digit'),
    direction: f.req('Direction'),
  }),
  DTMFEnd: (f, raw) => ({
    event: 'DTMFEnd',
    raw,
    ...readChannel(f),
    digit: f.req('Digit'),
    direction: f.req('Direction'),
    durationMs: f.int('DurationMs'),
  }),
};

/**
 * DialBegin/DialEnd: the `Dest*` snapshot is always there; the caller's is
 * absent when nothing dialled (an Originate), see Event-DialBegin.txt.
 */
function dialParties(f: FieldReader, raw: AmiMessage) {
  const destReader = new FieldReader(raw, 'Dest');
  const dest = readChannel(destReader);
  f.problems.push(...destReader.problems);
  const caller = f.has('Channel') ? readChannel(f) : undefined;
  return { caller, dest };
}

function readCdr(f: FieldReader, raw: AmiMessage): AmiEvent {
  return {
    event: 'Cdr',
    raw,
    accountCode: f.opt('AccountCode'),
    source: f.opt('Source'),
    destination: f.opt('Destination'),
    destinationContext: f.opt('DestinationContext'),
    callerId: f.opt('CallerID'),
    channel: f.req('Channel'),
    destinationChannel: f.opt('DestinationChannel'),
    lastApplication: f.opt('LastApplication'),
    lastData: f.opt('LastData'),
    startTime: f.opt('StartTime'),
    answerTime: f.opt('AnswerTime'),
    endTime: f.opt('EndTime'),
    duration: f.int('Duration'),
    billableSeconds: f.int('BillableSeconds'),
    disposition: f.req('Disposition'),
    amaFlags: f.opt('AMAFlags'),
    // cdr_manager writes `UniqueID`; lookups are case-insensitive.
    uniqueid: f.req('UniqueID'),
    userField: f.opt('UserField'),
  };
}

function readCel(f: FieldReader, raw: AmiMessage): AmiEvent {
  return {
    event: 'CEL',
    raw,
    eventName: f.req('EventName'),
    eventTime: f.opt('EventTime'),
    channel: f.req('Channel'),
    // cel_manager spells these UniqueID / LinkedID / CallerIDnum (Event-CEL-*.txt).
    uniqueid: f.req('UniqueID'),
    linkedid: f.req('LinkedID'),
    callerIdNum: f.opt('CallerIDnum'),
    callerIdName: f.opt('CallerIDname'),
    callerIdAni: f.opt('CallerIDani'),
    callerIdDnid: f.opt('CallerIDdnid'),
    exten: f.opt('Exten'),
    context: f.opt('Context'),
    application: f.opt('Application'),
    appData: f.opt('AppData'),
    accountCode: f.opt('AccountCode'),
    peer: f.opt('Peer'),
    extra: f.opt('Extra'),
  };
}

function isTyped(name: string): name is AmiTypedEventName {
  return Object.hasOwn(BUILDERS, name);
}

/**
 * Types one AMI event. Unknown event names pass through as `Other`; a known
 * event missing a field we rely on (or with a non-numeric number) is
 * rejected with the list of problems.
 */
export function parseAmiEvent(message: AmiMessage): AmiEventParse {
  const name = message.event;
  if (name === undefined) return { ok: false, reason: 'not_an_event', problems: [] };
  if (!isTyped(name)) return { ok: true, event: { event: 'Other', name, fields: message } };
  const reader = new FieldReader(message);
  const event = BUILDERS[name](reader, message);
  const first = reader.problems[0];
  if (first) return { ok: false, reason: first.kind, problems: reader.problems };
  return { ok: true, event };
}
