import type { ExecutionContext } from 'ava';
import test from 'ava';
import pino from 'pino';
import { Registry } from 'prom-client';
import { backoffDelay } from '../../src/asterisk/ami/ami-backoff.ts';
import { createAmiClient, DEFAULT_AMI_BACKOFF } from '../../src/asterisk/ami/ami-client.ts';
import type { AmiClientOptions } from '../../src/asterisk/ami/ami-client-types.ts';
import { isAmiError } from '../../src/asterisk/ami/ami-errors.ts';
import type { AmiEvent } from '../../src/asterisk/ami/ami-event-types.ts';
import {
  amiFixture,
  FakeAmiPeer,
  type PeerConnection,
  type ReceivedAction,
  splitBanner,
  standardBehaviour,
  withActionId,
} from './ami-fake-peer.ts';

type Behaviour = (conn: PeerConnection, action: ReceivedAction) => void;

/** Standard Login/Ping/Logoff answers plus per-test actions. */
function behaviour(extra: Record<string, Behaviour>): Behaviour {
  return (conn, action) => {
    const handler = extra[action.get('Action') ?? ''];
    if (handler) handler(conn, action);
    else standardBehaviour(conn, action);
  };
}

async function startPeer(t: ExecutionContext, extra: Record<string, Behaviour> = {}) {
  const peer = await FakeAmiPeer.start(behaviour(extra));
  t.teardown(() => peer.close());
  return peer;
}

function startClient(
  t: ExecutionContext,
  peer: FakeAmiPeer,
  overrides: Partial<AmiClientOptions> = {},
) {
  const registry = new Registry();
  const client = createAmiClient({
    host: '127.0.0.1',
    port: peer.port,
    username: 'cc',
    secret: 'cc',
    logger: pino({ level: 'silent' }),
    registry,
    actionTimeoutMs: 5_000,
    pingIntervalMs: 0,
    reconnect: { minMs: 1, maxMs: 5 },
    ...overrides,
  });
  const events: AmiEvent[] = [];
  client.onEvent((e) => events.push(e));
  t.teardown(() => client.close());
  return { client, registry, events };
}

async function metric(registry: Registry, name: string, labels: Record<string, string> = {}) {
  const found = registry.getSingleMetric(name);
  if (!found) return undefined;
  const { values } = await found.get();
  const match = values.find((v) =>
    Object.entries(labels).every(([k, value]) => v.labels[k] === value),
  );
  return match?.value ?? 0;
}

const idOf = (action: ReceivedAction) => action.get('ActionID') ?? '';

test.serial('close() sends Logoff and leaves no socket or timer behind', async (t) => {
  // What a client can leak: client sockets and timers (the fake server is ours).
  const count = () => {
    const counts: Record<string, number> = { TCPSocketWrap: 0, Timeout: 0 };
    for (const r of process.getActiveResourcesInfo()) {
      if (r in counts) counts[r] = (counts[r] ?? 0) + 1;
    }
    return counts;
  };
  const before = count();
  const peer = await FakeAmiPeer.start();
  const { client } = startClient(t, peer, { pingIntervalMs: 30 });
  await client.whenConnected();
  const conn = await peer.connection(0);
  await conn.nextAction('Ping');
  await client.close();
  await conn.closed;
  await peer.close();
  t.is(conn.actions.at(-1)?.get('Action'), 'Logoff');
  t.false(client.connected);
  t.deepEqual(count(), before);
  const err = await t.throwsAsync(client.action('Ping'));
  t.true(isAmiError(err, 'AMI_CLOSED'));
});

test('logs in after the banner with CRLF framing and reports the AMI version', async (t) => {
  const peer = await startPeer(t);
  const { client, registry, events } = startClient(t, peer);
  await client.whenConnected();
  const conn = await peer.connection(0);
  const login = conn.actions[0];
  t.is(login?.get('Action'), 'Login');
  t.is(login?.get('Username'), 'cc');
  t.is(login?.get('Secret'), 'cc');
  t.is(login?.get('Events'), 'on');
  t.regex(conn.rawReceived, /^Action: Login\r\nActionID: [^\r\n]+\r\nUsername: cc\r\n/);
  t.true(conn.rawReceived.endsWith('\r\n\r\n'));
  t.is(client.status().amiVersion, '11.0.0');
  t.is(await metric(registry, 'callwright_ami_connected'), 1);
  // FullyBooted follows the login response in the capture; it arrives typed.
  await client.action('Ping');
  t.like(
    events.find((e) => e.event === 'FullyBooted'),
    { event: 'FullyBooted', status: 'Fully Booted' },
  );
});

