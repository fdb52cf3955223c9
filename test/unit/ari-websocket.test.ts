import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import test, { type ExecutionContext } from 'ava';
import pino from 'pino';
import { Registry } from 'prom-client';
import {
  type AriClient,
  type AriClientOptions,
  type AriEvent,
  createAriClient,
} from '../../src/asterisk/ari/client.ts';
import { eventsUrl } from '../../src/asterisk/ari/websocket.ts';
import {
  collector,
  type EventConnection,
  type EventServer,
  startEventServer,
} from '../fixtures/ari/ws-server.ts';

const credentials = { user: 'callwright', password: 's3cret' };
const EVENTS_DIR = new URL('../fixtures/ari/events/', import.meta.url);
const sequence = readFileSync(new URL('sequence-bridged-call.jsonl', EVENTS_DIR), 'utf8')
  .split('\n')
  .filter((line) => line.length > 0);
const varset = JSON.parse(readFileSync(new URL('ChannelVarset.json', EVENTS_DIR), 'utf8'))[0];

/** A real ChannelVarset frame whose value marks where it came from. */
const marked = (value: string) => JSON.stringify({ ...varset, value });

const servers: EventServer[] = [];

test.after.always(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function eventServer(options: Partial<Parameters<typeof startEventServer>[0]> = {}) {
  const server = await startEventServer({ ...credentials, ...options });
  servers.push(server);
  return server;
}

function client(
  t: ExecutionContext,
  url: string,
  options: Partial<AriClientOptions> = {},
): AriClient {
  const ari = createAriClient({
    url,
    ...credentials,
    app: 'callcenter',
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    reconnect: { minMs: 1, maxMs: 10 },
    ...options,
  });
  t.teardown(() => ari.close());
  return ari;
}

/** Counts of the live timers and TCP sockets of this process. */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = { Timeout: 0, TCPSocketWrap: 0 };
  for (const name of process.getActiveResourcesInfo()) {
    if (name in counts) counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

function stateReached(ari: AriClient, state: AriClient['state']): Promise<void> {
  return new Promise((resolve) => {
    const stop = ari.onStateChange((next) => {
      if (next !== state) return;
      stop();
      resolve();
    });
  });
}

test.serial('close() leaves no socket and no timer behind', async (t) => {
  const server = await eventServer();
  const before = activeResources();
  const registry = new Registry();
  const ari = client(t, server.url, { registry, pingIntervalMs: 20 });
  await ari.connect();
  const [connection] = await server.connections.until(1);
  t.is(ari.state, 'connected');
  t.is((await registry.getSingleMetric('callwright_ari_connected')?.get())?.values[0]?.value, 1);

  await ari.close();
  await connection?.closed;
  t.is(ari.state, 'disconnected');
  t.is((await registry.getSingleMetric('callwright_ari_connected')?.get())?.values[0]?.value, 0);
  t.deepEqual(activeResources(), before);
  await t.throwsAsync(ari.connect(), { message: /ARI_CLOSED/ });
});

test.serial('close() during a reconnect wait cancels the retry timer', async (t) => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const before = activeResources();
  const ari = client(t, `http://127.0.0.1:${port}`, {
    reconnect: { minMs: 60_000, maxMs: 60_000 },
  });
  const disconnected = stateReached(ari, 'disconnected');
  const connecting = ari.connect();
  await disconnected;
  t.is(activeResources().Timeout, (before.Timeout ?? 0) + 1);
  await ari.close();
  t.like(await t.throwsAsync(connecting), { code: 'ARI_CLOSED' });
  // Only timers: the refused socket's handle is still being released by libuv.
  t.is(activeResources().Timeout, before.Timeout);
});

test('connects to /ari/events with app, subscribeAll and Basic auth; events arrive in order', async (t) => {
  const server = await eventServer({
    onConnection: ({ ws }) => {
      for (const frame of sequence) ws.send(frame);
    },
  });
  const ari = client(t, server.url, { subscribeAll: true });
  const received = collector<AriEvent>();
  ari.onEvent((event) => received.push(event));
  await ari.connect();
  const events = await received.until(sequence.length);

  const [connection] = server.connections.items;
  t.is(connection?.url.pathname, '/ari/events');
  t.is(connection?.url.searchParams.get('app'), 'callcenter');
  t.is(connection?.url.searchParams.get('subscribeAll'), 'true');
  t.is(
    connection?.headers.authorization,
    `Basic ${Buffer.from('callwright:s3cret').toString('base64')}`,
  );
  t.deepEqual(
    events.map((e) => `${e.type} ${e.timestamp}`),
    sequence.map((line) => {
      const frame = JSON.parse(line);
      return `${frame.type} ${frame.timestamp}`;
    }),
  );
});

test('reconnects after each of 20 killed sockets and reconciles before newer events', async (t) => {
  const kills = 20;
  const server = await eventServer({
    onConnection: ({ ws, index }) => {
      ws.send(marked(`conn-${index}`), () => {
        if (index <= kills) ws.terminate();
      });
    },
  });
  const registry = new Registry();
  const ari = client(t, server.url, { registry });
  const log = collector<string>();
  ari.onReconnect(async ({ connection }) => {
    // Stands in for listing channels and bridges over REST.
    await new Promise<void>((resolve) => setImmediate(resolve));
    log.push(`reconcile ${connection}`);
  });
  ari.onEvent((event) => {
    if (event.type === 'ChannelVarset') log.push(`event ${event.value}`);
  });
  await ari.connect();
  await log.until(2 * (kills + 1));

  const expected = Array.from({ length: kills + 1 }, (_, i) => [
    `reconcile ${i + 1}`,
    `event conn-${i + 1}`,
  ]).flat();
  t.deepEqual(log.items, expected);
  t.is(server.connections.items.length, kills + 1);
  const connects = await registry.getSingleMetric('callwright_ari_connects_total')?.get();
  t.is(connects?.values[0]?.value, kills + 1);
});

test('malformed and unknown frames are counted and dropped; the stream goes on', async (t) => {
  const server = await eventServer({
    onConnection: ({ ws }) => {
      ws.send(marked('first'));
      ws.send('{"type":"StasisStart",');
      ws.send(JSON.stringify({ ...varset, type: 'ChannelTalkingStarted' }));
      ws.send('[]');
      ws.send(JSON.stringify({ ...varset, variable: undefined }));
      ws.send(marked('last'));
    },
  });
  const registry = new Registry();
  const ari = client(t, server.url, { registry });
  const values = collector<string>();
  ari.onEvent((event) => {
    if (event.type === 'ChannelVarset') values.push(event.value);
  });
  await ari.connect();
  t.deepEqual(await values.until(2), ['first', 'last']);
  const rejected = await registry.getSingleMetric('callwright_ari_frames_rejected_total')?.get();
  const byReason = Object.fromEntries(
    (rejected?.values ?? []).map((v) => [v.labels.reason, v.value]),
  );
  t.deepEqual(byReason, { malformed_json: 1, not_an_event: 1, unknown_type: 1, invalid_fields: 1 });
  t.is(ari.state, 'connected');
});

test('a throwing handler or hook does not stop delivery to others', async (t) => {
  const server = await eventServer({
    onConnection: ({ ws }) => {
      for (const value of ['a', 'b', 'c']) ws.send(marked(value));
    },
  });
  const ari = client(t, server.url);
  ari.onReconnect(() => {
    throw new Error('reconcile failed');
  });
  ari.onEvent(() => {
    throw new Error('handler bug');
  });
  ari.onEvent(async () => {
    throw new Error('async handler bug');
  });
  const values = collector<string>();
  ari.onEvent((event) => {
    if (event.type === 'ChannelVarset') values.push(event.value);
  });
  await ari.connect();
  t.deepEqual(await values.until(3), ['a', 'b', 'c']);
});

test('an unsubscribed handler gets no more events', async (t) => {
  let release: (connection: EventConnection) => void = () => undefined;
  const opened = new Promise<EventConnection>((resolve) => {
    release = resolve;
  });
  const server = await eventServer({ onConnection: (connection) => release(connection) });
  const ari = client(t, server.url);
  const first = collector<string>();
  const second = collector<string>();
  const stop = ari.onEvent((event) => {
    if (event.type === 'ChannelVarset') first.push(event.value);
  });
  ari.onEvent((event) => {
    if (event.type === 'ChannelVarset') second.push(event.value);
  });
  await ari.connect();
  const { ws } = await opened;
  ws.send(marked('one'));
  await second.until(1);
  stop();
  ws.send(marked('two'));
  t.deepEqual(await second.until(2), ['one', 'two']);
  t.deepEqual(first.items, ['one']);
});

test('a socket that stops answering pings is dropped and replaced', async (t) => {
  const server = await eventServer({ autoPong: false });
  const ari = client(t, server.url, { pingIntervalMs: 20 });
  const reconciled = collector<number>();
  ari.onReconnect(({ connection }) => reconciled.push(connection));
  await ari.connect();
  const [first] = await server.connections.until(2);
  await first?.closed;
  t.deepEqual((await reconciled.until(2)).slice(0, 2), [1, 2]);
});

test('a rejected upgrade (401) is retried and never reports connected', async (t) => {
  const server = await eventServer({ password: 'other' });
  const ari = client(t, server.url);
  const states = collector<string>();
  ari.onStateChange((state) => states.push(state));
  const connecting = ari.connect();
  connecting.catch(() => undefined);
  await server.attempts.until(3);
  t.false(states.items.includes('connected'));
  t.is(server.connections.items.length, 0);
  await ari.close();
  t.like(await t.throwsAsync(connecting), { code: 'ARI_CLOSED' });
});

test('connect() resolves after the first reconcile and at once when already reconciled', async (t) => {
  const server = await eventServer();
  const ari = client(t, server.url);
  let reconciled = false;
  ari.onReconnect(async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    reconciled = true;
  });
  await ari.connect();
  t.true(reconciled);
  t.is(ari.state, 'connected');
  await ari.connect();
  t.is(server.connections.items.length, 1);
});

test('the events URL keeps an http prefix and switches to ws/wss', (t) => {
  t.is(
    eventsUrl('https://pbx.example:8089/asterisk/', 'cw', true),
    'wss://pbx.example:8089/asterisk/ari/events?app=cw&subscribeAll=true',
  );
  t.is(
    eventsUrl('http://127.0.0.1:8088', 'callcenter', false),
    'ws://127.0.0.1:8088/ari/events?app=callcenter&subscribeAll=false',
  );
});
