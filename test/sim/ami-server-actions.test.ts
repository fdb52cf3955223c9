import test from 'ava';
import {
  FakeBackend,
  makeAmiStarter,
  rowFromSample,
  sample,
  sampleMessages,
} from './ami-server-helpers.ts';

const { start, closeAll } = makeAmiStarter();
test.after.always(closeAll);

test('CoreShowChannels lists channels exactly like the capture', async (t) => {
  const items = sampleMessages('Event-CoreShowChannel.txt');
  const backend = new FakeBackend();
  backend.rows = items.map(rowFromSample);
  const { client } = await start(backend);
  const c = await client();
  await c.login('off');
  c.send([
    ['Action', 'CoreShowChannels'],
    ['ActionID', 'coreshowchannels-2'],
  ]);
  const got = await c.readUntil('CoreShowChannelsComplete');
  t.deepEqual(got, [
    sample('Response-Success-to-CoreShowChannels.txt', 0),
    ...items,
    'Event: CoreShowChannelsComplete\r\nActionID: coreshowchannels-2\r\nEventList: Complete\r\nListItems: 3\r\n\r\n',
  ]);
});

test('Originate Async: queued at once, then OriginateResponse with the same ActionID (dialplan target)', async (t) => {
  const clock = { ms: 0 };
  const backend = new FakeBackend();
  let answer!: () => void;
  backend.originateResult = (req) =>
    new Promise((resolve) => {
      answer = () =>
        resolve({
          success: true,
          reason: 4,
          channel: 'Local/agi-dtmf@sim-customer-00000004;1',
          uniqueid: '1795424216.11',
          callerIdNum: '5551234',
          callerIdName: 'Customer',
          context: req.context ?? '',
          exten: req.exten ?? '',
        });
    });
  const { client } = await start(backend, clock);
  const c = await client();
  const other = await client();
  const quiet = await client();
  // c logs in last, so the only security event it sees is its own.
  await other.login('call');
  await quiet.login('off');
  await c.login('on');
  await c.readUntil('SuccessfulAuth');
  c.send([
    ['Action', 'Originate'],
    ['ActionID', 'originate-agi-2'],
    ['Channel', 'Local/agi-dtmf@sim-customer'],
    ['Context', 'from-trunk'],
    ['Exten', '8100'],
    ['Priority', '1'],
    ['CallerID', '"Customer" <5551234>'],
    ['Async', 'true'],
  ]);
  t.is(await c.readMessage(), sample('Response-Success-to-Originate.txt', 0));
  clock.ms = 1_795_424_216_599.082;
  answer();
  const expected = sample('Event-OriginateResponse.txt', 1);
  t.is(await c.readMessage(), expected);
  t.is((await other.readUntil('OriginateResponse')).at(-1), expected);
  t.true(backend.calls[0]?.includes('"callerId":"\\"Customer\\" <5551234>"'));
  quiet.send([['Action', 'Ping']]);
  t.regex(await quiet.readMessage(), /^Response: Success\r\nPing: Pong\r\n/);
});

test('Originate Async to an application reports Application/Data (capture queue-3)', async (t) => {
  const clock = { ms: 1_795_424_332_383.097 };
  const backend = new FakeBackend();
  backend.originateResult = async () => ({
    success: true,
    reason: 4,
    channel: 'Local/600@queue-test-00000008;1',
    uniqueid: '1795424332.21',
    callerIdNum: '5559876',
    callerIdName: 'Customer',
    context: '',
    exten: '',
  });
  const { client } = await start(backend, clock);
  const c = await client();
  await c.login('call');
  c.send([
    ['Action', 'Originate'],
    ['ActionID', 'queue-3'],
    ['Channel', 'Local/600@queue-test'],
    ['Application', 'Wait'],
    ['Data', '6'],
    ['CallerID', '"Customer" <5559876>'],
    ['Async', 'true'],
  ]);
  t.is(await c.readMessage(), sample('Response-Success-to-Originate.txt', 1));
  t.is(await c.readMessage(), sample('Event-OriginateResponse.txt', 0));
});

