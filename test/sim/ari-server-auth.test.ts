/**
 * ARI authentication of the simulator: Basic and api_key, and the exact 401
 * of a real Asterisk (test/fixtures/sim/ari-unauthorized.http).
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import WebSocket from 'ws';
import { type SimHarness, startHarness } from './ari-server-harness.ts';

let h: SimHarness;
test.before(async () => {
  h = await startHarness({ serverName: 'Asterisk-CC-Lab' });
});
test.after.always(async () => {
  await h?.close();
});

/** The captured 401: status, headers (by lower-case name) and body. */
function captured401() {
  const raw = readFileSync(
    new URL('../fixtures/sim/ari-unauthorized.http', import.meta.url),
    'utf8',
  );
  const [head = '', body = ''] = raw.split(/\r?\n\r?\n/);
  const [statusLine = '', ...lines] = head.split(/\r?\n/);
  const headers = new Map(
    lines.map((l) => {
      const i = l.indexOf(':');
      return [l.slice(0, i).toLowerCase(), l.slice(i + 1).trim()] as const;
    }),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: body.trim() };
}

test('no credentials: the captured 401, headers and body', async (t) => {
  const want = captured401();
  const got = await h.rest('GET', '/ari/asterisk/info', { auth: null });
  t.is(got.status, want.status);
  t.is(got.text, want.body);
  for (const name of [
    'server',
    'cache-control',
    'www-authenticate',
    'content-type',
    'content-length',
  ]) {
    t.is(got.headers.get(name), want.headers.get(name) ?? null, name);
  }
});

test('wrong password and wrong user are refused the same way', async (t) => {
  for (const creds of ['cc:nope', 'nobody:cc']) {
    const got = await h.rest('GET', '/ari/channels', {
      auth: `Basic ${Buffer.from(creds).toString('base64')}`,
    });
    t.is(got.status, 401);
    t.deepEqual(got.body, { message: 'Authentication required' });
  }
});

test('Basic and api_key credentials are accepted', async (t) => {
  t.is((await h.rest('GET', '/ari/asterisk/info')).status, 200);
  t.is((await h.rest('GET', '/ari/asterisk/info?api_key=cc:cc', { auth: null })).status, 200);
  t.is((await h.rest('GET', '/ari/asterisk/info?api_key=cc:bad', { auth: null })).status, 401);
});

test('the control API needs the same credentials', async (t) => {
  t.is((await h.rest('GET', '/_sim/channels', { auth: null })).status, 401);
  t.is((await h.rest('GET', '/_sim/channels')).status, 200);
});

test('the event WebSocket refuses missing credentials with 401 and a missing app with 400', async (t) => {
  const attempt = (query: string) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${h.sim.ariPort}/ari/events?${query}`);
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.on('open', () => {
        resolve(101);
        ws.close();
      });
      ws.on('error', () => {});
    });
  t.is(await attempt('app=callcenter'), 401);
  t.is(await attempt('app=callcenter&api_key=cc:wrong'), 401);
  t.is(await attempt('api_key=cc:cc'), 400);
  t.is(await attempt('app=callcenter&api_key=cc:cc'), 101);
});
