/**
 * The dialer's ARI edge for voice broadcast (DIAL-6), on captured frames
 * re-addressed to a dialer leg: a key pressed on a dialer leg becomes
 * `key-pressed` (on any other channel it is none of the dialer's
 * business), and the end of a message played on a dialer leg becomes
 * `playback-finished`.
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import { parseAriEvent } from '../../src/asterisk/ari/event-parser.ts';
import { translateDialerEvent } from '../../src/asterisk/dialer/dialer-ari.ts';

const EVENTS_DIR = new URL('../fixtures/ari/events/', import.meta.url);
const LEG = 'cw-dial-3f2a';

/** The fields of a captured frame the tests change. */
interface Frame {
  digit?: string;
  channel: { id: string };
  playback: { target_uri: string };
}

/** The first captured frame of `type`, changed by `edit`, parsed like the client does. */
function captured(type: string, edit: (frame: Frame) => void) {
  const [frame] = JSON.parse(readFileSync(new URL(`${type}.json`, EVENTS_DIR), 'utf8')) as Frame[];
  if (frame === undefined) throw new Error(`no captured ${type}`);
  edit(frame);
  const result = parseAriEvent(JSON.stringify(frame));
  if (!result.ok) throw new Error(`rejected: ${result.reason}`);
  return result.event;
}

test('a key pressed on a dialer leg is a key-pressed event', (t) => {
  const event = captured('ChannelDtmfReceived', (f) => {
    f.channel.id = LEG;
    f.digit = '2';
  });
  t.deepEqual(translateDialerEvent(event), { type: 'key-pressed', channelId: LEG, key: '2' });
});

test("a key pressed on another channel is not the dialer's", (t) => {
  const event = captured('ChannelDtmfReceived', () => {});
  t.is(translateDialerEvent(event), null);
});

test('the end of a message played on a dialer leg is playback-finished', (t) => {
  const event = captured('PlaybackFinished', (f) => {
    f.playback.target_uri = `channel:${LEG}`;
  });
  t.deepEqual(translateDialerEvent(event), { type: 'playback-finished', channelId: LEG });
});
