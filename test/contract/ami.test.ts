/**
 * Contract: every AMI action and event callwright uses, through our AMI
 * client, cross-checked against ARI where both see the same call.
 */
import test from 'ava';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createAmiClient } from '../../src/asterisk/ami/ami-client.ts';
import type { AmiClient } from '../../src/asterisk/ami/ami-client-types.ts';
import { AmiError } from '../../src/asterisk/ami/ami-errors.ts';
import { AmiRecorder } from './ami-recorder.ts';
import { ContractHarness } from './harness.ts';

let h: ContractHarness;
let ami: AmiClient;
let amiEvents: AmiRecorder;
test.before(async () => {
  h = await ContractHarness.open();
  ami = await h.ami();
  amiEvents = new AmiRecorder(ami);
});
test.afterEach.always(async () => {
  await h?.hangupOwned();
});
test.after.always(async () => {
  await h?.close();
});

test.serial('login reports the manager version; Ping answers Pong', async (t) => {
  t.true(ami.connected);
  t.regex(ami.status().amiVersion ?? '', /^\d+\.\d+\.\d+$/);
  const { response } = await ami.action('Ping');
  t.is(response.response, 'Success');
  t.is(response.get('Ping'), 'Pong');
});

test.serial('a wrong secret is refused with AMI_AUTH_FAILED', async (t) => {
  const intruder = createAmiClient({
    ...h.target.ami,
    secret: `${h.target.ami.secret}-wrong`,
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
  });
  const error = await t.throwsAsync(intruder.whenConnected(), { instanceOf: AmiError });
  t.is(error?.code, 'AMI_AUTH_FAILED');
  t.is(error?.details.response?.get('Message'), 'Authentication failed');
  await intruder.close();
});

test.serial('CoreShowChannels lists the same channels as ARI', async (t) => {
  const { one, two } = await h.originateLocal('400', 'ami-list');
  const listed = await ami.action('CoreShowChannels');
  const ariIds = (await h.ari.channels.list()).map((c) => c.id).sort();
  const amiIds = listed.events.map((e) => e.get('Uniqueid')).sort();
  t.deepEqual(amiIds, ariIds);
  t.true(amiIds.includes(one.id) && amiIds.includes(two.id));
  t.is(listed.complete?.get('ListItems'), String(listed.events.length));
});

test.serial('Originate (async) answers Success once the Local call is answered', async (t) => {
  const from = h.events.mark();
  const caller = h.callerNumber();
  const outcome = ami.originate({
    Channel: `Local/401@${h.target.trunkContext}`,
    Application: 'Wait',
    Data: '30',
    CallerID: `"Contract" <${caller}>`,
  });
  const start = await h.events.waitFor('StasisStart', (e) => e.args[1] === '401', from);
  h.own(start.channel.id);
  await h.ari.channels.answer(start.channel.id);
  const response = await outcome;
  t.like(response, { response: 'Success', reason: 4, application: 'Wait' });
  t.regex(response.channel, /^Local\/401@/);
  await h.ari.channels.hangup(start.channel.id);
});

test.serial('Originate (async) to an endpoint that does not exist answers Failure', async (t) => {
  const response = await ami.originate({
    Channel: `PJSIP/${h.uniqueId('nobody')}`,
    Application: 'Wait',
    Data: '1',
  });
  t.is(response.response, 'Failure');
  t.is(typeof response.reason, 'number');
});

test.serial('Setvar and Getvar work on a live channel, and ARI sees the value', async (t) => {
  const { one } = await h.originateLocal('402', 'ami-vars');
  await ami.action('Setvar', { Channel: one.name, Variable: 'CW_AMI', Value: 'xyz' });
  const got = await ami.action('Getvar', { Channel: one.name, Variable: 'CW_AMI' });
  t.is(got.response.get('Value'), 'xyz');
  t.is(await h.ari.channels.getChannelVar(one.id, 'CW_AMI'), 'xyz');
  const missing = await t.throwsAsync(
    ami.action('Getvar', { Channel: `${one.name}-none`, Variable: 'CW_AMI' }),
    { instanceOf: AmiError },
  );
  t.is(missing?.code, 'AMI_ACTION_FAILED');
});

test.serial('Redirect takes a channel out of Stasis to another extension', async (t) => {
  const { two, from } = await h.originateLocal('403', 'ami-redirect');
  const { response } = await ami.action('Redirect', {
    Channel: two.name,
    Context: h.target.trunkContext,
    Exten: '404',
    Priority: 1,
  });
  t.is(response.get('Message'), 'Redirect successful');
  await h.events.forChannel('StasisEnd', two.id, from);
  const back = await h.events.waitFor(
    'StasisStart',
    (e) => e.channel.id === two.id && e.args[1] === '404',
    from,
  );
  t.deepEqual(back.args, ['inbound', '404']);
});

