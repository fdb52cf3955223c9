/**
 * ARI REST of the simulator against captured payloads (test/fixtures/sim/):
 * response shapes, status codes and Asterisk's error messages.
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import { type SimHarness, startHarness } from './ari-server-harness.ts';

const fixture = <T = Record<string, unknown>>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/sim/${name}`, import.meta.url), 'utf8')) as T;

type Json = Record<string, unknown>;

let h: SimHarness;
test.before(async () => {
  h = await startHarness();
  await h.events('callcenter');
});
test.after.always(async () => {
  await h?.close();
});

const ARI_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;

/** Replaces values that differ per run (ids, times, sequence numbers) so shapes compare. */
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Json).map(([k, x]) => {
        if (k === 'id' || k === 'protocol_id') return [k, typeof x];
        if (k === 'creationtime' && typeof x === 'string' && ARI_TIME.test(x)) return [k, 'time'];
        if (k === 'name' && typeof x === 'string')
          return [k, x.replace(/-[0-9a-f]{8}(;[12])?$/, '-N$1')];
        return [k, normalize(x)];
      }),
    );
  }
  return v;
}

test('asterisk/info has the captured shape and identity', async (t) => {
  const got = await h.rest('GET', '/ari/asterisk/info');
  t.is(got.status, 200);
  t.is(got.headers.get('content-type'), 'application/json');
  const body = got.body as { status: Record<string, string> };
  const want = fixture('ari-asterisk-info.json') as { status: Record<string, string> };
  t.regex(body.status.startup_time!, ARI_TIME);
  t.deepEqual({ ...body, status: {} }, { ...want, status: {} });
  t.deepEqual(Object.keys(body.status), Object.keys(want.status));
  const only = await h.rest('GET', '/ari/asterisk/info?only=system');
  t.deepEqual(only.body, { system: { version: '22.10.1', entity_id: '02:fc:00:00:00:01' } });
});

test('a channel that does not exist is the captured 404', async (t) => {
  const gone = fixture<{ status: number; resBody: unknown }>('rest-channel-gone.json');
  const got = await h.rest('GET', '/ari/channels/1795424313.17');
  t.is(got.status, gone.status);
  t.deepEqual(got.body, gone.resBody);
  const del = await h.rest('DELETE', '/ari/channels/1795424176.1?reason=normal');
  t.deepEqual([del.status, del.body], [404, { message: 'Channel not found' }]);
  t.deepEqual((await h.rest('POST', '/ari/channels/nope/answer')).body, {
    message: 'Channel not found',
  });
  const bridge = await h.rest('GET', '/ari/bridges/nope');
  t.deepEqual([bridge.status, bridge.body], [404, { message: 'Bridge not found' }]);
});

test('unknown resources and methods answer like res_ari', async (t) => {
  t.deepEqual((await h.rest('GET', '/ari/nothing/here')).body, { message: 'Resource not found' });
  const wrong = await h.rest('PUT', '/ari/channels');
  t.deepEqual([wrong.status, wrong.body], [405, { message: 'Invalid method' }]);
});

test('originate a Local channel: the captured response shape', async (t) => {
  const got = await h.rest(
    'POST',
    '/ari/channels?endpoint=Local%2F100%40from-trunk&app=callcenter&appArgs=originated',
  );
  t.is(got.status, 200);
  t.deepEqual(normalize(got.body), normalize(fixture('ari-originate-S1.json')));
  await h.rest('DELETE', `/ari/channels/${(got.body as Json).id}`);
});

test('originate an agent phone: the captured response shape', async (t) => {
  const got = await h.rest(
    'POST',
    '/ari/channels?endpoint=PJSIP%2F1001&app=callcenter&appArgs=sipagent&callerId=5551234',
  );
  t.is(got.status, 200);
  t.deepEqual(normalize(got.body), normalize(fixture('ari-originate-S7-pjsip1001.json')));
  await h.rest('DELETE', `/ari/channels/${(got.body as Json).id}`);
});

