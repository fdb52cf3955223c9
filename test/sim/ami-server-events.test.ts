import test from 'ava';
import { coreShowChannelFields } from '../../src/sim/ami/actions-channels.ts';
import type { AmiFields } from '../../src/sim/ami/backend.ts';
import {
  channelStateDesc,
  channelStateNumber,
  hangupCauseText,
} from '../../src/sim/ami/channel-state.ts';
import { formatMessage } from '../../src/sim/ami/codec.ts';
import {
  type AmiBridgeSnapshot,
  type AmiChannelSnapshot,
  agiExecEvent,
  bridgeEnterEvent,
  bridgeLeaveEvent,
  bridgeLifecycleEvent,
  cdrEvent,
  contactStatusEvent,
  deviceStateChangeEvent,
  dialBeginEvent,
  dialEndEvent,
  fullyBootedEvent,
  hangupEvent,
  hangupRequestEvent,
  newchannelEvent,
  newextenEvent,
  newstateEvent,
  originateResponseEvent,
  successfulAuthEvent,
  varSetEvent,
} from '../../src/sim/ami/events.ts';
import { privilegeString, stringsToMask } from '../../src/sim/ami/permissions.ts';
import { listItem } from '../../src/sim/ami/responses.ts';
import { parseRaw, rowFromSample, sampleMessages } from './ami-server-helpers.ts';

type F = Map<string, string>;

const get = (f: F, k: string): string => f.get(k) ?? '';
const unknownToEmpty = (v: string): string => (v === '<unknown>' ? '' : v);

/** `Timestamp: 1795424307.234706` back to ms. */
function at(f: F): number {
  const [sec, frac] = get(f, 'Timestamp').split('.') as [string, string];
  return Number(sec) * 1000 + Number(frac) / 1000;
}

/** The channel block of a captured event as the snapshot a caller would pass. */
function snap(f: F, p = ''): AmiChannelSnapshot {
  const g = (k: string) => unknownToEmpty(get(f, `${p}${k}`));
  return {
    name: g('Channel'),
    state: Number(g('ChannelState')),
    callerIdNum: g('CallerIDNum'),
    callerIdName: g('CallerIDName'),
    connectedLineNum: g('ConnectedLineNum'),
    connectedLineName: g('ConnectedLineName'),
    language: g('Language'),
    accountCode: g('AccountCode'),
    context: g('Context'),
    exten: g('Exten'),
    priority: Number(g('Priority')),
    uniqueid: g('Uniqueid'),
    linkedid: g('Linkedid'),
  };
}

function bridge(f: F): AmiBridgeSnapshot {
  return {
    uniqueid: get(f, 'BridgeUniqueid'),
    type: get(f, 'BridgeType'),
    technology: get(f, 'BridgeTechnology'),
    creator: unknownToEmpty(get(f, 'BridgeCreator')),
    name: unknownToEmpty(get(f, 'BridgeName')),
    numChannels: Number(get(f, 'BridgeNumChannels')),
    videoSourceMode: get(f, 'BridgeVideoSourceMode'),
  };
}

const cdrMs = (text: string): number | undefined =>
  text === '' ? undefined : Date.parse(`${text.replace(' ', 'T')}Z`);