test('a refused login is AMI_AUTH_FAILED and the retry waits the slow auth delay', async (t) => {
  const bad = splitBanner(amiFixture('login-bad.txt'));
  const peer = await startPeer(t, {
    Login: (conn, action) => conn.write(withActionId(bad.rest, idOf(action))),
  });
  const { client } = startClient(t, peer, { reconnect: { minMs: 1, maxMs: 60_000 } });
  const err = await t.throwsAsync(client.whenConnected());
  t.true(isAmiError(err, 'AMI_AUTH_FAILED'));
  t.regex(err?.message ?? '', /Authentication failed/);
  t.is(client.status().nextRetryMs, 60_000);
  t.is(peer.connections.length, 1);
  const offline = await t.throwsAsync(client.action('Ping'));
  t.true(isAmiError(offline, 'AMI_DISCONNECTED'));
});

test('by default a lost AMI is retried within a second, bad credentials only every 30 s', async (t) => {
  const worst = Math.max(
    ...Array.from({ length: 40 }, (_, failures) =>
      backoffDelay(failures, DEFAULT_AMI_BACKOFF, () => 0.999_999),
    ),
  );
  t.true(worst <= 1_000, `worst network retry delay ${worst} ms`);
  const bad = splitBanner(amiFixture('login-bad.txt'));
  const peer = await startPeer(t, {
    Login: (conn, action) => conn.write(withActionId(bad.rest, idOf(action))),
  });
  const { client } = startClient(t, peer, { reconnect: undefined });
  await t.throwsAsync(client.whenConnected());
  t.is(client.status().nextRetryMs, 30_000);
});

test('Ping resolves with the captured Pong response', async (t) => {
  const peer = await startPeer(t);
  const { client } = startClient(t, peer);
  await client.whenConnected();
  const { response, events } = await client.action('Ping');
  t.is(response.get('Ping'), 'Pong');
  t.is(response.get('Timestamp'), '1795424404.584108');
  t.deepEqual(events, []);
});

test('Response: Error rejects AMI_ACTION_FAILED with the whole server message', async (t) => {
  const peer = await startPeer(t, {
    NoSuchAction: (conn, a) =>
      conn.write(withActionId(amiFixture('error-unknown-action.txt'), idOf(a))),
  });
  const { client } = startClient(t, peer);
  await client.whenConnected();
  const err = await t.throwsAsync(client.action('NoSuchAction'));
  t.true(isAmiError(err, 'AMI_ACTION_FAILED'));
  if (!isAmiError(err)) return;
  t.is(
    err.details.response?.get('Message'),
    'Invalid/unknown command: NoSuchAction. Use Action: ListCommands to show available commands.',
  );
});

test('CoreShowChannels collects the event list until EventList: Complete', async (t) => {
  const reply = amiFixture('coreshowchannels-reply.txt');
  const unrelated = amiFixture('events/Newchannel.txt');
  const peer = await startPeer(t, {
    CoreShowChannels: (conn, a) => {
      // Asterisk interleaves unrelated events with list items; only ActionID decides.
      const frames = withActionId(reply, idOf(a)).split(/(?<=\r\n\r\n)/);
      conn.write(frames.slice(0, 2).join('') + unrelated + frames.slice(2).join(''));
    },
  });
  const { client, events } = startClient(t, peer);
  await client.whenConnected();
  const result = await client.action('CoreShowChannels');
  t.is(result.response.get('EventList'), 'start');
  t.is(result.events.length, 4);
  t.deepEqual(
    result.events.map((e) => e.get('Channel')),
    [
      'Local/2001@sim-agent-00000002;1',
      'Local/100@sim-customer-00000001;2',
      'Local/100@sim-customer-00000001;1',
      'Local/2001@sim-agent-00000002;2',
    ],
  );
  t.is(result.complete?.get('ListItems'), '4');
  t.true(events.some((e) => e.event === 'Newchannel'));
  t.false(events.some((e) => e.event === 'Other' && e.name.startsWith('CoreShowChannel')));
});