test('originate errors carry Asterisk messages', async (t) => {
  const cases: Array<[string, number, string]> = [
    ['/ari/channels?app=callcenter', 400, 'Endpoint must be specified'],
    ['/ari/channels?endpoint=nonsense&app=callcenter', 400, 'Invalid endpoint specified'],
    ['/ari/channels?endpoint=PJSIP%2F1001', 400, 'Application or extension must be specified'],
    ['/ari/channels?endpoint=PJSIP%2F9999&app=callcenter', 500, 'Allocation failed'],
  ];
  for (const [path, status, message] of cases) {
    const got = await h.rest('POST', path);
    t.deepEqual([got.status, got.body], [status, { message }], path);
  }
});

test('originate honours channelId/otherChannelId and refuses a taken id with 409', async (t) => {
  const first = await h.rest(
    'POST',
    '/ari/channels?endpoint=Local%2F100%40sim-customer&app=callcenter&channelId=cust-1&otherChannelId=cust-2',
  );
  t.is((first.body as Json).id, 'cust-1');
  t.is((await h.rest('GET', '/ari/channels/cust-2')).status, 200);
  const again = await h.rest('POST', '/ari/channels/cust-1?endpoint=PJSIP%2F1002&app=callcenter');
  t.deepEqual(
    [again.status, again.body],
    [409, { message: 'Channel with given unique ID already exists' }],
  );
  await h.rest('DELETE', '/ari/channels/cust-1');
});

test('parameters may come as a JSON body, with variables', async (t) => {
  const got = await h.rest('POST', '/ari/channels', {
    body: { endpoint: 'Local/100@sim-customer', app: 'callcenter', variables: { CW_CALL: 'abc' } },
  });
  t.is(got.status, 200);
  const id = (got.body as Json).id as string;
  t.deepEqual((await h.rest('GET', `/ari/channels/${id}/variable?variable=CW_CALL`)).body, {
    value: 'abc',
  });
  const bad = await h.rest('POST', '/ari/channels', {
    body: { endpoint: 'PJSIP/1001', app: 'callcenter', variables: { N: 5 } },
  });
  t.deepEqual(bad.body, { message: "Only string values in the 'variables' object allowed" });
  await h.rest('DELETE', `/ari/channels/${id}`);
});

test('channel variables: CHANNEL(name), set by JSON body as captured, missing variable', async (t) => {
  const ch = (
    await h.rest('POST', '/ari/channels?endpoint=Local%2F100%40sim-customer&app=callcenter')
  ).body as Json;
  const id = ch.id as string;
  await h.advance(100);
  const name = await h.rest('GET', `/ari/channels/${id}/variable?variable=CHANNEL(name)`);
  t.deepEqual(name.body, { value: ch.name });
  const set = await h.rest('POST', `/ari/channels/${id}/variable`, {
    body: { variable: 'CC_TEST', value: 'abc' },
  });
  t.is(set.status, 204);
  t.deepEqual((await h.rest('GET', `/ari/channels/${id}/variable?variable=CC_TEST`)).body, {
    value: 'abc',
  });
  const missing = await h.rest('GET', `/ari/channels/${id}/variable?variable=NOPE`);
  t.deepEqual(
    [missing.status, missing.body],
    [404, { message: 'Provided variable was not found' }],
  );
  t.deepEqual((await h.rest('GET', `/ari/channels/${id}/variable`)).body, {
    message: 'Variable name is required',
  });
  await h.rest('DELETE', `/ari/channels/${id}`);
});