test('a failed async originate reports Failure with the requested channel', async (t) => {
  const backend = new FakeBackend();
  backend.originateResult = async () => ({
    success: false,
    reason: 5,
    channel: '',
    uniqueid: '',
    callerIdNum: '',
    callerIdName: '',
    context: '',
    exten: '',
  });
  const { client } = await start(backend, { ms: 1_795_424_000_000 });
  const c = await client();
  await c.login('call');
  c.send([
    ['Action', 'Originate'],
    ['Channel', 'PJSIP/trunk/2125550100'],
    ['Application', 'Stasis'],
    ['Data', 'callwright,dialer'],
    ['Async', 'yes'],
  ]);
  t.is(
    await c.readMessage(),
    'Response: Success\r\nMessage: Originate successfully queued\r\n\r\n',
  );
  t.is(
    await c.readMessage(),
    'Event: OriginateResponse\r\nPrivilege: call,all\r\nTimestamp: 1795424000.000000\r\nResponse: Failure\r\n' +
      'Channel: PJSIP/trunk/2125550100\r\nApplication: Stasis\r\nData: callwright,dialer\r\nReason: 5\r\n' +
      'Uniqueid: <unknown>\r\nCallerIDNum: <unknown>\r\nCallerIDName: <unknown>\r\n\r\n',
  );
});

const originateErrors: Array<[string, Array<[string, string]>, string]> = [
  ['no channel', [], 'Channel not specified'],
  ['bad channel', [['Channel', 'nodash']], 'Invalid channel'],
  [
    'bad priority',
    [
      ['Channel', 'PJSIP/1001'],
      ['Priority', 'top'],
    ],
    'Invalid priority',
  ],
  [
    'bad timeout',
    [
      ['Channel', 'PJSIP/1001'],
      ['Timeout', 'soon'],
    ],
    'Invalid timeout',
  ],
  [
    'missing extension',
    [
      ['Channel', 'PJSIP/1001'],
      ['Context', 'from-trunk'],
      ['Exten', '999'],
      ['Priority', '1'],
    ],
    'Extension does not exist.',
  ],
  [
    'sync without target',
    [['Channel', 'PJSIP/1001']],
    "Originate with 'Exten' requires 'Context' and 'Priority'",
  ],
];

for (const [title, fields, message] of originateErrors) {
  test(`Originate refused: ${title}`, async (t) => {
    const { client, backend } = await start();
    const c = await client();
    await c.login('off');
    c.send([['Action', 'Originate'], ['ActionID', 'o1'], ...fields]);
    t.is(await c.readMessage(), `Response: Error\r\nActionID: o1\r\nMessage: ${message}\r\n\r\n`);
    t.deepEqual(backend.calls, []);
  });
}

test('a synchronous Originate answers after the outcome', async (t) => {
  const backend = new FakeBackend();
  let ok = true;
  backend.originateResult = async () => ({
    success: ok,
    reason: ok ? 4 : 3,
    channel: 'PJSIP/1001-00000001',
    uniqueid: '1.1',
    callerIdNum: '',
    callerIdName: '',
    context: 'from-trunk',
    exten: '8100',
  });
  const { client } = await start(backend);
  const c = await client();
  await c.login('off');
  const fields: Array<[string, string]> = [
    ['Action', 'Originate'],
    ['Channel', 'PJSIP/1001'],
    ['Context', 'from-trunk'],
    ['Exten', '8100'],
    ['Priority', '1'],
    ['Variable', 'CW_CALL=42,CW_CAMPAIGN=spring'],
  ];
  c.send(fields);
  t.is(
    await c.readMessage(),
    'Response: Success\r\nMessage: Originate successfully queued\r\n\r\n',
  );
  t.true(backend.calls[0]?.includes('"variables":{"CW_CALL":"42","CW_CAMPAIGN":"spring"}'));
  ok = false;
  c.send(fields);
  t.is(await c.readMessage(), 'Response: Error\r\nMessage: Originate failed\r\n\r\n');
});

