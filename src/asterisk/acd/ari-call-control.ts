/**
 * The ACD's call-control port on our ARI client. Each method is one small
 * sequence of ARI requests; a 404 for a channel or bridge that has gone
 * (the caller hung up while we acted) comes back as the `gone` outcome,
 * and any other failure as `failed` with the client's stable error code:
 * nothing here throws at the runtime.
 */
import type { CallControl, ControlOutcome, OfferRequest } from '../../app/acd/ports.ts';
import type { Logger } from '../../app/logger.ts';
import type { AriClient } from '../ari/client.ts';
import { isAriError, isGone } from '../ari/errors.ts';
import { offerAppArgs } from './acd-events.ts';
import { dialStringOf, originateLeg, snoop } from './ari-leg-control.ts';
import { play, toIvr } from './ari-media-control.ts';
import { playToEnd } from './ari-play-to-end.ts';

const OK: ControlOutcome = { ok: true };

/** Runs ARI requests, mapping Gone and errors to outcomes. */
async function outcome(work: () => Promise<unknown>): Promise<ControlOutcome> {
  try {
    const result = await work();
    if (isGone(result)) return { ok: false, reason: 'gone', detail: result.message };
    return OK;
  } catch (error) {
    const detail = isAriError(error) ? `${error.code}: ${error.message}` : String(error);
    return { ok: false, reason: 'failed', detail };
  }
}

/** Creates a bridge by id; an id that already exists (409) is the bridge we want. */
async function ensureBridge(ari: AriClient, bridgeId: string, type: 'holding' | 'mixing') {
  try {
    await ari.bridges.create({ type, bridgeId, name: bridgeId });
  } catch (error) {
    if (!isAriError(error) || error.code !== 'ARI_CONFLICT') throw error;
  }
}

/** `"5551234" <5551234>`: the agent's phone shows the caller's number (ACD offer, AGT-1). */
const callerIdOf = (number: string): string | undefined =>
  number === '' ? undefined : `"${number}" <${number}>`;

/**
 * An agent's dial string. A remote agent (ACD-10) has an E.164 number as its
 * endpoint and is rung through the outbound trunk like any number.
 */
const agentDialString = (endpoint: string, trunk: string): string =>
  endpoint.startsWith('+') ? dialStringOf({ kind: 'external', number: endpoint }, trunk) : endpoint;

function originate(ari: AriClient, app: string, trunk: string, offer: OfferRequest) {
  const callerId = callerIdOf(offer.callerNumber);
  return ari.channels.originate({
    endpoint: agentDialString(offer.endpoint, trunk),
    app,
    appArgs: offerAppArgs(offer.callId, offer.agentId),
    channelId: offer.channelId,
    originator: offer.originatorChannelId,
    timeout: offer.timeoutS,
    ...(callerId === undefined ? {} : { callerId }),
  });
}

/** Whether an endpoint can be rung: SIP endpoints must be online (registered). */
async function reachable(ari: AriClient, endpoint: string, log: Logger): Promise<boolean> {
  const slash = endpoint.indexOf('/');
  const tech = endpoint.slice(0, slash);
  const resource = endpoint.slice(slash + 1);
  // Local channels and other technologies have no registration to check.
  if (slash < 0 || !/^(PJSIP|SIP)$/i.test(tech) || resource.includes('@')) return true;
  try {
    const found = await ari.endpoints.get(tech, resource);
    return !isGone(found) && found.state === 'online';
  } catch (error) {
    log.warn({ err: error, endpoint }, 'endpoint state unknown');
    return false;
  }
}

/**
 * Builds the call control. `offers` is shared with the event translation:
 * an offer leg is added before its originate is sent, because its first
 * events can arrive before the REST answer does. `trunk` is the endpoint
 * numbers are dialled through (`PJSIP/<number>@<trunk>`).
 */
export function createAriCallControl(
  ari: AriClient,
  app: string,
  offers: Set<string>,
  logger: Logger,
  trunk = 'trunk',
): CallControl {
  const log = logger.child({ component: 'acd-ari' });
  return {
    answer: (channelId) => outcome(() => ari.channels.answer(channelId)),
    startHold: (holdId, channelId) =>
      outcome(async () => {
        await ensureBridge(ari, holdId, 'holding');
        const added = await ari.bridges.addChannel(holdId, { channel: channelId });
        return isGone(added) ? added : ari.bridges.startMoh(holdId);
      }),
    stopHold: (holdId) => outcome(() => ari.bridges.stopMoh(holdId)),
    // POST /channels/{id}/moh: Asterisk's MOH generator takes over what the channel hears
    // (bridge audio is not written to it meanwhile), for any channel technology.
    startMusic: (channelId) => outcome(() => ari.channels.startMoh(channelId)),
    stopMusic: (channelId) => outcome(() => ari.channels.stopMoh(channelId)),
    async originateOffer(offer) {
      offers.add(offer.channelId);
      const result = await outcome(() => originate(ari, app, trunk, offer));
      if (!result.ok) offers.delete(offer.channelId);
      return result;
    },
    connect: (bridgeId, channelIds) =>
      outcome(async () => {
        await ensureBridge(ari, bridgeId, 'mixing');
        // addChannel moves a channel out of the holding bridge it is in.
        return ari.bridges.addChannel(bridgeId, { channel: channelIds });
      }),
    record: (bridgeId, name) =>
      outcome(() => ari.bridges.record(bridgeId, { name, format: 'wav', ifExists: 'overwrite' })),
    hangup: (channelId, cause) =>
      outcome(() => ari.channels.hangup(channelId, { reason_code: String(cause) })),
    destroyBridge: (bridgeId) => outcome(() => ari.bridges.destroy(bridgeId)),
    async originateLeg(leg) {
      offers.add(leg.channelId);
      const result = await outcome(() => originateLeg(ari, app, trunk, leg));
      if (!result.ok) offers.delete(leg.channelId);
      return result;
    },
    snoop: (request) => outcome(() => snoop(ari, app, request)),
    reachable: (endpoint) => reachable(ari, endpoint, log),
    play: (channelId, playbackId, media) => outcome(() => play(ari, channelId, playbackId, media)),
    toIvr: (channelId, flowId) => outcome(() => toIvr(ari, channelId, flowId)),
    playToEnd: (channelId, playbackId, media) =>
      outcome(() => playToEnd(ari, channelId, playbackId, media)),
  };
}
