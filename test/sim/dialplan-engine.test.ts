// biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan and AGI text spells ${VAR} literally
import test from 'ava';
import { ChannelRedirected } from '../../src/sim/dialplan/app-host.ts';
import { createDialplan } from '../../src/sim/dialplan/engine.ts';
import { FakeChannel, FakeHost, type FakeScript } from './dialplan-fake-host.ts';

/** Runs `exten` of context [t] in `text` and returns what happened. */
async function runIn(
  text: string,
  exten = 's',
  script: Partial<FakeScript> = {},
  setup?: (ch: FakeChannel) => void,
) {
  const dp = createDialplan([{ name: 'extensions.conf', text: `[t]\n${text}` }]);
  const host = new FakeHost(script);
  const ch = new FakeChannel();
  setup?.(ch);
  await dp.run(ch, host, 't', exten);
  return { host, ch, dp };
}

test('Answer, Wait and Hangup(cause) act on the channel in order', async (t) => {
  const { host, ch } = await runIn(
    'exten => s,1,Answer()\n same => n,Wait(2)\n same => n,Hangup(16)\n same => n,NoOp(never)',
  );
  t.deepEqual(host.calls, ['answer', 'wait(2)', 'hangup(16)']);
  t.deepEqual(host.steps, ['Answer()', 'Wait(2)', 'Hangup(16)']);
  t.is(ch.state, 'Up');
  t.true(ch.hungUp);
});

test('Newexten data is reported substituted, and the location is tracked', async (t) => {
  const { host, ch } = await runIn(
    'exten => _X.,1,NoOp(inbound ${EXTEN} from ${CALLERID(num)})',
    '2125550100',
  );
  t.deepEqual(host.steps, ['NoOp(inbound 2125550100 from 5551234)']);
  t.is(ch.context, 't');
  t.is(ch.exten, '2125550100');
});

test('falling off the end of an extension hangs up (autofallthrough)', async (t) => {
  const { host, ch } = await runIn('exten => s,1,NoOp()');
  t.deepEqual(host.calls, ['hangup']);
  t.true(ch.hungUp);
});

test('Set stores variables (VarSet reported) and CALLERID(num/name)', async (t) => {
  const { host, ch } = await runIn(
    'exten => s,1,Set(FOO=bar=baz)\n same => n,Set(CALLERID(num)=4155550100)\n same => n,Set(CALLERID(name)=Jane Doe)\n same => n,Set(__CW=${FOO})\n same => n,Set(FOO=)\n same => n,Hangup()',
  );
  t.is(ch.callerNumber, '4155550100');
  t.is(ch.callerName, 'Jane Doe');
  t.is(ch.vars.get('__CW'), 'bar=baz');
  t.false(ch.vars.has('FOO'));
  t.deepEqual(host.varSets, [
    ['FOO', 'bar=baz'],
    ['__CW', 'bar=baz'],
    ['FOO', ''],
  ]);
});

const gotoIfPlan = `exten => s,1,GotoIf($[\${LEN(\${VAL})} > 2]?long:short)
 same => n(long),Set(R=long)
 same => n,Hangup()
 same => n(short),Set(R=short)
 same => n,Hangup()`;

for (const [val, expected] of [
  ['abc', 'long'],
  ['ab', 'short'],
  ['', 'short'],
] as const) {
  test(`GotoIf branches on $[...]: VAL='${val}' -> ${expected}`, async (t) => {
    const { ch } = await runIn(gotoIfPlan, 's', {}, (c) => c.vars.set('VAL', val));
    t.is(ch.vars.get('R'), expected);
  });
}

test('GotoIf with an empty branch goes on to the next priority', async (t) => {
  const { ch } = await runIn(
    'exten => s,1,GotoIf(0?elsewhere)\n same => n,Set(R=next)\n same => n,Hangup()',
  );
  t.is(ch.vars.get('R'), 'next');
});

test('Goto to another context, extension and label', async (t) => {
  const dp = createDialplan([
    {
      name: 'extensions.conf',
      text: '[a]\nexten => s,1,Goto(b,100,target)\n[b]\nexten => 100,1,NoOp(skipped)\n same => n(target),Set(AT=${CONTEXT}/${EXTEN}/${PRIORITY})\n same => n,Hangup()',
    },
  ]);
  const host = new FakeHost();
  const ch = new FakeChannel();
  await dp.run(ch, host, 'a', 's');
  t.is(ch.vars.get('AT'), 'b/100/2');
  t.deepEqual(host.steps, ['Goto(b,100,target)', 'Set(AT=b/100/2)', 'Hangup()']);
});

