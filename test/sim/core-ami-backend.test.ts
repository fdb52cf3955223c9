/**
 * The core behind the AMI server: a logged-in AMI client sees the calls of
 * the simulated PBX as AMI events (Newchannel, CEL ... Cdr, CEL, Hangup), lists them
 * with CoreShowChannels, originates, hangs up and reads variables.
 */
import test from 'ava';
import { parseRaw, RawClient } from './ami-server-helpers.ts';
import { type SimHarness, startHarness } from './ari-server-harness.ts';

let h: SimHarness;
test.before(async () => {
  h = await startHarness({ amiPort: 0, amiUsers: { cc: 'cc' }, amiAuthFailDelayMs: 0 });
  await h.events('callcenter');
});
test.after.always(async () => {
  await h?.close();
});

const fields = (raw: string) => new Map(parseRaw(raw));
const eventName = (raw: string) => fields(raw).get('Event');

test.serial(
  'a call shows up as AMI events in Asterisk order, ending with Cdr and Hangup',
  async (t) => {
    const ami = await RawClient.connect(h.sim.amiPort);
    await ami.login('on');
    await ami.readUntil('Event: SuccessfulAuth');
    const { channelId, name } = h.sim.control.placeCall({ from: '5551234', to: '100' });
    const start = await ami.readUntil('STASISSTATUS');
    t.deepEqual(
      start.map(eventName).filter((e) => e !== 'DeviceStateChange'),
      ['Newchannel', 'CEL', 'VarSet', 'Newexten', 'Newexten', 'VarSet'],
    );
    t.is(fields(start[1]!).get('EventName'), 'CHAN_START');
    t.is(fields(start[1]!).get('LinkedID'), channelId);
    const newchannel = fields(start[0]!);
    t.is(newchannel.get('Channel'), name);
    t.is(newchannel.get('ChannelState'), '4');
    t.is(newchannel.get('ChannelStateDesc'), 'Ring');
    t.is(newchannel.get('CallerIDNum'), '5551234');
    t.is(newchannel.get('ConnectedLineNum'), '<unknown>');
    t.is(newchannel.get('Uniqueid'), channelId);
    t.is(newchannel.get('Exten'), '100');
    t.is(fields(start[4]!).get('Application'), 'Stasis');
    await h.rest('POST', `/ari/channels/${channelId}/answer`);
    await h.advance(3000);
    await h.rest('DELETE', `/ari/channels/${channelId}`);
    const end = await ami.readUntil('Event: Hangup\r\n');
    const names = end.map(eventName).filter((e) => e !== 'DeviceStateChange');
    t.deepEqual(names, [
      'Newstate',
      'CEL',
      'SoftHangupRequest',
      'VarSet',
      'SoftHangupRequest',
      'Cdr',
      'CEL',
      'CEL',
      'CEL',
      'Hangup',
    ]);
    // cel_manager: ANSWER after Newstate; HANGUP (with the cause), CHAN_END and, as the
    // call's last channel, LINKEDID_END between Cdr and Hangup (ami-events.txt).
    const cels = end.filter((m) => eventName(m) === 'CEL').map(fields);
    t.deepEqual(
      cels.map((c) => c.get('EventName')),
      ['ANSWER', 'HANGUP', 'CHAN_END', 'LINKEDID_END'],
    );
    t.is(cels[1]?.get('Extra'), '{"hangupcause":16,"hangupsource":"","dialstatus":""}');
    t.true(cels.every((c) => c.get('UniqueID') === channelId && c.get('LinkedID') === channelId));
    const cdrMsg = end.find((m) => eventName(m) === 'Cdr')!;
    t.is(fields(cdrMsg).get('Disposition'), 'ANSWERED');
    t.is(fields(cdrMsg).get('LastApplication'), 'Stasis');
    t.is(fields(cdrMsg).get('Duration'), '3');
    t.is(fields(cdrMsg).get('BillableSeconds'), '3');
    const hangup = fields(end.at(-1)!);
    t.is(hangup.get('Cause'), '16');
    t.is(hangup.get('Cause-txt'), 'Normal Clearing');
    ami.close();
  },
);

test.serial('CoreShowChannels lists live channels with their application and bridge', async (t) => {
  const { channelId, name } = h.sim.control.placeCall({ from: '5551234', to: '100' });
  const bridge = (await h.rest('POST', '/ari/bridges')).body as { id: string };
  await h.rest('POST', `/ari/channels/${channelId}/answer`);
  await h.rest('POST', `/ari/bridges/${bridge.id}/addChannel?channel=${channelId}`);
  const ami = await RawClient.connect(h.sim.amiPort);
  await ami.login('off');
  ami.send([
    ['Action', 'CoreShowChannels'],
    ['ActionID', 'csc-1'],
  ]);
  const list = await ami.readUntil('CoreShowChannelsComplete');
  const row = list
    .map(fields)
    .find((f) => f.get('Event') === 'CoreShowChannel' && f.get('Uniqueid') === channelId);
  t.is(row?.get('Channel'), name);
  t.is(row?.get('Application'), 'Stasis');
  t.is(row?.get('ApplicationData'), 'callcenter,inbound,100');
  t.is(row?.get('BridgeId'), bridge.id);
  ami.send([
    ['Action', 'Getvar'],
    ['Channel', name],
    ['Variable', 'CHANNEL(name)'],
  ]);
  t.is(fields(await ami.readMessage()).get('Value'), name);
  ami.send([
    ['Action', 'Setvar'],
    ['Channel', name],
    ['Variable', 'CW_TAG'],
    ['Value', 'vip'],
  ]);
  await ami.readMessage();
  t.deepEqual((await h.rest('GET', `/ari/channels/${channelId}/variable?variable=CW_TAG`)).body, {
    value: 'vip',
  });
  ami.send([
    ['Action', 'Hangup'],
    ['Channel', name],
  ]);
  t.regex(await ami.readMessage(), /Response: Success/);
  t.is((await h.rest('GET', `/ari/channels/${channelId}`)).status, 404);
  await h.rest('DELETE', `/ari/bridges/${bridge.id}`);
  ami.close();
});

test.serial(
  'Originate rings an agent phone and reports OriginateResponse when answered',
  async (t) => {
    const ami = await RawClient.connect(h.sim.amiPort);
    await ami.login('on');
    ami.send([
      ['Action', 'Originate'],
      ['ActionID', 'orig-1'],
      ['Channel', 'PJSIP/1005'],
      ['Context', 'from-trunk'],
      ['Exten', '100'],
      ['Priority', '1'],
      ['CallerID', '"Queue" <600>'],
      ['Async', 'true'],
    ]);
    t.regex((await ami.readUntil('Originate successfully queued')).at(-1)!, /Response: Success/);
    await h.advance(1000);
    const upto = await ami.readUntil('Event: OriginateResponse');
    const response = fields(upto.at(-1)!);
    t.is(response.get('Response'), 'Success');
    t.is(response.get('Reason'), '4');
    t.regex(response.get('Channel') ?? '', /^PJSIP\/1005-[0-9a-f]{8}$/);
    const names = upto.map(eventName);
    t.true(names.includes('DialBegin'));
    t.true(names.includes('DialState'));
    t.true(names.includes('DialEnd'));
    const states = upto
      .map(fields)
      .filter((f) => f.get('Event') === 'DeviceStateChange' && f.get('Device') === 'PJSIP/1005')
      .map((f) => f.get('State'));
    t.deepEqual(states, ['RINGING', 'INUSE']);
    await h.rest('DELETE', `/ari/channels/${response.get('Uniqueid')}`);
    ami.close();
  },
);