const builders: Array<[string, (f: F) => AmiFields]> = [
  ['Event-Newchannel.txt', (f) => newchannelEvent(at(f), snap(f))],
  ['Event-Newstate.txt', (f) => newstateEvent(at(f), snap(f))],
  ['Event-Hangup.txt', (f) => hangupEvent(at(f), snap(f), Number(get(f, 'Cause')))],
  ['Event-HangupRequest.txt', (f) => hangupRequestEvent(at(f), snap(f), Number(get(f, 'Cause')))],
  [
    'Event-SoftHangupRequest.txt',
    (f) => hangupRequestEvent(at(f), snap(f), Number(get(f, 'Cause')), true),
  ],
  [
    'Event-DialBegin.txt',
    (f) =>
      dialBeginEvent(
        at(f),
        f.has('Channel') ? snap(f) : undefined,
        snap(f, 'Dest'),
        get(f, 'DialString'),
      ),
  ],
  [
    'Event-DialEnd.txt',
    (f) =>
      dialEndEvent(
        at(f),
        f.has('Channel') ? snap(f) : undefined,
        snap(f, 'Dest'),
        get(f, 'DialStatus'),
      ),
  ],
  [
    'Event-Dial-with-caller.txt',
    (f) =>
      f.get('Event') === 'DialBegin'
        ? dialBeginEvent(at(f), snap(f), snap(f, 'Dest'), get(f, 'DialString'))
        : dialEndEvent(at(f), snap(f), snap(f, 'Dest'), get(f, 'DialStatus')),
  ],
  ['Event-BridgeCreate.txt', (f) => bridgeLifecycleEvent(at(f), 'BridgeCreate', bridge(f))],
  ['Event-BridgeDestroy.txt', (f) => bridgeLifecycleEvent(at(f), 'BridgeDestroy', bridge(f))],
  ['Event-BridgeEnter.txt', (f) => bridgeEnterEvent(at(f), bridge(f), snap(f))],
  ['Event-BridgeLeave.txt', (f) => bridgeLeaveEvent(at(f), bridge(f), snap(f))],
  [
    'Event-Cdr.txt',
    (f) => {
      const cid = /^"(.*)" <(.*)>$/.exec(get(f, 'CallerID')) as RegExpExecArray;
      const answerMs = cdrMs(get(f, 'AnswerTime'));
      return cdrEvent(at(f), {
        accountCode: get(f, 'AccountCode'),
        source: get(f, 'Source'),
        destination: get(f, 'Destination'),
        destinationContext: get(f, 'DestinationContext'),
        callerIdName: cid[1] as string,
        callerIdNum: cid[2] as string,
        channel: get(f, 'Channel'),
        destinationChannel: get(f, 'DestinationChannel'),
        lastApplication: get(f, 'LastApplication'),
        lastData: get(f, 'LastData'),
        startMs: cdrMs(get(f, 'StartTime')) as number,
        ...(answerMs === undefined ? {} : { answerMs }),
        endMs: cdrMs(get(f, 'EndTime')) as number,
        durationS: Number(get(f, 'Duration')),
        billableS: Number(get(f, 'BillableSeconds')),
        disposition: get(f, 'Disposition'),
        amaFlags: get(f, 'AMAFlags'),
        uniqueid: get(f, 'UniqueID'),
        userField: get(f, 'UserField'),
      });
    },
  ],
  [
    'Event-DeviceStateChange.txt',
    (f) => deviceStateChangeEvent(at(f), get(f, 'Device'), get(f, 'State')),
  ],
  [
    'Event-ContactStatus.txt',
    (f) =>
      contactStatusEvent(at(f), {
        uri: get(f, 'URI'),
        status: get(f, 'ContactStatus'),
        aor: get(f, 'AOR'),
        endpointName: get(f, 'EndpointName'),
        roundtripUsec: Number(get(f, 'RoundtripUsec')),
      }),
  ],
  [
    'Event-FullyBooted.txt',
    (f) => fullyBootedEvent(Number(get(f, 'Uptime')), Number(get(f, 'LastReload'))),
  ],
  ['Event-VarSet.txt', (f) => varSetEvent(at(f), snap(f), get(f, 'Variable'), get(f, 'Value'))],
  [
    'Event-Newexten.txt',
    (f) => newextenEvent(at(f), snap(f), get(f, 'Application'), get(f, 'AppData')),
  ],
  [
    'Event-OriginateResponse.txt',
    (f) =>
      originateResponseEvent(at(f), {
        actionId: get(f, 'ActionID'),
        success: get(f, 'Response') === 'Success',
        channel: get(f, 'Channel'),
        ...(f.has('Application')
          ? { application: get(f, 'Application'), data: get(f, 'Data') }
          : { context: get(f, 'Context'), exten: get(f, 'Exten') }),
        reason: Number(get(f, 'Reason')),
        uniqueid: get(f, 'Uniqueid'),
        callerIdNum: get(f, 'CallerIDNum'),
        callerIdName: get(f, 'CallerIDName'),
      }),
  ],
  [
    'Event-AGIExecStart.txt',
    (f) => agiExecEvent(at(f), snap(f), Number(get(f, 'CommandId')), get(f, 'Command')),
  ],
  [
    'Event-AGIExecEnd.txt',
    (f) =>
      agiExecEvent(at(f), snap(f), Number(get(f, 'CommandId')), get(f, 'Command'), {
        resultCode: Number(get(f, 'ResultCode')),
        result: get(f, 'Result'),
      }),
  ],
  [
    'Event-CoreShowChannel.txt',
    (f) =>
      listItem(
        [['ActionID', get(f, 'ActionID')]],
        'CoreShowChannel',
        coreShowChannelFields(rowFromSample(formatMessage([...f]))),
      ),
  ],
];

