/**
 * Expected-wait figure for position announcements (ACD-6). Kept simple on
 * purpose: the caller's position times the average handle time, shared
 * among the agents serving the queue. Callers hear it rounded to whole minutes.
 */

/**
 * Seconds a caller at `position` (1-based) may still wait: every caller up
 * to and including this one needs an agent to free up, each call taking
 * `avgHandleS`, served by `servingAgents` in parallel. Null when nobody
 * serves the queue or there is no history yet.
 */
export function expectedWaitS(
  position: number,
  avgHandleS: number | null,
  servingAgents: number,
): number | null {
  if (avgHandleS === null || avgHandleS <= 0 || servingAgents <= 0) return null;
  return Math.round((Math.max(1, position) * avgHandleS) / servingAgents);
}

/** Whole minutes to announce for a wait, at least 1 so nobody is told "0 minutes". */
export const minutesToAnnounce = (waitS: number): number => Math.max(1, Math.ceil(waitS / 60));
