/**
 * What the ACD's routing keeps beside the dispatcher snapshot: the
 * compiled DID table, each business line's VIP list, who last served each
 * caller (sticky agent), each queue's recent handle time (expected-wait
 * announcements), and the external legs of calls overflowed to a number.
 * All of it is loaded from the store at start and refreshed on changes.
 */
import type { AcdQueueSettings } from '../../domain/acd/acd.types.ts';
import type { CompiledRoutes } from '../../domain/acd/routing.ts';
import type { VipBook } from '../../domain/acd/vip.ts';

type StickySettings = AcdQueueSettings['sticky'];

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

/** What `stickyMemoryMs` reads of each queue. */
interface StickyQueue {
  readonly queue: {
    readonly settings: { readonly sticky: Pick<StickySettings, 'enabled' | 'memoryS'> };
  };
}

/**
 * How far back the sticky agent looks in any queue: the longest memory of
 * the queues that use it, 0 when none does. A caller served longer ago than
 * that can never be held for its last agent again.
 */
export function stickyMemoryMs(queues: Iterable<StickyQueue>): number {
  let memoryS = 0;
  for (const q of queues) {
    const { sticky } = q.queue.settings;
    if (sticky.enabled) memoryS = Math.max(memoryS, sticky.memoryS);
  }
  return memoryS * 1000;
}

/**
 * Remembers who last served a caller. The map keeps callers in the order
 * they were last served, so the ones served longest ago are at its front:
 * those past `memoryMs` (no queue would hold their caller any more) go as
 * soon as a newer one is remembered, and past the limit the oldest goes
 * whatever its age. With no queue using the sticky agent nothing is kept:
 * memory follows the configured horizon, not the count of callers ever served.
 */
export function rememberServed(
  state: RoutingState,
  key: string,
  served: { agentId: string; at: number },
  memoryMs: number,
): void {
  state.lastServed.delete(key);
  if (memoryMs > 0) state.lastServed.set(key, served);
  const horizon = served.at - memoryMs;
  for (const [oldest, last] of state.lastServed) {
    if (last.at >= horizon && state.lastServed.size <= STICKY_MEMORY_LIMIT) break;
    state.lastServed.delete(oldest);
  }
}
