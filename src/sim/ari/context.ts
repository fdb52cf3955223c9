/**
 * What the ARI route handlers share: the core, the Asterisk identity shown by
 * /asterisk/info and events, and the lookups every resource file repeats
 * with Asterisk's error messages (res/ari/resource_channels.c find_control
 * and channel_state_invalid, resource_bridges.c find_bridge).
 */
import type { SimCore } from '../core/core.ts';
import type { Bridge, Channel } from '../core/model.ts';
import { type AriResponse, error } from './http.ts';

/** The identity of the simulated Asterisk. */
export interface AsteriskIdentity {
  version: string;
  entityId: string;
  systemName: string;
  buildDate: string;
  kernel: string;
}

/** Route dependencies. */
export interface AriDeps {
  core: SimCore;
  identity: AsteriskIdentity;
  /** Global dialplan variables (GET/POST /asterisk/variable). */
  globals: Map<string, string>;
}

/** A channel in Stasis, or the 404/409 Asterisk answers instead. */
export function findControl(core: SimCore, id: string): Channel | AriResponse {
  const ch = core.channels.get(id);
  if (!ch || ch.id !== id) return error(404, 'Channel not found');
  if (!ch.stasisApp) return error(409, 'Channel not in Stasis application');
  return ch;
}

/** 412 for channels that are Down/Reserved/Ringing (outbound, not answered yet). */
export function stateInvalid(ch: Channel): AriResponse | undefined {
  if (ch.state === 'Down' || ch.state === 'Rsrvd' || ch.state === 'Ringing') {
    return error(412, 'Channel in invalid state');
  }
  return undefined;
}

/** A controllable channel in a valid state, or the error to answer. */
export function controllable(core: SimCore, id: string): Channel | AriResponse {
  const ch = findControl(core, id);
  if ('status' in ch) return ch;
  return stateInvalid(ch) ?? ch;
}

/** A Stasis bridge, or 404 "Bridge not found" / 409 for bridges not made by ARI. */
export function findBridge(core: SimCore, id: string): Bridge | AriResponse {
  const b = core.bridges.get(id);
  if (!b) return error(404, 'Bridge not found');
  if (b.bridgeClass !== 'stasis') return error(409, 'Bridge not in Stasis application');
  return b;
}

/** Type guard for handler results. */
export function isResponse(x: unknown): x is AriResponse {
  return (
    typeof x === 'object' &&
    x !== null &&
    'status' in x &&
    typeof (x as AriResponse).status === 'number'
  );
}