test('Goto to an unknown label fails the call', async (t) => {
  const { host } = await runIn('exten => s,1,Goto(nowhere)\n same => n,NoOp(never)');
  t.deepEqual(host.calls, ['hangup']);
  t.true(
    host.logs.some((l) => l.msg === "Priority 'nowhere' must be a number > 0, or valid label"),
  );
});

test('the h extension runs after a Hangup()', async (t) => {
  const { host, ch } = await runIn(
    'exten => s,1,Hangup()\nexten => h,1,NoOp(cleanup ${EXTEN})\n same => n,Set(DONE=1)',
  );
  t.deepEqual(host.steps, ['Hangup()', 'NoOp(cleanup h)', 'Set(DONE=1)']);
  t.is(ch.vars.get('DONE'), '1');
});

test('the h extension runs when the caller hangs up during an application', async (t) => {
  const { host } = await runIn(
    'exten => s,1,Answer()\n same => n,Wait(10)\n same => n,NoOp(never)\nexten => h,1,NoOp(caller left)',
    's',
    { hangupDuringWait: true },
  );
  t.deepEqual(host.steps, ['Answer()', 'Wait(10)', 'NoOp(caller left)']);
  t.deepEqual(host.calls, ['answer', 'wait(10)']);
});

test('an unknown application is logged as an error and fails the call', async (t) => {
  const { host, ch } = await runIn(
    'exten => s,1,Answer()\n same => n,FooBar(1)\n same => n,NoOp(never)\nexten => h,1,NoOp(h)',
  );
  t.deepEqual(
    host.logs.filter((l) => l.level === 'error').map((l) => l.msg),
    ['unknown application FooBar at t,s,2'],
  );
  t.deepEqual(host.calls, ['answer', 'hangup']);
  t.deepEqual(host.steps, ['Answer()', 'FooBar(1)', 'NoOp(h)']);
  t.true(ch.hungUp);
});

test('an unknown function met at run time is logged and fails the call', async (t) => {
  const { host } = await runIn(
    'exten => s,1,NoOp(${${FN}(x)})\n same => n,NoOp(never)',
    's',
    {},
    (c) => c.vars.set('FN', 'NOPE'),
  );
  t.is(host.logs[0]?.level, 'error');
  t.regex(
    host.logs[0]?.msg ?? '',
    /^unknown dialplan function NOPE at t,s,1 \(extensions\.conf:2\)$/,
  );
  t.deepEqual(host.calls, ['hangup']);
});

test('an extension that does not exist goes to i with INVALID_EXTEN', async (t) => {
  const { ch } = await runIn(
    'exten => 1,1,NoOp()\nexten => i,1,Set(R=invalid ${INVALID_EXTEN})\n same => n,Hangup()',
    '999',
  );
  t.is(ch.vars.get('R'), 'invalid 999');
});

test('without an i extension an invalid extension hangs up with a warning', async (t) => {
  const { host } = await runIn('exten => 1,1,NoOp()', '999');
  t.deepEqual(host.calls, ['hangup']);
  t.regex(
    host.logs[0]?.msg ?? '',
    /sent to invalid extension but no invalid handler: context,exten,priority=t,999,1/,
  );
});

test('Playback answers first, plays each file and sets PLAYBACKSTATUS', async (t) => {
  const { host, ch } = await runIn('exten => s,1,Playback(hello-world&beep)\n same => n,Hangup()');
  t.deepEqual(host.calls, ['answer', 'play(hello-world)', 'play(beep)', 'hangup']);
  t.is(ch.vars.get('PLAYBACKSTATUS'), 'SUCCESS');
});

test('Playback of a missing file sets FAILED but plays the others; noanswer keeps the state', async (t) => {
  const { host, ch } = await runIn(
    'exten => s,1,Playback(no-such&beep,noanswer)\n same => n,Hangup()',
  );
  t.deepEqual(host.calls, ['play(beep)', 'hangup']);
  t.is(ch.vars.get('PLAYBACKSTATUS'), 'FAILED');
  t.is(ch.state, 'Ring');
});

test('Progress and Ringing indicate without answering', async (t) => {
  const { host } = await runIn(
    'exten => s,1,Progress()\n same => n,Ringing()\n same => n,Hangup()',
  );
  t.deepEqual(host.calls, ['indicate(progress)', 'indicate(ringing)', 'hangup']);
});

