/**
 * One ARI client over several Asterisk nodes, so that the ACD, the IVR and
 * the dialer drive N nodes exactly as they drive one. Each request goes to
 * the node that holds what it names:
 *
 * - a channel or bridge operation: the node the media plane says holds it
 *   (an id no node is known to hold is asked of every node up, in order,
 *   until one has it: it may have appeared since the last event);
 * - an originate with an originator (an agent leg, a transfer target, a
 *   dialer's agent): the originator's node, because the two meet in a
 *   bridge there; a phone registered on another node is then rung at the
 *   contact URI it registered from (`PJSIP/1003/sip:1003@10.0.0.53:5060`);
 * - an originate to an agent phone alone (click-to-dial): the phone's node;
 * - any other originate (a dialer callee, a remote agent's number): the
 *   least-loaded node up and under its channel cap;
 * - a bridge is made on the node of the first channel put in it: `create`
 *   is held until that `addChannel` (every caller here creates a bridge to
 *   put channels in it at once), unless its node is known already.
 *
 * Events of every node reach every handler; each node keeps its own order.
 */
import type { AriClient, AriEventHandler } from '../ari/client.ts';
import { AriError, type Gone, type GoneResource, isGone } from '../ari/errors.ts';
import type { Bridge, Channel } from '../ari/models.ts';
import type { BridgesApi, CreateBridgeParams } from '../ari/resources/bridges.ts';
import type { ChannelsApi, OriginateParams } from '../ari/resources/channels.ts';
import type { AriConnectionState } from '../ari/websocket.ts';
import type { PbxNode, PbxNodes } from './node-set.ts';

type Ari = AriClient;

const gone = (resource: GoneResource, id: string): Gone => ({
  gone: true,
  resource,
  id,
  message: `${resource[0]?.toUpperCase()}${resource.slice(1)} not found`,
});

/** Channel operations addressed by the channel id (first argument). */
const CHANNEL_OPS = [
  'get',
  'hangup',
  'answer',
  'ring',
  'ringStop',
  'continueInDialplan',
  'redirect',
  'dial',
  'getChannelVar',
  'setChannelVar',
  'record',
  'sendDtmf',
  'hold',
  'unhold',
  'startMoh',
  'stopMoh',
  'mute',
  'unmute',
] as const;

/** Bridge operations addressed by the bridge id (first argument), addChannel aside. */
const BRIDGE_OPS = ['get', 'removeChannel', 'play', 'record', 'startMoh', 'stopMoh'] as const;

const firstChannel = (channel: string | readonly string[]): string | undefined =>
  typeof channel === 'string' ? channel : channel[0];

