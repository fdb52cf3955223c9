/**
 * Agent phone behaviours: answer after N s, never answer, busy, DND,
 * unregistered, hang up after N s of talk; with the device states and Dial
 * statuses a real Asterisk reports.
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

function originatePhone(ext: string, timeoutS?: number): Channel {
  const out = c.core.originator.originate({
    endpoint: `PJSIP/${ext}`,
    app: 'callcenter',
    appArgs: 'agent',
    ...(timeoutS ? { timeoutS } : {}),
  });
  if ('status' in out) throw new Error(out.message);
  return out.leg;
}

const deviceStates = (events: CoreEvent[], device: string) =>
  events.flatMap((e) => (e.type === 'DeviceStateChanged' && e.device === device ? [e.state] : []));

test.serial('a phone that answers after 4 s rings, then goes Up and enters Stasis', async (t) => {
  c.core.endpoints.setBehaviour('1001', { answerAfterS: 4 });
  const leg = originatePhone('1001');
  t.deepEqual(dialStatuses(c.events, leg.id), ['']);
  await c.clock.advance(20);
  t.is(leg.state, 'Ringing');
  t.deepEqual(dialStatuses(c.events, leg.id), ['', 'RINGING']);
  await c.clock.advance(3979);
  t.is(leg.state, 'Ringing');
  await c.clock.advance(1);
  t.is(leg.state, 'Up');
  t.deepEqual(dialStatuses(c.events, leg.id), ['', 'RINGING', 'ANSWER']);
  t.is(leg.stasisApp, 'callcenter');
  t.deepEqual(deviceStates(c.events, 'PJSIP/1001'), ['RINGING', 'INUSE']);
  c.core.channels.requestHangup(leg, 'api');
  t.deepEqual(deviceStates(c.events, 'PJSIP/1001'), ['RINGING', 'INUSE', 'NOT_INUSE']);
});

test.serial('a phone that never answers times out: NOANSWER, cause 19', async (t) => {
  c.core.endpoints.setBehaviour('1002', { mode: 'never' });
  const leg = originatePhone('1002', 15);
  await c.clock.advance(14_999);
  t.false(leg.destroyed);
  await c.clock.advance(1);
  t.deepEqual(dialStatuses(c.events, leg.id), ['', 'RINGING', 'NOANSWER']);
  const destroyed = c.about(leg.id).find((e) => e.type === 'ChannelDestroyed');
  t.like(destroyed, { cause: 19, causeTxt: 'User alerting, no answer' });
  t.deepEqual(deviceStates(c.events, 'PJSIP/1002'), ['RINGING', 'NOT_INUSE']);
});

test.serial('busy and DND phones refuse at once: BUSY, cause 17, no ringing', async (t) => {
  for (const [ext, mode] of [
    ['1001', 'busy'],
    ['1002', 'dnd'],
  ] as const) {
    c.core.endpoints.setBehaviour(ext, { mode });
    const leg = originatePhone(ext);
    await c.clock.advance(100);
    t.deepEqual(dialStatuses(c.events, leg.id), ['', 'BUSY'], mode);
    t.like(
      c.about(leg.id).find((e) => e.type === 'ChannelDestroyed'),
      { cause: 17, causeTxt: 'User busy' },
      mode,
    );
  }
});

test.serial(
  'an unregistered phone: UNAVAILABLE, Allocation failed on originate, CHANUNAVAIL in Dial()',
  async (t) => {
    c.core.endpoints.setBehaviour('1003', { registered: false });
    const types = c.events.map((e) => e.type);
    t.deepEqual(types, ['PeerStatusChange', 'DeviceStateChanged', 'ContactStatusChange']);
    t.deepEqual(deviceStates(c.events, 'PJSIP/1003'), ['UNAVAILABLE']);
    const out = c.core.originator.originate({ endpoint: 'PJSIP/1003', app: 'callcenter' });
    t.deepEqual(out, { status: 500, message: 'Allocation failed' });
    // A call through the agents context: Dial(PJSIP/1003,30) cannot even create the leg.
    const local = c.core.originator.originate({ endpoint: 'Local/1003@agents', app: 'callcenter' });
    if ('status' in local) throw new Error(local.message);
    await c.clock.advance(100);
    const two = local.leg.localPeer!;
    const dialStatus = c
      .about(two.id)
      .find((e) => e.type === 'ChannelVarset' && e.variable === 'DIALSTATUS');
    t.like(dialStatus, { value: 'CHANUNAVAIL' });
    t.true(local.leg.destroyed);
    c.core.endpoints.setBehaviour('1003', { registered: true });
    t.deepEqual(deviceStates(c.events, 'PJSIP/1003'), ['UNAVAILABLE', 'NOT_INUSE']);
  },
);

test.serial('an agent who hangs up after 10 s of talk sends a BYE', async (t) => {
  c.core.endpoints.setBehaviour('1001', { answerAfterS: 1, hangupAfterS: 10 });
  const leg = originatePhone('1001');
  await c.clock.advance(1000);
  t.is(leg.state, 'Up');
  await c.clock.advance(9_999);
  t.false(leg.hungUp);
  await c.clock.advance(1);
  const mine = c.about(leg.id).map((e) => e.type);
  const end = mine.slice(mine.indexOf('ChannelHangupRequest'));
  t.deepEqual(end, [
    'ChannelHangupRequest',
    'StasisEnd',
    'ChannelVarset',
    'Cdr',
    'ChannelDestroyed',
  ]);
  const req = c.about(leg.id).find((e) => e.type === 'ChannelHangupRequest');
  t.false(req !== undefined && 'cause' in req && req.cause !== undefined);
});

test.serial('Dial() in the dialplan rings the phone and bridges caller and agent', async (t) => {
  c.core.endpoints.setBehaviour('1002', { answerAfterS: 2 });
  const out = c.core.originator.originate({ endpoint: 'Local/1002@agents', app: 'callcenter' });
  if ('status' in out) throw new Error(out.message);
  const one = out.leg;
  const two = one.localPeer!;
  await c.clock.advance(1999);
  t.is(one.state, 'Down');
  await c.clock.advance(1);
  const bridge = c.core.bridges.list()[0]!;
  t.is(bridge.bridgeClass, 'basic');
  t.is(bridge.channels[0], two.id);
  t.is(one.state, 'Up');
  t.is(one.stasisApp, 'callcenter');
  const phoneLeg = c.core.channels.get(bridge.channels[1]!)!;
  t.regex(phoneLeg.name, /^PJSIP\/1002-[0-9a-f]{8}$/);
  const dial = c.events.find(
    (e) => e.type === 'Dial' && e.peer.id === phoneLeg.id && e.dialstatus === 'ANSWER',
  );
  t.like(dial, { caller: { id: two.id }, dialstring: '1002' });
  c.core.channels.requestHangup(phoneLeg, 'remote');
  await c.clock.advance(10);
  t.false(c.core.bridges.has(bridge.id));
  const dialStatus = c
    .about(two.id)
    .find((e) => e.type === 'ChannelVarset' && e.variable === 'DIALSTATUS');
  t.like(dialStatus, { value: 'ANSWER' });
  // Without the `g` option the Local half hangs up after the call, taking `;1` with it.
  t.true(two.destroyed);
  t.true(one.destroyed);
});
