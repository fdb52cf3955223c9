/**
 * Playbacks and recordings in simulated time: a playback lasts its sound's
 * length on the virtual clock; a recording writes a real WAV file that the
 * stored-recordings API lists and serves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { type EventLog, type SimHarness, startHarness } from './ari-server-harness.ts';

type Json = Record<string, unknown>;
const fixture = (name: string): { status: number; resBody: Json } =>
  JSON.parse(readFileSync(new URL(`../fixtures/sim/${name}`, import.meta.url), 'utf8'));

let h: SimHarness;
let cc: EventLog;
test.before(async () => {
  h = await startHarness({ sounds: { 'custom/long': 5000 } });
  cc = await h.events('callcenter');
});
test.after.always(async () => {
  await h?.close();
});

/** An inbound call answered in Stasis. */
async function answeredCall(): Promise<string> {
  const call = (await h.rest('POST', '/_sim/calls', { body: { from: '5551234', to: '100' } }))
    .body as {
    channelId: string;
  };
  await cc.next('StasisStart', call.channelId);
  await h.rest('POST', `/ari/channels/${call.channelId}/answer`);
  return call.channelId;
}

test.serial(
  'a playback lasts its sound length in simulated time, then is gone (404)',
  async (t) => {
    const id = await answeredCall();
    const from = cc.events.length;
    const res = await h.rest(
      'POST',
      `/ari/channels/${id}/play?media=sound:hello-world&playbackId=pb-${id}`,
    );
    t.is(res.status, 201);
    t.is(res.headers.get('location'), `/playbacks/pb-${id}`);
    const want = fixture('rest-channel-play.json').resBody;
    t.deepEqual(res.body, { ...want, id: `pb-${id}`, target_uri: `channel:${id}` });
    const started = await cc.next('PlaybackStarted', undefined, from);
    t.is((started.playback as Json).state, 'playing');
    t.is(((await h.rest('GET', `/ari/playbacks/pb-${id}`)).body as Json).state, 'playing');
    await h.advance(1259);
    await cc.flush();
    t.false(cc.events.slice(from).some((e) => e.type === 'PlaybackFinished'));
    await h.advance(1);
    const finished = await cc.next('PlaybackFinished', undefined, from);
    t.is((finished.playback as Json).state, 'done');
    const elapsed =
      Date.parse(String(finished.timestamp).replace('+0000', 'Z')) -
      Date.parse(String(started.timestamp).replace('+0000', 'Z'));
    t.is(elapsed, 1260);
    const gone = fixture('rest-playback-gone.json');
    const got = await h.rest('GET', `/ari/playbacks/pb-${id}`);
    t.deepEqual([got.status, got.body], [gone.status, gone.resBody]);
    await h.rest('DELETE', `/ari/channels/${id}`);
  },
);

test.serial('playbacks on one channel queue; stopping one starts the next', async (t) => {
  const id = await answeredCall();
  const from = cc.events.length;
  const a = (await h.rest('POST', `/ari/channels/${id}/play?media=sound:custom/long`)).body as Json;
  const b = (await h.rest('POST', `/ari/channels/${id}/play?media=sound:beep`)).body as Json;
  t.is(b.state, 'queued');
  t.is(((await h.rest('GET', `/ari/playbacks/${b.id}`)).body as Json).state, 'queued');
  await h.advance(1000);
  t.is((await h.rest('DELETE', `/ari/playbacks/${a.id}`)).status, 204);
  const started = await cc.waitFor(
    (e) => e.type === 'PlaybackStarted' && (e.playback as Json).id === b.id,
    from,
  );
  t.truthy(started);
  await h.advance(250);
  await cc.waitFor((e) => e.type === 'PlaybackFinished' && (e.playback as Json).id === b.id, from);
  t.deepEqual((await h.rest('DELETE', `/ari/playbacks/${a.id}`)).body, {
    message: 'Playback not found',
  });
  await h.rest('DELETE', `/ari/channels/${id}`);
});

