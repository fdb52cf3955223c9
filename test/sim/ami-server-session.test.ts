import test from 'ava';
import type { AmiFields } from '../../src/sim/ami/backend.ts';
import { FakeBackend, fixture, makeAmiStarter, parseRaw, sample } from './ami-server-helpers.ts';

const { start, closeAll } = makeAmiStarter();
test.after.always(closeAll);

test('replays the raw nc session byte for byte (ami-nc-session.txt)', async (t) => {
  const { client } = await start();
  const c = await client();
  const got: string[] = [await c.readLine()];
  c.send([
    ['Action', 'Login'],
    ['Username', 'cc'],
    ['Secret', 'cc'],
    ['Events', 'off'],
  ]);
  got.push(await c.readMessage());
  c.send([
    ['Action', 'CoreShowChannels'],
    ['ActionID', 'csc1'],
  ]);
  got.push(await c.readMessage(), await c.readMessage());
  c.send([
    ['Action', 'Ping'],
    ['ActionID', 'p1'],
  ]);
  got.push(await c.readMessage());
  c.send([
    ['Action', 'NoSuchAction'],
    ['ActionID', 'bad1'],
  ]);
  got.push(await c.readMessage());
  c.send([['Action', 'Logoff']]);
  got.push(await c.readMessage());
  await c.endPromise;
  t.is(got.join(''), fixture('ami-nc-session.txt'));
});

test('a wrong secret gets Authentication failed and the connection is closed (ami-nc-bad-login.txt)', async (t) => {
  const { client } = await start();
  const c = await client();
  const banner = await c.readLine();
  c.send([
    ['Action', 'Login'],
    ['Username', 'cc'],
    ['Secret', 'wrong'],
  ]);
  const reply = await c.readMessage();
  await c.endPromise;
  t.is(banner + reply, fixture('ami-nc-bad-login.txt'));
  t.true(c.ended);
});

test('Login with Events: on answers like the capture, then FullyBooted and SuccessfulAuth', async (t) => {
  const clock = { ms: 1_795_424_175_067.375 };
  const { client } = await start(new FakeBackend(), clock);
  const c = await client();
  clock.ms += 43_000;
  const reply = await c.login('on', 'events-1');
  t.is(reply, sample('Response-Success-to-Login.txt', 2));
  const booted = await c.readMessage();
  t.is(
    booted,
    'Event: FullyBooted\r\nPrivilege: system,all\r\nUptime: 43\r\nLastReload: 43\r\nStatus: Fully Booted\r\n\r\n',
  );
  const auth = parseRaw(await c.readMessage());
  const captured = parseRaw(sample('Event-SuccessfulAuth.txt', 0));
  t.deepEqual(
    auth.map(([k]) => k),
    captured.map(([k]) => k),
  );
  t.deepEqual(auth.slice(4, 8), captured.slice(4, 8)); // Severity .. AccountID
  t.regex(auth.find(([k]) => k === 'RemoteAddress')?.[1] ?? '', /^IPV4\/TCP\/127\.0\.0\.1\/\d+$/);
});

test('actions before Login are refused; Logoff is allowed; an empty message lacks an action', async (t) => {
  const { client } = await start();
  const c = await client();
  await c.readLine();
  c.send([
    ['Action', 'CoreShowChannels'],
    ['ActionID', 'x1'],
  ]);
  t.is(
    await c.readMessage(),
    'Response: Error\r\nActionID: x1\r\nMessage: Permission denied\r\n\r\n',
  );
  c.send([['ActionID', 'x2']]);
  t.is(
    await c.readMessage(),
    'Response: Error\r\nActionID: x2\r\nMessage: Missing action in request\r\n\r\n',
  );
  c.send([
    ['Action', 'Logoff'],
    ['ActionID', 'coreshowchannels-3'],
  ]);
  t.is(await c.readMessage(), sample('Response-Goodbye-to-Logoff.txt', 0));
  await c.endPromise;
  t.true(c.ended);
});

