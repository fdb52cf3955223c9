/**
 * The waiting calls of the dispatcher snapshot: adding, moving and removing
 * them in their queue's lanes, the position a caller hears (ACD-6), and the
 * queue facts overflow decisions read. Like `snapshot.ts`, these mutate the
 * one in-memory index the app keeps and do no I/O.
 */
import { type AcdError, acdError, PRIORITY_RANK } from './acd.types.ts';
import type { QueuedCall } from './call.state.ts';
import { laneIndex, laneInsert, laneRemove } from './lane.ts';
import type { QueueFacts } from './overflow.ts';
import type { AcdSnapshot, WaitingCall } from './snapshot.ts';

/** Adds (or moves) a waiting call; an unknown queue is an error. */
export function putWaiting(s: AcdSnapshot, call: WaitingCall): AcdError<'QUEUE_NOT_FOUND'> | null {
  const q = s.queues.get(call.queueId);
  if (q === undefined)
    return acdError('QUEUE_NOT_FOUND', `queue ${call.queueId} not found`, { callId: call.id });
  removeWaiting(s, call.id);
  laneInsert(q.lanes[PRIORITY_RANK[call.priority]]!, call);
  s.calls.set(call.id, call);
  return null;
}

/** Removes a waiting call; false when it was not waiting. */
export function removeWaiting(s: AcdSnapshot, callId: string): boolean {
  const call = s.calls.get(callId);
  if (call === undefined) return false;
  s.calls.delete(callId);
  const q = s.queues.get(call.queueId);
  if (q !== undefined) laneRemove(q.lanes[PRIORITY_RANK[call.priority]]!, call);
  return true;
}

/** The waiting-call view of a queued call. */
export const waitingOf = (call: QueuedCall): WaitingCall => ({
  id: call.callId,
  queueId: call.queue.id,
  businessLineId: call.businessLineId,
  kind: 'call',
  priority: call.priority,
  waitingSince: call.waitingSince,
  requiredSkills: call.requiredSkills,
  holds: call.holds,
  tried: call.tried,
  notBefore: 0,
});

/** Applies a call machine state: waiting calls are indexed, every other phase is not. */
export function syncCall(s: AcdSnapshot, call: QueuedCall): void {
  if (call.phase.name === 'waiting') putWaiting(s, waitingOf(call));
  else removeWaiting(s, call.callId);
}

/** Position (1-based) of a waiting call in its queue, counting higher classes first; null if absent. */
export function positionOf(s: AcdSnapshot, callId: string): number | null {
  const call = s.calls.get(callId);
  const q = call === undefined ? undefined : s.queues.get(call.queueId);
  if (call === undefined || q === undefined) return null;
  const rank = PRIORITY_RANK[call.priority];
  let ahead = 0;
  for (let r = 0; r < rank; r++) ahead += q.lanes[r]!.length;
  return ahead + laneIndex(q.lanes[rank]!, call) + 1;
}

/** Waiting calls and logged-in members of a queue (overflow checks on entry). */
export function queueFacts(s: AcdSnapshot, queueId: string): QueueFacts {
  const q = s.queues.get(queueId);
  if (q === undefined) return { waiting: 0, loggedInMembers: 0 };
  // Callback tasks are not callers on hold: they do not count toward the queue's length.
  let waiting = 0;
  for (let r = 0; r < PRIORITY_RANK.callback; r++) waiting += q.lanes[r]!.length;
  return { waiting, loggedInMembers: q.loggedIn.size };
}
