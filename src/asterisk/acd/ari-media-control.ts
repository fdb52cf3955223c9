/**
 * The media and hand-off part of the ACD's call-control port on ARI:
 * announcements played to a waiting caller, and handing a caller over to
 * the IVR. Playing on a channel that sits in a holding bridge is what ARI
 * does for bridged channels (res/stasis/control.c queues the playback on
 * the channel, which hears it instead of the bridge's music meanwhile).
 */
import type { AriClient } from '../ari/client.ts';
import { isGone } from '../ari/errors.ts';

/** Dialplan context that runs an IVR flow named by the channel variable {@link IVR_FLOW_VAR}. */
export const IVR_CONTEXT = 'callwright-ivr';

/** Channel variable carrying the flow's key into {@link IVR_CONTEXT}. */
export const IVR_FLOW_VAR = 'CW_IVR_FLOW';

/** Plays `media` to a channel under a playback id of our choosing. */
export function play(
  ari: AriClient,
  channelId: string,
  playbackId: string,
  media: readonly string[],
) {
  return ari.channels.play(channelId, { media, playbackId });
}

/**
 * Sends a caller to the IVR: sets the flow's key on the channel, then lets
 * it continue in the dialplan's IVR context (extension `s`, priority 1),
 * which leaves our Stasis application (StasisEnd follows) and runs the
 * flow over FastAGI (dialplan/extensions.conf, `[callwright-ivr]`).
 */
export async function toIvr(ari: AriClient, channelId: string, flowId: string) {
  const set = await ari.channels.setChannelVar(channelId, IVR_FLOW_VAR, flowId);
  if (isGone(set)) return set;
  return ari.channels.continueInDialplan(channelId, {
    context: IVR_CONTEXT,
    extension: 's',
    priority: 1,
  });
}
