/**
 * How times are stored: every time column is `DATETIME(3)` holding the UTC wall
 * time with millisecond precision, and the domain's epoch milliseconds are written
 * as the text `YYYY-MM-DD HH:MM:SS.mmm` (UTC).
 *
 * Why text and not a JS Date binding: the two drivers disagree about Dates.
 * better-sqlite3 (through knex) binds a Date as epoch milliseconds, mysql2 as a
 * wall-clock string. One fixed-width UTC text is read the same by both: MySQL
 * parses it into the DATETIME without any zone conversion (DATETIME has no zone,
 * unlike TIMESTAMP), and SQLite keeps it as text that sorts chronologically and
 * that its date functions (`strftime`) understand. Reports can thus group by hour
 * with plain SQL on either backend, and nothing depends on the process's TZ.
 *
 * Reading back: mysql2 returns a Date (parsed as UTC because the pool sets
 * `timezone: 'Z'`), better-sqlite3 returns the stored text.
 */

/** What a time column comes back as, depending on the driver. */
export type DbTime = Date | string | number;

/** Earliest storable time (DATETIME starts at year 1000). */
export const MIN_DB_TIME = Date.UTC(1000, 0, 1);
/** Latest storable time. */
export const MAX_DB_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const DAY_MS = 86_400_000;
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);
/** The date part of the day last formatted: the times of one batch mostly share a day. */
let lastDay = Number.NaN;
let lastDate = '';

/** Epoch ms to the stored UTC text. Throws RangeError outside DATETIME's years 1000-9999. */
export function toDbTime(ms: number): string {
  if (!isStorableTime(ms)) {
    throw new RangeError(`time ${ms} is outside the storable range (years 1000-9999)`);
  }
  // The record writer formats about 20 times per call: the date comes from toISOString
  // (always UTC: 2024-03-31T02:30:00.123Z) once per day, the time of day by arithmetic.
  const whole = Math.floor(ms);
  const day = Math.floor(whole / DAY_MS);
  if (day !== lastDay) {
    lastDate = new Date(day * DAY_MS).toISOString().slice(0, 10);
    lastDay = day;
  }
  let rest = whole - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${lastDate} ${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(rest - seconds * 1000)}`;
}

/** True when `ms` is a time toDbTime can store (checked without formatting it). */
export function isStorableTime(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_DB_TIME && ms <= MAX_DB_TIME;
}

/** Like toDbTime, passing null through. */
export function toDbTimeOrNull(ms: number | null): string | null {
  return ms === null ? null : toDbTime(ms);
}

const DB_TEXT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z?$/;

/** A stored time back to epoch ms UTC, whatever the driver returned. */
export function fromDbTime(value: DbTime): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const m = DB_TEXT.exec(value);
  if (!m) throw new RangeError(`unreadable stored time "${value}"`);
  const [, y, mo, d, h, mi, s, frac = ''] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
}

/** Like fromDbTime, passing null (and a missing value) through as null. */
export function fromDbTimeOrNull(value: DbTime | null | undefined): number | null {
  return value === null || value === undefined ? null : fromDbTime(value);
}
