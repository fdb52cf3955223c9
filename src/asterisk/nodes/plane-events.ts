/**
 * ARI events of one node, translated for the media plane: which channels
 * and bridges are there, and which agent phones registered there.
 */
import type { MediaPlaneEvent } from '../../domain/pbx/media-plane.ts';
import type { AriEvent, Endpoint } from '../ari/client.ts';

/** `PJSIP/1001` of an endpoint snapshot; undefined for other technologies. */
export function phoneOf(endpoint: Endpoint): string | undefined {
  return endpoint.technology === 'PJSIP' ? `PJSIP/${endpoint.resource}` : undefined;
}

/**
 * res_pjsip contact states that mean "registered and usable"
 * (ast_sip_get_contact_status_label): everything but Removed and Unreachable.
 */
export const CONTACT_GONE = new Set(['Removed', 'Unreachable']);

function phoneEvent(node: string, endpoint: Endpoint, online: boolean): MediaPlaneEvent[] {
  const phone = phoneOf(endpoint);
  if (phone === undefined) return [];
  return [{ type: online ? 'phone-online' : 'phone-offline', node, endpoint: phone }];
}

/** The media-plane events one ARI event of `node` stands for (often none). */
export function planeEventsOf(node: string, event: AriEvent): MediaPlaneEvent[] {
  switch (event.type) {
    case 'StasisStart':
    case 'ChannelCreated':
      return [{ type: 'channel-seen', node, channelId: event.channel.id }];
    // After StasisEnd a PJSIP channel's ChannelDestroyed reaches only
    // subscribeAll applications (transcripts README): the channel is out of
    // our hands either way.
    case 'StasisEnd':
    case 'ChannelDestroyed':
      return [{ type: 'channel-gone', channelId: event.channel.id }];
    case 'ChannelEnteredBridge':
    case 'BridgeCreated':
      return [{ type: 'bridge-seen', node, bridgeId: event.bridge.id }];
    case 'BridgeDestroyed':
      return [{ type: 'bridge-gone', bridgeId: event.bridge.id }];
    case 'ContactStatusChange':
      return phoneEvent(node, event.endpoint, !CONTACT_GONE.has(event.contact_info.contact_status));
    case 'EndpointStateChange':
      return event.endpoint.state === undefined
        ? []
        : phoneEvent(node, event.endpoint, event.endpoint.state === 'online');
    default:
      return [];
  }
}
