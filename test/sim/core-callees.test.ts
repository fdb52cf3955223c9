/**
 * Trunk callees (outbound dialer targets): behaviour by number pattern,
 * answering-machine detection, Dial() through the trunk, and reproducible
 * timing for a fixed seed.
 */
import test from 'ava';
import type { CoreEvent } from '../../src/sim/core/events.ts';
import type { Channel } from '../../src/sim/core/model.ts';
import { type CoreUnderTest, dialStatuses, makeCore } from './core-harness.ts';

let c: CoreUnderTest;
test.beforeEach(() => {
  c = makeCore();
});
test.afterEach.always(() => {
  c.close();
});

/** Originates a trunk number into the dialer context (AMD, then Stasis(callcenter,dialer,<AMDSTATUS>)). */
function dialNumber(number: string, timeoutS = 30): Channel {
  const out = c.core.originator.originate({
    endpoint: `PJSIP/${number}@trunk`,
    context: 'dialer',
    extension: number,
    timeoutS,
  });
  if ('status' in out) throw new Error(out.message);
  return out.leg;
}

const stasisArgs = (events: CoreEvent[], id: string) =>
  events.flatMap((e) => (e.type === 'StasisStart' && e.channel.id === id ? [e.args] : []));

const destroyed = (events: CoreEvent[], id: string) =>
  events.find((e) => e.type === 'ChannelDestroyed' && e.channel.id === id);

test.serial('a number ending in 0 is a human: answers after 3-8 s, AMD says HUMAN', async (t) => {
  const leg = dialNumber('5551230');
  t.regex(leg.name, /^PJSIP\/trunk-[0-9a-f]{8}$/);
  await c.clock.advance(3000);
  t.not(leg.state, 'Up');
  await c.clock.advance(5200);
  t.is(leg.state, 'Up');
  await c.clock.advance(2000);
  t.deepEqual(stasisArgs(c.events, leg.id), [['dialer', 'HUMAN']]);
  t.deepEqual(dialStatuses(c.events, leg.id), ['', 'RINGING', 'ANSWER']);
});

test.serial('a number ending in 1 is an answering machine', async (t) => {
  const leg = dialNumber('5551231');
  await c.clock.advance(20_000);
  t.deepEqual(stasisArgs(c.events, leg.id), [['dialer', 'MACHINE']]);
  const amd = c.events.find((e) => e.type === 'ChannelVarset' && e.variable === 'AMDCAUSE');
  t.like(amd, { value: 'LONGGREETING-2500-1500' });
});

test.serial('2 is busy, 4 an invalid number, 5 a fax', async (t) => {
  const busy = dialNumber('5551232');
  const invalid = dialNumber('5551234');
  const fax = dialNumber('5551235');
  await c.clock.advance(10_000);
  t.deepEqual(dialStatuses(c.events, busy.id), ['', 'BUSY']);
  t.like(destroyed(c.events, busy.id), { cause: 17 });
  t.deepEqual(dialStatuses(c.events, invalid.id), ['', 'CHANUNAVAIL']);
  t.like(destroyed(c.events, invalid.id), {
    cause: 1,
    causeTxt: 'Unallocated (unassigned) number',
  });
  t.deepEqual(stasisArgs(c.events, fax.id), [['dialer', 'NOTSURE']]);
});

test.serial('3 rings until the originate times out', async (t) => {
  const leg = dialNumber('5551233', 25);
  await c.clock.advance(24_999);
  t.is(leg.state, 'Ringing');
  await c.clock.advance(1);
  t.deepEqual(dialStatuses(c.events, leg.id), ['', 'RINGING', 'NOANSWER']);
  t.like(destroyed(c.events, leg.id), { cause: 19 });
});

test.serial('a human hangs up after the drawn talk time', async (t) => {
  c.core.farEnds.setRules([{ pattern: '.*', kind: 'human', talkS: { kind: 'fixed', value: 42 } }]);
  const leg = dialNumber('5551230');
  await c.clock.advance(9000);
  t.is(leg.state, 'Up');
  const upAt = leg.answeredAt!;
  await c.clock.advance(upAt + 42_000 - c.clock.now() - 1);
  t.false(leg.hungUp);
  await c.clock.advance(1);
  t.true(leg.hungUp);
  const req = c.events.find((e) => e.type === 'ChannelHangupRequest' && e.channel.id === leg.id);
  t.true(req !== undefined && !('cause' in req && req.cause !== undefined));
});

test.serial('callee rules can be replaced: the first matching pattern wins', async (t) => {
  c.core.farEnds.setRules([
    { pattern: '^0044', kind: 'congestion' },
    { pattern: '.*', kind: 'busy' },
  ]);
  const uk = dialNumber('00441234567890');
  const other = dialNumber('5551230');
  await c.clock.advance(5000);
  t.deepEqual(dialStatuses(c.events, uk.id), ['', 'CONGESTION']);
  t.like(destroyed(c.events, uk.id), { cause: 34 });
  t.deepEqual(dialStatuses(c.events, other.id), ['', 'BUSY']);
});

test.serial(
  'Dial() to the trunk from the dialplan reports the callee outcome in DIALSTATUS',
  async (t) => {
    const out = c.core.originator.originate({
      endpoint: 'Local/5551232@trunk-out',
      app: 'callcenter',
    });
    if ('status' in out) throw new Error(out.message);
    const two = out.leg.localPeer!;
    await c.clock.advance(5000);
    const dial = c.events
      .filter((e) => e.type === 'Dial' && e.caller?.id === two.id)
      .map((e) => e.type === 'Dial' && e.dialstatus);
    t.deepEqual(dial, ['', 'BUSY']);
    const status = c.events.find(
      (e) => e.type === 'ChannelVarset' && e.channel.id === two.id && e.variable === 'DIALSTATUS',
    );
    t.like(status, { value: 'BUSY' });
  },
);

test('answer times are reproducible for a fixed seed and differ across seeds', async (t) => {
  const answerTimes = async (seed: number) => {
    const core = makeCore(seed);
    const legs = ['5551230', '5551236', '5551237'].map((n) => {
      const out = core.core.originator.originate({
        endpoint: `PJSIP/${n}@trunk`,
        app: 'callcenter',
      });
      if ('status' in out) throw new Error(out.message);
      return out.leg;
    });
    await core.clock.advance(10_000);
    const times = legs.map((l) => (l.answeredAt ?? 0) - core.core.startedAt);
    core.close();
    return times;
  };
  const a = await answerTimes(5);
  t.deepEqual(await answerTimes(5), a);
  t.notDeepEqual(await answerTimes(6), a);
  for (const ms of a) t.true(ms >= 3150 && ms <= 8150, String(ms));
});
