import { readFileSync } from 'node:fs';
import type { Server } from 'node:net';
import test from 'ava';
import { type AgiExecEvent, runFastAgi } from '../../src/sim/agi-client/session.ts';
import { createDialplan } from '../../src/sim/dialplan/engine.ts';
import { type ScriptConn, startScriptServer } from './agi-client-script-server.ts';
import { FakeChannel, FakeHost } from './dialplan-fake-host.ts';

const servers: Server[] = [];
test.after.always(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

const dialplan = createDialplan([
  { name: 'extensions.conf', text: '[from-trunk]\nexten => _X.,1,NoOp()' },
]);

/** The lab channel of fastagi-session-1.txt. */
function labChannel(): FakeChannel {
  const ch = new FakeChannel('1795424216.11', 'Local/agi-dtmf@sim-customer-00000004;1');
  ch.context = 'from-trunk';
  ch.exten = '8100';
  ch.priority = 2;
  ch.state = 'Up';
  return ch;
}

/** Starts a script server and runs one AGI session against it. */
async function session(
  script: (conn: ScriptConn) => Promise<void>,
  opts: {
    ch?: FakeChannel;
    host?: FakeHost;
    path?: string;
    args?: string[];
    onExec?: (e: AgiExecEvent) => void;
  } = {},
) {
  let finished!: () => void;
  const scriptDone = new Promise<void>((resolve) => {
    finished = resolve;
  });
  const { server, port } = await startScriptServer(async (conn) => {
    await script(conn);
    finished();
  });
  servers.push(server);
  const ch = opts.ch ?? labChannel();
  const host =
    opts.host ??
    new FakeHost({
      sounds: { 'hello-world': 10079 / 8, beep: 250, 'digits/4': 400, 'digits/2': 400 },
    });
  const status = await runFastAgi({
    channel: ch,
    host,
    dialplan,
    url: `agi://127.0.0.1:${port}/${opts.path ?? 'ivr'}`,
    args: opts.args ?? [],
    ...(opts.onExec ? { onExec: opts.onExec } : {}),
  });
  await scriptDone;
  return { status, ch, host, port };
}

/** `S->C "text"` lines of a capture: `out` is what Asterisk wrote. */
function readCapture(file: string): Array<{ out: boolean; text: string }> {
  return readFileSync(new URL(`../fixtures/sim/agi/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('S->C') || l.startsWith('C->S'))
    .map((l) => ({ out: l.startsWith('S->C'), text: JSON.parse(l.slice(5)) as string }));
}

test('replays the lab FastAGI session byte for byte (fastagi-session-1.txt)', async (t) => {
  const capture = readCapture('fastagi-session-1.txt');
  const seen: Array<{ out: boolean; text: string }> = [];
  const host = new FakeHost({
    dtmf: ['1', '2', '3', '4', '#'],
    sounds: { 'hello-world': 10079 / 8, beep: 250 },
  });
  const { status, ch } = await session(
    async (conn) => {
      for (const line of await conn.readEnvironment())
        seen.push({ out: true, text: line.replace(/:\d+\/ivr$/, ':4573/ivr') });
      seen.push({ out: true, text: '' });
      for (const step of capture.slice(seen.length)) {
        if (step.out) {
          seen.push({ out: true, text: (await conn.readLine()) ?? '<closed>' });
        } else {
          conn.socket.write(`${step.text}\n`);
          seen.push(step);
        }
      }
      await conn.closed;
    },
    { host },
  );
  t.deepEqual(seen, capture);
  t.is(status, 'HANGUP');
  t.is(ch.vars.get('AGISTATUS'), 'HANGUP');
  t.is(ch.vars.get('LAB_AGI'), 'hello');
  t.deepEqual(host.calls.slice(0, 3), [
    'play(hello-world)',
    'play(beep,0123456789*#)',
    'readDigit(8000)',
  ]);
});

test('the environment block has the keys and order of fastagi-env-1.json, then agi_arg_N', async (t) => {
  const expected = Object.keys(
    JSON.parse(
      readFileSync(new URL('../fixtures/sim/agi/fastagi-env-1.json', import.meta.url), 'utf8'),
    ),
  );
  let env: string[] = [];
  const ch = labChannel();
  ch.callerName = '';
  await session(
    async (conn) => {
      env = await conn.readEnvironment();
      conn.close();
    },
    { ch, path: 'ivr/8100?lang=en', args: ['one', 'two words'] },
  );
  t.deepEqual(
    env.map((l) => l.slice(0, l.indexOf(':'))),
    [...expected, 'agi_arg_1', 'agi_arg_2'],
  );
  t.true(env.includes('agi_network_script: ivr/8100?lang=en'));
  t.true(env.includes('agi_calleridname: unknown'));
  t.true(env.includes('agi_type: Local'));
  t.true(env.includes('agi_arg_2: two words'));
  t.true(env.includes('agi_accountcode: '));
});

test('a script that just closes leaves AGISTATUS=SUCCESS', async (t) => {
  const { status, ch, host } = await session(async (conn) => {
    await conn.readEnvironment();
    t.is(await conn.command('NOOP'), '200 result=0');
    conn.close();
  });
  t.is(status, 'SUCCESS');
  t.is(ch.vars.get('AGISTATUS'), 'SUCCESS');
  t.deepEqual(host.varSets, [['AGISTATUS', 'SUCCESS']]);
});

test('caller hangs up during a command: the reply, then HANGUP, then 511 for live-only commands', async (t) => {
  const host = new FakeHost({ hangupWhenIdle: true });
  const ch = labChannel();
  ch.vars.set('KEEP', 'kept');
  const { status } = await session(
    async (conn) => {
      await conn.readEnvironment();
      t.is(await conn.command('WAIT FOR DIGIT 5000'), '200 result=-1');
      t.is(await conn.readLine(), 'HANGUP');
      t.is(
        await conn.command('STREAM FILE beep ""'),
        '511 Command Not Permitted on a dead channel or intercept routine',
      );
      t.is(
        await conn.command('ANSWER'),
        '511 Command Not Permitted on a dead channel or intercept routine',
      );
      t.is(await conn.command('GET VARIABLE KEEP'), '200 result=1 (kept)');
      t.is(await conn.command('EXEC NoOp x'), '200 result=0');
      conn.close();
    },
    { host, ch },
  );
  t.is(status, 'HANGUP');
  t.is(ch.vars.get('AGISTATUS'), 'HANGUP');
});

test('caller hangs up while the script is idle: HANGUP is written at once', async (t) => {
  const host = new FakeHost();
  const ch = labChannel();
  const { status } = await session(
    async (conn) => {
      await conn.readEnvironment();
      t.is(await conn.command('NOOP'), '200 result=0');
      host.remoteHangup(ch);
      t.is(await conn.readLine(), 'HANGUP');
      t.is(
        await conn.command('CHANNEL STATUS'),
        '511 Command Not Permitted on a dead channel or intercept routine',
      );
      conn.close();
    },
    { host, ch },
  );
  t.is(status, 'HANGUP');
});

test('an unreachable FastAGI server gives AGISTATUS=FAILURE', async (t) => {
  const { server, port } = await startScriptServer(async () => {});
  await new Promise((resolve) => server.close(resolve));
  const ch = labChannel();
  const host = new FakeHost();
  const status = await runFastAgi({
    channel: ch,
    host,
    dialplan,
    url: `agi://127.0.0.1:${port}/ivr`,
    args: [],
  });
  t.is(status, 'FAILURE');
  t.is(ch.vars.get('AGISTATUS'), 'FAILURE');
  t.regex(host.logs[0]?.msg ?? '', /^Connecting to 'agi:\/\/127\.0\.0\.1:\d+\/ivr' failed/);
  t.is(await runFastAgi({ channel: ch, host, dialplan, url: 'http://x/ivr', args: [] }), 'FAILURE');
});

