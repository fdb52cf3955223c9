/**
 * Which local dates are holidays for one schedule: the public calendar from
 * date-holidays plus the customer's own dates, computed per year on first
 * use and kept for the life of the calendar object.
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { Schedule } from './schedule.schema.ts';

/** Looks up holiday names by local date (`YYYY-MM-DD`). */
export interface HolidayIndex {
  /** The holiday's name ('' when unnamed), or null on an ordinary day. */
  nameOn(date: string): string | null;
}

const DAY_MS = 86_400_000;

/** Builds the index for `schedule`; years are filled lazily. */
export function holidayIndex(schedule: Schedule): HolidayIndex {
  const calendar = publicCalendar(schedule);
  const years = new Map<number, Map<string, string>>();
  const yearOf = (year: number) => {
    let days = years.get(year);
    if (!days) {
      days = new Map([...publicDays(calendar, year), ...customDays(schedule, year)]);
      years.set(year, days);
    }
    return days;
  };
  return { nameOn: (date) => yearOf(Number(date.slice(0, 4))).get(date) ?? null };
}

function publicCalendar(schedule: Schedule): { hd: Holidays; types: readonly string[] } | null {
  const p = schedule.publicHolidays;
  if (!p) return null;
  const opts = { types: [...p.types] };
  let hd: Holidays;
  if (p.state === undefined) hd = new Holidays(p.country, opts);
  else if (p.region === undefined) hd = new Holidays(p.country, p.state, opts);
  else hd = new Holidays(p.country, p.state, p.region, opts);
  return { hd, types: p.types };
}

function publicDays(
  calendar: ReturnType<typeof publicCalendar>,
  year: number,
): Array<[string, string]> {
  if (!calendar) return [];
  // date-holidays' `date` is the local date; `start`/`end` tell how many days it lasts.
  return calendar.hd
    .getHolidays(year)
    .filter((h) => calendar.types.includes(h.type))
    .flatMap((h) => {
      const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / DAY_MS));
      return datesFrom(h.date.slice(0, 10), days).map((d): [string, string] => [d, h.name]);
    });
}

function customDays(schedule: Schedule, year: number): Array<[string, string]> {
  return schedule.holidays.flatMap((h) => {
    if (h.date.length === 5) return [[`${year}-${h.date}`, h.name] as [string, string]];
    const first = DateTime.fromISO(h.date, { zone: 'UTC' });
    const last = DateTime.fromISO(h.to ?? h.date, { zone: 'UTC' });
    const count = Math.min(366, Math.round(last.diff(first, 'days').days) + 1);
    return datesFrom(h.date, count)
      .filter((d) => d.startsWith(`${year}-`))
      .map((d): [string, string] => [d, h.name]);
  });
}

/** `count` consecutive ISO dates starting at `first`. */
function datesFrom(first: string, count: number): string[] {
  const start = DateTime.fromISO(first, { zone: 'UTC' });
  return Array.from({ length: count }, (_, i) => start.plus({ days: i }).toISODate() ?? first);
}
