import test from 'ava';
import { parseAmiEvent } from '../../src/asterisk/ami/ami-event-parse.ts';
import { AmiFrameParser } from '../../src/asterisk/ami/ami-frame-parser.ts';
import { AmiMessage } from '../../src/asterisk/ami/ami-message.ts';
import { amiFixture } from './ami-fake-peer.ts';

function message(fixture: string): AmiMessage {
  const out = new AmiFrameParser().push(amiFixture(`events/${fixture}.txt`));
  const first = out[0];
  if (first?.kind !== 'message') throw new Error(`no message in ${fixture}`);
  return first.message;
}

function typed(fixture: string) {
  const parsed = parseAmiEvent(message(fixture));
  if (!parsed.ok) throw new Error(`${fixture} rejected: ${JSON.stringify(parsed.problems)}`);
  return parsed.event;
}

// Expected values are read off the captured samples in test/fixtures/ami/events.
const cases: Array<[string, Record<string, unknown>]> = [
  [
    'Newchannel',
    {
      event: 'Newchannel',
      channel: 'Local/100@sim-customer-00000005;1',
      channelState: 0,
      channelStateDesc: 'Down',
      uniqueid: '1795424307.13',
      linkedid: '1795424307.13',
      accountCode: '',
    },
  ],
  [
    'Newstate',
    { event: 'Newstate', channelState: 6, uniqueid: '1795424307.14', linkedid: '1795424307.13' },
  ],
  ['Hangup', { event: 'Hangup', cause: 16, causeTxt: 'Normal Clearing', uniqueid: '1795424182.2' }],
  ['HangupRequest', { event: 'HangupRequest', cause: 16, uniqueid: '1795424182.3' }],
  ['SoftHangupRequest', { event: 'SoftHangupRequest', cause: 32, uniqueid: '1795424182.2' }],
  ['DialEnd', { event: 'DialEnd', dialStatus: 'ANSWER' }],
  [
    'BridgeCreate',
    {
      event: 'BridgeCreate',
      bridgeUniqueid: '1cc1ea51-2222-4530-80a7-caa45f626255',
      bridgeType: 'stasis',
      bridgeNumChannels: 0,
    },
  ],
  ['BridgeDestroy', { event: 'BridgeDestroy' }],
  [
    'BridgeEnter',
    {
      event: 'BridgeEnter',
      bridgeUniqueid: '1cc1ea51-2222-4530-80a7-caa45f626255',
      bridgeNumChannels: 1,
      uniqueid: '1795424307.13',
    },
  ],
  ['BridgeLeave', { event: 'BridgeLeave', bridgeUniqueid: 'f509a4f2-90f3-4462-863f-bac4cddc4549' }],
  [
    'Cdr',
    {
      event: 'Cdr',
      uniqueid: '1795424182.2',
      source: '5551234',
      destination: '100',
      callerId: '"" <5551234>',
      duration: 3,
      billableSeconds: 3,
      disposition: 'ANSWERED',
      startTime: '2026-11-23 08:56:22',
    },
  ],
  [
    'CEL-HANGUP',
    {
      event: 'CEL',
      eventName: 'HANGUP',
      uniqueid: '1795424182.2',
      linkedid: '1795424182.2',
      extra: '{"hangupcause":16,"hangupsource":"","dialstatus":""}',
    },
  ],
  [
    'DeviceStateChange',
    { event: 'DeviceStateChange', device: 'Local/100@sim-customer', state: 'NOT_INUSE' },
  ],
  [
    'ContactStatus',
    {
      event: 'ContactStatus',
      aor: '1001',
      contactStatus: 'NonQualified',
      uri: 'sip:1001@127.0.0.1:5071',
    },
  ],
  ['FullyBooted', { event: 'FullyBooted', status: 'Fully Booted' }],
  [
    'OriginateResponse',
    {
      event: 'OriginateResponse',
      actionId: 'queue-3',
      response: 'Success',
      reason: 4,
      channel: 'Local/600@queue-test-00000008;1',
      application: 'Wait',
      uniqueid: '1795424332.21',
    },
  ],
  ['VarSet', { event: 'VarSet', variable: 'BRIDGEPEER', value: '' }],
  [
    'Newexten',
    { event: 'Newexten', extension: '100', application: 'AppDial2', appData: '(Outgoing Line)' },
  ],
  ['AGIExecStart', { event: 'AGIExecStart', command: 'ANSWER', commandId: '757406739' }],
  ['AGIExecEnd', { event: 'AGIExecEnd', command: 'ANSWER', resultCode: 200, result: 'Success' }],
  ['DTMFBegin', { event: 'DTMFBegin', digit: '1', direction: 'Received' }],
  ['DTMFEnd', { event: 'DTMFEnd', digit: '1', direction: 'Received', durationMs: 100 }],
];

for (const [fixture, expected] of cases) {
  test(`captured ${fixture} is typed`, (t) => {
    t.like(typed(fixture) as unknown as Record<string, unknown>, expected);
  });
}

test('DialBegin from an originate has no caller channel, only the Dest snapshot', (t) => {
  const event = typed('DialBegin');
  if (event.event !== 'DialBegin') return t.fail();
  t.is(event.caller, undefined);
  t.like(event.dest, {
    channel: 'Local/100@sim-customer-00000005;1',
    uniqueid: '1795424307.13',
    linkedid: '1795424307.13',
    channelState: 0,
  });
  t.is(event.dialString, '100@sim-customer');
});

test('a typed event keeps the raw message for headers not lifted', (t) => {
  const event = typed('Hangup');
  if (event.event !== 'Hangup') return t.fail();
  t.is(event.raw.get('Privilege'), 'call,all');
});

test('events we do not type pass through as Other', (t) => {
  const parsed = parseAmiEvent(message('QueueMemberStatus'));
  t.true(parsed.ok);
  if (!parsed.ok || parsed.event.event !== 'Other') return t.fail();
  t.is(parsed.event.name, 'QueueMemberStatus');
  t.is(parsed.event.fields.get('Queue'), 'support');
});

test('a Hangup without Uniqueid is rejected as missing_field', (t) => {
  const full = message('Hangup');
  const pairs = full.pairs.filter(([k]) => k !== 'Uniqueid');
  const parsed = parseAmiEvent(new AmiMessage(pairs));
  t.false(parsed.ok);
  if (parsed.ok) return;
  t.is(parsed.reason, 'missing_field');
  t.deepEqual(parsed.problems, [{ kind: 'missing_field', key: 'Uniqueid' }]);
});

test('a non-numeric ChannelState is rejected as invalid_field', (t) => {
  const pairs = message('Newstate').pairs.map(([k, v]): [string, string] =>
    k === 'ChannelState' ? [k, 'Up'] : [k, v],
  );
  const parsed = parseAmiEvent(new AmiMessage(pairs));
  t.false(parsed.ok);
  if (!parsed.ok) t.is(parsed.reason, 'invalid_field');
});

test('a DialEnd whose Dest snapshot lacks DestUniqueid is rejected', (t) => {
  const pairs = message('DialEnd').pairs.filter(([k]) => k !== 'DestUniqueid');
  const parsed = parseAmiEvent(new AmiMessage(pairs));
  t.false(parsed.ok);
  if (!parsed.ok) t.deepEqual(parsed.problems, [{ kind: 'missing_field', key: 'DestUniqueid' }]);
});

test('a message without Event is not an event', (t) => {
  const parsed = parseAmiEvent(new AmiMessage([['Response', 'Success']]));
  t.deepEqual(parsed, { ok: false, reason: 'not_an_event', problems: [] });
});
