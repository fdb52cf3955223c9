/**
 * Core events as AMI events, built with the AMI library's builders
 * (src/sim/ami/events.ts) so field order is Asterisk's. Events the builders
 * do not cover yet (DialState, DTMFBegin/End, PeerStatus, MusicOnHold*,
 * NewCallerid, NewConnectedLine) are assembled from the same field blocks,
 * after transcripts/ami-samples/Event-*.txt.
 */
import type { AmiFields } from '../ami/backend.ts';
import {
  type AmiBridgeSnapshot,
  type AmiChannelSnapshot,
  channelFields,
  eventHeader,
} from '../ami/event-fields.ts';
import {
  agiExecEvent,
  bridgeEnterEvent,
  bridgeLeaveEvent,
  bridgeLifecycleEvent,
  cdrEvent,
  contactStatusEvent,
  deviceStateChangeEvent,
  dialBeginEvent,
  dialEndEvent,
  hangupEvent,
  hangupRequestEvent,
  newchannelEvent,
  newextenEvent,
  newstateEvent,
  varSetEvent,
} from '../ami/events.ts';
import { DTMF_DURATION_MS } from './dtmf.ts';
import type { CoreEvent } from './events.ts';
import { type BridgeSnapshot, type ChannelSnapshot, STATE_NUMBERS } from './model.ts';

/** A core channel snapshot as the AMI builders take it. */
export function amiChannel(c: ChannelSnapshot): AmiChannelSnapshot {
  return {
    name: c.name,
    state: STATE_NUMBERS[c.state],
    callerIdNum: c.caller.number,
    callerIdName: c.caller.name,
    connectedLineNum: c.connected.number,
    connectedLineName: c.connected.name,
    language: c.language,
    accountCode: c.accountcode,
    context: c.context,
    exten: c.exten,
    priority: c.priority,
    uniqueid: c.id,
    linkedid: c.linkedid,
  };
}

/** A core bridge snapshot as the AMI builders take it. */
export function amiBridge(b: BridgeSnapshot): AmiBridgeSnapshot {
  return {
    uniqueid: b.id,
    type: b.bridgeClass,
    technology: b.technology,
    creator: b.creator,
    name: b.name,
    numChannels: b.channels.length,
    videoSourceMode: b.videoMode,
  };
}

const CALL = 'call,all';

function withChannel(
  name: string,
  privilege: string,
  at: number,
  c: ChannelSnapshot,
  extra: AmiFields,
): AmiFields {
  return [...eventHeader(name, privilege, at), ...channelFields(amiChannel(c)), ...extra];
}

function dial(e: Extract<CoreEvent, { type: 'Dial' }>): AmiFields[] {
  const caller = e.caller ? amiChannel(e.caller) : undefined;
  const dest = amiChannel(e.peer);
  if (e.dialstatus === '') return [dialBeginEvent(e.at, caller, dest, e.dialstring)];
  if (['RINGING', 'PROGRESS', 'PROCEEDING'].includes(e.dialstatus)) {
    return [
      [
        ...eventHeader('DialState', CALL, e.at),
        ...(caller ? channelFields(caller) : []),
        ...channelFields(dest, 'Dest'),
        ['DialStatus', e.dialstatus],
      ],
    ];
  }
  return [dialEndEvent(e.at, caller, dest, e.dialstatus, e.forward)];
}

function cdr(e: Extract<CoreEvent, { type: 'Cdr' }>): AmiFields {
  const c = e.channel;
  return cdrEvent(e.at, {
    accountCode: c.accountcode,
    source: e.source,
    destination: e.destination,
    destinationContext: e.destinationContext,
    callerIdName: c.caller.name,
    callerIdNum: c.caller.number,
    channel: c.name,
    destinationChannel: e.destinationChannel,
    lastApplication: e.lastApp,
    lastData: e.lastData,
    startMs: e.start,
    ...(e.answer !== undefined ? { answerMs: e.answer } : {}),
    endMs: e.end,
    durationS: Math.floor((e.end - e.start) / 1000),
    billableS: e.answer === undefined ? 0 : Math.floor((e.end - e.answer) / 1000),
    disposition: e.disposition,
    amaFlags: 'DOCUMENTATION',
    uniqueid: c.id,
    userField: '',
  });
}