test.serial(
  'record writes a WAV of the recorded length, listed and served as a stored recording',
  async (t) => {
    const id = await answeredCall();
    const from = cc.events.length;
    const name = `rec-${id.replace('.', '-')}`;
    const res = await h.rest(
      'POST',
      `/ari/channels/${id}/record?name=${name}&format=wav&maxDurationSeconds=2&ifExists=overwrite&beep=true`,
    );
    const want = fixture('rest-channel-record.json').resBody;
    t.is(res.status, 201);
    t.deepEqual(res.body, { ...want, name, target_uri: `channel:${id}` });
    await cc.next('RecordingStarted', undefined, from);
    t.is(((await h.rest('GET', `/ari/recordings/live/${name}`)).body as Json).state, 'recording');
    await h.advance(2000);
    const done = await cc.next('RecordingFinished', undefined, from);
    t.deepEqual(done.recording, {
      name,
      format: 'wav',
      state: 'done',
      target_uri: `channel:${id}`,
      duration: 2,
    });
    const stored = (await h.rest('GET', '/ari/recordings/stored')).body as Json[];
    t.true(stored.some((r) => r.name === name && r.format === 'wav'));
    const bytes = readFileSync(join(h.recordingsDir, `${name}.wav`));
    t.is(bytes.toString('ascii', 0, 4), 'RIFF');
    t.is(bytes.toString('ascii', 8, 12), 'WAVE');
    t.is(bytes.readUInt32LE(24), 8000);
    t.is(bytes.readUInt16LE(34), 16);
    t.is(bytes.readUInt32LE(40), 2 * 8000 * 2);
    t.is(bytes.length, 44 + 2 * 8000 * 2);
    const file = await fetch(`${h.sim.ariUrl}/ari/recordings/stored/${name}/file`, {
      headers: { authorization: h.auth },
    });
    t.is(file.headers.get('content-type'), 'audio/wav');
    t.true(Buffer.from(await file.arrayBuffer()).equals(bytes));
    t.is((await h.rest('DELETE', `/ari/recordings/stored/${name}`)).status, 204);
    t.deepEqual((await h.rest('GET', `/ari/recordings/stored/${name}`)).body, {
      message: 'Recording not found',
    });
    await h.rest('DELETE', `/ari/channels/${id}`);
  },
);

test.serial('hanging up ends the recording before StasisEnd, as captured', async (t) => {
  const id = await answeredCall();
  const from = cc.events.length;
  await h.rest('POST', `/ari/channels/${id}/record?name=hangup-${id.replace('.', '-')}&format=wav`);
  await h.advance(1500);
  await h.rest('DELETE', `/ari/channels/${id}`);
  await cc.next('StasisEnd', id, from);
  const order = cc.events
    .slice(from)
    .map((e) => e.type)
    .filter((x) => ['ChannelHangupRequest', 'RecordingFinished', 'StasisEnd'].includes(x));
  t.deepEqual(order, ['ChannelHangupRequest', 'RecordingFinished', 'StasisEnd']);
  const finished = cc.events.slice(from).find((e) => e.type === 'RecordingFinished')!;
  t.is((finished.recording as Json).duration, 1);
});

test.serial('record conflicts and unknown formats', async (t) => {
  const id = await answeredCall();
  const first = await h.rest('POST', `/ari/channels/${id}/record?name=dup&format=wav`);
  t.is(first.status, 201);
  const again = await h.rest('POST', `/ari/channels/${id}/record?name=dup&format=wav`);
  t.deepEqual(
    [again.status, again.body],
    [409, { message: "Recording 'dup' already exists and can not be overwritten" }],
  );
  t.is((await h.rest('POST', '/ari/recordings/live/dup/stop')).status, 204);
  const exists = await h.rest(
    'POST',
    `/ari/channels/${id}/record?name=dup&format=wav&ifExists=fail`,
  );
  t.is(exists.status, 409);
  const format = await h.rest('POST', `/ari/channels/${id}/record?name=x&format=mp9`);
  t.deepEqual(
    [format.status, format.body],
    [422, { message: 'specified format is unknown on this system' }],
  );
  const outside = await h.rest('POST', `/ari/channels/${id}/record?name=..%2F..%2Fetc&format=wav`);
  t.deepEqual([outside.status, outside.body], [400, { message: 'Recording name invalid' }]);
  await h.rest('DELETE', `/ari/channels/${id}`);
});

