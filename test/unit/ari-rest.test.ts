import test, { type ExecutionContext } from 'ava';
import pino from 'pino';
import { Registry } from 'prom-client';
import { type AriClient, createAriClient } from '../../src/asterisk/ari/client.ts';
import { isGone } from '../../src/asterisk/ari/errors.ts';
import {
  type CapturedCall,
  captured,
  capturedBody,
  capturedPath,
  capturedQuery,
  type RestServer,
  startRestServer,
} from '../fixtures/ari/rest-server.ts';

const credentials = { user: 'callwright', password: 's3cret' };
let server: RestServer;

test.before(async () => {
  server = await startRestServer(credentials);
});

test.after.always(async () => {
  await server?.close();
});

function client(t: ExecutionContext, registry = new Registry()): AriClient {
  const ari = createAriClient({
    url: server.url,
    ...credentials,
    app: 'callcenter',
    logger: pino({ level: 'silent' }),
    registry,
  });
  t.teardown(() => ari.close());
  return ari;
}

/** Asserts that exactly one request matched the captured call's method, path and query. */
function assertSameRequest(t: ExecutionContext, call: CapturedCall) {
  const path = decodeURIComponent(capturedPath(call));
  const expected = capturedQuery(call);
  const matching = server
    .requests(call.method, path)
    .filter((r) => JSON.stringify([...r.query].sort()) === JSON.stringify(expected));
  t.is(matching.length, 1, `${call.method} ${path} ${JSON.stringify(expected)}`);
  return matching[0];
}

test('originate sends the captured request and returns the new channel', async (t) => {
  const call = captured('originate-agent');
  server.replay(call);
  const channel = await client(t).channels.originate({
    endpoint: 'Local/2001@sim-agent',
    app: 'callcenter',
    appArgs: 'agent,f509a4f2-90f3-4462-863f-bac4cddc4549,1795424182.2',
    callerId: '"Customer" <5551234>',
    timeout: 20,
  });
  const request = assertSameRequest(t, call);
  t.is(request?.body, '');
  t.like(channel, {
    id: '1795424182.4',
    name: 'Local/2001@sim-agent-00000002;1',
    state: 'Down',
    caller: { name: 'Customer', number: '5551234' },
    dialplan: { context: 'sim-agent', exten: '2001', priority: 1 },
  });
});

test('originate puts ids, formats in the query and variables in the JSON body', async (t) => {
  server.replay(captured('originate-agent'));
  await client(t).channels.originate({
    endpoint: 'PJSIP/1001',
    app: 'callcenter',
    appArgs: 'agent',
    channelId: 'cw-agent-1',
    otherChannelId: 'cw-agent-1;2',
    originator: '1795424182.2',
    formats: ['ulaw', 'alaw'],
    variables: { 'CALLERID(name)': 'Queue sales', CW_CALL: '42' },
  });
  const request = server
    .requests('POST', '/ari/channels')
    .find((r) => r.query.get('channelId') === 'cw-agent-1');
  t.deepEqual(Object.fromEntries(request?.query ?? []), {
    endpoint: 'PJSIP/1001',
    app: 'callcenter',
    appArgs: 'agent',
    channelId: 'cw-agent-1',
    otherChannelId: 'cw-agent-1;2',
    originator: '1795424182.2',
    formats: 'ulaw,alaw',
  });
  t.is(request?.headers['content-type'], 'application/json');
  t.deepEqual(JSON.parse(request?.body ?? ''), {
    variables: { 'CALLERID(name)': 'Queue sales', CW_CALL: '42' },
  });
});

test('every request carries HTTP Basic auth', async (t) => {
  server.replay(captured('channels-list'));
  await client(t).channels.list();
  const expected = `Basic ${Buffer.from('callwright:s3cret').toString('base64')}`;
  const [request] = server.requests('GET', '/ari/channels');
  t.is(request?.headers.authorization, expected);
});

