import { createServer } from 'node:net';
import test, { type ExecutionContext } from 'ava';
import pino from 'pino';
import { Registry } from 'prom-client';
import {
  type AriClient,
  type AriClientOptions,
  createAriClient,
} from '../../src/asterisk/ari/client.ts';
import { AriError, isAriError, isGone } from '../../src/asterisk/ari/errors.ts';
import { captured, type RestServer, startRestServer } from '../fixtures/ari/rest-server.ts';

const credentials = { user: 'callwright', password: 's3cret' };
let server: RestServer;

test.before(async () => {
  server = await startRestServer(credentials);
});

test.after.always(async () => {
  await server?.close();
});

function client(t: ExecutionContext, options: Partial<AriClientOptions> = {}): AriClient {
  const ari = createAriClient({
    url: server.url,
    ...credentials,
    app: 'callcenter',
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    ...options,
  });
  t.teardown(() => ari.close());
  return ari;
}

const STATUS_CODES: Array<[number, string, string]> = [
  [400, 'ARI_BAD_REQUEST', 'DTMF is required'],
  [403, 'ARI_FORBIDDEN', 'The recording file could not be opened'],
  [409, 'ARI_CONFLICT', 'Channel not in a Stasis application'],
  [412, 'ARI_INVALID_STATE', 'Channel in invalid state'],
  [422, 'ARI_UNPROCESSABLE', 'The format specified is unknown on this system'],
  [500, 'ARI_SERVER_ERROR', 'Internal Server Error'],
  [501, 'ARI_NOT_IMPLEMENTED', 'Not implemented'],
  [503, 'ARI_UNAVAILABLE', 'Service Unavailable'],
  [418, 'ARI_HTTP_ERROR', 'I am a teapot'],
];

for (const [status, code, message] of STATUS_CODES) {
  test(`HTTP ${status} throws ${code} with operation and server message`, async (t) => {
    const id = `status-${status}`;
    server.route('POST', `/ari/channels/${id}/answer`, { status, body: { message } });
    const error = await t.throwsAsync(client(t).channels.answer(id), { instanceOf: AriError });
    t.like(error, { code, status, operation: 'channels.answer', serverMessage: message });
    t.true(isAriError(error));
    t.regex(error?.message ?? '', new RegExp(`channels.answer failed with ${code}`));
  });
}

test('a non-JSON error body is quoted raw', async (t) => {
  server.route('GET', '/ari/channels/raw-error-1', {
    status: 502,
    body: Buffer.from('Bad Gateway'),
  });
  const error = await t.throwsAsync(client(t).channels.get('raw-error-1'));
  t.like(error, { code: 'ARI_UNAVAILABLE', status: 502, serverMessage: 'Bad Gateway' });
});

test("ARI's generic 404 for an unknown path is ARI_NOT_FOUND, not Gone", async (t) => {
  // No route: the server answers like Asterisk, 404 {"message":"Resource not found"}.
  const error = await t.throwsAsync(client(t).channels.hangup('no-such-route-1'));
  t.like(error, { code: 'ARI_NOT_FOUND', status: 404, serverMessage: 'Resource not found' });
});

test('a 404 on an operation without a gone resource throws ARI_NOT_FOUND', async (t) => {
  server.route('GET', '/ari/applications/missing-app', {
    status: 404,
    body: { message: 'Application does not exist.' },
  });
  const error = await t.throwsAsync(client(t).applications.get('missing-app'));
  t.like(error, { code: 'ARI_NOT_FOUND', operation: 'applications.get' });
});

test('redirect to an unknown endpoint throws; only a gone channel is Gone', async (t) => {
  server.route('POST', '/ari/channels/redirect-1/redirect', {
    status: 404,
    body: { message: 'Endpoint not found' },
  });
  server.route('POST', '/ari/channels/redirect-2/redirect', {
    status: 404,
    body: { message: 'Channel not found' },
  });
  const ari = client(t);
  const error = await t.throwsAsync(ari.channels.redirect('redirect-1', 'PJSIP/9999'));
  t.like(error, { code: 'ARI_NOT_FOUND', serverMessage: 'Endpoint not found' });
  t.like(await ari.channels.redirect('redirect-2', 'PJSIP/1002'), { gone: true, id: 'redirect-2' });
});