test('Originate async resolves on the OriginateResponse, replayed byte by byte', async (t) => {
  const sequence = amiFixture('originate-async-reply.txt');
  const peer = await startPeer(t, {
    Originate: (conn, a) => conn.writeByteByByte(withActionId(sequence, idOf(a))),
  });
  const { client, events } = startClient(t, peer);
  await client.whenConnected();
  const result = await client.originate({
    Channel: 'Local/agi-dtmf@sim-customer',
    Context: 'from-trunk',
    Exten: '8100',
    Priority: 1,
    CallerID: '"Customer" <5551234>',
    Variable: ['CW_CALL=abc', 'CW_LEG=a'],
    Async: false,
  });
  t.like(result, {
    event: 'OriginateResponse',
    response: 'Success',
    reason: 4,
    channel: 'Local/agi-dtmf@sim-customer-00000004;1',
    uniqueid: '1795424216.11',
    context: 'from-trunk',
    exten: '8100',
  });
  const sent = (await peer.connection(0)).actions.find((a) => a.get('Action') === 'Originate');
  t.deepEqual(sent?.getAll('Variable'), ['CW_CALL=abc', 'CW_LEG=a']);
  t.deepEqual(sent?.getAll('Async'), ['true']);
  t.is(result.actionId, sent?.get('ActionID'));
  const newchannels = events.filter((e) => e.event === 'Newchannel');
  t.deepEqual(
    newchannels.map((e) => (e.event === 'Newchannel' ? e.uniqueid : '')),
    ['1795424216.11', '1795424216.12'],
  );
  t.true(events.some((e) => e.event === 'OriginateResponse'));
});

test('an OriginateResponse that never comes rejects AMI_TIMEOUT', async (t) => {
  const response = amiFixture('originate-async-reply.txt').split(/(?<=\r\n\r\n)/)[0] ?? '';
  const peer = await startPeer(t, {
    Originate: (conn, a) => conn.write(withActionId(response, idOf(a))),
  });
  const { client } = startClient(t, peer);
  await client.whenConnected();
  const err = await t.throwsAsync(client.originate({ Channel: 'Local/1@x' }, { timeoutMs: 50 }));
  t.true(isAmiError(err, 'AMI_TIMEOUT'));
});

test('a truncated frame followed by a close is counted and the action rejects', async (t) => {
  const reply = amiFixture('coreshowchannels-reply.txt');
  const peer = await startPeer(t, {
    CoreShowChannels: (conn, a) => {
      if (peer.connections.length > 1) return standardBehaviour(conn, a);
      conn.write(withActionId(reply, idOf(a)).slice(0, 400));
      conn.socket.destroy();
    },
  });
  const { client, registry } = startClient(t, peer);
  await client.whenConnected();
  const err = await t.throwsAsync(client.action('CoreShowChannels'));
  t.true(isAmiError(err, 'AMI_DISCONNECTED'));
  t.is(await metric(registry, 'callwright_ami_frames_rejected_total', { reason: 'truncated' }), 1);
  await peer.connection(1);
  await client.whenConnected();
  t.is((await client.action('Ping')).response.get('Ping'), 'Pong');
});

test('repeated response keys survive the client (Command output lines)', async (t) => {
  const peer = await startPeer(t, {
    Command: (conn, a) =>
      conn.write(
        `Response: Success\r\nActionID: ${idOf(a)}\r\nMessage: Command output follows\r\n` +
          'Output: Asterisk 22.10.1 built by root\r\nOutput: on a x86_64\r\n\r\n',
      ),
  });
  const { client } = startClient(t, peer);
  await client.whenConnected();
  const { response } = await client.action('Command', { Command: 'core show version' });
  t.deepEqual(response.getAll('Output'), ['Asterisk 22.10.1 built by root', 'on a x86_64']);
});

test('CR/LF injection is rejected before anything is written', async (t) => {
  const peer = await startPeer(t);
  const { client } = startClient(t, peer);
  await client.whenConnected();
  const conn = await peer.connection(0);
  const attempts = [
    client.action('Originate', {
      Channel: 'PJSIP/1001\r\nAction: Command\r\nCommand: core stop now',
    }),
    client.action('Originate', { 'Channel\nAction': 'Command' }),
    client.originate({ Channel: 'Local/1@x', Variable: ['A=1\rB'] }),
    client.action('Setvar', { Variable: 'X', Value: 'line1\nline2' }),
  ];
  for (const attempt of attempts) {
    const err = await t.throwsAsync(attempt);
    t.true(isAmiError(err, 'AMI_INVALID_VALUE'));
  }
  await client.action('Ping');
  t.deepEqual(
    conn.actions.map((a) => a.get('Action')),
    ['Login', 'Ping'],
  );
  t.false(conn.rawReceived.includes('Command'));
});

