/**
 * The abandon-rate compliance window (DIAL-7): answered human calls and
 * those abandoned (no agent within 2 s), counted per day and over the
 * rolling 30 days the rules are measured on. Counts are kept per local day
 * so the 30-day sum is a sum of 30 buckets.
 */
import { DateTime } from 'luxon';

/** Counts of one day. */
export interface DayCounts {
  /** Local date `YYYY-MM-DD` in the campaign's business line zone. */
  readonly day: string;
  readonly answered: number;
  readonly abandoned: number;
}

/** Answered and abandoned counts. */
export interface AbandonCounts {
  readonly answered: number;
  readonly abandoned: number;
}

/** Today and the 30 days ending today (today included). */
export interface AbandonWindow {
  readonly today: AbandonCounts;
  readonly last30Days: AbandonCounts;
}

/** Rate in percent; 0 with no answered call. */
export const ratePct = (c: AbandonCounts): number =>
  c.answered === 0 ? 0 : (100 * c.abandoned) / c.answered;

/** Sums day buckets into today's and the 30-day counts; `days` may hold older days too. */
export function windowOf(days: readonly DayCounts[], today: string): AbandonWindow {
  const start = shiftDay(today, -29);
  let answered = 0;
  let abandoned = 0;
  let todayCounts: AbandonCounts = { answered: 0, abandoned: 0 };
  for (const d of days) {
    if (d.day < start || d.day > today) continue;
    answered += d.answered;
    abandoned += d.abandoned;
    if (d.day === today) todayCounts = { answered: d.answered, abandoned: d.abandoned };
  }
  return { today: todayCounts, last30Days: { answered, abandoned } };
}

/** `YYYY-MM-DD` moved by `delta` days (calendar arithmetic in UTC, no zone involved). */
export function shiftDay(day: string, delta: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const t = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) + delta * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Adds one answered call (and whether it was abandoned) to today's bucket. */
export function countAnswer(days: readonly DayCounts[], today: string, abandoned: boolean) {
  const found = days.find((d) => d.day === today);
  const next: DayCounts = {
    day: today,
    answered: (found?.answered ?? 0) + 1,
    abandoned: (found?.abandoned ?? 0) + (abandoned ? 1 : 0),
  };
  const cutoff = shiftDay(today, -40);
  return [...days.filter((d) => d.day !== today && d.day >= cutoff), next];
}

/** The local date `YYYY-MM-DD` of an instant in a zone (UTC for an invalid zone). */
export function localDay(ms: number, zone: string): string {
  const local = DateTime.fromMillis(ms, { zone });
  return (local.isValid ? local : DateTime.fromMillis(ms, { zone: 'utc' })).toISODate() ?? '';
}
