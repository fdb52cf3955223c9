// biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan and AGI text spells ${VAR} literally
import type { Server } from 'node:net';
import test from 'ava';
import { parseAgiArgs } from '../../src/sim/agi-client/parse-args.ts';
import { digitSounds, numberSounds } from '../../src/sim/agi-client/say.ts';
import { runFastAgi } from '../../src/sim/agi-client/session.ts';
import { parseAgiUrl } from '../../src/sim/agi-client/url.ts';
import { createDialplan } from '../../src/sim/dialplan/engine.ts';
import { startScriptServer } from './agi-client-script-server.ts';
import { FakeChannel, FakeHost, type FakeScript } from './dialplan-fake-host.ts';

const servers: Server[] = [];
test.after.always(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

const dialplan = createDialplan([
  {
    name: 'extensions.conf',
    text: '[ivr]\nexten => s,1,NoOp()\nexten => menu,1,NoOp()\n same => n(top),NoOp()',
  },
]);

/**
 * Runs `commands` in one session (channel in state `state`) and returns the
 * first reply line of each, plus the host and channel.
 */
async function replies(commands: string[], script: Partial<FakeScript> = {}, state = 'Up') {
  const out: string[] = [];
  const { server, port } = await startScriptServer(async (conn) => {
    await conn.readEnvironment();
    for (const c of commands) out.push((await conn.command(c)) ?? '<closed>');
    conn.close();
  });
  servers.push(server);
  const host = new FakeHost(script);
  const ch = new FakeChannel('1795424216.20', 'PJSIP/trunk-00000009');
  ch.context = 'ivr';
  ch.exten = 's';
  ch.state = state;
  await runFastAgi({ channel: ch, host, dialplan, url: `agi://127.0.0.1:${port}/ivr`, args: [] });
  return { out, host, ch };
}

test('STREAM FILE: a digit interrupts with its code and position; a missing file is -1', async (t) => {
  const { out, host } = await replies(
    [
      'STREAM FILE hello-world 12',
      'STREAM FILE hello-world ""',
      'STREAM FILE no-such-file ""',
      'STREAM FILE hello-world "" 800',
    ],
    { dtmf: ['1'] },
  );
  t.deepEqual(out, [
    '200 result=49 endpos=800',
    '200 result=0 endpos=10080',
    '200 result=-1 endpos=0',
    '200 result=0 endpos=10080',
  ]);
  t.deepEqual(host.calls.slice(0, 2), ['play(hello-world,12)', 'play(hello-world)']);
});

test('GET DATA: # ends, max digits end, silence ends with (timeout)', async (t) => {
  const { out, host } = await replies(
    ['GET DATA beep 3000 10', 'GET DATA beep 3000', 'GET DATA beep 3000 2', 'GET DATA beep'],
    {
      dtmf: ['4', '2', '#', '#', '7', '7', '7'],
    },
  );
  t.deepEqual(out, ['200 result=42', '200 result=', '200 result=77', '200 result=7 (timeout)']);
  // Without a timeout argument the pbx defaults apply: 5 s between digits.
  t.is(host.calls.at(-1), 'readDigit(5000)');
});

test('GET DATA with no digit at all times out empty', async (t) => {
  const { out } = await replies(['GET DATA no-such-prompt 2000 4']);
  t.deepEqual(out, ['200 result= (timeout)']);
});

test('WAIT FOR DIGIT answers the digit code, 0 on timeout', async (t) => {
  const { out, host } = await replies(['WAIT FOR DIGIT 3000', 'WAIT FOR DIGIT -1'], {
    dtmf: ['*'],
  });
  t.deepEqual(out, ['200 result=42', '200 result=0']);
  t.deepEqual(host.calls, ['readDigit(3000)', 'readDigit(-1)']);
});

test('SAY DIGITS and SAY NUMBER play digit sounds and can be interrupted', async (t) => {
  const sounds = {
    'digits/1': 400,
    'digits/hundred': 400,
    'digits/20': 400,
    'digits/3': 400,
    'digits/4': 400,
    'digits/2': 400,
  };
  const { out, host } = await replies(
    ['SAY NUMBER 123 ""', 'SAY DIGITS 42 "#"', 'SAY DIGITS 42 "5"'],
    { sounds, dtmf: ['#'] },
  );
  t.deepEqual(out, ['200 result=0', '200 result=35', '200 result=0']);
  t.deepEqual(host.calls, [
    'play(digits/1)',
    'play(digits/hundred)',
    'play(digits/20)',
    'play(digits/3)',
    'play(digits/4,#)',
    'play(digits/4,5)',
    'play(digits/2,5)',
  ]);
});

test('RECORD FILE ends on an escape digit or the timeout, with endpos', async (t) => {
  const { out, host } = await replies(
    ['RECORD FILE msg wav # 10000 BEEP', 'RECORD FILE msg wav # 2000'],
    { dtmf: ['5', '#'] },
  );
  t.deepEqual(out, ['200 result=35 (dtmf) endpos=0', '200 result=0 (timeout) endpos=16000']);
  t.deepEqual(host.calls.slice(0, 3), ['play(beep)', 'readDigit(10000)', 'readDigit(10000)']);
});

test('SAY DATE plays the weekday, the month and the day of month', async (t) => {
  const sounds = { 'digits/day-3': 500, 'digits/mon-0': 500, 'digits/1': 400 };
  // 2025-01-01 12:00 UTC: a Wednesday in January.
  const { out, host } = await replies(['SAY DATE 1735732800 ""', 'SAY DATE tomorrow ""'], {
    sounds,
  });
  t.is(out[0], '200 result=0');
  t.true(out[1]?.startsWith('520'));
  t.deepEqual(host.calls, ['play(digits/day-3)', 'play(digits/mon-0)', 'play(digits/1)']);
});

test('variables: GET, GET FULL, SET (functions too)', async (t) => {
  const { out, ch } = await replies([
    'SET VARIABLE LANGCHOICE "en gb"',
    'GET VARIABLE LANGCHOICE',
    'GET VARIABLE NOT_SET',
    'SET VARIABLE CALLERID(name) "Jane Doe"',
    'GET FULL VARIABLE "${CALLERID(name)}/${LANGCHOICE}"',
    'GET FULL VARIABLE ${EXTEN} PJSIP/other-0001',
    'GET VARIABLE CALLERID(num)',
  ]);
  t.deepEqual(out, [
    '200 result=1',
    '200 result=1 (en gb)',
    '200 result=0',
    '200 result=1',
    '200 result=1 (Jane Doe/en gb)',
    '200 result=0',
    '200 result=1 (5551234)',
  ]);
  t.is(ch.callerName, 'Jane Doe');
});

test('EXEC runs dialplan applications; Goto moves the channel; unknown apps are -2', async (t) => {
  const { out, ch } = await replies([
    'EXEC Set "CW_NEXT=queue"',
    'EXEC NoSuchApp',
    'EXEC Goto ivr,menu,top',
  ]);
  t.deepEqual(out, ['200 result=0', '200 result=-2', '200 result=0']);
  t.is(ch.vars.get('CW_NEXT'), 'queue');
  t.deepEqual([ch.context, ch.exten, ch.priority], ['ivr', 'menu', 2]);
});

test('ANSWER answers a ringing channel; CHANNEL STATUS reports the state number', async (t) => {
  const { out, host } = await replies(
    [
      'CHANNEL STATUS',
      'ANSWER',
      'CHANNEL STATUS',
      'CHANNEL STATUS PJSIP/nope-1',
      'HANGUP PJSIP/nope-1',
    ],
    {},
    'Ring',
  );
  t.deepEqual(out, [
    '200 result=4',
    '200 result=0',
    '200 result=6',
    '200 result=-1',
    '200 result=-1',
  ]);
  t.deepEqual(host.calls, ['answer']);
});

test('command words match case-insensitively; unknown commands get 510', async (t) => {
  const { out } = await replies(['noop', 'Get Variable AGISTATUS', 'GET', 'FROBNICATE now']);
  t.deepEqual(out, [
    '200 result=0',
    '200 result=0',
    '510 Invalid or unknown command',
    '510 Invalid or unknown command',
  ]);
});

const argTable: Array<[string, string[]]> = [
  ['STREAM FILE hello-world ""', ['STREAM', 'FILE', 'hello-world', '']],
  ['SET VARIABLE LAB_AGI "hello"', ['SET', 'VARIABLE', 'LAB_AGI', 'hello']],
  ['VERBOSE "fastagi lab says hi" 1', ['VERBOSE', 'fastagi lab says hi', '1']],
  ['EXEC NoOp "from fastagi"', ['EXEC', 'NoOp', 'from fastagi']],
  ['SET VARIABLE X "a \\"quoted\\" word"', ['SET', 'VARIABLE', 'X', 'a "quoted" word']],
  ['  NOOP   ', ['NOOP']],
  ['GET\tVARIABLE\tX', ['GET', 'VARIABLE', 'X']],
];

for (const [line, argv] of argTable) {
  test(`parse_args: ${line}`, (t) => {
    t.deepEqual(parseAgiArgs(line), argv);
  });
}

test('agi:// URLs: default port 4573, the script keeps its query', (t) => {
  t.deepEqual(parseAgiUrl('agi://127.0.0.1/ivr'), {
    host: '127.0.0.1',
    port: 4573,
    script: 'ivr',
    request: 'agi://127.0.0.1/ivr',
  });
  t.deepEqual(parseAgiUrl('agi://cw:4600/ivr/8100?lang=fr'), {
    host: 'cw',
    port: 4600,
    script: 'ivr/8100?lang=fr',
    request: 'agi://cw:4600/ivr/8100?lang=fr',
  });
  t.is(parseAgiUrl('agi://host:0/x'), undefined);
  t.is(parseAgiUrl('/var/lib/asterisk/agi-bin/x.sh'), undefined);
});

test('say: digit and number sound lists', (t) => {
  t.deepEqual(digitSounds('4*2#-'), [
    'digits/4',
    'digits/star',
    'digits/2',
    'digits/pound',
    'digits/minus',
  ]);
  t.deepEqual(numberSounds(0), ['digits/0']);
  t.deepEqual(numberSounds(15), ['digits/15']);
  t.deepEqual(numberSounds(-40), ['digits/minus', 'digits/40']);
  t.deepEqual(numberSounds(2_301_007), [
    'digits/2',
    'digits/million',
    'digits/3',
    'digits/hundred',
    'digits/1',
    'digits/thousand',
    'digits/7',
  ]);
});