test('after 20 peer closes the client re-logs in every time and hooks run', async (t) => {
  const peer = await startPeer(t, {
    // The reconnect hook pings; the peer answers and then drops the connection.
    Ping: (conn, a) => {
      standardBehaviour(conn, a);
      conn.socket.end();
    },
  });
  const { client, registry } = startClient(t, peer);
  let runs = 0;
  const done = new Promise<void>((resolve) => {
    client.onReconnect(async () => {
      runs += 1;
      t.true(client.connected);
      if (runs === 21) return resolve();
      await client.action('Ping').catch(() => undefined);
    });
  });
  await done;
  t.is(peer.connections.length, 21);
  for (const conn of peer.connections) {
    t.is(conn.actions[0]?.get('Action'), 'Login');
  }
  t.is(await metric(registry, 'callwright_ami_reconnects_total'), 20);
});

test('a stalled peer makes the action time out without killing the session', async (t) => {
  const peer = await startPeer(t, { CoreShowChannels: () => {} });
  const { client, registry } = startClient(t, peer);
  await client.whenConnected();
  const err = await t.throwsAsync(client.action('CoreShowChannels', {}, { timeoutMs: 50 }));
  t.true(isAmiError(err, 'AMI_TIMEOUT'));
  t.is((await client.action('Ping')).response.get('Ping'), 'Pong');
  t.is(peer.connections.length, 1);
  t.is(await metric(registry, 'callwright_ami_actions_total', { outcome: 'timeout' }), 1);
});

test('keepalive pings are sent periodically while logged in', async (t) => {
  const peer = await startPeer(t);
  const { client } = startClient(t, peer, { pingIntervalMs: 10 });
  await client.whenConnected();
  const conn = await peer.connection(0);
  await conn.nextAction('Ping');
  await conn.nextAction('Ping');
  t.is(peer.connections.length, 1);
});

test('an unanswered keepalive ping tears the socket down and reconnects', async (t) => {
  const peer = await startPeer(t, {
    Ping: (conn, a) => {
      if (conn !== peer.connections[0]) standardBehaviour(conn, a);
    },
  });
  const { client, registry } = startClient(t, peer, { pingIntervalMs: 10, actionTimeoutMs: 250 });
  let logins = 0;
  const second = new Promise<void>((resolve) => {
    client.onReconnect(() => {
      logins += 1;
      if (logins === 2) resolve();
    });
  });
  await second;
  // The peer never closes a socket here, so the first one closing is the client's doing.
  const first = await peer.connection(0);
  await first.closed;
  t.true(first.actions.some((a) => a.get('Action') === 'Ping'));
  t.true(peer.connections.length >= 2);
  t.is(await metric(registry, 'callwright_ami_connected'), 1);
});

test('malformed frames and incomplete events are counted, never thrown', async (t) => {
  const hangupWithoutUniqueid = amiFixture('events/Hangup.txt').replace(/Uniqueid: [^\r]*\r\n/, '');
  const peer = await startPeer(t, {
    Ping: (conn, a) => {
      conn.write('this is not AMI\r\n\r\n');
      conn.write('Foo: bar\r\n\r\n');
      conn.write(hangupWithoutUniqueid);
      standardBehaviour(conn, a);
    },
  });
  const { client, registry, events } = startClient(t, peer);
  await client.whenConnected();
  await client.action('Ping');
  const rejected = (reason: string) =>
    metric(registry, 'callwright_ami_frames_rejected_total', { reason });
  t.is(await rejected('malformed_line'), 1);
  t.is(await rejected('no_type'), 1);
  t.is(await rejected('missing_field'), 1);
  t.false(events.some((e) => e.event === 'Hangup'));
});

test('actions before login reject AMI_DISCONNECTED; a throwing handler does not stop events', async (t) => {
  const peer = await startPeer(t);
  const { client, events } = startClient(t, peer);
  client.onEvent(() => {
    throw new Error('handler bug');
  });
  const early = await t.throwsAsync(client.action('Ping'));
  t.true(isAmiError(early, 'AMI_DISCONNECTED'));
  await client.whenConnected();
  await client.action('Ping');
  t.true(events.some((e) => e.event === 'FullyBooted'));
});
