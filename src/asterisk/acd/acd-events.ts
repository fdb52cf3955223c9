/**
 * ARI events of our Stasis application, translated into the ACD's own
 * events (`src/app/acd/pbx-events.ts`). Translation only: which call or
 * agent an event concerns is the runtime's business. The one thing kept
 * here is the set of offer legs we originated and that have not been
 * answered yet, because ARI reports their end differently from any other
 * channel's.
 *
 * Event shapes and order follow the captures (transcripts/
 * ari-events-main.jsonl, ari-events-round2.jsonl):
 * - a trunk call arrives as StasisStart `args: ["inbound", "<DID>"]`;
 * - an originated leg reports Dial `RINGING`, ChannelStateChange Up, Dial
 *   `ANSWER` and only then StasisStart with the originate's appArgs;
 * - ARI DELETE gives ChannelHangupRequest `{cause: 32, soft: true}`: 32 is
 *   Asterisk's AST_SOFTHANGUP_EXPLICIT flag, NOT a Q.850 cause; a SIP BYE
 *   gives one with neither field;
 * - after StasisEnd, a PJSIP channel's ChannelDestroyed reaches only
 *   subscribeAll apps, so a caller's hangup is taken from the hangup
 *   request / StasisEnd. An originated leg stays subscribed to the app
 *   that originated it, so its ChannelDestroyed (with the real cause, e.g.
 *   19 when it rang out) does arrive.
 * - the application is subscribed to `endpoint:PJSIP` (ari-acd-link.ts):
 *   Asterisk then forwards every PJSIP channel's events to it
 *   (res/stasis/app.c: "endpoint subscriptions also subscribe to
 *   channels"), so a call between two extensions that never enters our
 *   application is seen from its ChannelCreated to its ChannelDestroyed.
 */
import type { PbxCallEvent } from '../../app/acd/pbx-events.ts';
import type { AriEvent, Channel } from '../ari/client.ts';

/** appArgs of an offer leg: `offer,<callId>,<agentId>`. */
export const OFFER_ARG = 'offer';

/** The appArgs string an offer leg is originated with. */
export const offerAppArgs = (callId: string, agentId: string): string =>
  [OFFER_ARG, callId, agentId].join(',');

/** appArgs of an in-call control leg or snoop channel: `leg,<callId>`. */
export const LEG_ARG = 'leg';

/** The appArgs string an in-call control leg (or snoop channel) enters our application with. */
export const legAppArgs = (callId: string): string => [LEG_ARG, callId].join(',');

/** `PJSIP/1001` for `PJSIP/1001-00000003`: the endpoint a channel is on, '' for Local and Snoop. */
export function endpointDialString(channelName: string): string {
  const match = /^((?:PJSIP|SIP|IAX2|DAHDI)\/.+)-[0-9a-f]+$/i.exec(channelName);
  return match?.[1] ?? '';
}

/**
 * The endpoint a channel belongs to, from its name (`PJSIP/trunk-00000002`
 * is endpoint `trunk`); '' for channels that are not endpoint channels
 * (Local, Snoop).
 */
export function endpointOf(channelName: string): string {
  const match = /^(?:PJSIP|SIP|IAX2|DAHDI)\/(.+)-[0-9a-f]+$/i.exec(channelName);
  return match?.[1] ?? '';
}

function stasisStart(channel: Channel, args: readonly string[]): PbxCallEvent | null {
  const [kind, first, second] = args;
  if (kind === 'inbound' || kind === 'queue') {
    return {
      type: 'inbound-entered',
      channelId: channel.id,
      channelName: channel.name,
      ani: channel.caller.number,
      dnis: kind === 'inbound' ? (first ?? channel.dialplan.exten) : channel.dialplan.exten,
      trunk: endpointOf(channel.name),
      queueId: kind === 'queue' ? (first ?? null) : null,
      // The IVR's hand-off `queue,<id>,vip` (dialplan/extensions.conf, CW_PRIORITY).
      whitelisted: kind === 'queue' && second === 'vip',
    };
  }
  if (kind === OFFER_ARG && first !== undefined && second !== undefined) {
    return {
      type: 'offer-answered',
      channelId: channel.id,
      callId: first,
      agentId: second,
      channelName: channel.name,
    };
  }
  if (kind === LEG_ARG) return { type: 'leg-answered', channelId: channel.id };
  // Other arguments belong to other features (dialer, IVR hand-offs).
  return null;
}

/** A Q.850 cause, or null for Asterisk's 0 "Unknown". */
const causeOrNull = (cause: number | undefined): number | null =>
  cause === undefined || cause === 0 ? null : cause;

/**
 * Translates one ARI event. `offers` holds the offer legs originated and
 * not yet answered or ended; it is updated here as they answer or end.
 */
export function translateAcdEvent(event: AriEvent, offers: Set<string>): PbxCallEvent | null {
  switch (event.type) {
    case 'StasisStart': {
      offers.delete(event.channel.id);
      return stasisStart(event.channel, event.args);
    }
    case 'ChannelCreated': {
      // Reaches us through the `endpoint:` subscription: a phone call we did not place (AGT-9).
      const endpoint = endpointDialString(event.channel.name);
      if (endpoint === '' || offers.has(event.channel.id)) return null;
      return { type: 'phone-busy', endpoint, channelId: event.channel.id };
    }
    case 'Dial':
      if (offers.has(event.peer.id) && event.dialstatus === 'RINGING') {
        return { type: 'offer-ringing', channelId: event.peer.id };
      }
      return null;
    case 'ChannelStateChange':
      if (event.channel.state !== 'Up' || offers.has(event.channel.id)) return null;
      return { type: 'channel-answered', channelId: event.channel.id };
    case 'ChannelHangupRequest':
      // An unanswered offer's end is taken from ChannelDestroyed, which carries the cause.
      if (offers.has(event.channel.id)) return null;
      return {
        type: 'channel-hung-up',
        channelId: event.channel.id,
        cause: event.soft === true ? null : causeOrNull(event.cause),
      };
    case 'ChannelDtmfReceived':
      // Asterisk raises it for channels in a holding bridge too (a waiting caller's key press).
      return { type: 'dtmf-received', channelId: event.channel.id, digit: event.digit };
    case 'StasisEnd':
      return { type: 'channel-hung-up', channelId: event.channel.id, cause: null };
    case 'ChannelDestroyed':
      if (offers.delete(event.channel.id)) {
        return {
          type: 'offer-failed',
          channelId: event.channel.id,
          cause: causeOrNull(event.cause),
        };
      }
      return {
        type: 'channel-hung-up',
        channelId: event.channel.id,
        cause: causeOrNull(event.cause),
      };
    default:
      return null;
  }
}
