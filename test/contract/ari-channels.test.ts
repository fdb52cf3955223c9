/**
 * Contract: ARI system and channel operations, through our ARI client,
 * against the target chosen by target.ts (the simulator unless CONTRACT_*
 * point at a real Asterisk).
 */
import test from 'ava';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createAriClient } from '../../src/asterisk/ari/client.ts';
import { AriError, isGone } from '../../src/asterisk/ari/errors.ts';
import { comparable, loadFixture, sequenceDiff, shapeDiff } from './compare.ts';
import { ContractHarness } from './harness.ts';

let h: ContractHarness;
test.before(async () => {
  h = await ContractHarness.open();
});
test.afterEach.always(async () => {
  await h?.hangupOwned();
});
test.after.always(async () => {
  await h?.close();
});

test.serial('asterisk/info has the shape of the captured one', async (t) => {
  const info = await h.ari.asterisk.info();
  t.deepEqual(shapeDiff(info, loadFixture('ari-asterisk-info.json')), []);
  t.regex(info.system?.version ?? '', /^\d+\.\d+/);
});

test.serial('wrong credentials are refused with ARI_UNAUTHORIZED', async (t) => {
  const intruder = createAriClient({
    ...h.target.ari,
    password: `${h.target.ari.password}-wrong`,
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
  });
  const error = await t.throwsAsync(intruder.asterisk.info(), { instanceOf: AriError });
  t.is(error?.code, 'ARI_UNAUTHORIZED');
  t.is(error?.status, 401);
  await intruder.close();
});

test.serial('originating Local with app= puts both halves into Stasis, as captured', async (t) => {
  const pair = await h.originateLocal('100', 'originated');
  t.deepEqual(pair.startOne.args, ['originated']);
  t.deepEqual(pair.startTwo.args, ['inbound', '100']);
  t.is(pair.startTwo.channel.state, 'Ring');
  t.is(pair.startOne.channel.state, 'Up');
  const up = await h.events.waitFor(
    'ChannelStateChange',
    (e) => e.channel.id === pair.two.id && e.channel.state === 'Up',
    pair.from,
  );
  t.is(up.channel.name, pair.two.name);
  t.is(await h.ari.channels.hangup(pair.one.id), undefined);
  await h.events.forChannel('ChannelDestroyed', pair.two.id, pair.from);
  await h.flush();
  const roles = new Map([
    [pair.one.id, 'local;1'],
    [pair.two.id, 'local;2'],
  ]);
  const fixture = loadFixture('seq-originate-local.json');
  const actual = comparable(h.events.since(pair.from), roles, fixture);
  t.deepEqual(sequenceDiff(actual, fixture), []);
});

test.serial('channel variables: set, get, unset, functions, gone channel', async (t) => {
  const { one } = await h.originateLocal('101', 'vars');
  t.is(await h.ari.channels.setChannelVar(one.id, 'CW_CONTRACT', 'abc'), undefined);
  t.is(await h.ari.channels.getChannelVar(one.id, 'CW_CONTRACT'), 'abc');
  t.is(await h.ari.channels.getChannelVar(one.id, 'CW_NEVER_SET'), null);
  t.is(await h.ari.channels.getChannelVar(one.id, 'CHANNEL(name)'), one.name);
  await h.ari.channels.hangup(one.id);
  const gone = await h.ari.channels.getChannelVar(one.id, 'CW_CONTRACT');
  t.true(isGone(gone));
});