test('channel operations outside Stasis are 409, on an unanswered outbound channel 412', async (t) => {
  const ch = (
    await h.rest('POST', '/ari/channels?endpoint=Local%2F100%40sim-customer&app=callcenter')
  ).body as Json;
  const list = (await h.rest('GET', '/ari/channels')).body as Json[];
  const two = list.find((c) => c.name === String(ch.name).replace(/;1$/, ';2'))!;
  const answer = await h.rest('POST', `/ari/channels/${two.id}/answer`);
  t.deepEqual(
    [answer.status, answer.body],
    [409, { message: 'Channel not in Stasis application' }],
  );
  await h.rest('DELETE', `/ari/channels/${ch.id}`);
  h.sim.control.setPhone('1003', { mode: 'never' });
  const ringing = (await h.rest('POST', '/ari/channels?endpoint=PJSIP%2F1003&app=callcenter'))
    .body as Json;
  const create = (await h.rest('POST', '/ari/channels/create?endpoint=PJSIP%2F1004&app=callcenter'))
    .body as Json;
  const play = await h.rest('POST', `/ari/channels/${create.id}/play?media=sound:hello-world`);
  t.deepEqual([play.status, play.body], [412, { message: 'Channel in invalid state' }]);
  const invalid = await h.rest('DELETE', `/ari/channels/${create.id}?reason=whatever`);
  t.deepEqual(
    [invalid.status, invalid.body],
    [400, { message: 'Invalid reason for hangup provided' }],
  );
  t.is((await h.rest('DELETE', `/ari/channels/${create.id}`)).status, 204);
  t.is((await h.rest('DELETE', `/ari/channels/${ringing.id}`)).status, 204);
  h.sim.control.setPhone('1003', { mode: 'answer' });
});

test('bridges: create, add, get and errors have the captured shapes', async (t) => {
  const created = await h.rest('POST', '/ari/bridges?type=mixing&name=cc-1795424182.2');
  const want = fixture<{ resBody: Json }>('rest-bridge-create.json').resBody;
  t.deepEqual(normalize(created.body), normalize(want));
  const bridge = created.body as Json;
  const a = (await h.rest('POST', '/_sim/calls', { body: { from: '5551234', to: '100' } }))
    .body as Json;
  const b = (await h.rest('POST', '/_sim/calls', { body: { from: '5551235', to: '100' } }))
    .body as Json;
  const noChannel = await h.rest('POST', `/ari/bridges/${bridge.id}/addChannel`);
  t.deepEqual([noChannel.status, noChannel.body], [400, { message: 'Missing parameter channel' }]);
  const unknown = await h.rest('POST', `/ari/bridges/${bridge.id}/addChannel?channel=nope`);
  t.deepEqual([unknown.status, unknown.body], [400, { message: 'Channel not found' }]);
  t.is(
    (await h.rest('POST', `/ari/bridges/${bridge.id}/addChannel?channel=${a.channelId}`)).status,
    204,
  );
  t.is(
    (await h.rest('POST', `/ari/bridges/${bridge.id}/addChannel?channel=${b.channelId}`)).status,
    204,
  );
  const got = (await h.rest('GET', `/ari/bridges/${bridge.id}`)).body as Json;
  t.deepEqual(got.channels, [a.channelId, b.channelId]);
  const wantGet = fixture<{ resBody: Json }>('rest-bridge-get.json').resBody;
  t.deepEqual(Object.keys(got), Object.keys(wantGet));
  const dup = await h.rest('POST', `/ari/bridges/${bridge.id}`);
  t.is(dup.status, 409);
  const notIn = await h.rest(
    'POST',
    `/ari/bridges/${bridge.id}/removeChannel?channel=${a.channelId}`,
  );
  t.is(notIn.status, 204);
  const again = await h.rest(
    'POST',
    `/ari/bridges/${bridge.id}/removeChannel?channel=${a.channelId}`,
  );
  t.deepEqual([again.status, again.body], [422, { message: 'Channel not in this bridge' }]);
  t.is((await h.rest('DELETE', `/ari/bridges/${bridge.id}`)).status, 204);
  t.is((await h.rest('DELETE', `/ari/bridges/${bridge.id}`)).status, 404);
  await h.rest('DELETE', `/ari/channels/${a.channelId}`);
  await h.rest('DELETE', `/ari/channels/${b.channelId}`);
});

