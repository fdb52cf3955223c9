/**
 * Calling hours in the callee's time zone (DIAL-7): a call may start only
 * on an allowed weekday, between `start` and `end` on the callee's wall
 * clock, and (by default) not on a public holiday of the callee's country.
 * Pure: the instant is passed in; holiday tables are built per country and
 * year on first use.
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { CallingWindow } from './campaign.ts';

const holidayTables = new Map<string, Set<string>>();

/** Public holiday dates (`YYYY-MM-DD`) of a country in a year; empty for an unknown country. */
function holidaysOf(country: string, year: number): Set<string> {
  const key = `${country}:${year}`;
  let days = holidayTables.get(key);
  if (days === undefined) {
    days = new Set();
    try {
      const hd = new Holidays(country, { types: ['public'] });
      for (const h of hd.getHolidays(year) || []) days.add(h.date.slice(0, 10));
    } catch {
      // An unknown country has no holidays we know of.
    }
    holidayTables.set(key, days);
  }
  return days;
}

const minutesOf = (hhmm: string): number => {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};

/** Whether a call to a callee in `zone` (country `country`) may start at `now`. */
export function isCallable(
  window: CallingWindow,
  zone: string,
  country: string | null,
  now: number,
): boolean {
  const local = DateTime.fromMillis(now, { zone });
  if (!local.isValid) return false;
  if (!window.weekdays.includes(local.weekday)) return false;
  const minute = local.hour * 60 + local.minute;
  if (minute < minutesOf(window.start) || minute >= minutesOf(window.end)) return false;
  if (window.skipHolidays && country !== null) {
    if (holidaysOf(country, local.year).has(local.toISODate() ?? '')) return false;
  }
  return true;
}

/**
 * The first instant at or after `now` when a call may start, searching up
 * to 14 days ahead; null when the window never opens (no weekday left
 * after holidays, or an invalid zone).
 */
export function nextCallableAt(
  window: CallingWindow,
  zone: string,
  country: string | null,
  now: number,
): number | null {
  if (isCallable(window, zone, country, now)) return now;
  let day = DateTime.fromMillis(now, { zone }).startOf('day');
  if (!day.isValid) return null;
  const [h, m] = window.start.split(':').map(Number);
  for (let i = 0; i < 15; i += 1) {
    const opening = day.set({ hour: h ?? 0, minute: m ?? 0 }).toMillis();
    if (opening >= now && isCallable(window, zone, country, opening)) return opening;
    day = day.plus({ days: 1 });
  }
  return null;
}