/** AMI events for one core event (none for ARI-only events such as StasisStart). */
export function amiEvents(e: CoreEvent): AmiFields[] {
  switch (e.type) {
    case 'ChannelCreated':
      return [newchannelEvent(e.at, amiChannel(e.channel))];
    case 'ChannelStateChange':
      return [newstateEvent(e.at, amiChannel(e.channel))];
    case 'ChannelDialplan':
      return [newextenEvent(e.at, amiChannel(e.channel), e.app, e.data)];
    case 'ChannelVarset':
      return [varSetEvent(e.at, amiChannel(e.channel), e.variable, e.value)];
    case 'ChannelCallerId':
      return [
        withChannel('NewCallerid', CALL, e.at, e.channel, [
          ['CID-CallingPres', '0 (Presentation Allowed, Not Screened)'],
        ]),
      ];
    case 'ChannelConnectedLine':
      return [withChannel('NewConnectedLine', CALL, e.at, e.channel, [])];
    case 'ChannelHangupRequest':
      return [hangupRequestEvent(e.at, amiChannel(e.channel), e.cause, e.soft === true)];
    case 'ChannelDestroyed':
      return [hangupEvent(e.at, amiChannel(e.channel), e.cause)];
    case 'Cdr':
      return [cdr(e)];
    case 'AgiExec':
      return [agiExecEvent(e.at, amiChannel(e.channel), e.commandId, e.command, e.end)];
    case 'ChannelDtmfReceived':
      return [
        withChannel('DTMFBegin', 'dtmf,all', e.at - DTMF_DURATION_MS, e.channel, [
          ['Digit', e.digit],
          ['Direction', 'Received'],
        ]),
        withChannel('DTMFEnd', 'dtmf,all', e.at, e.channel, [
          ['Digit', e.digit],
          ['DurationMs', String(e.durationMs)],
          ['Direction', 'Received'],
        ]),
      ];
    case 'MusicOnHoldStart':
      return [withChannel('MusicOnHoldStart', CALL, e.at, e.channel, [['Class', e.mohClass]])];
    case 'MusicOnHoldStop':
      return [withChannel('MusicOnHoldStop', CALL, e.at, e.channel, [])];
    case 'Dial':
      return dial(e);
    case 'BridgeCreated':
      return [bridgeLifecycleEvent(e.at, 'BridgeCreate', amiBridge(e.bridge))];
    case 'BridgeDestroyed':
      return [bridgeLifecycleEvent(e.at, 'BridgeDestroy', amiBridge(e.bridge))];
    case 'ChannelEnteredBridge':
      return [bridgeEnterEvent(e.at, amiBridge(e.bridge), amiChannel(e.channel))];
    case 'ChannelLeftBridge':
      return [bridgeLeaveEvent(e.at, amiBridge(e.bridge), amiChannel(e.channel))];
    case 'DeviceStateChanged':
      return [deviceStateChangeEvent(e.at, e.device, e.state)];
    case 'ContactStatusChange':
      return [
        contactStatusEvent(e.at, {
          uri: e.uri,
          status: e.contactStatus,
          aor: e.aor,
          endpointName: e.endpoint.resource,
          roundtripUsec: 0,
        }),
      ];
    case 'PeerStatusChange':
      return [
        [
          ...eventHeader('PeerStatus', 'system,all', e.at),
          ['ChannelType', e.endpoint.technology],
          ['Peer', `${e.endpoint.technology}/${e.endpoint.resource}`],
          ['PeerStatus', e.peerStatus],
        ],
      ];
    default:
      return [];
  }
}
