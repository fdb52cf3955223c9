/**
 * Calls the simulated far ends start themselves: an agent phone dialling
 * another extension through the `agents` context, and a far end following
 * ARI redirect (a 302 before answer, a REFER after it). Also what an
 * application subscribed to `endpoint:PJSIP` receives, and a held phone's
 * device state.
 */
import test from 'ava';
import { receives } from '../../src/sim/ari/events.ts';
import { StasisApp } from '../../src/sim/core/apps.ts';
import { aggregate } from '../../src/sim/core/device-states.ts';
import { referTarget } from '../../src/sim/core/phone-calls.ts';
import { type CoreUnderTest, makeCore } from './core-harness.ts';

let c: CoreUnderTest;
test.beforeEach(() => {
  c = makeCore();
});
test.afterEach.always(() => {
  c.close();
});

test.serial(
  'a phone dials another extension: both phones are in a call until one hangs up',
  async (t) => {
    c.core.endpoints.setBehaviour('1002', { answerAfterS: 1 });
    const caller = c.core.phoneCalls.dial('1001', '1002');
    if (caller === undefined) throw new Error('phone 1001 cannot dial');
    t.regex(caller.name, /^PJSIP\/1001-/);
    t.like(caller, { endpoint: 'PJSIP/1001', context: 'agents', exten: '1002' });
    await c.clock.advance(1500);
    const callee = c.core.channels.list().find((ch) => ch.name.startsWith('PJSIP/1002-'));
    t.is(callee?.state, 'Up');
    t.is(caller.state, 'Up');
    t.truthy(caller.bridgeId);
    t.is(caller.bridgeId, callee?.bridgeId ?? '');
    c.core.channels.requestHangup(caller, 'remote');
    await c.clock.advance(10);
    t.deepEqual(c.core.channels.list(), []);
  },
);

test.serial('an unregistered or unknown phone cannot dial', (t) => {
  c.core.endpoints.setBehaviour('1003', { registered: false });
  t.is(c.core.phoneCalls.dial('1003', '1001'), undefined);
  t.is(c.core.phoneCalls.dial('4444', '1001'), undefined);
});

test.serial(
  'redirect before answer ends the call with cause 23; after answer the far end calls the target',
  async (t) => {
    const ringing = c.core.inbound.place({ from: '+33612345678', to: '100' });
    c.core.phoneCalls.redirect(ringing, '5551234');
    t.is(ringing.hangupCause, 23);
    const answered = c.core.inbound.place({ from: '+33612345679', to: '100' });
    c.core.channels.setState(answered, 'Up');
    c.core.phoneCalls.redirect(answered, 'sip:200@pbx.example');
    t.is(answered.hangupCause, 16);
    t.true(answered.hungUp);
    const again = c.core.channels
      .list()
      .find((ch) => ch.name.startsWith('PJSIP/trunk-') && ch.exten === '200');
    t.like(again?.caller, { number: '+33612345679' });
    t.is(referTarget('5551234@trunk'), '5551234');
  },
);

test.serial('an app subscribed to endpoint:PJSIP gets the channel events of every phone', (t) => {
  const app = new StasisApp('callcenter');
  app.active = true;
  c.core.phoneCalls.dial('1001', '1002');
  const created = c.events.find(
    (e) => e.type === 'ChannelCreated' && e.channel.name.startsWith('PJSIP/1001-'),
  );
  if (created === undefined) throw new Error('no ChannelCreated');
  t.false(receives(app, created), 'not subscribed yet');
  app.endpoints.add('PJSIP');
  t.true(receives(app, created));
  app.endpoints.clear();
  app.endpoints.add('PJSIP/1002');
  t.false(receives(app, created), 'another endpoint');
});

test('a phone whose only call is on hold is ONHOLD; with another call up it is INUSE', (t) => {
  const c2 = makeCore();
  try {
    const a = c2.core.phoneCalls.dial('1001', '1002');
    if (a === undefined) throw new Error('cannot dial');
    c2.core.channels.setState(a, 'Up');
    a.extra.set('onHold', true);
    t.is(aggregate([a], true), 'ONHOLD');
    const b = c2.core.phoneCalls.dial('1001', '1003');
    if (b === undefined) throw new Error('cannot dial');
    c2.core.channels.setState(b, 'Up');
    t.is(aggregate([a, b], true), 'INUSE');
    t.is(aggregate([a], false), 'UNAVAILABLE');
  } finally {
    c2.close();
  }
});
