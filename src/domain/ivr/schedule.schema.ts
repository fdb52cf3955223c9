/**
 * The shape of a schedule (IVR-2): working hours per weekday split into
 * open and half-rest (lunch, evening) intervals, everything else rest; a
 * public holiday calendar by country/region (date-holidays), the
 * customer's own closed dates, and special working days that override both
 * the weekday and any holiday. Times are wall-clock times in `timezone`.
 */
import Holidays from 'date-holidays';
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

/** Weekday keys, Monday first (ISO order, as luxon numbers them 1..7). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A weekday key. */
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:mm` in 24 h, or `24:00` for the end of the day. */
const clock = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time is HH:mm, 00:00 to 24:00');

/** Minutes since midnight of an `HH:mm` text. */
export const minutesOf = (hhmm: string): number =>
  Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const interval = z
  .strictObject({
    from: clock,
    to: clock,
    period: z.enum(['open', 'half-rest']).default('open'),
  })
  .refine(
    (i) => minutesOf(i.from) < minutesOf(i.to),
    'from must be before to (an interval cannot cross midnight; split it)',
  );

/** Intervals of one day; they may not overlap. */
const dayPlan = z
  .array(interval)
  .max(48)
  .refine((list) => {
    const sorted = [...list].sort((a, b) => minutesOf(a.from) - minutesOf(b.from));
    return sorted.every((i, n) => n === 0 || minutesOf(sorted[n - 1]!.to) <= minutesOf(i.from));
  }, 'intervals overlap');

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD')
  .refine((d) => DateTime.fromISO(d, { zone: 'UTC' }).isValid, 'not a calendar date');

/** Holiday types date-holidays knows; `public` is the default. */
const holidayType = z.enum(['public', 'bank', 'school', 'optional', 'observance']);

const publicHolidays = z
  .strictObject({
    country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 country code such as FR'),
    state: z.string().min(1).max(10).optional(),
    region: z.string().min(1).max(10).optional(),
    types: z.array(holidayType).min(1).default(['public']),
  })
  .refine(knownCalendar, 'date-holidays has no calendar for this country/state/region');

function knownCalendar(p: {
  country: string;
  state?: string | undefined;
  region?: string | undefined;
}): boolean {
  const hd = new Holidays();
  if (!Object.hasOwn(hd.getCountries(), p.country)) return false;
  if (p.state !== undefined && !Object.hasOwn(hd.getStates(p.country) ?? {}, p.state)) return false;
  if (p.region !== undefined && p.state === undefined) return false;
  return (
    p.region === undefined || Object.hasOwn(hd.getRegions(p.country, p.state!) ?? {}, p.region)
  );
}

/** A day (or range of days) the customer is closed; `MM-DD` repeats every year. */
const customHoliday = z
  .strictObject({
    date: z.union([isoDate, z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)], {
      error: 'a holiday date is YYYY-MM-DD, or MM-DD for every year',
    }),
    /** Last day of a closed range (inclusive), for a YYYY-MM-DD date. */
    to: isoDate.optional(),
    name: z.string().max(120).default(''),
  })
  .refine(
    (h) => h.to === undefined || (h.date.length === 10 && h.to >= h.date),
    'to must be a date on or after date',
  );

/** A day worked although it is a weekend or holiday; hours default to those of `like` (Monday). */
const workingDay = z.strictObject({
  date: isoDate,
  hours: dayPlan.optional(),
  like: z.enum(WEEKDAYS).default('mon'),
  name: z.string().max(120).default(''),
});

/** A schedule document. */
export const scheduleSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().max(120).default(''),
  timezone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone such as Europe/Paris'),
  week: z.strictObject({
    mon: dayPlan.default([]),
    tue: dayPlan.default([]),
    wed: dayPlan.default([]),
    thu: dayPlan.default([]),
    fri: dayPlan.default([]),
    sat: dayPlan.default([]),
    sun: dayPlan.default([]),
  }),
  publicHolidays: publicHolidays.optional(),
  holidays: z.array(customHoliday).max(1000).default([]),
  workingDays: z.array(workingDay).max(1000).default([]),
});

/** A parsed schedule (defaults applied). */
export type Schedule = z.infer<typeof scheduleSchema>;

/** A schedule as authored. */
export type ScheduleInput = z.input<typeof scheduleSchema>;

/** One interval of a day plan. */
export type ScheduleInterval = Schedule['week']['mon'][number];