test('hanging up a channel that is gone returns Gone with the real 404 body', async (t) => {
  const call = captured('hangup-gone');
  server.replay(call);
  const result = await client(t).channels.hangup('1795424176.1', { reason: 'normal' });
  assertSameRequest(t, call);
  t.true(isGone(result));
  t.deepEqual(result, {
    gone: true,
    resource: 'channel',
    id: '1795424176.1',
    message: 'Channel not found',
  });
});

test('wrong credentials throw ARI_UNAUTHORIZED with the server message', async (t) => {
  const ari = createAriClient({
    url: server.url,
    user: 'callwright',
    password: 'wrong',
    app: 'callcenter',
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
  });
  t.teardown(() => ari.close());
  const error = await t.throwsAsync(ari.channels.list());
  t.like(error, {
    name: 'AriError',
    code: 'ARI_UNAUTHORIZED',
    status: 401,
    operation: 'channels.list',
    serverMessage: 'Authentication required',
  });
});

test('channels.list and channels.get parse captured channels; a gone channel is Gone', async (t) => {
  server.replay(captured('channels-list'));
  server.replay(captured('channel-get-gone'));
  const ari = client(t);
  const channels = await ari.channels.list();
  t.deepEqual(
    channels.map((c) => c.id),
    ['1795424307.16', '1795424307.14', '1795424307.15', '1795424307.13'],
  );
  t.like(channels[2], { state: 'Up', dialplan: { app_name: 'Stasis' } });
  t.like(await ari.channels.get('1795424313.17'), { gone: true, resource: 'channel' });
});

test('GET /playbacks/{id} after PlaybackFinished is a Gone playback', async (t) => {
  server.replay(captured('playback-gone'));
  t.deepEqual(await client(t).playbacks.get('pb-1795424313.17'), {
    gone: true,
    resource: 'playback',
    id: 'pb-1795424313.17',
    message: 'Playback not found',
  });
});

test('captured 204 operations send the captured requests', async (t) => {
  const ari = client(t);
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['channel-answer', () => ari.channels.answer('1795424176.1')],
    ['channel-hangup', () => ari.channels.hangup('1795424182.2')],
    ['channel-dtmf', () => ari.channels.sendDtmf('1795424313.17', { dtmf: '12#' })],
    ['channel-moh-start', () => ari.channels.startMoh('1795424313.17', { mohClass: 'default' })],
    ['channel-moh-stop', () => ari.channels.stopMoh('1795424313.17')],
    ['channel-hold', () => ari.channels.hold('1795424313.17')],
    ['channel-unhold', () => ari.channels.unhold('1795424313.17')],
    ['bridge-destroy', () => ari.bridges.destroy('f509a4f2-90f3-4462-863f-bac4cddc4549')],
    [
      'bridge-add-channel',
      () =>
        ari.bridges.addChannel('f509a4f2-90f3-4462-863f-bac4cddc4549', { channel: '1795424182.2' }),
    ],
  ];
  for (const [name, run] of cases) {
    const call = captured(name);
    server.replay(call);
    t.is(await run(), undefined, name);
    assertSameRequest(t, call);
  }
});

test('play sends media and playbackId and returns the queued playback', async (t) => {
  const call = captured('channel-play');
  server.replay(call);
  const playback = await client(t).channels.play('1795424313.17', {
    media: 'sound:hello-world',
    playbackId: 'pb-1795424313.17',
  });
  assertSameRequest(t, call);
  t.like(playback, {
    id: 'pb-1795424313.17',
    state: 'queued',
    target_uri: 'channel:1795424313.17',
  });
});

test('a media list is sent comma-separated in one parameter', async (t) => {
  server.route('POST', '/ari/channels/media-list-1/play', {
    status: 201,
    body: { id: 'pb-2', media_uri: 'sound:a', target_uri: 'channel:media-list-1', state: 'queued' },
  });
  await client(t).channels.play('media-list-1', { media: ['sound:a', 'digits:12'], lang: 'en' });
  const [request] = server.requests('POST', '/ari/channels/media-list-1/play');
  t.deepEqual(request?.query.getAll('media'), ['sound:a,digits:12']);
  t.is(request?.query.get('lang'), 'en');
});