test('a 2xx body that does not match the spec throws ARI_BAD_RESPONSE', async (t) => {
  server.route('GET', '/ari/channels/bad-body-1', { status: 200, body: { name: 'no id' } });
  server.route('GET', '/ari/channels/bad-json-1', { status: 200, body: Buffer.from('{oops') });
  const ari = client(t);
  const shape = await t.throwsAsync(ari.channels.get('bad-body-1'));
  t.like(shape, { code: 'ARI_BAD_RESPONSE', status: 200, operation: 'channels.get' });
  t.regex(shape?.message ?? '', /id/);
  t.like(await t.throwsAsync(ari.channels.get('bad-json-1')), { code: 'ARI_BAD_RESPONSE' });
});

test('an unreachable Asterisk throws ARI_UNREACHABLE', async (t) => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const ari = client(t, { url: `http://127.0.0.1:${port}` });
  const error = await t.throwsAsync(ari.channels.list());
  t.like(error, { code: 'ARI_UNREACHABLE', status: undefined, operation: 'channels.list' });
});

test('a request without an answer within the timeout throws ARI_TIMEOUT', async (t) => {
  server.route('GET', '/ari/channels/slow-1', 'hold');
  const error = await t.throwsAsync(client(t, { requestTimeoutMs: 50 }).channels.get('slow-1'));
  t.like(error, { code: 'ARI_TIMEOUT', operation: 'channels.get' });
});

test('close() aborts in-flight requests and refuses new ones with ARI_CLOSED', async (t) => {
  server.route('GET', '/ari/channels/slow-2', 'hold');
  const ari = client(t);
  const pending = ari.channels.get('slow-2');
  await server.waitForRequest('GET', '/ari/channels/slow-2');
  await ari.close();
  t.like(await t.throwsAsync(pending), { code: 'ARI_CLOSED' });
  t.like(await t.throwsAsync(ari.channels.list()), { code: 'ARI_CLOSED' });
});

async function metricValues(registry: Registry, name: string) {
  return (await registry.getSingleMetric(name)?.get())?.values ?? [];
}

test('REST calls are timed by operation and outcome; errors are counted by code', async (t) => {
  const registry = new Registry();
  const ari = client(t, { registry });
  server.replay(captured('hangup-gone'));
  server.replay(captured('channel-answer'));
  server.route('POST', '/ari/channels/metrics-409/answer', {
    status: 409,
    body: { message: 'Channel not in a Stasis application' },
  });
  t.true(isGone(await ari.channels.hangup('1795424176.1')));
  await ari.channels.answer('1795424176.1');
  await ari.channels.answer('1795424176.1');
  await t.throwsAsync(ari.channels.answer('metrics-409'));

  const counts = (await metricValues(registry, 'callwright_ari_rest_duration_seconds'))
    .map((v) => v as typeof v & { metricName?: string })
    .filter((v) => v.metricName === 'callwright_ari_rest_duration_seconds_count')
    .map((v) => [v.labels.operation, v.labels.outcome, v.value]);
  t.deepEqual(
    counts.sort(),
    [
      ['channels.answer', 'error', 1],
      ['channels.answer', 'ok', 2],
      ['channels.hangup', 'gone', 1],
    ].sort(),
  );
  const errors = await metricValues(registry, 'callwright_ari_rest_errors_total');
  t.deepEqual(
    errors.map((v) => [v.labels.operation, v.labels.code, v.value]),
    [['channels.answer', 'ARI_CONFLICT', 1]],
  );
});

test('two clients on one registry share the metrics instead of failing', (t) => {
  const registry = new Registry();
  client(t, { registry });
  t.notThrows(() => client(t, { registry }));
  t.is(registry.getMetricsAsArray().filter((m) => m.name === 'callwright_ari_connected').length, 1);
});
