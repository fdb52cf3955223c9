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

/** Epoch ms to the stored UTC text. Throws RangeError outside DATETIME's years 1000-9999. */
export function toDbTime(ms: number): string {
  if (!Number.isFinite(ms) || ms < MIN_DB_TIME || ms > MAX_DB_TIME) {
    throw new RangeError(`time ${ms} is outside the storable range (years 1000-9999)`);
  }
  // toISOString is always UTC: 2024-03-31T02:30:00.123Z -> 2024-03-31 02:30:00.123
  return new Date(Math.floor(ms)).toISOString().slice(0, 23).replace('T', ' ');
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
