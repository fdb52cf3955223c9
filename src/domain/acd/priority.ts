/**
 * Caller priority (ACD-2), dedicated VIP agents (ACD-4) and the sticky
 * agent (ACD-3). A call is classified once when it enters a queue; holds
 * reserve it for named agents for a while, then it goes to anyone.
 */
import { type AcdQueueSettings, PRIORITY_RANK, type PriorityClass } from './acd.types.ts';
import type { VipMatch } from './vip.ts';

/**
 * A call reserved for some agents until `until` (epoch ms). A hold only
 * binds while at least one of its agents is logged in and a member of the
 * queue: holding a call for an agent who went home would only make the
 * caller wait for nothing, so such a hold is released at once.
 */
export interface AgentHold {
  readonly kind: 'sticky' | 'dedicated';
  readonly agentIds: readonly string[];
  readonly until: number;
}

/** What the ACD knows about a caller when the call enters a queue. */
export interface CallerFacts {
  /** Caller's number (E.164), or an empty string when withheld. */
  readonly ani: string;
  /** The call firewall (IVR-3) put the number on its VIP/whitelist. */
  readonly whitelisted: boolean;
  /** The number is on the business line's VIP list (`matchVip`), with its dedicated agents. */
  readonly vip: VipMatch | null;
  /** The call was transferred here by an agent. */
  readonly transferred: boolean;
  /** The agent who last served this number, from the call history. */
  readonly lastServed: { readonly agentId: string; readonly at: number } | null;
}

/** Priority class and holds of a call. */
export interface CallClassification {
  readonly priority: PriorityClass;
  readonly holds: readonly AgentHold[];
}

/** Classifies a caller for a queue at `now`. */
export function classifyCaller(
  facts: CallerFacts,
  settings: Pick<AcdQueueSettings, 'vip' | 'sticky'>,
  now: number,
): CallClassification {
  const { vip } = facts;
  const priority: PriorityClass =
    vip !== null || facts.whitelisted ? 'vip' : facts.transferred ? 'transferred' : 'normal';
  const holds: AgentHold[] = [];
  if (vip !== null && vip.dedicatedAgentIds.length > 0) {
    const until = now + settings.vip.dedicatedHoldS * 1000;
    holds.push({ kind: 'dedicated', agentIds: vip.dedicatedAgentIds, until });
  }
  const last = facts.lastServed;
  const { sticky } = settings;
  if (sticky.enabled && last !== null && now - last.at <= sticky.memoryS * 1000) {
    holds.push({ kind: 'sticky', agentIds: [last.agentId], until: now + sticky.holdS * 1000 });
  }
  return { priority, holds };
}

/**
 * The agents a call is held for at `now`, or null when it is open to all.
 * `usable(agentId)` says whether a holder is logged in and a member of the
 * queue; holds whose agents are all unusable are ignored.
 */
export function heldFor(
  holds: readonly AgentHold[],
  now: number,
  usable: (agentId: string) => boolean,
): ReadonlySet<string> | null {
  if (holds.length === 0) return null;
  let held: Set<string> | null = null;
  for (const hold of holds) {
    if (hold.until <= now) continue;
    const live = hold.agentIds.filter(usable);
    if (live.length === 0) continue;
    held ??= new Set();
    for (const id of live) held.add(id);
  }
  return held;
}

/** The fields that order waiting calls. */
export interface OrderKey {
  readonly id: string;
  readonly priority: PriorityClass;
  /** Queue weight: across queues, a heavier queue's call goes first within a class. */
  readonly weight: number;
  /** When the caller started waiting (kept across overflow, so nobody loses their place). */
  readonly waitingSince: number;
}

/**
 * Dispatch order of two waiting calls: class (VIP, transferred, normal,
 * callback), then queue weight (heavier first), then longest wait, then id.
 */
export function compareCalls(a: OrderKey, b: OrderKey): number {
  return (
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    b.weight - a.weight ||
    a.waitingSince - b.waitingSince ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Times (epoch ms) at which a hold ends and the call opens to more agents. */
export const holdEndTimes = (holds: readonly AgentHold[]): number[] => holds.map((h) => h.until);
