/**
 * Contract: the ARI behaviour in-call control relies on (transfers,
 * supervisors, internal calls), through our ARI client: a snoop channel
 * with a whisper direction enters the application and is hung up by the
 * PBX when the channel it listens to goes; the application can subscribe
 * to every PJSIP endpoint (how internal calls are seen); holding a channel
 * through ARI is accepted without an ARI ChannelHold event (that event is
 * for a far end putting us on hold).
 */
import test from 'ava';
import { isGone } from '../../src/asterisk/ari/errors.ts';
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

test.serial('a whispering snoop ends when the channel it listens to hangs up', async (t) => {
  const { one, from } = await h.originateLocal('300', 'snooped');
  const snoop = await h.ari.channels.snoop(one.id, {
    spy: 'both',
    whisper: 'out',
    app: h.target.ari.app,
    appArgs: 'leg,contract',
    snoopId: h.own(h.uniqueId('whisper')),
  });
  if (isGone(snoop)) throw new Error('the snooped channel is gone');
  const started = await h.events.forChannel('StasisStart', snoop.id, from);
  t.deepEqual(started.args, ['leg', 'contract']);
  t.regex(started.channel.name, /^Snoop\//);
  await h.ari.channels.hangup(one.id);
  // No hangup of ours: the PBX ends the snoop with the channel it spied on.
  await h.events.forChannel('StasisEnd', snoop.id, from);
  t.like(await h.ari.channels.get(snoop.id), { gone: true });
});

test.serial('the application subscribes to every PJSIP endpoint', async (t) => {
  const app = await h.ari.applications.subscribe('endpoint:PJSIP');
  t.false(isGone(app));
  if (isGone(app)) return;
  t.true(app.endpoint_ids.includes('PJSIP'));
  const after = await h.ari.applications.unsubscribe('endpoint:PJSIP');
  t.false(after.endpoint_ids.includes('PJSIP'));
});

test.serial(
  'holding a channel through ARI is accepted and sends no ChannelHold event',
  async (t) => {
    const { one, from } = await h.originateLocal('301', 'held');
    t.is(await h.ari.channels.hold(one.id), undefined);
    t.is(await h.ari.channels.unhold(one.id), undefined);
    await h.flush();
    t.false(h.events.since(from).some((e) => e.type === 'ChannelHold' && e.channel.id === one.id));
  },
);