test('Hangup: by name, unknown channel, missing channel, and /regex/', async (t) => {
  const backend = new FakeBackend();
  backend.rows = sampleMessages('Event-CoreShowChannel.txt').map(rowFromSample);
  const { client } = await start(backend);
  const c = await client();
  await c.login('off');
  c.send([
    ['Action', 'Hangup'],
    ['ActionID', 'h1'],
    ['Channel', 'Local/100@sim-customer-00000001;2'],
    ['Cause', '16'],
  ]);
  t.is(
    await c.readMessage(),
    'Response: Success\r\nActionID: h1\r\nMessage: Channel Hungup\r\n\r\n',
  );
  c.send([
    ['Action', 'Hangup'],
    ['Channel', 'PJSIP/gone-00000009'],
  ]);
  t.is(await c.readMessage(), 'Response: Error\r\nMessage: No such channel\r\n\r\n');
  c.send([['Action', 'Hangup']]);
  t.is(await c.readMessage(), 'Response: Error\r\nMessage: No channel specified\r\n\r\n');
  c.send([
    ['Action', 'Hangup'],
    ['ActionID', 'h2'],
    ['Channel', '/sim-agent/'],
  ]);
  t.deepEqual(await c.readUntil('ChannelsHungupListComplete'), [
    'Response: Success\r\nActionID: h2\r\nEventList: start\r\nMessage: Channels hung up will follow\r\n\r\n',
    'Event: ChannelHungup\r\nChannel: Local/2001@sim-agent-00000002;1\r\nActionID: h2\r\n\r\n',
    'Event: ChannelsHungupListComplete\r\nActionID: h2\r\nEventList: Complete\r\nListItems: 1\r\n\r\n',
  ]);
  t.deepEqual(backend.calls, [
    'hangup Local/100@sim-customer-00000001;2 16',
    'hangup PJSIP/gone-00000009',
    'hangup Local/2001@sim-agent-00000002;1',
  ]);
});

test('Redirect: success and manager.c error texts', async (t) => {
  const backend = new FakeBackend();
  backend.rows = sampleMessages('Event-CoreShowChannel.txt').map(rowFromSample);
  const { client } = await start(backend);
  const c = await client();
  await c.login('off');
  const base: Array<[string, string]> = [
    ['Action', 'Redirect'],
    ['Channel', 'Local/2001@sim-agent-00000002;1'],
    ['Context', 'from-trunk'],
    ['Exten', '8100'],
    ['Priority', '1'],
  ];
  c.send(base);
  t.is(await c.readMessage(), 'Response: Success\r\nMessage: Redirect successful\r\n\r\n');
  c.send(base.slice(0, 3));
  t.is(await c.readMessage(), 'Response: Error\r\nMessage: Exten not specified\r\n\r\n');
  c.send([...base.slice(0, 4), ['Priority', 'x']]);
  t.is(await c.readMessage(), 'Response: Error\r\nMessage: Priority is invalid\r\n\r\n');
  c.send([['Action', 'Redirect'], ['Channel', 'PJSIP/nope-1'], ...base.slice(2)]);
  t.is(
    await c.readMessage(),
    'Response: Error\r\nMessage: Channel does not exist: PJSIP/nope-1\r\n\r\n',
  );
  t.deepEqual(backend.calls, ['redirect Local/2001@sim-agent-00000002;1 from-trunk,8100,1']);
});

