/**
 * Contract: media through our ARI client: playbacks on a channel and on a
 * bridge (a finished playback is Gone), recordings (stored, fetched as a
 * WAV, deleted), snoop, DTMF, music on hold and hold. The channel scenario
 * replays the captured one (seq-channel-media.json) step for step.
 */
import test from 'ava';
import { isGone } from '../../src/asterisk/ari/errors.ts';
import { comparable, loadFixture, sequenceDiff } from './compare.ts';
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

test.serial('media on a channel follows the captured sequence', async (t) => {
  const { one, two } = await h.originateLocal('300', 'media');
  const from = h.events.mark();
  const playbackId = h.uniqueId('pb');
  const playback = await h.ari.channels.play(one.id, { media: 'sound:hello-world', playbackId });
  t.like(playback, {
    id: playbackId,
    target_uri: `channel:${one.id}`,
    media_uri: 'sound:hello-world',
  });
  await h.events.waitFor('PlaybackFinished', (e) => e.playback.id === playbackId, from);
  t.like(await h.ari.playbacks.get(playbackId), { gone: true, resource: 'playback' });
  t.is(await h.ari.channels.startMoh(one.id, { mohClass: 'default' }), undefined);
  t.is(await h.ari.channels.stopMoh(one.id), undefined);
  t.is(await h.ari.channels.hold(one.id), undefined);
  t.is(await h.ari.channels.unhold(one.id), undefined);
  t.is(await h.ari.channels.sendDtmf(one.id, { dtmf: '12#' }), undefined);
  await h.events.waitFor('ChannelDtmfReceived', (e) => e.digit === '#', from);
  await h.ari.channels.setChannelVar(one.id, 'CC_TEST', 'abc');
  const snoop = await h.ari.channels.snoop(one.id, {
    spy: 'both',
    app: h.target.ari.app,
    appArgs: 'snoop',
    snoopId: h.own(h.uniqueId('snoop')),
  });
  t.false(isGone(snoop));
  if (isGone(snoop)) return;
  t.regex(snoop.name, /^Snoop\//);
  const spying = await h.events.forChannel('StasisStart', snoop.id, from);
  t.deepEqual(spying.args, ['snoop']);
  const name = h.uniqueId('rec');
  const recording = await h.ari.channels.record(one.id, {
    name,
    format: 'wav',
    ifExists: 'overwrite',
    beep: true,
  });
  t.like(recording, { name, format: 'wav', target_uri: `channel:${one.id}` });
  await h.events.waitFor('RecordingStarted', (e) => e.recording.name === name, from);
  await h.ari.channels.hangup(snoop.id);
  await h.ari.channels.hangup(one.id);
  await h.events.waitFor('RecordingFinished', (e) => e.recording.name === name, from);
  await h.events.forChannel('StasisEnd', one.id, from);
  await h.flush();
  await h.ari.recordings.stored.delete(name);
  const roles = new Map([
    [one.id, 'caller'],
    [two.id, 'far'],
  ]);
  const fixture = loadFixture('seq-channel-media.json');
  // Of the far end (not in Stasis in the capture) only the digits it received count.
  const actual = comparable(h.events.since(from), roles, fixture).filter(
    (e) => e.subject === 'caller' || e.type === 'ChannelDtmfReceived',
  );
  t.deepEqual(sequenceDiff(actual, fixture), []);
});

test.serial('a playback on a bridge starts, finishes and is then Gone', async (t) => {
  const { one, from } = await h.originateLocal('301', 'bridge-play');
  const bridge = await h.ari.bridges.create({ type: 'mixing', bridgeId: h.uniqueId('play') });
  await h.ari.bridges.addChannel(bridge.id, { channel: one.id });
  const playbackId = h.uniqueId('bpb');
  const playback = await h.ari.bridges.play(bridge.id, { media: 'sound:hello-world', playbackId });
  t.like(playback, { id: playbackId, target_uri: `bridge:${bridge.id}` });
  const started = await h.events.waitFor(
    'PlaybackStarted',
    (e) => e.playback.id === playbackId,
    from,
  );
  t.is(started.playback.state, 'playing');
  const finished = await h.events.waitFor(
    'PlaybackFinished',
    (e) => e.playback.id === playbackId,
    from,
  );
  t.is(finished.playback.state, 'done');
  t.like(await h.ari.playbacks.get(playbackId), { gone: true, message: 'Playback not found' });
  await h.ari.bridges.destroy(bridge.id);
});

test.serial('recording a bridge stores a WAV that can be fetched and deleted', async (t) => {
  const { one, from } = await h.originateLocal('302', 'bridge-record');
  const bridge = await h.ari.bridges.create({ type: 'mixing', bridgeId: h.uniqueId('rec') });
  await h.ari.bridges.addChannel(bridge.id, { channel: one.id });
  const name = h.uniqueId('bridge-rec');
  const live = await h.ari.bridges.record(bridge.id, { name, format: 'wav' });
  t.like(live, { name, format: 'wav', target_uri: `bridge:${bridge.id}` });
  const started = await h.events.waitFor(
    'RecordingStarted',
    (e) => e.recording.name === name,
    from,
  );
  t.is(started.recording.state, 'recording');
  t.is(await h.ari.recordings.live.stop(name), undefined);
  const finished = await h.events.waitFor(
    'RecordingFinished',
    (e) => e.recording.name === name,
    from,
  );
  t.like(finished.recording, { state: 'done', format: 'wav', target_uri: `bridge:${bridge.id}` });
  const stored = await h.ari.recordings.stored.list();
  t.true(stored.some((r) => r.name === name && r.format === 'wav'));
  const file = await h.ari.recordings.stored.getFile(name);
  t.false(isGone(file));
  if (Buffer.isBuffer(file)) {
    t.is(file.subarray(0, 4).toString('ascii'), 'RIFF');
    t.is(file.subarray(8, 12).toString('ascii'), 'WAVE');
  }
  t.is(await h.ari.recordings.stored.delete(name), undefined);
  t.like(await h.ari.recordings.stored.get(name), { gone: true, resource: 'recording' });
  await h.ari.bridges.destroy(bridge.id);
});

test.serial('every ARI frame the target sent parsed into a typed event', async (t) => {
  // unknown_type is not checked: a real Asterisk may send types callwright does not consume.
  const rejected = await h.rejectedFrames('ari');
  t.like(rejected, { malformed_json: 0, not_an_event: 0, invalid_fields: 0 });
});
