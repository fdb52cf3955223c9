/**
 * Inbound callers: the trunk channel as captured, patience that counts only
 * the time offered to agents (not the IVR), talk time once connected, and
 * DTMF scripts reaching the dialplan.
 */
import test from 'ava';
import { type CoreUnderTest, makeCore } from './core-harness.ts';

let c: CoreUnderTest;
test.beforeEach(() => {
  c = makeCore();
});
test.afterEach.always(() => {
  c.close();
});

test.serial('a placed call is a ringing trunk channel running from-trunk/DID', async (t) => {
  const ch = c.core.inbound.place({ from: '+4930123456', fromName: 'Alice', to: '100' });
  t.regex(ch.name, /^PJSIP\/trunk-[0-9a-f]{8}$/);
  t.regex(ch.id, /^\d+\.\d+$/);
  const created = c.events[0];
  t.like(created, {
    type: 'ChannelCreated',
    channel: {
      state: 'Ring',
      caller: { name: 'Alice', number: '+4930123456' },
      context: 'from-trunk',
      exten: '100',
    },
  });
  await c.clock.advance(0);
  t.is(ch.stasisApp, 'callcenter');
  t.deepEqual(ch.stasisArgs, ['inbound', '100']);
});

test.serial(
  'patience starts when the call is offered to agents: IVR time does not count',
  async (t) => {
    // DID 700 spends 10.02 s in the IVR (Answer waits 20 ms for media, then Wait(10)) before Stasis.
    const ch = c.core.inbound.place({ from: '5550100', to: '700', patienceS: 30 });
    await c.clock.advance(10_019);
    t.is(ch.stasisApp, undefined);
    await c.clock.advance(1);
    t.is(ch.stasisApp, 'callcenter');
    await c.clock.advance(29_999);
    t.false(ch.hungUp);
    await c.clock.advance(1);
    t.true(ch.destroyed);
    const req = c.events.find((e) => e.type === 'ChannelHangupRequest' && e.channel.id === ch.id);
    t.true(req !== undefined && !('soft' in req && req.soft));
  },
);

test.serial('a connected caller stops waiting and hangs up after its talk time', async (t) => {
  const caller = c.core.inbound.place({ from: '5550101', to: '100', patienceS: 20, talkS: 60 });
  await c.clock.advance(0);
  c.core.channels.setState(caller, 'Up');
  await c.clock.advance(5000);
  const agent = c.core.originator.originate({ endpoint: 'PJSIP/1001', app: 'callcenter' });
  if ('status' in agent) throw new Error(agent.message);
  await c.clock.advance(1000);
  const bridge = c.core.bridges.create({ bridgeClass: 'stasis' });
  c.core.bridges.add(bridge, caller);
  c.core.bridges.add(bridge, agent.leg);
  const connectedAt = c.clock.now();
  await c.clock.advance(40_000);
  t.false(caller.hungUp, 'patience no longer applies');
  await c.clock.advance(connectedAt + 60_000 - c.clock.now());
  t.true(caller.destroyed);
  t.false(agent.leg.hungUp, 'the agent stays');
  t.deepEqual(bridge.channels, [agent.leg.id]);
});

test.serial('patience pauses while the call is back in the dialplan', async (t) => {
  const caller = c.core.inbound.place({ from: '5550102', to: '100', patienceS: 10 });
  await c.clock.advance(4000);
  c.core.stasis.continueIn(caller, { context: 'sim-customer', exten: '100', priority: 1 });
  await c.clock.advance(20_000);
  t.false(caller.hungUp);
  t.is(caller.appName, 'Wait');
});

test.serial('a DTMF script reaches a digit reader in the dialplan', async (t) => {
  const ch = c.core.inbound.place({
    from: '5550103',
    to: '100',
    dtmf: [{ afterMs: 500, digits: '42' }],
  });
  await c.clock.advance(0);
  c.core.stasis.continueIn(ch, { context: 'sim-customer', exten: '100', priority: 1 });
  await c.clock.advance(0);
  t.is(ch.state, 'Up');
  const first = c.core.host.readDigit(ch, 5000);
  await c.clock.advance(600);
  t.is(await first, '4');
  // The second digit was pressed while nobody read: it waits in the buffer.
  await c.clock.advance(1000);
  t.is(await c.core.host.readDigit(ch, 10), '2');
  t.is(
    await Promise.race([
      c.core.host.readDigit(ch, 100),
      c.clock.advance(100).then(() => 'timeout'),
    ]),
    undefined,
  );
});

test.serial('a caller hearing busy tone hangs up two seconds later', async (t) => {
  const ch = c.core.inbound.place({ from: '5550104', to: '666' });
  await c.clock.advance(1999);
  t.false(ch.hungUp);
  await c.clock.advance(1);
  t.true(ch.destroyed);
  t.true(
    c.events.some(
      (e) => e.type === 'ChannelDialplan' && e.channel.id === ch.id && e.app === 'Busy',
    ),
  );
});
