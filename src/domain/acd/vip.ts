/**
 * VIP callers of a business line (ACD-2, ACD-4): numbers or number blocks
 * (a prefix ending in `*`) whose calls go ahead of everyone else's, each
 * optionally with dedicated agents who get the call first. The list is
 * kept per line, so every queue of the line treats its VIPs the same way.
 * An exact number wins over a prefix, and a longer prefix over a shorter.
 */

/** One entry of a line's VIP list. */
export interface VipEntry {
  /** An E.164 number (`+33612345678`), or a prefix ending in `*` (`+3361234*`). */
  readonly number: string;
  /** Agents who serve this caller first; empty for priority alone. */
  readonly dedicatedAgentIds: readonly string[];
}

/** What a VIP match gives a call. */
export interface VipMatch {
  readonly dedicatedAgentIds: readonly string[];
}

/** A compiled VIP list. */
export interface VipBook {
  readonly exact: ReadonlyMap<string, VipEntry>;
  /** Prefix entries, longest prefix first. */
  readonly prefixes: readonly (VipEntry & { readonly prefix: string })[];
}

/** The list of a line with no VIPs. */
export const EMPTY_VIP_BOOK: VipBook = { exact: new Map(), prefixes: [] };

/** True for a VIP number or prefix as stored: `+` then 1 to 15 digits, optionally `*`. */
export const isVipNumber = (number: string): boolean => /^\+[1-9]\d{0,14}\*?$|^\+\*$/.test(number);

/** Compiles a line's entries for lookups. */
export function compileVip(entries: readonly VipEntry[]): VipBook {
  const exact = new Map<string, VipEntry>();
  const prefixes: (VipEntry & { prefix: string })[] = [];
  for (const e of entries) {
    if (e.number.endsWith('*')) prefixes.push({ ...e, prefix: e.number.slice(0, -1) });
    else exact.set(e.number, e);
  }
  prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  return { exact, prefixes };
}

/** The VIP entry a caller's number matches, or null (a withheld number never matches). */
export function matchVip(book: VipBook, ani: string): VipMatch | null {
  if (ani === '') return null;
  const hit = book.exact.get(ani) ?? book.prefixes.find((p) => ani.startsWith(p.prefix));
  return hit === undefined ? null : { dedicatedAgentIds: hit.dedicatedAgentIds };
}
