import test from 'ava';
import { type AgiCommands, agiCommands } from '../../src/asterisk/agi/agi-commands.ts';
import { buildAgiEnvironment, parseRequest } from '../../src/asterisk/agi/agi-environment.ts';
import { isAgiError } from '../../src/asterisk/agi/agi-errors.ts';
import { commandLabel } from '../../src/asterisk/agi/agi-metrics.ts';
import { agiArg, agiQuoted } from '../../src/asterisk/agi/agi-quote.ts';
import { type AgiLine, AgiReplyReader, parseSuccess } from '../../src/asterisk/agi/agi-response.ts';
import { agiFixture } from './agi-fake-asterisk.ts';

const feed = (line: string): AgiLine => new AgiReplyReader().feed(line);

test('200 replies: captured forms', (t) => {
  t.like(feed('200 result=0'), { kind: 'success', response: { code: 200, result: 0, extra: {} } });
  const withData = feed('200 result=1 (Local/agi-dtmf@sim-customer-00000004;1)');
  t.like(withData, {
    kind: 'success',
    response: { result: 1, data: 'Local/agi-dtmf@sim-customer-00000004;1' },
  });
  t.like(feed('200 result=0 endpos=10079'), {
    kind: 'success',
    response: { result: 0, endpos: 10079, extra: { endpos: '10079' } },
  });
  t.like(feed('200 result=1234'), {
    kind: 'success',
    response: { result: 1234, resultText: '1234' },
  });
});

test('200 replies: forms res_agi writes in other commands', (t) => {
  t.like(feed('200 result= (timeout)'), {
    kind: 'success',
    response: { result: null, resultText: '', data: 'timeout' },
  });
  t.like(feed('200 result=0042 (timeout)'), {
    kind: 'success',
    response: { result: 42, resultText: '0042', data: 'timeout' },
  });
  t.like(feed('200 result=-1 endpos=0'), { kind: 'success', response: { result: -1, endpos: 0 } });
  t.like(feed('200 result=1 (speech) endpos=9834 results=2 a b'), {
    kind: 'success',
    response: { data: 'speech', endpos: 9834, extra: { endpos: '9834', results: '2 a b' } },
  });
  t.like(feed('200 result=1 (hello)(world) endpos=2240'), {
    kind: 'success',
    response: { data: 'hello)(world', endpos: 2240 },
  });
  t.is(parseSuccess('200 result=1 (unbalanced', 'result=1 (unbalanced'), null);
  t.deepEqual(feed('200 whatever'), { kind: 'garbage', line: '200 whatever' });
});

test('status lines other than 200 are failures with their status', (t) => {
  t.deepEqual(feed('510 Invalid or unknown command'), {
    kind: 'failure',
    failure: { status: 510, text: 'Invalid or unknown command' },
  });
  t.like(feed('511 Command Not Permitted on a dead channel or intercept routine'), {
    kind: 'failure',
    failure: { status: 511 },
  });
  t.like(feed('503 result=-2 Memory allocation failure'), {
    kind: 'failure',
    failure: { status: 503 },
  });
});

test('a 520- block is collected until "520 End of proper usage."', (t) => {
  const reader = new AgiReplyReader();
  t.deepEqual(reader.feed('520-Invalid command syntax.  Proper usage follows:'), {
    kind: 'partial',
  });
  t.deepEqual(reader.feed(' Usage: DATABASE DEL <family> <key>'), { kind: 'partial' });
  t.deepEqual(reader.feed(''), { kind: 'partial' });
  t.deepEqual(reader.feed('520 End of proper usage.'), {
    kind: 'failure',
    failure: {
      status: 520,
      text: 'Invalid command syntax.  Proper usage follows:',
      usage: ' Usage: DATABASE DEL <family> <key>\n',
    },
  });
  t.like(reader.feed('200 result=1'), { kind: 'success' });
});

test('HANGUP and garbage are told apart from replies', (t) => {
  t.deepEqual(feed('HANGUP'), { kind: 'hangup' });
  t.deepEqual(feed('hangup'), { kind: 'garbage', line: 'hangup' });
  t.deepEqual(feed(''), { kind: 'garbage', line: '' });
});

test('arguments are quoted only when res_agi would split them', (t) => {
  t.is(agiArg('hello-world'), 'hello-world');
  t.is(agiArg(''), '""');
  t.is(agiArg('from fastagi'), '"from fastagi"');
  t.is(agiArg('tab\there'), '"tab\there"');
  t.is(agiArg('say "hi"'), '"say \\"hi\\""');
  t.is(agiArg('C:\\path'), '"C:\\\\path"');
  t.is(agiArg(8000), '8000');
  t.is(agiQuoted('hello'), '"hello"');
  for (const bad of ['a\nb', 'a\rb', 'a\u0000b']) {
    const err = t.throws(() => agiArg(bad));
    t.true(isAgiError(err, 'AGI_INVALID_VALUE'));
  }
});

