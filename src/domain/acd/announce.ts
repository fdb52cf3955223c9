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

/**
 * Sound files that say `n` in English, as Asterisk's `ast_say_number`
 * (say.c, `ast_say_number_full_en`) picks them from the core sounds:
 * `digits/0`..`digits/19`, the tens `digits/20`..`digits/90` and
 * `digits/hundred`. Numbers above 999 are said as 999: a caller hears
 * "a long wait" either way.
 */
export function sayNumber(n: number): string[] {
  const value = Math.max(0, Math.min(999, Math.floor(n)));
  const files: string[] = [];
  let rest = value;
  if (rest >= 100) {
    files.push(`digits/${Math.floor(rest / 100)}`, 'digits/hundred');
    rest %= 100;
    if (rest === 0) return files;
  }
  if (rest >= 20) {
    files.push(`digits/${rest - (rest % 10)}`);
    rest %= 10;
    if (rest === 0) return files;
  }
  if (rest > 0 || files.length === 0) files.push(`digits/${rest}`);
  return files;
}

/** Which parts an announcement has. */
export interface AnnouncementParts {
  readonly position: boolean;
  readonly expectedWait: boolean;
}

/**
 * The media of one announcement (ACD-6), in the order and with the core
 * sounds Asterisk's app_queue uses (`say_position` in app_queue.c): "you
 * are next" or "there are N calls waiting", then "the estimated hold time
 * is N minutes" (or "less than one minute"), then "thank you for your
 * patience". Empty when there is nothing to say.
 */
export function announcementMedia(
  position: number,
  expectedWaitS: number | null,
  parts: AnnouncementParts,
): string[] {
  const files: string[] = [];
  if (parts.position) {
    if (position <= 1) files.push('queue-youarenext');
    else files.push('queue-thereare', ...sayNumber(position), 'queue-callswaiting');
  }
  if (parts.expectedWait && expectedWaitS !== null) {
    files.push('queue-holdtime');
    if (expectedWaitS < 60) files.push('queue-less-than', 'digits/1', 'queue-minute');
    else files.push(...sayNumber(minutesToAnnounce(expectedWaitS)), 'queue-minutes');
  }
  if (files.length === 0) return [];
  return [...files, 'queue-thankyou'].map((file) => `sound:${file}`);
}