test.serial('hangup with a reason ends Stasis; a second hangup is Gone', async (t) => {
  const { one, from } = await h.originateLocal('102', 'hangup');
  t.is(await h.ari.channels.hangup(one.id, { reason: 'busy' }), undefined);
  // The request carries the soft-hangup flag (AST_SOFTHANGUP_EXPLICIT = 32, channel.c
  // ast_softhangup); the reason becomes the Q.850 cause the channel dies with.
  t.like(await h.events.forChannel('ChannelHangupRequest', one.id, from), {
    cause: 32,
    soft: true,
  });
  await h.events.forChannel('StasisEnd', one.id, from);
  // Originated with app=, the channel stays subscribed after StasisEnd until destroyed.
  t.like(await h.events.forChannel('ChannelDestroyed', one.id, from), {
    cause: 17,
    cause_txt: 'User busy',
  });
  const again = await h.ari.channels.hangup(one.id, { reason: 'normal' });
  t.like(again, { gone: true, resource: 'channel', id: one.id, message: 'Channel not found' });
  t.like(await h.ari.channels.get(one.id), { gone: true, message: 'Channel not found' });
});

test.serial('continueInDialplan sends the channel on through the dialplan', async (t) => {
  const { two, from } = await h.originateLocal('103', 'continue');
  const moved = await h.ari.channels.continueInDialplan(two.id, {
    context: h.target.trunkContext,
    extension: '104',
    priority: 1,
  });
  t.is(moved, undefined);
  await h.events.forChannel('StasisEnd', two.id, from);
  const back = await h.events.waitFor(
    'StasisStart',
    (e) => e.channel.id === two.id && e.args[1] === '104',
    from,
  );
  t.deepEqual(back.args, ['inbound', '104']);
  t.is(back.channel.dialplan.exten, '104');
});

test.serial('an inbound trunk call reaches Stasis(app,inbound,DID) as captured', async (t) => {
  const from = h.events.mark();
  const caller = h.callerNumber();
  const call = await h.target.placeInbound({ from: caller, did: '5551234' });
  const start = await h.events.waitFor(
    'StasisStart',
    (e) => e.channel.caller.number === caller,
    from,
  );
  h.own(start.channel.id);
  t.deepEqual(start.args, ['inbound', '5551234']);
  t.is(start.channel.dialplan.context, h.target.trunkContext);
  await h.ari.channels.answer(start.channel.id);
  await h.events.waitFor(
    'ChannelStateChange',
    (e) => e.channel.id === start.channel.id && e.channel.state === 'Up',
    from,
  );
  await call.hangup();
  const end = await h.events.forChannel('StasisEnd', start.channel.id, from);
  const window = h.events.since(from).slice(0, h.events.events.indexOf(end) - from + 1);
  const fixture = loadFixture('seq-inbound-call.json');
  const actual = comparable(window, new Map([[start.channel.id, 'caller']]), fixture);
  t.deepEqual(sequenceDiff(actual, fixture), []);
});

test.serial('endpoints are listed; an unknown one is Gone', async (t) => {
  const endpoints = await h.ari.endpoints.list();
  t.true(endpoints.length > 0);
  const first = endpoints[0]!;
  t.true(Array.isArray(first.channel_ids));
  t.like(await h.ari.endpoints.get(first.technology, first.resource), {
    technology: first.technology,
    resource: first.resource,
  });
  t.like(await h.ari.endpoints.get('PJSIP', h.uniqueId('nobody')), {
    gone: true,
    resource: 'endpoint',
  });
});

test.serial('device states: a Stasis device is updated, read, announced and deleted', async (t) => {
  const device = `Stasis:${h.uniqueId('device')}`;
  await h.ari.applications.subscribe(`deviceState:${device}`);
  const from = h.events.mark();
  await h.ari.deviceStates.update(device, 'BUSY');
  t.deepEqual(await h.ari.deviceStates.get(device), { name: device, state: 'BUSY' });
  const changed = await h.events.waitFor(
    'DeviceStateChanged',
    (e) => e.device_state.name === device,
    from,
  );
  t.is(changed.device_state.state, 'BUSY');
  t.true((await h.ari.deviceStates.list()).some((d) => d.name === device));
  await h.ari.applications.unsubscribe(`deviceState:${device}`);
  await h.ari.deviceStates.delete(device);
  const refused = await t.throwsAsync(h.ari.deviceStates.update('PJSIP/1001', 'BUSY'), {
    instanceOf: AriError,
  });
  t.is(refused?.code, 'ARI_CONFLICT');
});
