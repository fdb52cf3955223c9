/**
 * Several Asterisk nodes under one callwright (ASTERISK_NODES): one PBX link
 * (ARI + AMI) per node, and the media plane that says which node holds each
 * channel and bridge, where each agent phone is registered, and which nodes
 * are up. Calls callwright starts go to the least-loaded node; operations
 * on a channel or bridge go to the node that holds it; a node that stays
 * disconnected longer than `downAfterMs` is declared lost, with the calls
 * and phones that were on it, so routing continues on the others.
 *
 * The first reconcile waits for every node: it gets what all of them hold
 * at once (a node that does not answer within `downAfterMs` counts as
 * lost), because the first pass after a start closes the records of calls
 * no node holds any more, and one node's picture alone would close the
 * calls of the others. Later reconnects reconcile the node that came back.
 */
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../../app/logger.ts';
import {
  channelsPerNode,
  emptyMediaPlane,
  type MediaPlane,
  type MediaPlaneEvent,
  type NodeLoss,
  stepMediaPlane,
} from '../../domain/pbx/media-plane.ts';
import { leastLoadedNode, type NoNode } from '../../domain/pbx/node-selection.ts';
import type { AriClient } from '../ari/client.ts';
import { openPbxLink, type PbxLink, type PbxSnapshot } from '../pbx-link.ts';
import type { AsteriskNodeEndpoint } from './node-config.ts';
import { ContactBook, readContacts } from './phone-contacts.ts';
import { CONTACT_GONE, phoneOf, planeEventsOf } from './plane-events.ts';

/** One node and its connections. */
export interface PbxNode {
  readonly id: string;
  readonly link: PbxLink;
  readonly maxChannels: number | null;
}

/** Settings of {@link openPbxNodes}. */
export interface PbxNodesOptions {
  readonly nodes: readonly AsteriskNodeEndpoint[];
  /** Stasis application registered on every node. */
  readonly app: string;
  readonly logger: Logger;
  readonly registry: Registry;
  /**
   * After ARI (re)connects: what the node (on the first pass, every node
   * that answered) holds, and every channel live on every node as far as
   * callwright knows, for the app to take back what it holds and end what
   * is no longer there.
   */
  readonly reconcile: (pass: ReconcilePass) => Promise<void>;
  /** How long a node may stay disconnected before its calls count as lost. Default 5 s. */
  readonly downAfterMs?: number;
  /** PJSIP endpoint names of trunks (PBX_TRUNKS): never taken for agent phones. Default `trunk`. */
  readonly trunks?: readonly string[];
  /** Timers; tests may pass their own. Default setTimeout/clearTimeout. */
  readonly timers?: {
    set(fire: () => void, ms: number): unknown;
    clear(handle: unknown): void;
  };
}

/** One reconcile pass. */
export interface ReconcilePass {
  /** The channels and bridges of the node that (re)connected; on the first pass, of all nodes up. */
  readonly snapshot: PbxSnapshot;
  /** Every channel known live on any node. */
  readonly liveChannelIds: readonly string[];
  /** The node that reconnected; null for the first pass over all nodes. */
  readonly node: string | null;
  readonly first: boolean;
}

/** The nodes, as the rest of callwright uses them. */
export interface PbxNodes {
  readonly nodes: readonly PbxNode[];
  /** What the media plane knows now. */
  plane(): MediaPlane;
  node(id: string): PbxNode | undefined;
  nodeOfChannel(channelId: string): PbxNode | undefined;
  nodeOfBridge(bridgeId: string): PbxNode | undefined;
  /** Node an agent phone (`PJSIP/1001`) is registered on. */
  nodeOfPhone(endpoint: string): PbxNode | undefined;
  /** The contact URI the phone registered from on its node, when known. */
  contactOf(endpoint: string): string | undefined;
  /** A channel callwright creates on `node` (before its first event can say so). */
  noteChannel(channelId: string, node: string): void;
  /** A channel that will not exist after all (its originate failed). */
  forgetChannel(channelId: string): void;
  /** A bridge callwright creates on `node`. */
  noteBridge(bridgeId: string, node: string): void;
  /** The node for a call callwright starts: least loaded, up, under its cap. */
  placeCall():
    | { readonly ok: true; readonly node: PbxNode }
    | { readonly ok: false; readonly reason: NoNode };
  /** Called when a node is declared lost; returns the unsubscribe. */
  onLoss(listener: (loss: NodeLoss) => void): () => void;
  /** Resolves once every node is connected (ARI reconciled, AMI logged in). */
  ready(): Promise<void>;
  /** Readiness per node and connection, for /readyz. */
  readiness(): Array<{ name: string; ok: boolean; detail?: string }>;
  close(): Promise<void>;
}