test('wrong arguments get the multi-line 520 usage reply', async (t) => {
  await session(async (conn) => {
    await conn.readEnvironment();
    t.is(await conn.command('STREAM FILE'), '520-Invalid command syntax.  Proper usage follows:');
    t.is(await conn.readLine(), 'Usage: STREAM FILE <filename> <escape_digits> [<sample offset>]');
    t.is(await conn.readLine(), '520 End of proper usage.');
    t.is(
      await conn.command('WAIT FOR DIGIT soon'),
      '520-Invalid command syntax.  Proper usage follows:',
    );
    await conn.readLine();
    await conn.readLine();
    t.is(await conn.command('get variable'), '520-Invalid command syntax.  Proper usage follows:');
    conn.close();
  });
});

test('AGIExecStart/End notifications carry the result code', async (t) => {
  const events: AgiExecEvent[] = [];
  await session(
    async (conn) => {
      await conn.readEnvironment();
      await conn.command('ANSWER');
      await conn.command('BOGUS');
      conn.close();
    },
    { onExec: (e) => events.push(e) },
  );
  t.deepEqual(
    events.map((e) => [e.phase, e.commandId, e.command, e.resultCode, e.result]),
    [
      ['start', 1, 'ANSWER', undefined, undefined],
      ['end', 1, 'ANSWER', 200, 'Success'],
      ['start', 2, 'BOGUS', undefined, undefined],
      ['end', 2, 'BOGUS', 510, 'Invalid or unknown command'],
    ],
  );
});