test('snoop and record send the captured requests', async (t) => {
  const snoopCall = captured('channel-snoop');
  const recordCall = captured('channel-record');
  server.replay(snoopCall);
  server.replay(recordCall);
  const ari = client(t);
  const snoop = await ari.channels.snoop('1795424313.17', {
    spy: 'both',
    app: 'observer',
    snoopId: 'snoop-1795424313.17',
  });
  const recording = await ari.channels.record('1795424313.17', {
    name: 'lab-rec-1795424313-17',
    format: 'wav',
    maxDurationSeconds: 2,
    ifExists: 'overwrite',
    beep: true,
  });
  assertSameRequest(t, snoopCall);
  assertSameRequest(t, recordCall);
  t.like(snoop, { id: 'snoop-1795424313.17', name: 'Snoop/1795424313.17-00000000' });
  t.like(recording, { name: 'lab-rec-1795424313-17', state: 'recording', format: 'wav' });
});

test('channel variables: value, function, unset variable and gone channel', async (t) => {
  const plain = captured('channel-get-var');
  const fn = captured('channel-get-var-function');
  server.replay(plain);
  server.replay(fn);
  server.route('GET', '/ari/channels/var-unset-1/variable', {
    status: 404,
    body: { message: 'Provided variable was not found' },
  });
  const ari = client(t);
  t.is(await ari.channels.getChannelVar('1795424313.17', 'CC_TEST'), 'abc');
  t.is(
    await ari.channels.getChannelVar('1795424307.13', 'CHANNEL(name)'),
    'Local/100@sim-customer-00000005;1',
  );
  assertSameRequest(t, plain);
  assertSameRequest(t, fn);
  server.route('GET', '/ari/channels/var-gone-1/variable', {
    status: 404,
    body: { message: 'Channel not found' },
  });
  t.is(await ari.channels.getChannelVar('var-unset-1', 'NOPE'), null);
  t.like(await ari.channels.getChannelVar('var-gone-1', 'X'), { gone: true, id: 'var-gone-1' });
});

test('setChannelVar sends variable and value as query parameters', async (t) => {
  server.route('POST', '/ari/channels/set-var-1/variable', { status: 204 });
  t.is(await client(t).channels.setChannelVar('set-var-1', 'CW_QUEUE', 'sales support'), undefined);
  const [request] = server.requests('POST', '/ari/channels/set-var-1/variable');
  t.deepEqual(Object.fromEntries(request?.query ?? []), {
    variable: 'CW_QUEUE',
    value: 'sales support',
  });
  t.is(request?.body, '');
});

test('hangup, continue, dial, redirect and mute use the spec parameter names', async (t) => {
  const id = 'params-1';
  for (const [method, tail] of [
    ['DELETE', ''],
    ['POST', '/continue'],
    ['POST', '/dial'],
    ['POST', '/redirect'],
    ['POST', '/mute'],
    ['DELETE', '/ring'],
  ] as const) {
    server.route(method, `/ari/channels/${id}${tail}`, { status: 204 });
  }
  const ari = client(t);
  await ari.channels.hangup(id, { reason_code: '17' });
  await ari.channels.continueInDialplan(id, { context: 'agents', extension: 's', priority: 2 });
  await ari.channels.dial(id, { caller: 'caller-1', timeout: 25 });
  await ari.channels.redirect(id, 'PJSIP/1002');
  await ari.channels.mute(id, { direction: 'in' });
  await ari.channels.ringStop(id);
  const query = (method: string, tail: string) =>
    Object.fromEntries(server.requests(method, `/ari/channels/${id}${tail}`)[0]?.query ?? []);
  t.deepEqual(query('DELETE', ''), { reason_code: '17' });
  t.deepEqual(query('POST', '/continue'), { context: 'agents', extension: 's', priority: '2' });
  t.deepEqual(query('POST', '/dial'), { caller: 'caller-1', timeout: '25' });
  t.deepEqual(query('POST', '/redirect'), { endpoint: 'PJSIP/1002' });
  t.deepEqual(query('POST', '/mute'), { direction: 'in' });
  t.is(server.requests('DELETE', `/ari/channels/${id}/ring`).length, 1);
});