/** Typed commands over a runner that records each line and answers with a canned reply. */
function recording(reply = '200 result=0'): {
  lines: string[];
  timeouts: number[];
  cmds: AgiCommands;
} {
  const lines: string[] = [];
  const timeouts: number[] = [];
  const cmds = agiCommands({
    commandTimeoutMs: 1_000,
    command: async (text, options) => {
      lines.push(text);
      timeouts.push(options?.timeoutMs ?? -99);
      const parsed = new AgiReplyReader().feed(reply);
      if (parsed.kind !== 'success') throw new Error('bad canned reply');
      return parsed.response;
    },
  });
  return { lines, timeouts, cmds };
}

test('typed commands write the line res_agi expects', async (t) => {
  const { lines, cmds } = recording();
  await cmds.hangup();
  await cmds.hangup('PJSIP/1001-00000001');
  await cmds.streamFile('custom/welcome', '0123456789*#', 16000);
  await cmds.waitForDigit(5000);
  await cmds.sayNumber(1234, '#');
  await cmds.sayNumber(1, '', 'f');
  await cmds.sayDate(1795424216);
  await cmds.exec('Dial', ['PJSIP/1001', '30', 'tT']);
  await cmds.exec('Answer');
  await cmds.recordFile('/var/spool/vm/msg1', 'wav', '#', 60000);
  await cmds.recordFile('/var/spool/vm/msg2', 'wav', '#', 60000, undefined, true, 3);
  await cmds.databaseGet('cw', 'vip/5551234');
  await cmds.verbose('say "hi"', 3);
  await cmds.setVariable('CW NOTE', 'a\\b');
  t.deepEqual(lines, [
    'HANGUP',
    'HANGUP PJSIP/1001-00000001',
    'STREAM FILE custom/welcome 0123456789*# 16000',
    'WAIT FOR DIGIT 5000',
    'SAY NUMBER 1234 #',
    'SAY NUMBER 1 "" f',
    'SAY DATE 1795424216 ""',
    'EXEC Dial PJSIP/1001,30,tT',
    'EXEC Answer',
    'RECORD FILE /var/spool/vm/msg1 wav # 60000',
    'RECORD FILE /var/spool/vm/msg2 wav # 60000 0 BEEP s=3',
    'DATABASE GET cw vip/5551234',
    'VERBOSE "say \\"hi\\"" 3',
    'SET VARIABLE "CW NOTE" "a\\\\b"',
  ]);
});

test('commands that wait for the caller get that wait added to their timeout', async (t) => {
  const { timeouts, cmds } = recording();
  await cmds.answer();
  await cmds.getData('beep', 8000, 4);
  await cmds.waitForDigit(5000);
  await cmds.waitForDigit(-1);
  await cmds.recordFile('x', 'wav', '#', -1);
  t.deepEqual(timeouts, [1_000, 1_000 + 32_000, 6_000, 0, 0]);
});

test('typed results: digits, values, failures', async (t) => {
  t.like(await recording('200 result=50 endpos=800').cmds.streamFile('x'), {
    digit: '2',
    failed: false,
    endpos: 800,
  });
  t.like(await recording('200 result=-1 endpos=0').cmds.streamFile('x'), {
    digit: null,
    failed: true,
  });
  t.like(await recording('200 result=12 (timeout)').cmds.getData('x', 1000, 4), {
    digits: '12',
    timedOut: true,
  });
  t.like(await recording('200 result=-1').cmds.getData('x', 1000, 4), { digits: '', failed: true });
  t.is(await recording('200 result=0').cmds.getVariable('UNSET'), undefined);
  t.is(await recording('200 result=1 ()').cmds.getVariable('EMPTY'), '');
  t.is(await recording('200 result=1 (gold)').cmds.databaseGet('cw', 'tier'), 'gold');
  t.like(
    await recording('200 result=35 (dtmf) endpos=16000').cmds.recordFile('x', 'wav', '#', 1000),
    {
      digit: '#',
      reason: 'dtmf',
      endpos: 16000,
    },
  );
});

test('environment: captured block, request URL parts, first ": " split', (t) => {
  const raw = JSON.parse(agiFixture('fastagi-env-1.json')) as Record<string, string>;
  const built = buildAgiEnvironment(raw);
  t.true(built.ok);
  if (built.ok) t.like(built.env, { path: '/ivr', uniqueid: '1795424216.11', args: [] });
  t.deepEqual(parseRequest('agi://10.0.0.5:4573/ivr/main?lang=en&lang=de'), {
    path: '/ivr/main',
    query: { lang: 'en' },
  });
  t.deepEqual(parseRequest('ivr.sh?x=1'), { path: 'ivr.sh', query: { x: '1' } });
  const polluted = parseRequest('agi://h/p?__proto__=x');
  t.is(Object.getPrototypeOf(polluted.query), Object.prototype);
  t.is(Object.getOwnPropertyDescriptor(polluted.query, '__proto__')?.value, 'x');
  const { agi_channel: _omit, ...withoutChannel } = raw;
  t.deepEqual(buildAgiEnvironment(withoutChannel), { ok: false, missing: ['agi_channel'] });
});

test('metric labels keep the verb only', (t) => {
  t.is(commandLabel('GET DATA beep 8000 4'), 'GET DATA');
  t.is(commandLabel('EXEC NoOp "x"'), 'EXEC');
  t.is(commandLabel('stream file x ""'), 'STREAM FILE');
  t.is(commandLabel('NOSUCH!! x'), 'OTHER');
});