test.serial('Hangup with a cause: the Hangup event carries it', async (t) => {
  const { two } = await h.originateLocal('405', 'ami-hangup');
  const from = amiEvents.mark();
  const { response } = await ami.action('Hangup', { Channel: two.name, Cause: 17 });
  t.is(response.get('Message'), 'Channel Hungup');
  const hangup = await amiEvents.waitFor('Hangup', (e) => e.uniqueid === two.id, from);
  t.like(hangup, { channel: two.name, cause: 17, causeTxt: 'User busy' });
});

test.serial(
  'PlayDTMF out of a Local half reaches the other half; Receive makes it local',
  async (t) => {
    const { one, two, from } = await h.originateLocal('408', 'ami-dtmf');
    const sent = await ami.action('PlayDTMF', { Channel: one.name, Digit: '7', Duration: 100 });
    t.is(sent.response.get('Message'), 'DTMF successfully queued');
    const crossed = await h.events.waitFor('ChannelDtmfReceived', (e) => e.digit === '7', from);
    t.is(crossed.channel.id, two.id);
    await ami.action('PlayDTMF', { Channel: two.name, Digit: '9', Receive: 'true' });
    const own = await h.events.waitFor('ChannelDtmfReceived', (e) => e.digit === '9', from);
    t.is(own.channel.id, two.id);
    const missing = await t.throwsAsync(
      ami.action('PlayDTMF', { Channel: `${two.name}-none`, Digit: '1' }),
      { instanceOf: AmiError },
    );
    t.is(missing?.details.response?.get('Message'), 'Channel not found');
  },
);

test.serial('DeviceStateList includes a device state set over ARI', async (t) => {
  const device = `Stasis:${h.uniqueId('ami-device')}`;
  await h.ari.deviceStates.update(device, 'INUSE');
  const { events, complete } = await ami.action('DeviceStateList');
  const item = events.find((e) => e.get('Device') === device);
  t.is(item?.get('State'), 'INUSE');
  t.is(complete?.get('ListItems'), String(events.length));
  await h.ari.deviceStates.delete(device);
});

test.serial('a bridged call shows up as channel, dial, bridge and CDR events', async (t) => {
  const from = amiEvents.mark();
  const first = await h.originateLocal('406', 'ami-first');
  const second = await h.originateLocal('407', 'ami-second');
  const bridge = await h.ari.bridges.create({ type: 'mixing', bridgeId: h.uniqueId('ami') });
  await h.ari.bridges.addChannel(bridge.id, { channel: [first.one.id, second.one.id] });
  const { one } = first;
  const created = await amiEvents.waitFor('Newchannel', (e) => e.uniqueid === one.id, from);
  t.is(created.channel, one.name);
  await amiEvents.waitFor('DialBegin', (e) => e.dest.uniqueid === one.id, from);
  const dialEnd = await amiEvents.waitFor('DialEnd', (e) => e.dest.uniqueid === one.id, from);
  t.is(dialEnd.dialStatus, 'ANSWER');
  const up = await amiEvents.waitFor('Newstate', (e) => e.uniqueid === first.two.id, from);
  t.is(up.channelStateDesc, 'Up');
  const enter = await amiEvents.waitFor('BridgeEnter', (e) => e.uniqueid === one.id, from);
  t.is(enter.bridgeUniqueid, bridge.id);
  await h.ari.channels.hangup(one.id);
  const leave = await amiEvents.waitFor('BridgeLeave', (e) => e.uniqueid === one.id, from);
  t.is(leave.bridgeUniqueid, bridge.id);
  await amiEvents.waitFor('Hangup', (e) => e.uniqueid === one.id, from);
  const cdr = await amiEvents.waitFor('Cdr', (e) => e.uniqueid === one.id, from);
  t.like(cdr, {
    channel: one.name,
    destinationChannel: second.one.name,
    disposition: 'ANSWERED',
    lastApplication: 'Stasis',
    lastData: `${h.target.ari.app},ami-first`,
  });
  await h.ari.bridges.destroy(bridge.id);
});

test.serial('every AMI frame the target sent was understood', async (t) => {
  const rejected = await h.rejectedFrames('ami');
  t.deepEqual(
    Object.values(rejected).filter((n) => n > 0),
    [],
  );
});