test('Busy(timeout) and Congestion(timeout) indicate, wait, then hang up with 17 / 34', async (t) => {
  const busy = await runIn('exten => s,1,Busy(3)\n same => n,NoOp(never)');
  t.deepEqual(busy.host.calls, ['indicate(busy)', 'wait(3)', 'hangup(17)']);
  const congestion = await runIn('exten => s,1,Congestion(2)');
  t.deepEqual(congestion.host.calls, ['indicate(congestion)', 'wait(2)', 'hangup(34)']);
});

test('Busy() without a timeout waits for the caller to hang up', async (t) => {
  const { host, ch } = await runIn('exten => s,1,Busy()');
  t.deepEqual(host.calls, ['indicate(busy)', 'wait(-1)']);
  t.true(ch.hungUp);
});

test('Stasis hands the channel over with its arguments and sets STASISSTATUS', async (t) => {
  const { host, ch } = await runIn(
    'exten => _X.,1,Stasis(callwright,inbound,${EXTEN})\n same => n,Set(AFTER=1)\n same => n,Hangup()',
    '100',
  );
  t.deepEqual(host.calls, ['stasis(callwright,inbound,100)', 'hangup']);
  t.is(ch.vars.get('STASISSTATUS'), 'SUCCESS');
  t.is(ch.vars.get('AFTER'), '1');
});

test('leaving Stasis with a new location (ARI continue) resumes there', async (t) => {
  const stasis = async (c: { context: string; exten: string; priority: number }) => {
    c.exten = 'after';
    c.priority = 2;
  };
  const { ch } = await runIn(
    'exten => s,1,Stasis(app)\n same => n,Set(R=wrong)\nexten => after,1,Set(R=skipped)\n same => n,Set(R=continued)\n same => n,Hangup()',
    's',
    { stasis },
  );
  t.is(ch.vars.get('R'), 'continued');
});

test('an application rejected with ChannelRedirected resumes at the new location (AMI Redirect)', async (t) => {
  let first = true;
  const agi = async (c: { id: string; context: string; exten: string; priority: number }) => {
    if (!first) return;
    first = false;
    c.exten = 'moved';
    c.priority = 1;
    throw new ChannelRedirected(c.id);
  };
  const { ch } = await runIn(
    'exten => s,1,AGI(agi://x/y)\n same => n,Set(R=wrong)\nexten => moved,1,Set(R=redirected)\n same => n,Hangup()',
    's',
    {
      agi,
    },
  );
  t.is(ch.vars.get('R'), 'redirected');
});

test('a failing Stasis (no such app) sets FAILED and hangs up', async (t) => {
  const stasis = async () => {
    throw new Error('no such app');
  };
  const { host, ch } = await runIn('exten => s,1,Stasis(missing)\n same => n,NoOp(never)', 's', {
    stasis,
  });
  t.is(ch.vars.get('STASISSTATUS'), 'FAILED');
  t.deepEqual(host.calls, ['stasis(missing)', 'hangup']);
});

test('AGI passes url and arguments; AGISTATUS=HANGUP stops the dialplan', async (t) => {
  const agi = async (c: FakeChannel) => {
    c.vars.set('AGISTATUS', 'HANGUP');
    c.hungUp = true;
  };
  const { host } = await runIn(
    'exten => s,1,AGI(agi://127.0.0.1:4573/ivr?x=1,one,two)\n same => n,NoOp(never)',
    's',
    {
      agi: agi as FakeScript['agi'],
    },
  );
  t.deepEqual(host.calls, ['agi(agi://127.0.0.1:4573/ivr?x=1,one,two)']);
  t.deepEqual(host.steps, ['AGI(agi://127.0.0.1:4573/ivr?x=1,one,two)']);
});

test('AGI with AGISTATUS=SUCCESS continues with what the script set', async (t) => {
  const agi = async (c: FakeChannel) => {
    c.vars.set('AGISTATUS', 'SUCCESS');
    c.vars.set('CW_NEXT', 'queue');
  };
  const { ch } = await runIn(
    'exten => s,1,AGI(agi://h/ivr)\n same => n,GotoIf($["${CW_NEXT}" = "queue"]?q)\n same => n,Hangup()\n same => n(q),Set(R=queued)',
    's',
    {
      agi: agi as FakeScript['agi'],
    },
  );
  t.is(ch.vars.get('R'), 'queued');
});

