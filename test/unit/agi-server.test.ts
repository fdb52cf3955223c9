import type { ExecutionContext } from 'ava';
import test from 'ava';
import pino from 'pino';
import { Registry } from 'prom-client';
import { isAgiError } from '../../src/asterisk/agi/agi-errors.ts';
import {
  type AgiServerOptions,
  type AgiSession,
  createAgiServer,
} from '../../src/asterisk/agi/agi-server.ts';
import {
  agiFixture,
  capturedEnvBlock,
  FakeAsterisk,
  parseTranscript,
} from './agi-fake-asterisk.ts';

type Handler = (session: AgiSession) => Promise<void>;

/** A server whose handler runs `handler`; `done` settles when each handler has returned. */
async function startServer(
  t: ExecutionContext,
  handler: Handler,
  extra: Partial<AgiServerOptions> = {},
) {
  const registry = new Registry();
  const finished: Array<() => void> = [];
  const handlerDone = () => new Promise<void>((resolve) => finished.push(resolve));
  const server = await createAgiServer({
    host: '127.0.0.1',
    port: 0,
    logger: pino({ level: 'silent' }),
    registry,
    commandTimeoutMs: 5_000,
    onSession: async (session) => {
      try {
        await handler(session);
      } finally {
        finished.shift()?.();
      }
    },
    ...extra,
  });
  t.teardown(() => server.close());
  return { server, registry, handlerDone };
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

const hangupOf = (s: AgiSession) => new Promise<void>((resolve) => s.onHangup(resolve));

test('replays the captured session: env, wire text, replies, 510 and HANGUP', async (t) => {
  const steps = parseTranscript(agiFixture('fastagi-session-1.txt'));
  const seen: Record<string, unknown> = {};
  const { server, registry, handlerDone } = await startServer(t, async (s) => {
    seen.env = s.env;
    seen.answer = await s.answer();
    seen.channelName = await s.getVariable('CHANNEL(name)');
    seen.set = await s.setVariable('LAB_AGI', 'hello');
    seen.verbose = await s.verbose('fastagi lab says hi', 1);
    seen.stream = await s.streamFile('hello-world', '');
    seen.data = await s.getData('beep', 8000, 4);
    seen.say = await s.sayDigits('42', '');
    seen.status = await s.channelStatus();
    seen.exec = await s.exec('NoOp', 'from fastagi');
    seen.unknown = await s.command('NOSUCHCOMMAND foo').catch((err: unknown) => err);
    const hungUp = hangupOf(s);
    seen.hangup = await s.hangup();
    await hungUp;
    seen.hungUp = s.hungUp;
    await s.closed;
  });
  const done = handlerDone();
  const asterisk = await FakeAsterisk.connect(server.port);
  const wrote = await asterisk.replay(steps);
  await done;

  const expectedWire = steps.flatMap((s) => (s.dir === 'C->S' ? [s.line] : []));
  t.deepEqual(wrote, expectedWire);
  t.deepEqual(asterisk.received, expectedWire);

  const env = seen.env as AgiSession['env'];
  t.deepEqual(env.raw, JSON.parse(agiFixture('fastagi-env-1.json')));
  t.like(env, {
    channel: 'Local/agi-dtmf@sim-customer-00000004;1',
    uniqueid: '1795424216.11',
    callerid: '5551234',
    calleridname: 'Customer',
    dnid: 'unknown',
    context: 'from-trunk',
    extension: '8100',
    priority: '2',
    accountcode: '',
    network: 'yes',
    network_script: 'ivr',
    request: 'agi://127.0.0.1:4573/ivr',
    path: '/ivr',
    version: '22.10.1',
    enhanced: '0.0',
  });
  t.deepEqual(env.args, []);
  t.deepEqual(env.query, {});

  t.like(seen.answer as object, { code: 200, result: 0 });
  t.is(seen.channelName, 'Local/agi-dtmf@sim-customer-00000004;1');
  t.like(seen.stream as object, { digit: null, failed: false, endpos: 10079 });
  t.like(seen.data as object, { digits: '1234', timedOut: false, failed: false });
  t.like(seen.say as object, { digit: null, failed: false });
  t.is(seen.status, 6);
  t.like(seen.exec as object, { result: 0 });
  t.true(isAgiError(seen.unknown, 'AGI_UNKNOWN_COMMAND'));
  t.like(seen.hangup as object, { result: 1 });
  t.true(seen.hungUp);
  await asterisk.closed;
  t.is(await metric(registry, 'callwright_agi_sessions_started_total'), 1);
  t.is(await metric(registry, 'callwright_agi_sessions_active'), 0);
  t.is(await metric(registry, 'callwright_agi_lines_rejected_total'), 0);
  const latency = await registry.getSingleMetric('callwright_agi_command_duration_seconds')?.get();
  const count = (command: string, outcome: string) =>
    latency?.values.find(
      (v) =>
        (v as { metricName?: string }).metricName ===
          'callwright_agi_command_duration_seconds_count' &&
        v.labels.command === command &&
        v.labels.outcome === outcome,
    )?.value;
  t.is(count('ANSWER', 'success'), 1);
  t.is(count('NOSUCHCOMMAND', 'error'), 1);
});

/** Connects a fake Asterisk that has sent the captured env block. */
async function callIn(port: number): Promise<FakeAsterisk> {
  const asterisk = await FakeAsterisk.connect(port);
  asterisk.write(capturedEnvBlock());
  return asterisk;
}

test('after a caller hang-up, 511 on a dead channel is AGI_DEAD_CHANNEL', async (t) => {
  let err: unknown;
  let hungUpSeen = false;
  const { server, handlerDone } = await startServer(t, async (s) => {
    await hangupOf(s);
    hungUpSeen = s.hungUp;
    err = await s.streamFile('demo-congrats', '#').catch((e: unknown) => e);
  });
  const done = handlerDone();
  const asterisk = await callIn(server.port);
  asterisk.send('HANGUP');
  t.is(await asterisk.nextLine(), 'STREAM FILE demo-congrats #');
  asterisk.send('511 Command Not Permitted on a dead channel or intercept routine');
  await done;
  t.true(hungUpSeen);
  t.true(isAgiError(err, 'AGI_DEAD_CHANNEL'));
  if (isAgiError(err)) t.is(err.details.status, 511);
});

test('520 usage blocks (multi-line and single-line) are AGI_USAGE and framing holds', async (t) => {
  const results: unknown[] = [];
  const { server, handlerDone } = await startServer(t, async (s) => {
    results.push(await s.command('WAIT FOR DIGIT').catch((e: unknown) => e));
    results.push(await s.command('DATABASE DEL').catch((e: unknown) => e));
    results.push(await s.answer());
  });
  const done = handlerDone();
  const asterisk = await callIn(server.port);
  t.is(await asterisk.nextLine(), 'WAIT FOR DIGIT');
  asterisk.write(
    '520-Invalid command syntax.  Proper usage follows:\n' +
      ' Usage: WAIT FOR DIGIT <timeout>\n' +
      '200 result=0 looks like a reply but is usage text\n' +
      'HANGUP\n' +
      '520 End of proper usage.\n',
  );
  t.is(await asterisk.nextLine(), 'DATABASE DEL');
  asterisk.send('520 Invalid command syntax.  Proper usage not available.');
  t.is(await asterisk.nextLine(), 'ANSWER');
  asterisk.send('200 result=0');
  await done;
  const [multi, single, answer] = results;
  t.true(isAgiError(multi, 'AGI_USAGE'));
  if (isAgiError(multi)) {
    t.is(
      multi.details.usage,
      ' Usage: WAIT FOR DIGIT <timeout>\n200 result=0 looks like a reply but is usage text\nHANGUP',
    );
  }
  t.true(isAgiError(single, 'AGI_USAGE'));
  if (isAgiError(single)) t.is(single.details.usage, undefined);
  t.like(answer as object, { code: 200, result: 0 });
});

test('a command pending at HANGUP rejects AGI_HANGUP; its late reply is not given to the next', async (t) => {
  let pending: unknown;
  let value: string | undefined;
  const { server, handlerDone } = await startServer(t, async (s) => {
    pending = await s.streamFile('tt-monkeys', '').catch((e: unknown) => e);
    value = await s.getVariable('CALLERID(num)');
  });
  const done = handlerDone();
  const asterisk = await callIn(server.port);
  t.is(await asterisk.nextLine(), 'STREAM FILE tt-monkeys ""');
  asterisk.send('HANGUP');
  t.is(await asterisk.nextLine(), 'GET VARIABLE CALLERID(num)');
  asterisk.send('200 result=-1 endpos=1200');
  asterisk.send('200 result=1 (5551234)');
  await done;
  t.true(isAgiError(pending, 'AGI_HANGUP'));
  t.is(value, '5551234');
});

test('a timed-out command rejects AGI_TIMEOUT and the late reply is discarded', async (t) => {
  let slow: unknown;
  let status: number | undefined;
  const { server, registry, handlerDone } = await startServer(t, async (s) => {
    slow = await s.command('ANSWER', { timeoutMs: 30 }).catch((e: unknown) => e);
    status = await s.channelStatus();
  });
  const done = handlerDone();
  const asterisk = await callIn(server.port);
  t.is(await asterisk.nextLine(), 'ANSWER');
  t.is(await asterisk.nextLine(), 'CHANNEL STATUS');
  asterisk.send('200 result=0');
  asterisk.send('200 result=6');
  await done;
  t.true(isAgiError(slow, 'AGI_TIMEOUT'));
  t.is(status, 6);
  t.is(await metric(registry, 'callwright_agi_lines_rejected_total', { reason: 'unsolicited' }), 0);
});

test('a peer that closes mid-command rejects it (and queued ones) with AGI_CLOSED', async (t) => {
  const errors: unknown[] = [];
  const { server, registry, handlerDone } = await startServer(t, async (s) => {
    const first = s.getData('enter-account', 5000, 6).catch((e: unknown) => e);
    const second = s.answer().catch((e: unknown) => e);
    errors.push(await first, await second);
    errors.push(await s.answer().catch((e: unknown) => e));
  });
  const done = handlerDone();
  const asterisk = await callIn(server.port);
  t.is(await asterisk.nextLine(), 'GET DATA enter-account 5000 6');
  asterisk.socket.destroy();
  await done;
  t.is(errors.length, 3);
  for (const err of errors) t.true(isAgiError(err, 'AGI_CLOSED'));
  t.deepEqual(asterisk.received, ['GET DATA enter-account 5000 6']);
  t.is(await metric(registry, 'callwright_agi_sessions_active'), 0);
});

test('garbage lines are counted and never break the session', async (t) => {
  const replies: unknown[] = [];
  const { server, registry, handlerDone } = await startServer(t, async (s) => {
    replies.push(await s.answer());
    replies.push(await s.getVariable('X'));
  });
  const done = handlerDone();
  const asterisk = await FakeAsterisk.connect(server.port);
  const env = capturedEnvBlock();
  // A line without "key: value" inside the env block.
  asterisk.write(env.replace('agi_type: Local\n', 'agi_type: Local\nthis is not an env line\n'));
  t.is(await asterisk.nextLine(), 'ANSWER');
  asterisk.write('hello there\n\u0000\u0001binary\n');
  asterisk.write(`${'z'.repeat(70 * 1024)}\n`);
  asterisk.send('200 result=0');
  t.is(await asterisk.nextLine(), 'GET VARIABLE X');
  asterisk.send('999x');
  asterisk.send('200 result=1 (value with (parens) inside)');
  await done;
  t.like(replies[0] as object, { result: 0 });
  t.is(replies[1], 'value with (parens) inside');
  t.is(await metric(registry, 'callwright_agi_lines_rejected_total', { reason: 'garbage' }), 4);
  t.is(await metric(registry, 'callwright_agi_lines_rejected_total', { reason: 'too_long' }), 1);
});

test('a reply with no command pending is counted as unsolicited', async (t) => {
  const { server, registry, handlerDone } = await startServer(t, async (s) => {
    await hangupOf(s);
  });
  const done = handlerDone();
  const asterisk = await callIn(server.port);
  asterisk.send('200 result=0');
  asterisk.send('HANGUP');
  await done;
  t.is(await metric(registry, 'callwright_agi_lines_rejected_total', { reason: 'unsolicited' }), 1);
});

test('a handler that throws gets its socket closed; the server keeps serving', async (t) => {
  let calls = 0;
  const { server, registry, handlerDone } = await startServer(t, async (s) => {
    calls += 1;
    if (calls === 1) throw new Error('flow bug');
    await s.answer();
  });
  const firstDone = handlerDone();
  const first = await callIn(server.port);
  await firstDone;
  await first.closed;
  const secondDone = handlerDone();
  const second = await callIn(server.port);
  t.is(await second.nextLine(), 'ANSWER');
  second.send('200 result=0');
  await secondDone;
  await second.closed;
  t.is(
    await metric(registry, 'callwright_agi_sessions_failed_total', { reason: 'handler_error' }),
    1,
  );
  t.is(await metric(registry, 'callwright_agi_sessions_active'), 0);
});

test('a peer that leaves before the env block ends never reaches the handler', async (t) => {
  let called = false;
  const { server, registry } = await startServer(t, async () => {
    called = true;
  });
  const asterisk = await FakeAsterisk.connect(server.port);
  asterisk.write('agi_network: yes\nagi_request: agi://127.0.0.1/ivr\n');
  asterisk.socket.end();
  await asterisk.closed;
  // The server's side closes too; close() resolves only once every session is gone.
  await server.close();
  t.false(called);
  t.is(await metric(registry, 'callwright_agi_sessions_active'), 0);
});

test('an env block that never ends is dropped after the env timeout', async (t) => {
  const { server, registry } = await startServer(t, async () => {}, { envTimeoutMs: 30 });
  const asterisk = await FakeAsterisk.connect(server.port);
  asterisk.write('agi_network: yes\n');
  await asterisk.closed;
  t.is(
    await metric(registry, 'callwright_agi_sessions_failed_total', { reason: 'env_timeout' }),
    1,
  );
});

test('an env block without agi_channel is rejected as incomplete', async (t) => {
  const { server, registry } = await startServer(t, async () => {});
  const asterisk = await FakeAsterisk.connect(server.port);
  asterisk.write(capturedEnvBlock().replace(/agi_channel: [^\n]*\n/, ''));
  await asterisk.closed;
  t.is(
    await metric(registry, 'callwright_agi_sessions_failed_total', { reason: 'env_incomplete' }),
    1,
  );
});

test('CR/LF in an argument rejects AGI_INVALID_VALUE and writes nothing', async (t) => {
  const errors: unknown[] = [];
  const { server, handlerDone } = await startServer(t, async (s) => {
    errors.push(await s.setVariable('X', 'a\nEXEC System "rm -rf /"').catch((e: unknown) => e));
    errors.push(await s.streamFile('x\r\nHANGUP', '').catch((e: unknown) => e));
    errors.push(await s.command('ANSWER\nHANGUP').catch((e: unknown) => e));
    await s.answer();
  });
  const done = handlerDone();
  const asterisk = await callIn(server.port);
  t.is(await asterisk.nextLine(), 'ANSWER');
  asterisk.send('200 result=0');
  await done;
  for (const err of errors) t.true(isAgiError(err, 'AGI_INVALID_VALUE'));
  t.deepEqual(asterisk.received, ['ANSWER']);
});

test('close() ends open sessions: their pending command rejects AGI_CLOSED', async (t) => {
  let err: unknown;
  const { server, handlerDone } = await startServer(t, async (s) => {
    err = await s.waitForDigit(-1).catch((e: unknown) => e);
  });
  const done = handlerDone();
  const asterisk = await callIn(server.port);
  t.is(await asterisk.nextLine(), 'WAIT FOR DIGIT -1');
  await server.close();
  await done;
  await asterisk.closed;
  t.true(isAgiError(err, 'AGI_CLOSED'));
});

test('the request URL path, query and agi_arg_N reach the environment', async (t) => {
  let env: AgiSession['env'] | undefined;
  const { server, handlerDone } = await startServer(t, async (s) => {
    env = s.env;
  });
  const done = handlerDone();
  const asterisk = await FakeAsterisk.connect(server.port);
  asterisk.write(
    capturedEnvBlock()
      .replace(
        'agi_request: agi://127.0.0.1:4573/ivr',
        'agi_request: agi://127.0.0.1:4573/ivr/main?lang=en&vip=1',
      )
      .replace('agi_calleridname: Customer', 'agi_calleridname: ACME: Sales')
      .replace('\n\n', '\nagi_arg_1: 100\nagi_arg_2: a b: c\n\n'),
  );
  await done;
  t.is(env?.path, '/ivr/main');
  t.deepEqual(env?.query, { lang: 'en', vip: '1' });
  t.is(env?.calleridname, 'ACME: Sales');
  t.deepEqual(env?.args, ['100', 'a b: c']);
});
