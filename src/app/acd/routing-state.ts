/**
 * What the ACD's routing keeps beside the dispatcher snapshot: the
 * compiled DID table, each business line's VIP list, who last served each
 * caller (sticky agent), each queue's recent handle time (expected-wait
 * announcements), and the external legs of calls overflowed to a number.
 * All of it is loaded from the store at start and refreshed on changes.
 */
import type { CompiledRoutes } from '../../domain/acd/routing.ts';
import type { VipBook } from '../../domain/acd/vip.ts';

/** The agent who last answered a caller. */
export interface LastAgent {
  readonly agentId: string;
  readonly at: number;
}

/** The routing state of one runtime. */
export interface RoutingState {
  /** Null until loaded, or when the stored table does not compile (every call is then refused). */
  routes: CompiledRoutes | null;
  /** VIP list of each business line. */
  readonly vip: Map<string, VipBook>;
  /** By `lastServedKey(line, ani)`. */
  readonly lastServed: Map<string, LastAgent>;
  /** Moving average of talk plus wrap-up seconds, by queue id. */
  readonly handleS: Map<string, number>;
  /** External leg (channel id) -> the call it was dialled for (overflow to a number). */
  readonly forwardLegs: Map<string, string>;
  /** The external leg of each forwarded call, by call id. */
  readonly forwardOf: Map<string, string>;
  /** Announcements played so far: makes playback ids unique. */
  announceSeq: number;
}

/** An empty routing state. */
export const newRoutingState = (): RoutingState => ({
  routes: null,
  vip: new Map(),
  lastServed: new Map(),
  handleS: new Map(),
  forwardLegs: new Map(),
  forwardOf: new Map(),
  announceSeq: 0,
});

/** Key of `lastServed`. */
export const lastServedKey = (businessLineId: string, ani: string): string =>
  `${businessLineId}|${ani}`;

/** Callers remembered for the sticky agent at most (the newest kept). */
export const STICKY_MEMORY_LIMIT = 200_000;

/**
 * Remembers who last served a caller. The map keeps callers in the order
 * they were last served, so past the limit the one served longest ago goes:
 * memory stays bounded however many different callers call.
 */
export function rememberServed(
  state: RoutingState,
  key: string,
  served: { agentId: string; at: number },
): void {
  state.lastServed.delete(key);
  state.lastServed.set(key, served);
  if (state.lastServed.size <= STICKY_MEMORY_LIMIT) return;
  const oldest = state.lastServed.keys().next().value;
  if (oldest !== undefined) state.lastServed.delete(oldest);
}
