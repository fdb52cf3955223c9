/**
 * Do-not-call (DIAL-7): a number is blocked when it is on the global list
 * or on its business line's list. Numbers are E.164 strings; lookups use
 * their digits as a number so a set of millions stays small in memory.
 */

/** A DNC set's key for an E.164 number. */
export const dncKey = (e164: string): number =>
  Number(e164.charCodeAt(0) === 43 ? e164.slice(1) : e164);

/** Number keys that can be looked up (a `Set<number>` or a `NumberSet`). */
export interface NumberKeys {
  has(key: number): boolean;
}

/** The do-not-call lists that apply to one business line. */
export interface DncLists {
  readonly global: NumberKeys;
  readonly line: NumberKeys;
}

/** True when the number must never be dialled. */
export function isBlocked(lists: DncLists, e164: string): boolean {
  const key = dncKey(e164);
  return lists.global.has(key) || lists.line.has(key);
}