test('bridges: captured create and get, type flags, addChannel options', async (t) => {
  const create = captured('bridge-create');
  server.replay(create);
  server.replay(captured('bridge-get'));
  server.route('POST', '/ari/bridges/holding-1/addChannel', { status: 204 });
  const ari = client(t);
  const bridge = await ari.bridges.create({ type: 'mixing', name: 'cc-1795424182.2' });
  assertSameRequest(t, create);
  t.like(bridge, {
    id: 'f509a4f2-90f3-4462-863f-bac4cddc4549',
    bridge_type: 'mixing',
    channels: [],
  });
  t.like(await ari.bridges.get('1cc1ea51-2222-4530-80a7-caa45f626255'), {
    channels: ['1795424307.13', '1795424307.15'],
  });
  await ari.bridges.create({ type: ['mixing', 'dtmf_events'], bridgeId: 'flags-1' });
  const flags = server
    .requests('POST', '/ari/bridges')
    .find((r) => r.query.get('bridgeId') === 'flags-1');
  t.is(flags?.query.get('type'), 'mixing,dtmf_events');
  await ari.bridges.addChannel('holding-1', {
    channel: ['a-1', 'b-2'],
    role: 'announcer',
    absorbDTMF: true,
    mute: false,
  });
  const [add] = server.requests('POST', '/ari/bridges/holding-1/addChannel');
  t.deepEqual(Object.fromEntries(add?.query ?? []), {
    channel: 'a-1,b-2',
    role: 'announcer',
    absorbDTMF: 'true',
    mute: 'false',
  });
});

test('addChannel: a gone bridge (404) and a gone channel (400) are Gone', async (t) => {
  server.route('POST', '/ari/bridges/gone-bridge-1/addChannel', {
    status: 404,
    body: { message: 'Bridge not found' },
  });
  server.route('POST', '/ari/bridges/live-bridge-1/addChannel', {
    status: 400,
    body: { message: 'Channel not found' },
  });
  server.route('POST', '/ari/bridges/live-bridge-1/removeChannel', {
    status: 422,
    body: { message: 'Channel not in this bridge' },
  });
  const ari = client(t);
  t.deepEqual(await ari.bridges.addChannel('gone-bridge-1', { channel: 'c-1' }), {
    gone: true,
    resource: 'bridge',
    id: 'gone-bridge-1',
    message: 'Bridge not found',
  });
  t.deepEqual(await ari.bridges.addChannel('live-bridge-1', { channel: 'c-2' }), {
    gone: true,
    resource: 'channel',
    id: 'c-2',
    message: 'Channel not found',
  });
  const error = await t.throwsAsync(ari.bridges.removeChannel('live-bridge-1', { channel: 'c-3' }));
  t.like(error, {
    code: 'ARI_UNPROCESSABLE',
    status: 422,
    serverMessage: 'Channel not in this bridge',
  });
});

test('stored recordings: list, file bytes, delete of a gone recording', async (t) => {
  const list = captured('recordings-stored-list');
  server.replay(list);
  const bytes = Buffer.from([0x52, 0x49, 0x46, 0x46, 0x00, 0xff, 0x10]);
  server.route('GET', '/ari/recordings/stored/lab-rec-1795424313-17/file', {
    status: 200,
    body: bytes,
    contentType: 'audio/wav',
  });
  server.route('DELETE', '/ari/recordings/stored/gone-rec', {
    status: 404,
    body: { message: 'Recording not found' },
  });
  const ari = client(t);
  t.deepEqual(await ari.recordings.stored.list(), [
    { name: 'lab-rec-1795424313-17', format: 'wav' },
  ]);
  const file = await ari.recordings.stored.getFile('lab-rec-1795424313-17');
  t.true(Buffer.isBuffer(file));
  t.deepEqual(file, bytes);
  t.like(await ari.recordings.stored.delete('gone-rec'), { gone: true, resource: 'recording' });
});