test('snoop: the captured response shape, and the spy enters its app', async (t) => {
  const obs = await h.events('observer', true);
  const call = (await h.rest('POST', '/_sim/calls', { body: { from: '5551234', to: '100' } }))
    .body as Json;
  await h.rest('POST', `/ari/channels/${call.channelId}/answer`);
  const got = await h.rest(
    'POST',
    `/ari/channels/${call.channelId}/snoop?spy=both&app=observer&snoopId=snoop-${call.channelId}`,
  );
  const want = fixture<{ resBody: Json }>('rest-channel-snoop.json').resBody;
  const norm = (b: Json) => ({
    ...(normalize(b) as Json),
    name: String(b.name).replace(/^Snoop\/[^-]+/, 'Snoop/X'),
  });
  t.deepEqual(norm(got.body as Json), norm(want));
  const start = await obs.next('StasisStart', `snoop-${call.channelId}`);
  t.deepEqual(start.args, []);
  await h.rest('DELETE', `/ari/channels/${call.channelId}`);
  await obs.next('ChannelDestroyed', `snoop-${call.channelId}`);
  await obs.close();
});

test('endpoints list the agent phones and the trunk', async (t) => {
  const list = (await h.rest('GET', '/ari/endpoints')).body as Json[];
  t.deepEqual(
    list.find((e) => e.resource === '1050'),
    {
      technology: 'PJSIP',
      resource: '1050',
      state: 'online',
      channel_ids: [],
    },
  );
  t.truthy(list.find((e) => e.resource === 'trunk'));
  t.is((await h.rest('GET', '/ari/endpoints/PJSIP/1051')).status, 200);
  t.deepEqual((await h.rest('GET', '/ari/endpoints/PJSIP/nope')).body, {
    message: 'Endpoint not found',
  });
});

test('device states: Stasis devices are settable, others are not', async (t) => {
  t.is((await h.rest('PUT', '/ari/deviceStates/Stasis:queue1?deviceState=BUSY')).status, 204);
  t.deepEqual((await h.rest('GET', '/ari/deviceStates/Stasis:queue1')).body, {
    name: 'Stasis:queue1',
    state: 'BUSY',
  });
  // 1052: a phone no other test of this file calls.
  t.deepEqual((await h.rest('GET', '/ari/deviceStates/PJSIP%2F1052')).body, {
    name: 'PJSIP/1052',
    state: 'NOT_INUSE',
  });
  const refused = await h.rest('PUT', '/ari/deviceStates/PJSIP%2F1052?deviceState=BUSY');
  t.deepEqual([refused.status, refused.body], [409, { message: 'Uncontrolled device specified' }]);
});

test('applications: get, subscribe and its errors', async (t) => {
  const app = (await h.rest('GET', '/ari/applications/callcenter')).body as Json;
  t.deepEqual(Object.keys(app), [
    'name',
    'channel_ids',
    'bridge_ids',
    'endpoint_ids',
    'device_names',
    'events_allowed',
    'events_disallowed',
  ]);
  t.deepEqual((await h.rest('GET', '/ari/applications/nope')).body, {
    message: 'Application not found',
  });
  const sub = await h.rest(
    'POST',
    '/ari/applications/callcenter/subscription?eventSource=endpoint:PJSIP/1001',
  );
  t.deepEqual((sub.body as Json).endpoint_ids, ['PJSIP/1001']);
  const bad = await h.rest(
    'POST',
    '/ari/applications/callcenter/subscription?eventSource=channel:nope',
  );
  t.deepEqual([bad.status, bad.body], [422, { message: 'Event source does not exist' }]);
  const scheme = await h.rest(
    'POST',
    '/ari/applications/callcenter/subscription?eventSource=foo:bar',
  );
  t.is(scheme.status, 400);
  const notSub = await h.rest(
    'DELETE',
    '/ari/applications/callcenter/subscription?eventSource=endpoint:PJSIP/1002',
  );
  t.is(notSub.status, 409);
});
