/**
 * Playing a prompt to a channel and waiting for it to end, on ARI: POST
 * /channels/{id}/play answers as soon as the playback is queued, so the end
 * is read from the events: PlaybackFinished for our playback id (state
 * `done`, or `failed` when the sound does not exist), or the channel
 * leaving our application (StasisEnd, ChannelDestroyed) when the caller
 * hangs up meanwhile. A time limit keeps a lost event from holding the
 * call for ever.
 */
import type { AriClient } from '../ari/client.ts';
import { type Gone, isGone } from '../ari/errors.ts';

/** Longest a prompt may take before the wait gives up (a lost PlaybackFinished). */
const LIMIT_MS = 120_000;

/** Plays `media` to `channelId`; resolves when it finished, or with Gone when the channel left. */
export function playToEnd(
  ari: AriClient,
  channelId: string,
  playbackId: string,
  media: readonly string[],
): Promise<Gone | undefined> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const left: Gone = { gone: true, resource: 'channel', id: channelId, message: 'channel left' };
    const finish = (result: Gone | undefined, error?: unknown) => {
      if (settled) return;
      settled = true;
      unsubscribe();
      clearTimeout(timer);
      if (error === undefined) resolve(result);
      else reject(error);
    };
    // Listen before asking: the events can come before the REST answer.
    const unsubscribe = ari.onEvent((event) => {
      if (event.type === 'PlaybackFinished' && event.playback.id === playbackId) finish(undefined);
      const leaves = event.type === 'StasisEnd' || event.type === 'ChannelDestroyed';
      if (leaves && event.channel.id === channelId) finish(left);
    });
    const timer = setTimeout(() => finish(undefined), LIMIT_MS);
    ari.channels.play(channelId, { media, playbackId }).then(
      (played) => {
        if (isGone(played)) finish(played);
      },
      (error: unknown) => finish(undefined, error),
    );
  });
}
