/**
 * Where callwright places a call it starts (a dialer leg, a callback, a
 * click-to-dial): on the least-loaded Asterisk node that is up and under its
 * channel cap. Load is the share of the cap in use; a node without a cap is
 * taken to be as large as the largest capped node (or, when no node has a
 * cap, load is the plain channel count). Ties go to fewer channels, then to
 * the configuration order, so the same input always gives the same node.
 */

/** One node as the selection sees it. */
export interface NodeLoad {
  readonly id: string;
  /** Connected (ARI and AMI) and taking calls. */
  readonly up: boolean;
  /** Channels callwright knows on the node now. */
  readonly channels: number;
  /** Channel cap; null: no cap of its own. */
  readonly maxChannels: number | null;
}

/** Why no node could be chosen. */
export type NoNode = 'no-node-up' | 'all-nodes-full';

/** The node for a new call, or why there is none. */
export function leastLoadedNode(
  nodes: readonly NodeLoad[],
):
  | { readonly ok: true; readonly nodeId: string }
  | { readonly ok: false; readonly reason: NoNode } {
  const up = nodes.filter((n) => n.up);
  if (up.length === 0) return { ok: false, reason: 'no-node-up' };
  const open = up.filter((n) => n.maxChannels === null || n.channels < n.maxChannels);
  if (open.length === 0) return { ok: false, reason: 'all-nodes-full' };
  const caps = nodes.map((n) => n.maxChannels).filter((c): c is number => c !== null);
  const assumedCap = caps.length === 0 ? 1 : Math.max(...caps);
  const load = (n: NodeLoad) => n.channels / (n.maxChannels ?? assumedCap);
  let best = open[0] as NodeLoad;
  for (const n of open.slice(1)) {
    if (load(n) < load(best) || (load(n) === load(best) && n.channels < best.channels)) best = n;
  }
  return { ok: true, nodeId: best.id };
}