test.serial('a bridge can be played to and recorded', async (t) => {
  const a = await answeredCall();
  const b = await answeredCall();
  const bridge = (await h.rest('POST', '/ari/bridges')).body as Json;
  await h.rest('POST', `/ari/bridges/${bridge.id}/addChannel?channel=${a},${b}`);
  const from = cc.events.length;
  const pb = await h.rest('POST', `/ari/bridges/${bridge.id}/play?media=sound:beep`);
  t.is((pb.body as Json).target_uri, `bridge:${bridge.id}`);
  const rec = await h.rest('POST', `/ari/bridges/${bridge.id}/record?name=bridge-rec&format=wav`);
  t.is(rec.status, 201);
  await h.advance(3000);
  await cc.next('PlaybackFinished', undefined, from);
  await h.rest('DELETE', `/ari/bridges/${bridge.id}`);
  const done = await cc.next('RecordingFinished', undefined, from);
  t.is((done.recording as Json).duration, 3);
  t.is(readFileSync(join(h.recordingsDir, 'bridge-rec.wav')).length, 44 + 3 * 16000);
  await h.rest('DELETE', `/ari/channels/${a}`);
  await h.rest('DELETE', `/ari/channels/${b}`);
});

test.serial('MixMonitor in the dialplan records the call until it ends', async (t) => {
  const obs = await h.events('observer', true);
  const res = await h.rest('POST', '/ari/channels?endpoint=Local%2F42%40ivr-test&app=callcenter');
  const one = (res.body as Json).id as string;
  await cc.next('StasisStart', one);
  await h.advance(1260 + 500);
  await h.advance(5000);
  await obs.waitFor(
    (e) => e.type === 'ChannelDestroyed' && String((e.channel as Json).name).endsWith(';2'),
  );
  const bytes = readFileSync(join(h.recordingsDir, 'ivr-42.wav'));
  t.is(bytes.readUInt32LE(40), 5 * 16000);
  await obs.close();
});

test.serial('pausing a playback stops its clock; control errors as res_ari', async (t) => {
  const id = await answeredCall();
  const from = cc.events.length;
  const pb = (await h.rest('POST', `/ari/channels/${id}/play?media=sound:custom/long`))
    .body as Json;
  await h.advance(1000);
  t.is((await h.rest('POST', `/ari/playbacks/${pb.id}/control?operation=pause`)).status, 204);
  const again = await h.rest('POST', `/ari/playbacks/${pb.id}/control?operation=pause`);
  t.deepEqual(
    [again.status, again.body],
    [409, { message: 'Can only pause while media is playing' }],
  );
  const bad = await h.rest('POST', `/ari/playbacks/${pb.id}/control?operation=jump`);
  t.deepEqual([bad.status, bad.body], [400, { message: 'Invalid operation jump' }]);
  await h.advance(60_000);
  t.is(((await h.rest('GET', `/ari/playbacks/${pb.id}`)).body as Json).state, 'paused');
  t.is((await h.rest('POST', `/ari/playbacks/${pb.id}/control?operation=unpause`)).status, 204);
  await h.advance(3999);
  await cc.flush();
  t.false(cc.events.slice(from).some((e) => e.type === 'PlaybackFinished'));
  await h.advance(1);
  await cc.next('PlaybackFinished', undefined, from);
  await h.rest('DELETE', `/ari/channels/${id}`);
});