const defaultTimers = {
  set: (fire: () => void, ms: number) => setTimeout(fire, ms),
  clear: (handle: unknown) => clearTimeout(handle as NodeJS.Timeout),
};

/** `callwright_pbx_node_up` and `callwright_pbx_node_channels`, read from the plane when scraped. */
function registerGauges(registry: Registry, read: () => MediaPlane): void {
  const upName = 'callwright_pbx_node_up';
  if (registry.getSingleMetric(upName)) return;
  new Gauge({
    name: upName,
    help: 'Whether callwright is connected to the Asterisk node (1) or not (0).',
    labelNames: ['node'],
    registers: [registry],
    collect() {
      for (const [node, up] of read().nodes) this.set({ node }, up ? 1 : 0);
    },
  });
  new Gauge({
    name: 'callwright_pbx_node_channels',
    help: 'Channels callwright knows on each Asterisk node.',
    labelNames: ['node'],
    registers: [registry],
    collect() {
      for (const [node, count] of channelsPerNode(read())) this.set({ node }, count);
    },
  });
}

/** PJSIP phones registered on a node now (its endpoints that are online). */
async function onlinePhones(
  ari: AriClient,
  isPhone: (endpoint: string) => boolean,
): Promise<string[]> {
  const endpoints = await ari.endpoints.list();
  return endpoints
    .filter((e) => e.state === 'online')
    .map((e) => phoneOf(e))
    .filter((p): p is string => p !== undefined && isPhone(p));
}

