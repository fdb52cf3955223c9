/**
 * Who a PBX channel is, for the call capture: an agent's phone (the agent
 * whose dial string, e.g. `PJSIP/1001`, is the channel's endpoint) or a
 * trunk (an endpoint named in the trunk list). Agents are read from the
 * store and kept for `ttlMs`, so a burst of CDRs costs one query.
 */
import type { Clock } from '../clock.ts';
import type { Store } from '../ports.ts';
import type { ChannelParties } from './pbx-capture.ts';

/** `PJSIP/1001-0000002a` -> `PJSIP/1001`; a Local or Snoop channel gives ''. */
export function endpointOfChannel(channelName: string): string {
  const match = /^((?:PJSIP|SIP|IAX2|DAHDI)\/.+)-[0-9a-f]+$/i.exec(channelName);
  return match?.[1] ?? '';
}

/** Channel parties over the store's agents and a list of trunk names. */
export function storeChannelParties(deps: {
  store: Pick<Store, 'agents'>;
  clock: Clock;
  trunks: readonly string[];
  ttlMs?: number;
}): ChannelParties {
  const ttl = deps.ttlMs ?? 30_000;
  let byEndpoint: Map<string, { id: string; businessLineId: string }> | null = null;
  let loadedAt = 0;
  let loading: Promise<Map<string, { id: string; businessLineId: string }>> | null = null;

  async function load() {
    const map = new Map<string, { id: string; businessLineId: string }>();
    const PAGE = 1000;
    for (let offset = 0; ; offset += PAGE) {
      const agents = await deps.store.agents.list({}, { offset, limit: PAGE });
      for (const a of agents) {
        if (a.reach === 'sip') map.set(a.endpoint, { id: a.id, businessLineId: a.businessLineId });
      }
      if (agents.length < PAGE) break;
    }
    byEndpoint = map;
    loadedAt = deps.clock.now();
    return map;
  }

  return {
    async agentOf(channelName) {
      const endpoint = endpointOfChannel(channelName);
      if (endpoint === '') return undefined;
      let map = byEndpoint;
      if (map === null || deps.clock.now() - loadedAt > ttl) {
        loading ??= load().finally(() => {
          loading = null;
        });
        map = await loading;
      }
      return map.get(endpoint);
    },
    trunkOf(channelName) {
      const endpoint = endpointOfChannel(channelName);
      const resource = endpoint.slice(endpoint.indexOf('/') + 1);
      return endpoint !== '' && deps.trunks.includes(resource) ? resource : null;
    },
  };
}
