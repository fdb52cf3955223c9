/**
 * Contract: FastAGI through our server. A call to an IVR DID runs the
 * project's dialplan (`AGI(agi://${CALLWRIGHT_AGI}/ivr/${EXTEN})`) into our
 * server; the session's environment and every command callwright uses are
 * checked, as in transcripts/fastagi-session-1.txt, and so are the two ways a
 * session ends early: the caller hanging up, and the script handing the call
 * back to the dialplan for a queue.
 */
import test from 'ava';
import { AgiError } from '../../src/asterisk/agi/agi-errors.ts';
import { AmiRecorder } from './ami-recorder.ts';
import { ContractHarness } from './harness.ts';
import type { DtmfStep } from './target.ts';

let h: ContractHarness;
test.before(async () => {
  // Only this file opens the FastAGI port of a real target.
  h = await ContractHarness.open({ agi: true });
});
test.afterEach.always(async () => {
  await h?.hangupOwned();
});
test.after.always(async () => {
  await h?.close();
});

/** Places a call to the IVR DID and returns the session our server got for it. */
async function ivrCall(dtmf?: DtmfStep[]) {
  const caller = h.callerNumber();
  const did = h.target.ivrDid;
  const call = await h.target.placeInbound({ from: caller, did, ...(dtmf ? { dtmf } : {}) });
  const session = await h.target.agiSessions.next((s) => s.env.callerid === caller);
  h.own(session.env.uniqueid);
  return { caller, did, call, session };
}

test.serial('an IVR call runs our FastAGI script with the right environment', async (t) => {
  const { caller, did, session: s } = await ivrCall();
  t.is(s.env.path, `/ivr/${did}`);
  t.is(s.env.callerid, caller);
  t.is(s.env.extension, did);
  t.is(s.env.context, h.target.trunkContext);
  t.is(s.env.dnid, h.target.expectedDnid(did));
  t.is(s.env.network, 'yes');
  const channel = await h.ari.channels.get(s.env.uniqueid);
  t.like(channel, { id: s.env.uniqueid, name: s.env.channel });
  await s.hangup();
  await s.closed;
});

test.serial('AGI commands: answer, variables, prompts, digits, status, exec, hangup', async (t) => {
  const digits = [
    { afterMs: 1000, digits: '5' },
    { afterMs: 800, digits: '42#' },
  ];
  const { caller, session: s } = await ivrCall(digits);
  t.like(await s.answer(), { code: 200, result: 0 });
  t.is(await s.getVariable('CALLERID(num)'), caller);
  t.is(await s.getVariable('CW_NEVER_SET'), undefined);
  t.like(await s.setVariable('CW_CONTRACT', 'hello world'), { result: 1 });
  t.is(await s.getVariable('CW_CONTRACT'), 'hello world');
  t.is(await h.ari.channels.getChannelVar(s.env.uniqueid, 'CW_CONTRACT'), 'hello world');
  // The caller presses 5 while the long prompt plays: it is an escape digit.
  const prompt = await s.streamFile('tt-monkeys', '#5');
  t.like(prompt, { digit: '5', failed: false });
  t.true((prompt.endpos ?? -1) > 0);
  const collected = await s.getData('beep', 3000, 3);
  t.like(collected, { digits: '42', timedOut: false, failed: false });
  const quiet = await s.getData('beep', 300, 2);
  t.like(quiet, { digits: '', timedOut: true, failed: false });
  t.like(await s.sayDigits('123'), { digit: null, failed: false });
  t.is(await s.channelStatus(), 6);
  t.like(await s.exec('NoOp', 'from the contract suite'), { result: 0 });
  const unknown = await t.throwsAsync(s.command('NOSUCHCOMMAND foo'), { instanceOf: AgiError });
  t.is(unknown?.code, 'AGI_UNKNOWN_COMMAND');
  t.is(unknown?.details.status, 510);
  t.like(await s.hangup(), { result: 1 });
  await s.closed;
  t.true(s.hungUp);
});

test.serial(
  'the caller hangs up mid-command: the command fails, the next one gets AGI_HANGUP',
  async (t) => {
    const amiEvents = new AmiRecorder(await h.ami());
    const { call, session: s } = await ivrCall();
    await s.answer();
    const from = amiEvents.mark();
    const playing = s.streamFile('tt-monkeys', '');
    // Queued behind STREAM FILE, written the moment its reply arrives: res_agi
    // answers the interrupted command first, then writes HANGUP (run_agi), so
    // the notice finds this one in flight.
    const following = s.channelStatus().catch((error: unknown) => error);
    const hungUp = new Promise<void>((resolve) => s.onHangup(resolve));
    await amiEvents.waitFor(
      'AGIExecStart',
      (e) => e.uniqueid === s.env.uniqueid && e.command.startsWith('STREAM FILE'),
      from,
    );
    await call.hangup();
    t.like(await playing, { failed: true, digit: null });
    const error = await following;
    t.true(error instanceof AgiError && error.code === 'AGI_HANGUP');
    await hungUp;
    t.true(s.hungUp);
    s.close();
    await s.closed;
  },
);

test.serial(
  'CW_NEXT=queue hands the call back to the dialplan and into Stasis(queue) with the VIP flag',
  async (t) => {
    const { session: s } = await ivrCall();
    await s.answer();
    const queue = h.uniqueId('queue');
    await s.setVariable('CW_NEXT', 'queue');
    await s.setVariable('CW_QUEUE', queue);
    await s.setVariable('CW_PRIORITY', 'vip');
    const from = h.events.mark();
    // The script ends by closing its socket: AGISTATUS=SUCCESS, the dialplan goes on after AGI().
    s.close();
    const start = await h.events.waitFor(
      'StasisStart',
      (e) => e.channel.id === s.env.uniqueid,
      from,
    );
    t.deepEqual(start.args, ['queue', queue, 'vip']);
    t.is(start.channel.name, s.env.channel);
    await s.closed;
  },
);