test('a second Login is acknowledged as Already authenticated', async (t) => {
  const { client } = await start();
  const c = await client();
  await c.login('off');
  c.send([
    ['Action', 'login'],
    ['Username', 'cc'],
    ['Secret', 'cc'],
  ]);
  t.is(await c.readMessage(), 'Response: Success\r\nMessage: Already authenticated\r\n\r\n');
});

test('backend events reach logged-in sessions whose mask wants their class', async (t) => {
  const { client, backend, server } = await start();
  const all = await client();
  const callOnly = await client();
  const off = await client();
  const anonymous = await client();
  await callOnly.login('call,cdr');
  await off.login('off');
  await anonymous.readLine();
  await all.login('on');
  await all.readUntil('SuccessfulAuth');
  const newchannel = sample('Event-Newchannel.txt', 0);
  const varset = sample('Event-VarSet.txt', 0);
  backend.emit(parseRaw(varset) as AmiFields);
  backend.emit(parseRaw(newchannel) as AmiFields);
  t.deepEqual([await all.readMessage(), await all.readMessage()], [varset, newchannel]);
  t.is(await callOnly.readMessage(), newchannel);
  for (const c of [off, callOnly, anonymous]) {
    c.send([
      ['Action', 'Ping'],
      ['ActionID', 'after'],
    ]);
  }
  t.regex(await off.readMessage(), /^Response: Success\r\nActionID: after\r\nPing: Pong/);
  t.regex(await callOnly.readMessage(), /^Response: Success\r\nActionID: after\r\nPing: Pong/);
  t.regex(await anonymous.readMessage(), /Permission denied/);
  t.is(server.sessionCount(), 4);
});

test('the Events action switches events off and on', async (t) => {
  const { client, backend } = await start();
  const c = await client();
  await c.login('off');
  c.send([
    ['Action', 'Events'],
    ['ActionID', 'e1'],
    ['EventMask', 'on'],
  ]);
  t.is(await c.readMessage(), 'Response: Success\r\nActionID: e1\r\nEvents: On\r\n\r\n');
  const hangup = sample('Event-Hangup.txt', 0);
  backend.emit(parseRaw(hangup) as AmiFields);
  t.is(await c.readMessage(), hangup);
  c.send([
    ['Action', 'Events'],
    ['EventMask', 'off'],
  ]);
  t.is(await c.readMessage(), 'Response: Success\r\nEvents: Off\r\n\r\n');
  c.send([['Action', 'Events']]);
  t.is(await c.readMessage(), 'Response: Error\r\nMessage: Invalid event mask\r\n\r\n');
});

test('events raised while an action runs are written after its reply', async (t) => {
  const backend = new FakeBackend();
  const newchannel = sample('Event-Newchannel.txt', 0);
  backend.originateResult = async () => {
    backend.emit(parseRaw(newchannel) as AmiFields);
    return {
      success: true,
      reason: 4,
      channel: 'PJSIP/1001-1',
      uniqueid: '1.1',
      callerIdNum: '',
      callerIdName: '',
      context: 'from-trunk',
      exten: '8100',
    };
  };
  const { client } = await start(backend);
  const c = await client();
  await c.login('call');
  c.send([
    ['Action', 'Originate'],
    ['Channel', 'PJSIP/1001'],
    ['Context', 'from-trunk'],
    ['Exten', '8100'],
    ['Priority', '1'],
  ]);
  t.is(
    await c.readMessage(),
    'Response: Success\r\nMessage: Originate successfully queued\r\n\r\n',
  );
  t.is(await c.readMessage(), newchannel);
});

test('action names match case-insensitively; the unknown-action text names the action', async (t) => {
  const { client } = await start();
  const c = await client();
  await c.login('off');
  c.send([
    ['action', 'PING'],
    ['actionid', 'lower'],
  ]);
  t.regex(
    await c.readMessage(),
    /^Response: Success\r\nActionID: lower\r\nPing: Pong\r\nTimestamp: \d+\.\d{6}\r\n\r\n$/,
  );
  c.send([['Action', 'QueueStatusX']]);
  t.is(
    await c.readMessage(),
    'Response: Error\r\nMessage: Invalid/unknown command: QueueStatusX. Use Action: ListCommands to show available commands.\r\n\r\n',
  );
});
