/**
 * The AMI of several nodes as one client, for what reads AMI across the
 * media plane (call-detail capture): events of every node reach every
 * handler, each node in its own order. Uniqueids and linkedids stay apart
 * because each node has its own `systemname` (asterisk.conf), as the
 * README's multi-node section asks. Actions go to the first node logged
 * in: nothing in callwright sends one that concerns a particular node.
 */
import type { AmiClient } from '../ami/ami-client-types.ts';
import type { PbxNode } from './node-set.ts';

/** One AMI client over the nodes' clients. */
export function mergeAmi(nodes: readonly PbxNode[]): AmiClient {
  const amis = nodes.map((n) => n.link.ami);
  const first = () => amis.find((a) => a.connected) ?? (amis[0] as AmiClient);
  const all = (offs: Array<() => void>) => () => {
    for (const off of offs) off();
  };
  return {
    get connected() {
      return amis.some((a) => a.connected);
    },
    action: (name, fields, options) => first().action(name, fields, options),
    originate: (fields, options) => first().originate(fields, options),
    onEvent: (handler) => all(amis.map((a) => a.onEvent(handler))),
    onReconnect: (hook) => all(amis.map((a) => a.onReconnect(hook))),
    whenConnected: async () => {
      await Promise.all(amis.map((a) => a.whenConnected()));
    },
    status: () => first().status(),
    close: async () => {
      await Promise.all(amis.map((a) => a.close()));
    },
  };
}
