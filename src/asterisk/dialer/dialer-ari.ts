/**
 * The dialer's side of ARI. Outbound legs get ids we choose (`cw-dial-…`
 * for callees, `…-agent` for agent legs) so their events are told apart
 * without shared state. A callee is originated into our application with
 * `dialer-call` (so every event of the leg, and its ChannelDestroyed with
 * the real Q.850 cause, reaches us even before it answers); once answered
 * it is continued into the dialplan's `callwright-dialer` context, where
 * AMD() runs and `Stasis(<app>,dialer,<AMDSTATUS>)` hands it back.
 * Ringing and early media (Dial RINGING, ChannelStateChange Ringing) are
 * never an answer: only the StasisStart after the answer is.
 */

import type { ControlOutcome } from '../../app/acd/ports.ts';
import type { DialerCallControl, DialerPbxEvent } from '../../app/dialer/ports.ts';
import type { AriClient, AriEvent } from '../ari/client.ts';
import { isAriError, isGone } from '../ari/errors.ts';

/** Prefix of every dialer channel id. */
export const DIALER_PREFIX = 'cw-dial-';
/** Dialplan context that runs AMD and hands the callee back (dialplan/extensions.conf). */
export const DIALER_CONTEXT = 'callwright-dialer';
/**
 * Dialplan context that hands a callee into an ACD queue: it re-enters our
 * application as `queue,<CW_QUEUE>`, the IVR's hand-off, so the ACD takes
 * it like any queued caller (dialplan/extensions.conf).
 */
export const DIALER_QUEUE_CONTEXT = 'callwright-dialer-queue';
/** Channel variable carrying the queue id into {@link DIALER_QUEUE_CONTEXT}. */
export const DIALER_QUEUE_VAR = 'CW_QUEUE';

const isOurs = (id: string) => id.startsWith(DIALER_PREFIX);
/** The id of a leg's playback: a leg plays one message at a time, and a hand-off stops it. */
const playbackOf = (channelId: string) => `${channelId}-play`;
const causeOrNull = (c: number | undefined) => (c === undefined || c === 0 ? null : c);

/** Translates one ARI event about a dialer leg; null for anything else. */
export function translateDialerEvent(event: AriEvent): DialerPbxEvent | null {
  switch (event.type) {
    case 'StasisStart': {
      const id = event.channel.id;
      if (!isOurs(id)) return null;
      const [kind, verdict] = event.args;
      if (kind === 'dialer-call') return { type: 'callee-answered', channelId: id };
      if (kind === 'dialer') return { type: 'amd-result', channelId: id, verdict: verdict ?? '' };
      if (kind === 'dialer-agent') return { type: 'agent-answered', channelId: id };
      return null;
    }
    case 'Dial':
      if (isOurs(event.peer.id) && event.dialstatus === 'RINGING') {
        return { type: 'leg-ringing', channelId: event.peer.id };
      }
      return null;
    case 'ChannelDestroyed':
      if (!isOurs(event.channel.id)) return null;
      return { type: 'leg-ended', channelId: event.channel.id, cause: causeOrNull(event.cause) };
    case 'PlaybackFinished': {
      const target = event.playback.target_uri;
      const id = target.startsWith('channel:') ? target.slice('channel:'.length) : '';
      return isOurs(id) ? { type: 'playback-finished', channelId: id } : null;
    }
    case 'ChannelDtmfReceived':
      if (!isOurs(event.channel.id)) return null;
      return { type: 'key-pressed', channelId: event.channel.id, key: event.digit };
    default:
      return null;
  }
}

async function outcome(work: () => Promise<unknown>): Promise<ControlOutcome> {
  try {
    const result = await work();
    if (isGone(result)) return { ok: false, reason: 'gone', detail: result.message };
    return { ok: true };
  } catch (error) {
    const detail = isAriError(error) ? `${error.code}: ${error.message}` : String(error);
    return { ok: false, reason: 'failed', detail };
  }
}

async function ensureBridge(ari: AriClient, bridgeId: string) {
  try {
    await ari.bridges.create({ type: 'mixing', bridgeId, name: bridgeId });
  } catch (error) {
    if (!isAriError(error) || error.code !== 'ARI_CONFLICT') throw error;
  }
}

/** Dialer call control on `ari`, for Stasis application `app`. */
export function createAriDialerControl(ari: AriClient, app: string): DialerCallControl {
  return {
    originateCallee: (req) =>
      outcome(() =>
        ari.channels.originate({
          endpoint: req.endpoint,
          app,
          appArgs: 'dialer-call',
          channelId: req.channelId,
          timeout: req.timeoutS,
          ...(req.callerId === null ? {} : { callerId: req.callerId }),
        }),
      ),
    runAmd: (channelId, exten) =>
      outcome(() =>
        ari.channels.continueInDialplan(channelId, {
          context: DIALER_CONTEXT,
          extension: exten,
          priority: 1,
        }),
      ),
    originateAgent: (req) =>
      outcome(() =>
        ari.channels.originate({
          endpoint: req.endpoint,
          app,
          appArgs: 'dialer-agent',
          channelId: req.channelId,
          originator: req.originator,
          timeout: req.timeoutS,
          callerId: `"${req.callerNumber}" <${req.callerNumber}>`,
        }),
      ),
    connect: (bridgeId, channelIds) =>
      outcome(async () => {
        await ensureBridge(ari, bridgeId);
        return ari.bridges.addChannel(bridgeId, { channel: channelIds });
      }),
    record: (bridgeId, name) =>
      outcome(() => ari.bridges.record(bridgeId, { name, format: 'wav', ifExists: 'overwrite' })),
    play: (channelId, media) =>
      outcome(() => ari.channels.play(channelId, { media, playbackId: playbackOf(channelId) })),
    toQueue: (channelId, queueId) =>
      outcome(async () => {
        // A playback holds the channel's Stasis command queue: the continue would wait
        // for the message to end. A playback already over answers 404, which is fine.
        await ari.playbacks.stop(playbackOf(channelId)).catch(() => undefined);
        const set = await ari.channels.setChannelVar(channelId, DIALER_QUEUE_VAR, queueId);
        if (isGone(set)) return set;
        return ari.channels.continueInDialplan(channelId, {
          context: DIALER_QUEUE_CONTEXT,
          extension: 's',
          priority: 1,
        });
      }),
    hangup: (channelId, cause) =>
      outcome(() => ari.channels.hangup(channelId, { reason_code: String(cause) })),
    destroyBridge: (bridgeId) => outcome(() => ari.bridges.destroy(bridgeId)),
  };
}

/** The dialer's side of the ARI connection: call control and translated events. */
export function createAriDialerLink(ari: AriClient, app: string) {
  return {
    control: createAriDialerControl(ari, app),
    /** Delivers every dialer event to `handle`; returns the unsubscribe. */
    subscribe: (handle: (event: DialerPbxEvent) => void) =>
      ari.onEvent((event) => {
        const translated = translateDialerEvent(event);
        if (translated !== null) handle(translated);
      }),
  };
}