/** Opens every node's link; resolves at once, the links keep (re)connecting in the background. */
export function openPbxNodes(options: PbxNodesOptions): PbxNodes {
  const log = options.logger.child({ component: 'pbx-nodes' });
  const timers = options.timers ?? defaultTimers;
  const downAfterMs = options.downAfterMs ?? 5_000;
  let plane = emptyMediaPlane(options.nodes.map((n) => n.id));
  const lossListeners = new Set<(loss: NodeLoss) => void>();
  const downTimers = new Map<string, unknown>();
  const contacts = new ContactBook();
  // The first pass: snapshots of the nodes that answered, nodes given up on.
  const firstSnapshots = new Map<string, PbxSnapshot>();
  const givenUp = new Set<string>();
  let firstDone = false;
  const trunks = new Set((options.trunks ?? ['trunk']).map((name) => `PJSIP/${name}`));
  const isPhone = (endpoint: string) => !trunks.has(endpoint);

  const apply = (event: MediaPlaneEvent) => {
    const step = stepMediaPlane(plane, event);
    plane = step.plane;
    if (!step.loss) return;
    contacts.dropNode(step.loss.node);
    log.warn(
      {
        node: step.loss.node,
        channels: step.loss.channels.length,
        phones: step.loss.phones.length,
      },
      'Asterisk node lost: its calls and phones are gone',
    );
    for (const listener of lossListeners) listener(step.loss);
  };

  const live = () => [...plane.channels.keys()];

  /** Runs the first pass once every node answered or was given up on. */
  const firstPassIfComplete = async () => {
    if (firstDone) return;
    if (!options.nodes.every((n) => firstSnapshots.has(n.id) || givenUp.has(n.id))) return;
    firstDone = true;
    const all = [...firstSnapshots.values()];
    firstSnapshots.clear();
    const snapshot = {
      channels: all.flatMap((s) => s.channels),
      bridges: all.flatMap((s) => s.bridges),
      listedAt: all.length === 0 ? Date.now() : Math.min(...all.map((s) => s.listedAt)),
    };
    if (givenUp.size > 0) log.warn({ nodes: [...givenUp] }, 'starting without these nodes');
    await options.reconcile({ snapshot, liveChannelIds: live(), node: null, first: true });
  };

  const afterConnect = async (id: string, ari: AriClient, snapshot: PbxSnapshot) => {
    // Registrations and contact changes of agent phones arrive through this subscription.
    await ari.applications.subscribe('endpoint:PJSIP');
    apply({
      type: 'node-snapshot',
      node: id,
      channelIds: snapshot.channels.map((c) => c.id),
      bridgeIds: snapshot.bridges.map((b) => b.id),
      phones: await onlinePhones(ari, isPhone),
    });
    log.info({ node: id, channels: snapshot.channels.length }, 'Asterisk node connected');
    if (firstDone) {
      await options.reconcile({ snapshot, liveChannelIds: live(), node: id, first: false });
      return;
    }
    const startTimer = startTimers.get(id);
    if (startTimer !== undefined) timers.clear(startTimer);
    startTimers.delete(id);
    givenUp.delete(id);
    firstSnapshots.set(id, snapshot);
    await firstPassIfComplete();
  };

  const refreshContacts = async (id: string, link: PbxLink) => {
    try {
      const listed = await readContacts(link.ami);
      contacts.replaceNode(
        id,
        listed.filter((c) => isPhone(c.endpoint)),
      );
    } catch (error) {
      log.warn(
        { err: error, node: id },
        'phone contacts unknown: agents on other nodes cannot be rung',
      );
    }
  };

  // A node that never answers at start is given up on after `downAfterMs`.
  const giveUpLater = (id: string) =>
    timers.set(() => {
      if (firstDone || firstSnapshots.has(id)) return;
      givenUp.add(id);
      firstPassIfComplete().catch((error: unknown) =>
        log.error({ err: error }, 'first reconcile failed'),
      );
    }, downAfterMs);

  const watchConnection = (id: string, ari: AriClient) => {
    ari.onStateChange((state) => {
      const pending = downTimers.get(id);
      if (state === 'connected') {
        if (pending !== undefined) timers.clear(pending);
        downTimers.delete(id);
        return;
      }
      if (pending !== undefined || plane.nodes.get(id) !== true) return;
      downTimers.set(
        id,
        timers.set(() => {
          downTimers.delete(id);
          apply({ type: 'node-down', node: id });
        }, downAfterMs),
      );
    });
  };

  const startTimers = new Map<string, unknown>();
  const nodes: PbxNode[] = options.nodes.map((endpoint) => {
    const nodeLogger = options.logger.child({ node: endpoint.id });
    let ari: AriClient | undefined;
    const link = openPbxLink({
      ari: { ...endpoint.ari, app: options.app },
      ami: endpoint.ami,
      logger: nodeLogger,
      registry: options.registry,
      reconcile: (snapshot) => afterConnect(endpoint.id, ari as AriClient, snapshot),
    });
    ari = link.ari;
    // Registered before anyone else subscribes: the plane knows a channel's
    // node before the ACD reacts to the channel's first event.
    link.ari.onEvent((event) => {
      for (const e of planeEventsOf(endpoint.id, event)) {
        if ((e.type === 'phone-online' || e.type === 'phone-offline') && !isPhone(e.endpoint))
          continue;
        apply(e);
      }
      if (event.type === 'ContactStatusChange') {
        const phone = phoneOf(event.endpoint);
        if (phone === undefined || !isPhone(phone)) return;
        if (CONTACT_GONE.has(event.contact_info.contact_status))
          contacts.remove(endpoint.id, phone);
        else contacts.set(endpoint.id, phone, event.contact_info.uri);
      }
    });
    link.ami.onReconnect(() => refreshContacts(endpoint.id, link));
    watchConnection(endpoint.id, link.ari);
    startTimers.set(endpoint.id, giveUpLater(endpoint.id));
    return { id: endpoint.id, link, maxChannels: endpoint.maxChannels };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  registerGauges(options.registry, () => plane);

  return {
    nodes,
    plane: () => plane,
    node: (id) => byId.get(id),
    nodeOfChannel: (channelId) => byId.get(plane.channels.get(channelId) ?? ''),
    nodeOfBridge: (bridgeId) => byId.get(plane.bridges.get(bridgeId) ?? ''),
    nodeOfPhone: (endpoint) => byId.get(plane.phones.get(endpoint) ?? ''),
    contactOf(endpoint) {
      const node = plane.phones.get(endpoint);
      return node === undefined ? undefined : contacts.uriOn(node, endpoint);
    },
    noteChannel: (channelId, node) => apply({ type: 'channel-seen', node, channelId }),
    forgetChannel: (channelId) => apply({ type: 'channel-gone', channelId }),
    noteBridge: (bridgeId, node) => apply({ type: 'bridge-seen', node, bridgeId }),
    placeCall() {
      const counts = channelsPerNode(plane);
      const picked = leastLoadedNode(
        nodes.map((n) => ({
          id: n.id,
          up: plane.nodes.get(n.id) === true,
          channels: counts.get(n.id) ?? 0,
          maxChannels: n.maxChannels,
        })),
      );
      return picked.ok ? { ok: true, node: byId.get(picked.nodeId) as PbxNode } : picked;
    },
    onLoss(listener) {
      lossListeners.add(listener);
      return () => lossListeners.delete(listener);
    },
    ready: async () => {
      await Promise.all(nodes.map((n) => n.link.ready()));
    },
    readiness: () =>
      nodes.flatMap((n) => n.link.readiness().map((r) => ({ ...r, name: `${r.name}:${n.id}` }))),
    async close() {
      for (const handle of startTimers.values()) timers.clear(handle);
      startTimers.clear();
      for (const handle of downTimers.values()) timers.clear(handle);
      downTimers.clear();
      await Promise.all(nodes.map((n) => n.link.close()));
    },
  };
}
