/**
 * The media plane: which Asterisk node holds each channel and bridge
 * callwright controls, which node each agent phone is registered on, and
 * which nodes are up. A reducer over what the nodes report, so that the
 * adapter only has to translate events and carry out the answers:
 *
 * - every operation on a channel or bridge goes to the node that holds it;
 * - an agent is bound to the node its phone registered on last;
 * - a node that goes away takes its calls with it (their media was there):
 *   `node-down` reports the channels and phones that were on it, and the
 *   node takes no new calls until it is back.
 */

/** What the media plane knows. */
export interface MediaPlane {
  /** Node id -> up, in configuration order. */
  readonly nodes: ReadonlyMap<string, boolean>;
  /** Channel id -> node id. */
  readonly channels: ReadonlyMap<string, string>;
  /** Bridge id -> node id. */
  readonly bridges: ReadonlyMap<string, string>;
  /** Phone endpoint (`PJSIP/1001`) -> node id it is registered on. */
  readonly phones: ReadonlyMap<string, string>;
}

/** What the nodes report, translated. */
export type MediaPlaneEvent =
  | { readonly type: 'node-up'; readonly node: string }
  | { readonly type: 'node-down'; readonly node: string }
  | { readonly type: 'channel-seen'; readonly node: string; readonly channelId: string }
  | { readonly type: 'channel-gone'; readonly channelId: string }
  | { readonly type: 'bridge-seen'; readonly node: string; readonly bridgeId: string }
  | { readonly type: 'bridge-gone'; readonly bridgeId: string }
  | { readonly type: 'phone-online'; readonly node: string; readonly endpoint: string }
  | { readonly type: 'phone-offline'; readonly node: string; readonly endpoint: string }
  | {
      /** What a node holds right after a (re)connect: replaces what was known of it. */
      readonly type: 'node-snapshot';
      readonly node: string;
      readonly channelIds: readonly string[];
      readonly bridgeIds: readonly string[];
      /** Phones registered on the node now. */
      readonly phones: readonly string[];
    };

/** What a `node-down` took away. */
export interface NodeLoss {
  readonly node: string;
  readonly channels: readonly string[];
  readonly phones: readonly string[];
}

/** All nodes down and nothing known yet, in the order given. */
export function emptyMediaPlane(nodeIds: readonly string[]): MediaPlane {
  return {
    nodes: new Map(nodeIds.map((id) => [id, false])),
    channels: new Map(),
    bridges: new Map(),
    phones: new Map(),
  };
}

const without = <V>(map: ReadonlyMap<string, V>, keep: (key: string, value: V) => boolean) =>
  new Map([...map].filter(([k, v]) => keep(k, v)));

const withEntry = <V>(map: ReadonlyMap<string, V>, key: string, value: V) =>
  new Map(map).set(key, value);

function nodeDown(plane: MediaPlane, node: string): { plane: MediaPlane; loss: NodeLoss } {
  const on = (map: ReadonlyMap<string, string>) =>
    [...map].filter(([, n]) => n === node).map(([k]) => k);
  const loss = { node, channels: on(plane.channels), phones: on(plane.phones) };
  return {
    plane: {
      nodes: withEntry(plane.nodes, node, false),
      channels: without(plane.channels, (_k, n) => n !== node),
      bridges: without(plane.bridges, (_k, n) => n !== node),
      phones: without(plane.phones, (_k, n) => n !== node),
    },
    loss,
  };
}

/**
 * Applies one event. Events about a node the plane does not know are
 * ignored (a misconfigured node id must not create a phantom node).
 */
export function stepMediaPlane(
  plane: MediaPlane,
  event: MediaPlaneEvent,
): { readonly plane: MediaPlane; readonly loss?: NodeLoss } {
  if ('node' in event && !plane.nodes.has(event.node)) return { plane };
  switch (event.type) {
    case 'node-up':
      return { plane: { ...plane, nodes: withEntry(plane.nodes, event.node, true) } };
    case 'node-down':
      return plane.nodes.get(event.node) === false && !hasAnything(plane, event.node)
        ? { plane }
        : nodeDown(plane, event.node);
    case 'channel-seen':
      return {
        plane: { ...plane, channels: withEntry(plane.channels, event.channelId, event.node) },
      };
    case 'channel-gone':
      return {
        plane: { ...plane, channels: without(plane.channels, (k) => k !== event.channelId) },
      };
    case 'bridge-seen':
      return { plane: { ...plane, bridges: withEntry(plane.bridges, event.bridgeId, event.node) } };
    case 'bridge-gone':
      return { plane: { ...plane, bridges: without(plane.bridges, (k) => k !== event.bridgeId) } };
    case 'phone-online':
      return { plane: { ...plane, phones: withEntry(plane.phones, event.endpoint, event.node) } };
    case 'node-snapshot':
      return { plane: snapshot(plane, event) };
    case 'phone-offline':
      // Only the node the phone is bound to can unbind it: the phone may
      // already have registered elsewhere, and that registration wins.
      return plane.phones.get(event.endpoint) === event.node
        ? { plane: { ...plane, phones: without(plane.phones, (k) => k !== event.endpoint) } }
        : { plane };
  }
}

function snapshot(
  plane: MediaPlane,
  event: Extract<MediaPlaneEvent, { type: 'node-snapshot' }>,
): MediaPlane {
  const replace = (map: ReadonlyMap<string, string>, ids: readonly string[]) => {
    const next = without(map, (_k, n) => n !== event.node);
    for (const id of ids) next.set(id, event.node);
    return next;
  };
  return {
    nodes: withEntry(plane.nodes, event.node, true),
    channels: replace(plane.channels, event.channelIds),
    bridges: replace(plane.bridges, event.bridgeIds),
    // A phone listed here registered on this node; its binding elsewhere (if any) is older.
    phones: replace(plane.phones, event.phones),
  };
}

function hasAnything(plane: MediaPlane, node: string): boolean {
  const on = (map: ReadonlyMap<string, string>) => [...map.values()].includes(node);
  return on(plane.channels) || on(plane.bridges) || on(plane.phones);
}

/** Channels per node (every known node, zero included). */
export function channelsPerNode(plane: MediaPlane): Map<string, number> {
  const counts = new Map([...plane.nodes.keys()].map((id) => [id, 0]));
  for (const node of plane.channels.values()) counts.set(node, (counts.get(node) ?? 0) + 1);
  return counts;
}

/** Where to ring an agent for a call: the call's node, and whether the phone is registered there. */
export interface OfferPlacement {
  /** The node the agent leg is created on: the caller's (they are bridged there). */
  readonly node: string;
  /** Node the phone is registered on, or null when it is registered nowhere known. */
  readonly phoneNode: string | null;
}

/**
 * An agent leg joins its caller in a bridge, so it is created on the
 * caller's node. Undefined when the caller's channel is on no known node.
 */
export function placeOffer(
  plane: MediaPlane,
  callerChannelId: string,
  endpoint: string,
): OfferPlacement | undefined {
  const node = plane.channels.get(callerChannelId);
  if (node === undefined) return undefined;
  return { node, phoneNode: plane.phones.get(endpoint) ?? null };
}