test('AMD sets AMDSTATUS and AMDCAUSE', async (t) => {
  const { host, ch } = await runIn(
    'exten => s,1,AMD()\n same => n,Stasis(cw,dialer,${AMDSTATUS})\n same => n,Hangup()',
    's',
    {
      amd: { status: 'MACHINE', cause: 'INITIALSILENCE-2500-2500' },
    },
  );
  t.is(ch.vars.get('AMDCAUSE'), 'INITIALSILENCE-2500-2500');
  t.deepEqual(host.calls, ['amd', 'stasis(cw,dialer,MACHINE)', 'hangup']);
});

test('Dial sets DIALSTATUS; a failed dial goes on', async (t) => {
  const { host, ch } = await runIn(
    'exten => _1XXX,1,Dial(PJSIP/${EXTEN}&PJSIP/1002,30)\n same => n,Set(R=${DIALSTATUS})\n same => n,Hangup()',
    '1001',
    {
      dialStatus: 'BUSY',
    },
  );
  t.is(ch.vars.get('R'), 'BUSY');
  t.deepEqual(host.calls, ['dial(PJSIP/1001&PJSIP/1002,30,)', 'hangup']);
});

test('Dial: an answered call ends the dialplan unless option g is given', async (t) => {
  const plain = await runIn('exten => s,1,Dial(PJSIP/1001)\n same => n,Set(R=after)');
  t.is(plain.ch.vars.get('DIALSTATUS'), 'ANSWER');
  t.false(plain.ch.vars.has('R'));
  const g = await runIn(
    'exten => s,1,Dial(PJSIP/1001,,g)\n same => n,Set(R=after)\n same => n,Hangup()',
  );
  t.is(g.ch.vars.get('R'), 'after');
});

test('MixMonitor starts recording and sets MIXMONITOR_FILENAME', async (t) => {
  const { host, ch } = await runIn(
    'exten => s,1,MixMonitor(${UNIQUEID}.wav,b)\n same => n,Hangup()',
  );
  t.deepEqual(host.calls, ['mixMonitor(1795424216.11.wav,b)', 'hangup']);
  t.is(ch.vars.get('MIXMONITOR_FILENAME'), '1795424216.11.wav');
});

test('NoOp and Verbose do nothing but log', async (t) => {
  const { host } = await runIn(
    'exten => s,1,NoOp(quiet)\n same => n,Verbose(3,hello ${EXTEN})\n same => n,Hangup()',
  );
  t.deepEqual(host.logs, [{ level: 'info', msg: 'hello s' }]);
  t.deepEqual(host.calls, ['hangup']);
});

test('application names match case-insensitively', async (t) => {
  const { host } = await runIn('exten => s,1,answer()\n same => n,HANGUP()');
  t.deepEqual(host.calls, ['answer', 'hangup']);
});

test('exec runs one application as AGI EXEC does', async (t) => {
  const dp = createDialplan([
    { name: 'extensions.conf', text: '[t]\nexten => s,1,NoOp()\nexten => 5,1,NoOp()' },
  ]);
  const host = new FakeHost();
  const ch = new FakeChannel();
  ch.context = 't';
  ch.exten = 's';
  t.is(await dp.exec(ch, host, 'NoOp', 'from fastagi'), 0);
  t.is(await dp.exec(ch, host, 'Set', 'X=1'), 0);
  t.is(ch.vars.get('X'), '1');
  t.is(await dp.exec(ch, host, 'NoSuchApp', ''), -2);
  t.is(await dp.exec(ch, host, 'Goto', 't,5,1'), 0);
  t.is(ch.exten, '5');
  t.is(await dp.exec(ch, host, 'Hangup', ''), -1);
  t.true(ch.hungUp);
  t.is(await dp.exec(ch, host, 'Answer', ''), -1);
});

test('getVariable answers variables and functions, undefined when unset', (t) => {
  const dp = createDialplan([
    { name: 'extensions.conf', text: '[globals]\nG=1\n[t]\nexten => s,1,NoOp()' },
  ]);
  const host = new FakeHost();
  const ch = new FakeChannel();
  ch.vars.set('LAB_AGI', 'hello');
  t.is(dp.getVariable(ch, host, 'LAB_AGI'), 'hello');
  t.is(dp.getVariable(ch, host, 'G'), '1');
  t.is(dp.getVariable(ch, host, 'CHANNEL(name)'), 'PJSIP/trunk-00000004');
  t.is(dp.getVariable(ch, host, 'NOPE'), undefined);
  t.is(dp.getVariable(ch, host, 'NOPE(x)'), undefined);
  t.is(dp.substitute(ch, host, '${LAB_AGI}-${G}'), 'hello-1');
});
