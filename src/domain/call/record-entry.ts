/**
 * What a record writer hands over: the whole current picture of one call
 * (the record and every leg known so far), keyed by Asterisk ids. Writing
 * the same entry twice, or an older picture before a newer one, converges
 * on one row per call and per leg; these pure functions say how two
 * pictures of the same call combine.
 *
 * - An `app` picture is authoritative: its defined fields replace stored
 *   ones, fields it leaves undefined keep their stored value.
 * - A `pbx` picture (captured from CDR/CEL) never changes a call our
 *   application recorded; two `pbx` pictures of one call are merged
 *   commutatively (earliest start, latest end...), so the order in which
 *   the PBX reports its channels does not matter.
 */
import type { CallLeg, CallRecord, RecordSource } from './call-record.ts';

/** A call record without its database id. */
export type RecordInput = Omit<CallRecord, 'id'>;
/** A leg without its database ids (it is attached to its call by linkedid). */
export type LegInput = Omit<CallLeg, 'id' | 'callId'>;

/** One call's current picture, as handed to a record sink. */
export interface RecordEntry {
  readonly record: RecordInput;
  readonly legs: readonly LegInput[];
  /**
   * A number the sender raises with each picture of this call (application
   * pictures only): a picture older than one already taken is stale and dropped.
   */
  readonly revision?: number;
}

/** True when `incoming` is an older application picture than `stored`. */
export function isStale(stored: { revision?: number }, incoming: { revision?: number }): boolean {
  return (
    stored.revision !== undefined &&
    incoming.revision !== undefined &&
    incoming.revision < stored.revision
  );
}

/** The source of a record (records written before sources existed are `app`). */
export const sourceOf = (record: { source?: RecordSource }): RecordSource => record.source ?? 'app';

/** `incoming`'s defined fields over `stored`'s. */
export function overlay<T extends object>(stored: T, incoming: T): T {
  const out = { ...stored } as Record<string, unknown>;
  for (const [key, value] of Object.entries(incoming)) {
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}

const minOf = (a: number | null | undefined, b: number | null | undefined): number | null => {
  if (a === null || a === undefined) return b ?? null;
  if (b === null || b === undefined) return a;
  return Math.min(a, b);
};
const maxOf = (a: number | null | undefined, b: number | null | undefined): number | null => {
  if (a === null || a === undefined) return b ?? null;
  if (b === null || b === undefined) return a;
  return Math.max(a, b);
};

/** Orders two pictures by start time, then by linkedid-independent content, so merging commutes. */
function ordered<T extends { startedAt: number }>(a: T, b: T): [T, T] {
  if (a.startedAt !== b.startedAt) return a.startedAt < b.startedAt ? [a, b] : [b, a];
  return JSON.stringify(a) <= JSON.stringify(b) ? [a, b] : [b, a];
}

/** Merges two PBX-captured pictures of one call: order-independent and idempotent. */
export function mergeCaptured(a: RecordInput, b: RecordInput): RecordInput {
  const [first, second] = ordered(a, b);
  const last = (second.endedAt ?? -1) >= (first.endedAt ?? -1) ? second : first;
  return {
    ...overlay(second, first),
    startedAt: first.startedAt,
    answeredAt: minOf(first.answeredAt, second.answeredAt),
    endedAt: maxOf(first.endedAt, second.endedAt),
    hangupCause: last.hangupCause ?? first.hangupCause ?? second.hangupCause,
    hangupBy: last.hangupBy ?? first.hangupBy ?? second.hangupBy,
    agentId: first.agentId ?? second.agentId,
    businessLineId: first.businessLineId ?? second.businessLineId,
    source: 'pbx',
  };
}

/** Merges two PBX-captured pictures of one leg. */
export function mergeCapturedLeg(a: LegInput, b: LegInput): LegInput {
  const [first, second] = ordered(a, b);
  const last = (second.endedAt ?? -1) >= (first.endedAt ?? -1) ? second : first;
  return {
    ...overlay(second, first),
    startedAt: first.startedAt,
    answeredAt: minOf(first.answeredAt, second.answeredAt),
    endedAt: maxOf(first.endedAt, second.endedAt),
    hangupCause: last.hangupCause ?? first.hangupCause ?? second.hangupCause,
    agentId: first.agentId ?? second.agentId,
  };
}

function mergeLegs(
  stored: readonly LegInput[],
  incoming: readonly LegInput[],
  merge: (a: LegInput, b: LegInput) => LegInput,
): LegInput[] {
  const byChannel = new Map(stored.map((leg) => [leg.channelId, leg]));
  for (const leg of incoming) {
    const known = byChannel.get(leg.channelId);
    byChannel.set(leg.channelId, known === undefined ? leg : merge(known, leg));
  }
  return [...byChannel.values()];
}

/**
 * Combines a stored (or earlier) picture with a newer one of the same call;
 * `undefined` means the newer one must be dropped (a PBX capture of a call
 * our application recorded).
 */
export function combineEntries(
  stored: RecordEntry,
  incoming: RecordEntry,
): RecordEntry | undefined {
  const storedSource = sourceOf(stored.record);
  const incomingSource = sourceOf(incoming.record);
  if (incomingSource === 'app') {
    if (isStale(stored, incoming)) return undefined;
    const revision = incoming.revision ?? stored.revision;
    return {
      record: { ...overlay(stored.record, incoming.record), source: 'app' },
      legs: mergeLegs(stored.legs, incoming.legs, (a, b) => overlay(a, b)),
      ...(revision === undefined ? {} : { revision }),
    };
  }
  if (storedSource === 'app') return undefined;
  return {
    record: mergeCaptured(stored.record, incoming.record),
    legs: mergeLegs(stored.legs, incoming.legs, mergeCapturedLeg),
  };
}

/**
 * Folds a batch into one entry per call, in the order calls first appear.
 * Within a batch an `app` picture of a call drops every `pbx` picture of it,
 * whichever came first, so a batch never depends on its internal order for that.
 */
export function coalesceEntries(entries: readonly RecordEntry[]): RecordEntry[] {
  const hasApp = new Set(
    entries.filter((e) => sourceOf(e.record) === 'app').map((e) => e.record.linkedId),
  );
  const byCall = new Map<string, RecordEntry>();
  for (const entry of entries) {
    const { linkedId } = entry.record;
    if (hasApp.has(linkedId) && sourceOf(entry.record) === 'pbx') continue;
    const known = byCall.get(linkedId);
    const next = known === undefined ? entry : combineEntries(known, entry);
    if (next !== undefined) byCall.set(linkedId, next);
  }
  return [...byCall.values()];
}
