/**
 * A small cache of looked-up values that change rarely (a business line's
 * country, a queue's name): each key is read at most once per `ttlMs`, so
 * live messages cost no query for them. A change shows after the TTL.
 */
import type { Clock } from '../clock.ts';

/** Cached lookups by key. */
export interface TtlCache<V> {
  get(key: string): Promise<V>;
}

/** Creates the cache; a failed lookup is not kept. */
export function createTtlCache<V>(
  ttlMs: number,
  clock: Clock,
  load: (key: string) => Promise<V>,
): TtlCache<V> {
  const entries = new Map<string, { value: Promise<V>; until: number }>();
  return {
    get(key) {
      const now = clock.now();
      const known = entries.get(key);
      if (known !== undefined && known.until > now) return known.value;
      // Expired entries are dropped as keys are read again; sweep the rest now and then.
      if (entries.size > 1000) {
        for (const [k, e] of entries) if (e.until <= now) entries.delete(k);
      }
      const value = load(key);
      entries.set(key, { value, until: now + ttlMs });
      value.catch(() => entries.delete(key));
      return value;
    },
  };
}