/** The ARI client routed over `nodes`. */
export function createRoutedAri(nodes: PbxNodes): AriClient {
  const up = () => nodes.nodes.filter((n) => n.link.ari.state === 'connected');
  // Bridges asked for but not made yet: made on the node of their first channel.
  const heldBridges = new Map<string, CreateBridgeParams>();
  // Playbacks and live recordings by id: their node is their channel's or bridge's.
  // An entry lives until the playback or recording ends.
  const media = new Map<string, PbxNode>();
  for (const n of nodes.nodes) {
    n.link.ari.onEvent((event) => {
      if (event.type === 'PlaybackFinished') media.delete(event.playback.id);
      else if (event.type === 'RecordingFinished' || event.type === 'RecordingFailed')
        media.delete(event.recording.name);
    });
  }

  /** Runs `work` on `node`, else on every node up until one does not answer Gone. */
  async function onNodeOf<T>(
    node: PbxNode | undefined,
    resource: GoneResource,
    id: string,
    work: (ari: Ari) => Promise<T>,
  ): Promise<T | Gone> {
    if (node) return work(node.link.ari);
    let last: T | Gone = gone(resource, id);
    for (const n of up()) {
      last = await work(n.link.ari);
      if (!isGone(last)) return last;
    }
    return last;
  }

  const onChannel = <T>(id: string, work: (ari: Ari) => Promise<T>) =>
    onNodeOf(nodes.nodeOfChannel(id), 'channel', id, work);
  const onBridge = <T>(id: string, work: (ari: Ari) => Promise<T>) =>
    onNodeOf(nodes.nodeOfBridge(id), 'bridge', id, work);

  /** The node a new channel goes to, and the endpoint to dial from there. */
  function placeChannel(params: OriginateParams): { node: PbxNode; endpoint: string } {
    const phoneNode = nodes.nodeOfPhone(params.endpoint);
    const originNode =
      params.originator === undefined ? undefined : nodes.nodeOfChannel(params.originator);
    const node = originNode ?? phoneNode ?? placed();
    if (phoneNode === undefined || phoneNode === node) return { node, endpoint: params.endpoint };
    // The phone is registered on another node: ring its contact from here.
    const uri = nodes.contactOf(params.endpoint);
    return { node, endpoint: uri === undefined ? params.endpoint : `${params.endpoint}/${uri}` };
  }

  function placed(): PbxNode {
    const pick = nodes.placeCall();
    if (pick.ok) return pick.node;
    throw new AriError({
      code: 'ARI_UNAVAILABLE',
      operation: 'channels.originate',
      detail: pick.reason === 'no-node-up' ? 'no Asterisk node is up' : 'every node is full',
    });
  }

  async function newChannel<T extends OriginateParams>(
    params: T,
    send: (ari: Ari, params: T) => Promise<Channel>,
  ): Promise<Channel> {
    const { node, endpoint } = placeChannel(params);
    const ids = [params.channelId, params.otherChannelId].filter(
      (id): id is string => id !== undefined,
    );
    // Known before the first event: the next request about it must find its node.
    for (const id of ids) nodes.noteChannel(id, node.id);
    try {
      const channel = await send(node.link.ari, { ...params, endpoint });
      nodes.noteChannel(channel.id, node.id);
      return channel;
    } catch (error) {
      for (const id of ids) nodes.forgetChannel(id);
      throw error;
    }
  }

  const perChannel = Object.fromEntries(
    CHANNEL_OPS.map((op) => [
      op,
      (id: string, ...rest: unknown[]) =>
        onChannel(id, (ari) =>
          (ari.channels[op] as (id: string, ...a: unknown[]) => Promise<unknown>)(id, ...rest),
        ),
    ]),
  );
  const channels = {
    ...perChannel,
    async list() {
      return (await Promise.all(up().map((n) => n.link.ari.channels.list()))).flat();
    },
    originate: (params) => newChannel(params, (ari, p) => ari.channels.originate(p)),
    create: (params) => newChannel(params, (ari, p) => ari.channels.create(p)),
    play: (id, params) =>
      onChannel(id, async (ari) => {
        const node = nodes.nodeOfChannel(id);
        if (node && params.playbackId) media.set(params.playbackId, node);
        return ari.channels.play(id, params);
      }),
    snoop: (id, params) =>
      onChannel(id, async (ari) => {
        const snooped = await ari.channels.snoop(id, params);
        const node = nodes.nodeOfChannel(id);
        if (!isGone(snooped) && node) nodes.noteChannel(snooped.id, node.id);
        return snooped;
      }),
  } as ChannelsApi;

  /** Makes a held bridge on `node`; an id that exists there already is the bridge we want. */
  async function makeHeld(bridgeId: string, node: PbxNode): Promise<void> {
    const params = heldBridges.get(bridgeId);
    if (params === undefined) return;
    heldBridges.delete(bridgeId);
    nodes.noteBridge(bridgeId, node.id);
    try {
      await node.link.ari.bridges.create(params);
    } catch (error) {
      if (!(error instanceof AriError && error.code === 'ARI_CONFLICT')) throw error;
    }
  }

  const perBridge = Object.fromEntries(
    BRIDGE_OPS.map((op) => [
      op,
      (id: string, ...rest: unknown[]) =>
        onBridge(id, (ari) =>
          (ari.bridges[op] as (id: string, ...a: unknown[]) => Promise<unknown>)(id, ...rest),
        ),
    ]),
  );
  const bridges = {
    ...perBridge,
    async list() {
      return (await Promise.all(up().map((n) => n.link.ari.bridges.list()))).flat();
    },
    async create(params: CreateBridgeParams = {}): Promise<Bridge> {
      const known = params.bridgeId === undefined ? undefined : nodes.nodeOfBridge(params.bridgeId);
      if (params.bridgeId === undefined || known) {
        const node = known ?? placed();
        const bridge = await node.link.ari.bridges.create(params);
        nodes.noteBridge(bridge.id, node.id);
        return bridge;
      }
      heldBridges.set(params.bridgeId, params);
      // What Asterisk would answer, less the creation time it has not set yet.
      return {
        id: params.bridgeId,
        technology: 'simple_bridge',
        bridge_type: 'mixing',
        bridge_class: 'stasis',
        creator: 'Stasis',
        name: params.name ?? '',
        channels: [],
        creationtime: '',
      };
    },
    async addChannel(bridgeId, params) {
      const first = firstChannel(params.channel);
      const node =
        nodes.nodeOfBridge(bridgeId) ??
        (first === undefined ? undefined : nodes.nodeOfChannel(first));
      if (node === undefined) {
        // The channel went before the bridge was made: nothing will join it.
        heldBridges.delete(bridgeId);
        return gone('channel', String(params.channel));
      }
      await makeHeld(bridgeId, node);
      return node.link.ari.bridges.addChannel(bridgeId, params);
    },
    record: (id, params) =>
      onBridge(id, async (ari) => {
        const node = nodes.nodeOfBridge(id);
        if (node) media.set(params.name, node);
        return ari.bridges.record(id, params);
      }),
    async destroy(bridgeId) {
      if (heldBridges.delete(bridgeId)) return undefined;
      return onBridge(bridgeId, (ari) => ari.bridges.destroy(bridgeId));
    },
  } as BridgesApi;

  const onMedia = <T>(resource: GoneResource, id: string, work: (ari: Ari) => Promise<T>) =>
    onNodeOf(media.get(id), resource, id, work);

  const client: AriClient = {
    channels,
    bridges,
    playbacks: {
      get: (id) => onMedia('playback', id, (ari) => ari.playbacks.get(id)),
      stop: (id) => onMedia('playback', id, (ari) => ari.playbacks.stop(id)),
      control: (id, op) => onMedia('playback', id, (ari) => ari.playbacks.control(id, op)),
    },
    recordings: {
      stored: {
        async list() {
          return (await Promise.all(up().map((n) => n.link.ari.recordings.stored.list()))).flat();
        },
        get: (name) => onNodeOf(undefined, 'recording', name, (a) => a.recordings.stored.get(name)),
        getFile: (name) =>
          onNodeOf(undefined, 'recording', name, (a) => a.recordings.stored.getFile(name)),
        delete: (name) =>
          onNodeOf(undefined, 'recording', name, (a) => a.recordings.stored.delete(name)),
      },
      live: Object.fromEntries(
        (['get', 'stop', 'cancel', 'pause', 'unpause', 'mute', 'unmute'] as const).map((op) => [
          op,
          (name: string) =>
            onMedia('recording', name, (ari) =>
              (ari.recordings.live[op] as (n: string) => Promise<unknown>)(name),
            ),
        ]),
      ) as unknown as AriClient['recordings']['live'],
    },
    endpoints: {
      async list() {
        // A phone is online where it registered: that node's view wins.
        const all = await Promise.all(up().map((n) => n.link.ari.endpoints.list()));
        const byName = new Map<string, (typeof all)[number][number]>();
        for (const e of all.flat()) {
          const key = `${e.technology}/${e.resource}`;
          if (!byName.has(key) || e.state === 'online') byName.set(key, e);
        }
        return [...byName.values()];
      },
      get: (tech, resource) =>
        onNodeOf(nodes.nodeOfPhone(`${tech}/${resource}`), 'endpoint', resource, (ari) =>
          ari.endpoints.get(tech, resource),
        ),
    },
    deviceStates: firstUp(nodes, (ari) => ari.deviceStates),
    applications: {
      list: () => anyUp(nodes).applications.list(),
      get: (name) => anyUp(nodes).applications.get(name),
      async subscribe(source) {
        const answers = await Promise.all(
          up().map((n) => n.link.ari.applications.subscribe(source)),
        );
        return answers.find((a) => !isGone(a)) ?? answers[0] ?? gone('endpoint', String(source));
      },
      async unsubscribe(source) {
        const answers = await Promise.all(
          up().map((n) => n.link.ari.applications.unsubscribe(source)),
        );
        if (answers[0] === undefined) return anyUp(nodes).applications.get();
        return answers[0];
      },
    },
    asterisk: {
      info: (params) => anyUp(nodes).asterisk.info(params),
      ping: () => anyUp(nodes).asterisk.ping(),
    },
    get state(): AriConnectionState {
      const states = nodes.nodes.map((n) => n.link.ari.state);
      if (states.includes('connected')) return 'connected';
      return states.includes('connecting') ? 'connecting' : 'disconnected';
    },
    connect: async () => {
      await Promise.all(nodes.nodes.map((n) => n.link.ari.connect()));
    },
    onEvent(handler: AriEventHandler) {
      const offs = nodes.nodes.map((n) => n.link.ari.onEvent(handler));
      return () => {
        for (const off of offs) off();
      };
    },
    onReconnect(hook) {
      const offs = nodes.nodes.map((n) => n.link.ari.onReconnect(hook));
      return () => {
        for (const off of offs) off();
      };
    },
    onStateChange(listener) {
      const offs = nodes.nodes.map((n) => n.link.ari.onStateChange(() => listener(client.state)));
      return () => {
        for (const off of offs) off();
      };
    },
    close: () => nodes.close(),
  };
  return client;
}

/** A node up (the first configured when none is). */
function anyUp(nodes: PbxNodes): Ari {
  const node = nodes.nodes.find((n) => n.link.ari.state === 'connected') ?? nodes.nodes[0];
  if (node === undefined) throw new Error('no Asterisk node configured');
  return node.link.ari;
}

/** A resource of the first node up, read at each use. */
function firstUp<T extends object>(nodes: PbxNodes, pick: (ari: Ari) => T): T {
  return new Proxy({} as T, {
    get: (_target, key) => {
      const api = pick(anyUp(nodes)) as Record<string | symbol, unknown>;
      const value = api[key];
      return typeof value === 'function' ? value.bind(api) : value;
    },
  });
}