test('live recordings: stop, pause and mute paths', async (t) => {
  const name = 'live-rec-1';
  server.route('POST', `/ari/recordings/live/${name}/stop`, { status: 204 });
  server.route('POST', `/ari/recordings/live/${name}/pause`, { status: 204 });
  server.route('DELETE', `/ari/recordings/live/${name}/mute`, { status: 204 });
  server.route('POST', '/ari/recordings/live/live-rec-done/stop', {
    status: 404,
    body: { message: 'Recording not found' },
  });
  const ari = client(t);
  t.is(await ari.recordings.live.stop(name), undefined);
  t.is(await ari.recordings.live.pause(name), undefined);
  t.is(await ari.recordings.live.unmute(name), undefined);
  t.deepEqual(await ari.recordings.live.stop('live-rec-done'), {
    gone: true,
    resource: 'recording',
    id: 'live-rec-done',
    message: 'Recording not found',
  });
});

test('applications: subscribe and unsubscribe send event sources comma-joined', async (t) => {
  const app = {
    name: 'callcenter',
    channel_ids: ['sub-1'],
    bridge_ids: [],
    endpoint_ids: ['PJSIP/1001'],
    device_names: [],
    events_allowed: [],
    events_disallowed: [],
  };
  const path = '/ari/applications/callcenter/subscription';
  server.route('POST', path, { status: 200, body: app });
  server.route('DELETE', path, { status: 200, body: app });
  const ari = client(t);
  t.like(await ari.applications.subscribe('channel:sub-1'), { channel_ids: ['sub-1'] });
  await ari.applications.unsubscribe(['endpoint:PJSIP/1001', 'deviceState:Stasis:agent-1']);
  t.is(server.requests('POST', path)[0]?.query.get('eventSource'), 'channel:sub-1');
  t.is(
    server.requests('DELETE', path)[0]?.query.get('eventSource'),
    'endpoint:PJSIP/1001,deviceState:Stasis:agent-1',
  );
});

test('subscribing to a channel that no longer exists is Gone', async (t) => {
  const ari = createAriClient({
    url: server.url,
    ...credentials,
    app: 'gone-sub',
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
  });
  t.teardown(() => ari.close());
  server.route('POST', '/ari/applications/gone-sub/subscription', {
    status: 422,
    body: { message: 'Event source does not exist' },
  });
  t.deepEqual(await ari.applications.subscribe('channel:1795424313.17'), {
    gone: true,
    resource: 'channel',
    id: '1795424313.17',
    message: 'Event source does not exist',
  });
});

test('device states keep the Stasis: prefix literal in the path; endpoints by tech/resource', async (t) => {
  server.route('PUT', '/ari/deviceStates/Stasis:agent-1001', { status: 204 });
  server.route('GET', '/ari/endpoints/PJSIP/1001', {
    status: 200,
    body: { technology: 'PJSIP', resource: '1001', state: 'online', channel_ids: [] },
  });
  const ari = client(t);
  await ari.deviceStates.update('Stasis:agent-1001', 'INUSE');
  const [put] = server.requests('PUT', '/ari/deviceStates/Stasis:agent-1001');
  t.is(put?.rawPath, '/ari/deviceStates/Stasis:agent-1001');
  t.is(put?.query.get('deviceState'), 'INUSE');
  server.route('GET', '/ari/endpoints/PJSIP/1099', {
    status: 404,
    body: { message: 'Endpoint not found' },
  });
  t.like(await ari.endpoints.get('PJSIP', '1001'), { state: 'online' });
  t.like(await ari.endpoints.get('PJSIP', '1099'), {
    gone: true,
    resource: 'endpoint',
    id: 'PJSIP/1099',
  });
});

test('asterisk info parses the captured answer; only is comma-joined', async (t) => {
  server.route('GET', '/ari/asterisk/info', { status: 200, body: capturedBody('asterisk-info') });
  const info = await client(t).asterisk.info({ only: ['system', 'build'] });
  t.like(info, { system: { version: '22.10.1', entity_id: '02:fc:00:00:00:01' } });
  t.is(server.requests('GET', '/ari/asterisk/info')[0]?.query.get('only'), 'system,build');
});
