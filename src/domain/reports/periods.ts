/**
 * Grouping of report buckets into the periods a report asks for, in the
 * business line's time zone (luxon): hours, days, ISO weeks (Monday first)
 * and months start at local midnight, so a day across a DST change is 23 or
 * 25 hours long and still one day. Every period is a whole set of 15-minute
 * buckets (see buckets.ts).
 */
import { DateTime } from 'luxon';

/** How a report groups time. */
export type GroupBy = 'hour' | 'day' | 'week' | 'month' | 'total';

/** The period a bucket falls in: its local start (ISO 8601 with offset) and epoch start. */
export interface Period {
  readonly label: string;
  readonly start: number;
}

const UNIT = { hour: 'hour', day: 'day', week: 'week', month: 'month' } as const;

/** The period of `groupBy` in `zone` that holds the instant `ms`; `total` is one period from `from`. */
export function periodOf(ms: number, groupBy: GroupBy, zone: string, from: number): Period {
  if (groupBy === 'total') {
    return { label: DateTime.fromMillis(from, { zone }).toISO() ?? '', start: from };
  }
  const start = DateTime.fromMillis(ms, { zone }).startOf(UNIT[groupBy], { useLocaleWeeks: false });
  return { label: start.toISO() ?? '', start: start.toMillis() };
}

/** True for an IANA zone luxon knows. */
export function isZone(zone: string): boolean {
  return DateTime.fromMillis(0).setZone(zone).isValid;
}

/** Start of the local day holding `ms` in `zone`. */
export function dayStart(ms: number, zone: string): number {
  return DateTime.fromMillis(ms, { zone }).startOf('day').toMillis();
}

/** The start of the period after the one starting at `start` (one local unit later). */
function periodEnd(start: number, groupBy: Exclude<GroupBy, 'total'>, zone: string): number {
  return DateTime.fromMillis(start, { zone })
    .plus({ [UNIT[groupBy]]: 1 })
    .toMillis();
}

/**
 * Where the periods covering [from, to) start: `from`, then each later
 * period's local start (DST-correct, from luxon). `null` for `hour`, whose
 * periods are too many to group in the database; `total` is one period.
 */
export function periodStarts(
  groupBy: GroupBy,
  zone: string,
  from: number,
  to: number,
): number[] | null {
  if (groupBy === 'hour') return null;
  if (groupBy === 'total') return [from];
  const starts = [from];
  for (
    let next = periodEnd(periodOf(from, groupBy, zone, from).start, groupBy, zone);
    next < to;
    next = periodEnd(next, groupBy, zone)
  ) {
    starts.push(next);
  }
  return starts;
}

/**
 * A period lookup for many instants: remembers the last period found (with
 * its end), so instants visited in time order cost one comparison instead
 * of a time-zone computation each.
 */
export function periodFinder(groupBy: GroupBy, zone: string, from: number) {
  let last: { period: Period; end: number } | null = null;
  return (ms: number): Period => {
    if (last !== null && ms >= last.period.start && ms < last.end) return last.period;
    const period = periodOf(ms, groupBy, zone, from);
    const end =
      groupBy === 'total' ? Number.POSITIVE_INFINITY : periodEnd(period.start, groupBy, zone);
    last = { period, end };
    return period;
  };
}
