/**
 * Where a screen pop finds the IVR path of a call: the IVR sessions
 * recorded on the call's channel (its call id), oldest first, and their
 * steps. A call that came straight in has none. The IVR writes its session
 * as it hands the caller over, before the caller reaches a queue and an
 * agent's phone rings, so the path is there by the time the pop is built.
 */
import { popPathOf } from '../../domain/ivr/pop-path.ts';
import type { IvrSessionRepository } from '../ivr/store-ports.ts';

/** The IVR path labels of a call, empty when it did not go through the IVR. */
export type IvrPathLookup = (callId: string) => Promise<string[]>;

/** A lookup over the recorded IVR sessions. */
export function createIvrPathLookup(
  sessions: Pick<IvrSessionRepository, 'getByChannelIds' | 'pathOf'>,
): IvrPathLookup {
  return async (callId) => {
    const found = await sessions.getByChannelIds([callId]);
    if (found.length === 0) return [];
    const order = [...found].sort((a, b) => a.startedAt - b.startedAt).map((s) => s.id);
    const steps = await sessions.pathOf(order);
    const rank = new Map(order.map((id, i) => [id, i]));
    const sorted = [...steps].sort(
      (a, b) => (rank.get(a.sessionId) ?? 0) - (rank.get(b.sessionId) ?? 0) || a.seq - b.seq,
    );
    return popPathOf(sorted);
  };
}