test('Getvar and Setvar on channels and globals', async (t) => {
  const backend = new FakeBackend();
  backend.rows = sampleMessages('Event-CoreShowChannel.txt').map(rowFromSample);
  const chan = 'Local/100@sim-customer-00000001;2';
  const { client } = await start(backend);
  const c = await client();
  await c.login('off');
  c.send([
    ['Action', 'Setvar'],
    ['ActionID', 's1'],
    ['Channel', chan],
    ['Variable', 'CW_NEXT'],
    ['Value', 'queue'],
  ]);
  t.is(await c.readMessage(), 'Response: Success\r\nActionID: s1\r\nMessage: Variable Set\r\n\r\n');
  c.send([
    ['Action', 'Getvar'],
    ['ActionID', 'g1'],
    ['Channel', chan],
    ['Variable', 'CW_NEXT'],
  ]);
  t.is(
    await c.readMessage(),
    'Response: Success\r\nActionID: g1\r\nVariable: CW_NEXT\r\nValue: queue\r\n\r\n',
  );
  c.send([
    ['Action', 'Getvar'],
    ['Variable', 'GLOBAL_X'],
  ]);
  t.is(await c.readMessage(), 'Response: Success\r\nVariable: GLOBAL_X\r\nValue: g\r\n\r\n');
  c.send([
    ['Action', 'Getvar'],
    ['Channel', 'PJSIP/nope-1'],
    ['Variable', 'X'],
  ]);
  t.is(await c.readMessage(), 'Response: Error\r\nMessage: No such channel\r\n\r\n');
  c.send([
    ['Action', 'Setvar'],
    ['Channel', chan],
  ]);
  t.is(await c.readMessage(), 'Response: Error\r\nMessage: No variable specified\r\n\r\n');
});

test('DeviceStateList lists DeviceStateChange items', async (t) => {
  const backend = new FakeBackend();
  backend.devices = [
    { device: 'PJSIP/1001', state: 'NOT_INUSE' },
    { device: 'PJSIP/1002', state: 'UNAVAILABLE' },
  ];
  const { client } = await start(backend);
  const c = await client();
  await c.login('off');
  c.send([
    ['Action', 'DeviceStateList'],
    ['ActionID', 'd1'],
  ]);
  t.deepEqual(await c.readUntil('DeviceStateListComplete'), [
    'Response: Success\r\nActionID: d1\r\nEventList: start\r\nMessage: Device State Changes will follow\r\n\r\n',
    'Event: DeviceStateChange\r\nActionID: d1\r\nDevice: PJSIP/1001\r\nState: NOT_INUSE\r\n\r\n',
    'Event: DeviceStateChange\r\nActionID: d1\r\nDevice: PJSIP/1002\r\nState: UNAVAILABLE\r\n\r\n',
    'Event: DeviceStateListComplete\r\nActionID: d1\r\nEventList: Complete\r\nListItems: 2\r\n\r\n',
  ]);
});

test('PJSIPShowContacts lists ContactList items, and answers an error when none is registered', async (t) => {
  const backend = new FakeBackend();
  const { client } = await start(backend);
  const c = await client();
  await c.login('off');
  c.send([
    ['Action', 'PJSIPShowContacts'],
    ['ActionID', 'p0'],
  ]);
  t.is(
    await c.readMessage(),
    'Response: Error\r\nActionID: p0\r\nMessage: No Contacts found\r\n\r\n',
  );
  backend.contactRows = [
    { endpoint: '1001', aor: '1001', uri: 'sip:1001@127.0.0.1:5071', status: 'NonQualified' },
  ];
  c.send([
    ['Action', 'PJSIPShowContacts'],
    ['ActionID', 'p1'],
  ]);
  const messages = await c.readUntil('ContactListComplete');
  t.is(messages.length, 3);
  t.regex(messages[0] ?? '', /^Response: Success\r\nActionID: p1\r\nEventList: start\r\n/);
  t.regex(
    messages[1] ?? '',
    /^Event: ContactList\r\nActionID: p1\r\nObjectType: contact\r\nObjectName: 1001;@[0-9a-f]{32}\r\n/,
  );
  t.regex(messages[1] ?? '', /\r\nEndpoint: 1001\r\n/);
  t.regex(messages[1] ?? '', /\r\nUri: sip:1001@127\.0\.0\.1:5071\r\n/);
  t.regex(messages[1] ?? '', /\r\nStatus: NonQualified\r\n/);
  t.is(
    messages[2],
    'Event: ContactListComplete\r\nActionID: p1\r\nEventList: Complete\r\nListItems: 1\r\n\r\n',
  );
});
