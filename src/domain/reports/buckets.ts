/**
 * Report time buckets. Rollups are kept per 15 minutes of UTC time; every
 * time zone in use today is offset from UTC by a whole number of quarter
 * hours (+05:45 Nepal, +08:45 Eucla included), so a quarter hour of UTC is
 * also exactly one quarter hour of local time anywhere, and local hours,
 * days, weeks and months are whole sets of buckets.
 */

/** Length of one rollup bucket. */
export const BUCKET_MS = 15 * 60 * 1000;

/** Start of the 15-minute bucket holding `ms` (epoch ms UTC). */
export function bucketStart(ms: number): number {
  return Math.floor(ms / BUCKET_MS) * BUCKET_MS;
}

/** Every bucket start in [from, to). */
export function bucketsBetween(from: number, to: number): number[] {
  const out: number[] = [];
  for (let b = bucketStart(from); b < to; b += BUCKET_MS) out.push(b);
  return out;
}
