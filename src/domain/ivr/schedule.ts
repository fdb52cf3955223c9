/**
 * Which period a schedule is in at an instant, and when that changes
 * (IVR-2). Periods follow the wall clock of the schedule's zone: a day's
 * plan is chosen by its local date (special working day, else holiday,
 * else the weekday), then the local time picks the interval.
 *
 * DST: on the spring-forward day the skipped hour never happens, so a
 * boundary inside it takes effect at the jump; on the fall-back day the
 * repeated hour is read twice by the wall clock, so a boundary inside it
 * is crossed twice. Business hours rarely sit at 02:00-03:00; the rule
 * keeps "open 08:00" meaning 08:00 on the office clock every day of the year.
 */
import { IANAZone } from 'luxon';
import { holidayIndex } from './schedule.holidays.ts';
import { minutesOf, type Schedule, type ScheduleInterval, WEEKDAYS } from './schedule.schema.ts';

export type { Schedule, ScheduleInput } from './schedule.schema.ts';
export { scheduleSchema } from './schedule.schema.ts';

/** The four periods a schedule node branches on. */
export type Period = 'open' | 'half-rest' | 'rest' | 'holiday';

/** The period at an instant and the next change after it. */
export interface PeriodInfo {
  readonly period: Period;
  /** Holiday or special working day name, when the day is one. */
  readonly dayName: string | null;
  /** First instant (epoch ms) after the query with a different period; null if none within a year. */
  readonly nextChangeAt: number | null;
  readonly nextPeriod: Period | null;
}

/** A schedule prepared for repeated queries (holiday tables are built once per year). */
export interface ScheduleCalendar {
  readonly id: string;
  readonly timezone: string;
  periodAt(instantMs: number): PeriodInfo;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How far ahead the next change is searched. */
const HORIZON_DAYS = 400;

type DayRule =
  | {
      readonly kind: 'plan';
      readonly intervals: readonly ScheduleInterval[];
      readonly name: string | null;
    }
  | { readonly kind: 'holiday'; readonly name: string };

/** Prepares `schedule` (already parsed with scheduleSchema) for queries. */
export function scheduleCalendar(schedule: Schedule): ScheduleCalendar {
  const zone = IANAZone.create(schedule.timezone);
  const ruleOf = dayRules(schedule);
  const offsetMs = (ms: number) => zone.offset(ms) * MINUTE_MS;
  const at = (ms: number) => {
    const wall = ms + offsetMs(ms);
    return wallPeriod(ruleOf(wall), Math.floor(mod(wall, DAY_MS) / MINUTE_MS));
  };
  const search: Search = {
    offsetMs,
    boundaries: (wallDayStart) => boundariesOf(ruleOf(wallDayStart)),
    periodAt: (ms) => at(ms).period,
  };
  return {
    id: schedule.id,
    timezone: schedule.timezone,
    periodAt(instantMs) {
      const here = at(instantMs);
      const change = nextChange(search, instantMs, here.period);
      return {
        period: here.period,
        dayName: here.name,
        nextChangeAt: change?.at ?? null,
        nextPeriod: change?.period ?? null,
      };
    },
  };
}

/** The rule of the local day containing a wall-clock time: special working day, holiday, weekday. */
function dayRules(schedule: Schedule): (wallMs: number) => DayRule {
  const holidays = holidayIndex(schedule);
  const special = new Map(schedule.workingDays.map((d) => [d.date, d]));
  return (wallMs) => {
    const date = isoDate(wallMs);
    const worked = special.get(date);
    if (worked) {
      return {
        kind: 'plan',
        intervals: worked.hours ?? schedule.week[worked.like],
        name: worked.name,
      };
    }
    const holiday = holidays.nameOn(date);
    if (holiday !== null) return { kind: 'holiday', name: holiday };
    return { kind: 'plan', intervals: schedule.week[WEEKDAYS[weekdayIndex(wallMs)]!], name: null };
  };
}

function wallPeriod(rule: DayRule, minute: number): { period: Period; name: string | null } {
  if (rule.kind === 'holiday') return { period: 'holiday', name: rule.name };
  const hit = rule.intervals.find((i) => minutesOf(i.from) <= minute && minute < minutesOf(i.to));
  return { period: hit?.period ?? 'rest', name: rule.name };
}

/** Minutes of a day where its period may change: midnight and every interval edge. */
function boundariesOf(rule: DayRule): number[] {
  if (rule.kind === 'holiday') return [0];
  return [0, ...rule.intervals.flatMap((i) => [minutesOf(i.from), minutesOf(i.to)])];
}

/** One-off query; prefer a calendar kept with the schedule for repeated calls. */
export function periodAt(schedule: Schedule, instantMs: number): PeriodInfo {
  return scheduleCalendar(schedule).periodAt(instantMs);
}

interface Search {
  offsetMs(ms: number): number;
  /** Minutes of the local day (starting at wall-clock UTC ms) where the period may change. */
  boundaries(wallDayStart: number): number[];
  periodAt(ms: number): Period;
}

/**
 * Scans day-long windows of real time. Within a window the zone's offset is
 * constant except at most once (a DST transition), so the wall clock is a
 * straight line on each side of it: the period can only change where that
 * line crosses a boundary minute, or at the transition itself.
 */
function nextChange(
  s: Search,
  from: number,
  current: Period,
): { at: number; period: Period } | null {
  for (let day = 0, start = from; day < HORIZON_DAYS; day += 1, start += DAY_MS) {
    for (const candidate of candidatesIn(s, start, start + DAY_MS)) {
      if (candidate <= from) continue;
      const period = s.periodAt(candidate);
      if (period !== current) return { at: candidate, period };
    }
  }
  return null;
}

function candidatesIn(s: Search, a: number, b: number): number[] {
  const oa = s.offsetMs(a);
  const ob = s.offsetMs(b);
  if (oa === ob) return crossings(s, a, b, oa);
  const t = transition(s, a, b, oa);
  return [...crossings(s, a, t, oa), t, ...crossings(s, t, b, ob)];
}

/** Instants in [a, b) whose wall clock (at constant offset) is a boundary minute, ascending. */
function crossings(s: Search, a: number, b: number, offset: number): number[] {
  const wa = a + offset;
  const wb = b + offset;
  const out: number[] = [];
  for (let dayStart = wa - mod(wa, DAY_MS); dayStart < wb; dayStart += DAY_MS) {
    for (const minute of s.boundaries(dayStart)) {
      const wall = dayStart + minute * MINUTE_MS;
      if (wall >= wa && wall < wb) out.push(wall - offset);
    }
  }
  return [...new Set(out)].sort((x, y) => x - y);
}

/** First instant in (a, b] whose offset differs from `offset`, by bisection to the millisecond. */
function transition(s: Search, a: number, b: number, offset: number): number {
  let lo = a;
  let hi = b;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (s.offsetMs(mid) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** `YYYY-MM-DD` of a wall-clock time held as UTC milliseconds. */
function isoDate(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 10);
}

/** 0 = Monday ... 6 = Sunday, of a wall-clock time held as UTC milliseconds. */
function weekdayIndex(wallMs: number): number {
  return (new Date(wallMs).getUTCDay() + 6) % 7;
}

/** Remainder that stays positive for instants before 1970. */
function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