for (const [file, build] of builders) {
  sampleMessages(file).forEach((raw, i) => {
    test(`${file} #${i + 1} is rebuilt byte for byte`, (t) => {
      t.is(formatMessage(build(new Map(parseRaw(raw)))), raw);
    });
  });
}

test('SuccessfulAuth for an AMI login matches the capture', (t) => {
  for (const raw of sampleMessages('Event-SuccessfulAuth.txt').filter((m) =>
    m.includes('Service: AMI'),
  )) {
    const f = new Map(parseRaw(raw));
    const tv = (k: string) => Date.parse(get(f, k).replace('+0000', 'Z'));
    const built = successfulAuthEvent(tv('EventTV'), {
      accountId: get(f, 'AccountID'),
      sessionId: get(f, 'SessionID'),
      localAddress: get(f, 'LocalAddress'),
      remoteAddress: get(f, 'RemoteAddress'),
      sessionTvMs: tv('SessionTV'),
    });
    // Asterisk stamps Timestamp and EventTV a few microseconds apart; compare the rest exactly.
    const strip = (fields: Array<[string, string]>) => fields.filter(([k]) => k !== 'Timestamp');
    t.deepEqual(strip(built), strip(parseRaw(raw)));
  }
});

test('channel state table: numbers and names', (t) => {
  t.deepEqual([0, 4, 5, 6, 7, 9, 42].map(channelStateDesc), [
    'Down',
    'Ring',
    'Ringing',
    'Up',
    'Busy',
    'Pre-ring',
    'Unknown',
  ]);
  t.is(channelStateNumber('Up'), 6);
  t.is(channelStateNumber('Rsrvd'), 1);
  t.is(channelStateNumber('Nope'), undefined);
});

test('hang-up cause texts', (t) => {
  t.deepEqual([16, 17, 19, 21, 34, 0, 250].map(hangupCauseText), [
    'Normal Clearing',
    'User busy',
    'User alerting, no answer',
    'Call Rejected',
    'Circuit/channel congestion',
    'Unknown',
    'Unknown',
  ]);
});

test('event masks as manager.c strings_to_mask reads them', (t) => {
  t.is(stringsToMask(''), -1);
  t.is(stringsToMask('off'), 0);
  t.is(stringsToMask('on'), 0x7fffffff);
  t.is(stringsToMask('1'), 1); // digits are a raw mask, even "1"
  t.is(stringsToMask('call,cdr'), 2 | 1024);
  t.is(stringsToMask('system,bogus'), 1);
  t.is(privilegeString(2), 'call,all');
  t.is(privilegeString(1 << 11), 'dialplan,all');
});
