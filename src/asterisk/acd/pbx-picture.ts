/**
 * ARI's channel and bridge lists as the ACD's recovery reads them
 * (`src/app/acd/pbx-picture.ts`). A channel in a Stasis application shows
 * `dialplan.app_name` `Stasis` and `app_data` `<app>,<args...>` (as in the
 * captures); the bridge a channel is in comes from the bridges' member lists.
 */
import type { PbxChannel, PbxPicture } from '../../app/acd/pbx-picture.ts';
import type { PbxSnapshot } from '../pbx-link.ts';
import { endpointDialString, endpointOf } from './acd-events.ts';

/** The arguments of a channel in `app`, or null when it is elsewhere. */
function stasisArgsOf(appName: string, appData: string, app: string): string[] | null {
  if (appName.toLowerCase() !== 'stasis') return null;
  const [name, ...args] = appData.split(',');
  return name === app ? args : null;
}

/** The picture of `snapshot` for our application `app`. */
export function pictureOf(
  snapshot: Pick<PbxSnapshot, 'channels' | 'bridges'>,
  app: string,
): PbxPicture {
  const bridgeOf = new Map<string, string>();
  for (const bridge of snapshot.bridges) {
    for (const channelId of bridge.channels) bridgeOf.set(channelId, bridge.id);
  }
  const channels = snapshot.channels.map(
    (c): PbxChannel => ({
      id: c.id,
      name: c.name,
      endpoint: endpointOf(c.name),
      phone: endpointDialString(c.name),
      up: c.state === 'Up',
      callerNumber: c.caller.number,
      exten: c.dialplan.exten,
      stasisArgs: stasisArgsOf(c.dialplan.app_name, c.dialplan.app_data, app),
      bridgeId: bridgeOf.get(c.id) ?? null,
    }),
  );
  return { channels, bridgeIds: snapshot.bridges.map((b) => b.id) };
}
