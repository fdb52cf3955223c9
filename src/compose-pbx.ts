/**
 * The PBX side of the composition: our FastAGI server, the built-in
 * simulator when PBX=sim (it then plays Asterisk on the configured ports),
 * and the ARI + AMI connections. One Asterisk gets one plain link; several
 * (ASTERISK_NODES) get the node set behind one routed ARI client and one
 * merged AMI event stream, so nothing above this file knows how many nodes
 * there are. The middleware talks to the simulator exactly as to a real
 * Asterisk.
 */
import { fileURLToPath } from 'node:url';
import type pino from 'pino';
import type { Registry } from 'prom-client';
import { type AgiSession, createAgiServer } from './asterisk/agi/agi-server.ts';
import { mergeAmi } from './asterisk/nodes/merged-ami.ts';
import { type AsteriskNodeEndpoint, asteriskNodes } from './asterisk/nodes/node-config.ts';
import { openPbxNodes } from './asterisk/nodes/node-set.ts';
import { createRoutedAri } from './asterisk/nodes/routed-ari.ts';
import { openPbxLink, type PbxLink, type PbxSnapshot } from './asterisk/pbx-link.ts';
import type { Config } from './config.ts';
import type { NodeLoss } from './domain/pbx/media-plane.ts';
import { startSimulator } from './sim/simulator.ts';

/** What the app does with what the PBX holds after a (re)connect. */
export interface PbxHooks {
  /** `snapshot`: what to take back; `liveChannelIds`: every channel alive on any node. */
  reconcile(snapshot: PbxSnapshot, liveChannelIds: readonly string[]): Promise<void>;
  /** A node stayed away: its channels are gone and its phones unreachable. */
  nodeLost(loss: NodeLoss, liveChannelIds: readonly string[]): void;
  onAgiSession(session: AgiSession): Promise<void>;
}

/** The node list: the simulator's one node, or the configured Asterisk nodes. */
function nodesOf(config: Config, sim: { ariUrl: string; amiPort: number } | undefined) {
  if (!sim) return asteriskNodes(config);
  const node: AsteriskNodeEndpoint = {
    id: 'sim',
    ari: { url: sim.ariUrl, user: config.ARI_USER, password: config.ARI_PASSWORD },
    ami: {
      host: '127.0.0.1',
      port: sim.amiPort,
      username: config.AMI_USER,
      secret: config.AMI_SECRET,
    },
    maxChannels: null,
  };
  return [node];
}

/** Several nodes as one link: routed ARI, merged AMI, readiness per node. */
function openNodesLink(
  config: Config,
  nodes: readonly AsteriskNodeEndpoint[],
  logger: pino.Logger,
  registry: Registry,
  hooks: PbxHooks,
): PbxLink {
  const set = openPbxNodes({
    nodes,
    app: config.ARI_APP,
    logger,
    registry,
    trunks: config.PBX_TRUNKS.split(','),
    reconcile: (pass) => hooks.reconcile(pass.snapshot, pass.liveChannelIds),
  });
  set.onLoss((loss) => hooks.nodeLost(loss, [...set.plane().channels.keys()]));
  return {
    ari: createRoutedAri(set),
    ami: mergeAmi(set.nodes),
    ready: () => set.ready(),
    readiness: () => set.readiness(),
    close: () => set.close(),
  };
}

/** Opens FastAGI, the simulator if asked, and the link to the node(s). */
export async function connectPbx(
  config: Config,
  logger: pino.Logger,
  registry: Registry,
  hooks: PbxHooks,
) {
  // Every FastAGI session (`AGI(agi://.../ivr/...)`) runs in the IVR.
  const agi = await createAgiServer({
    host: config.HTTP_HOST,
    port: config.AGI_PORT,
    logger,
    registry,
    onSession: (session) => hooks.onAgiSession(session),
  });
  const sim =
    config.PBX === 'sim'
      ? await startSimulator({
          ariPort: Number(new URL(config.ARI_URL).port || 8088),
          amiPort: config.AMI_PORT,
          ariUser: config.ARI_USER,
          ariPassword: config.ARI_PASSWORD,
          amiUsers: { [config.AMI_USER]: config.AMI_SECRET },
          agiTarget: `127.0.0.1:${agi.port}`,
          // The simulator runs the very dialplan we ship.
          dialplanDir: fileURLToPath(new URL('../dialplan', import.meta.url)),
          // The simulator writes recordings where callwright reads them.
          recordingsDir: config.RECORDINGS_DIR,
          logger: logger.child({ component: 'sim' }),
        })
      : undefined;
  const nodes = nodesOf(config, sim);
  const single = nodes.length === 1 ? (nodes[0] as AsteriskNodeEndpoint) : undefined;
  const link = single
    ? openPbxLink({
        ari: { ...single.ari, app: config.ARI_APP },
        ami: single.ami,
        logger,
        registry,
        // After every ARI (re)connect: calls the ACD believed alive but gone are ended.
        reconcile: (snapshot) =>
          hooks.reconcile(
            snapshot,
            snapshot.channels.map((c) => c.id),
          ),
      })
    : openNodesLink(config, nodes, logger, registry, hooks);
  const description = sim
    ? `built-in simulator (ARI ${sim.ariUrl}, AMI port ${sim.amiPort}, FastAGI port ${agi.port})`
    : single
      ? `Asterisk at ${single.ari.url}`
      : `${nodes.length} Asterisk nodes (${nodes.map((n) => `${n.id} ${n.ari.url}`).join(', ')})`;
  return {
    link,
    sim,
    description,
    async close() {
      await link.close();
      await agi.close();
      await sim?.close();
    },
  };
}
