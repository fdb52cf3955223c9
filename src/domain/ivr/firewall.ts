/**
 * The call firewall (IVR-3): per business line, a block list and a VIP
 * list of E.164 numbers, E.164 prefixes and "anonymous" (no caller number).
 *
 * Matching: the most specific entry wins. A full number beats any prefix;
 * among prefixes the longest wins (`+3361` beats `+336`), so a VIP prefix
 * can carve an exception out of a blocked range and the other way round.
 * When a block and a VIP entry are equally specific (the same number on
 * both lists), block wins: a blocked number is a deliberate defence against
 * abuse, and letting it through because someone also marked it VIP would
 * defeat it silently.
 */
import { DomainError } from '../shared/errors.ts';
import { normalisePhone } from '../shared/phone.ts';

/** Which list an entry belongs to. */
export type FirewallList = 'block' | 'vip';

/** What an entry matches. */
export type FirewallMatch = 'number' | 'prefix' | 'anonymous';

/** One list entry; `value` is E.164 (`+33612345678`), an E.164 prefix (`+3361`) or '' for anonymous. */
export interface FirewallEntry {
  readonly id: string;
  readonly businessLineId: string;
  readonly list: FirewallList;
  readonly match: FirewallMatch;
  readonly value: string;
  readonly label: string | null;
}

/** The lists of one business line. */
export interface FirewallLists {
  readonly businessLineId: string;
  /** Country used to read national caller numbers (the business line's). */
  readonly defaultCountry: string;
  readonly entries: readonly FirewallEntry[];
}

/** Outcome of checking a caller. */
export interface FirewallVerdict {
  readonly verdict: 'block' | 'vip' | 'pass';
  /** The entry that decided, or null on pass. */
  readonly entry: FirewallEntry | null;
  /** The caller in E.164 when it could be read, else null. */
  readonly caller: string | null;
}

/** Caller ids Asterisk and carriers use for a withheld number. */
const WITHHELD = new Set([
  '',
  'anonymous',
  'unknown',
  'restricted',
  'private',
  'unavailable',
  'withheld',
]);

/**
 * The stored form of an entry's value: numbers through the phone helper
 * (national forms read in `defaultCountry`), prefixes as `+` and digits
 * (`00` read as `+`). Throws INVALID_PHONE_NUMBER with the reason.
 */
export function normaliseFirewallValue(
  match: FirewallMatch,
  input: string,
  defaultCountry?: string,
): string {
  if (match === 'anonymous') return '';
  if (match === 'number') return normalisePhone(input, defaultCountry).e164;
  const compact = input.replace(/[\s().-]/g, '').replace(/^00/, '+');
  if (!/^\+[1-9]\d{0,14}$/.test(compact)) {
    throw new DomainError(
      'INVALID_PHONE_NUMBER',
      `"${input}" is not an international prefix; write it as + and digits, e.g. +3361`,
      { input, reason: 'INVALID_PREFIX' },
    );
  }
  return compact;
}

/** Reads the caller number: E.164 when possible, null when withheld or unreadable. */
export function callerE164(
  ani: string,
  defaultCountry: string,
): { e164: string | null; withheld: boolean } {
  const trimmed = ani.trim();
  if (WITHHELD.has(trimmed.toLowerCase())) return { e164: null, withheld: true };
  try {
    return { e164: normalisePhone(trimmed, defaultCountry).e164, withheld: false };
  } catch {
    // Not a valid number (a short code, a new range the library does not know yet):
    // an international form can still match prefixes and numbers as written.
    const compact = trimmed.replace(/[\s().-]/g, '').replace(/^00/, '+');
    return { e164: /^\+\d{2,15}$/.test(compact) ? compact : null, withheld: false };
  }
}

/** How specific a matching entry is; higher wins, -1 when it does not match. */
function specificity(entry: FirewallEntry, caller: string | null, withheld: boolean): number {
  switch (entry.match) {
    case 'anonymous':
      return withheld ? 0 : -1;
    case 'number':
      return caller === entry.value ? 100 : -1;
    case 'prefix':
      return caller?.startsWith(entry.value) ? entry.value.length : -1;
  }
}

/** Checks a caller (ANI as received) against the lists. */
export function checkCaller(lists: FirewallLists, ani: string): FirewallVerdict {
  const { e164, withheld } = callerE164(ani, lists.defaultCountry);
  let best: FirewallEntry | null = null;
  let bestScore = -1;
  for (const entry of lists.entries) {
    if (entry.businessLineId !== lists.businessLineId) continue;
    const score = specificity(entry, e164, withheld);
    if (score < 0) continue;
    const wins = score > bestScore || (score === bestScore && entry.list === 'block');
    if (wins) {
      best = entry;
      bestScore = score;
    }
  }
  return { verdict: best?.list ?? 'pass', entry: best, caller: e164 };
}
