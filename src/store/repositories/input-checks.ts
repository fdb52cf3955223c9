/**
 * Checks that a value fits its column on both backends before it is written.
 * MySQL (strict mode) rejects an over-long string or an out-of-range integer while
 * SQLite stores anything; checking here makes both refuse the same input with the
 * same VALIDATION_FAILED error. Business rules belong to the app layer, not here.
 */
import { invalidField } from '../../domain/shared/errors.ts';
import { isStorableTime } from '../db-time.ts';

const INT_MAX = 2_147_483_647;
/** MySQL TEXT holds 65,535 bytes. */
const TEXT_BYTES = 65_535;

/** A required string of at most `max` characters (`allowEmpty` for optional descriptions). */
export function checkText(field: string, value: string, max: number, allowEmpty = false): void {
  if (typeof value !== 'string') throw invalidField(field, 'must be text');
  if (!allowEmpty && value.trim() === '') throw invalidField(field, 'must not be empty');
  // MySQL counts characters (code points), not UTF-16 units.
  // A string of at most `max` UTF-16 units has at most `max` code points: counted only when longer.
  if (value.length > max && [...value].length > max)
    throw invalidField(field, `must be at most ${max} characters`);
}

/** Like checkText, null allowed. */
export function checkOptionalText(field: string, value: string | null, max: number): void {
  if (value !== null) checkText(field, value, max, true);
}

/** Optional long text (a TEXT column). */
export function checkLongText(field: string, value: string | null): void {
  if (value === null) return;
  if (typeof value !== 'string') throw invalidField(field, 'must be text');
  if (Buffer.byteLength(value, 'utf8') > TEXT_BYTES) {
    throw invalidField(field, `must be at most ${TEXT_BYTES} bytes`);
  }
}

/** A whole number within [min, max]. */
export function checkInt(field: string, value: number, min: number, max = INT_MAX): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidField(field, `must be a whole number from ${min} to ${max}`);
  }
}

/** Like checkInt, null allowed. */
export function checkOptionalInt(field: string, value: number | null, min: number): void {
  if (value !== null) checkInt(field, value, min);
}

/** A number within [min, max]. */
export function checkNumber(field: string, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    throw invalidField(field, `must be a number from ${min} to ${max}`);
  }
}

/** One of the allowed values. */
export function checkOneOf(field: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) throw invalidField(field, `must be one of ${allowed.join(', ')}`);
}

/** Epoch ms that a DATETIME(3) column can hold; null allowed when `nullable`. */
export function checkTime(field: string, value: number | null, nullable = false): void {
  if (value === null && nullable) return;
  if (typeof value !== 'number' || !isStorableTime(value)) {
    throw invalidField(field, 'must be a time (epoch milliseconds) between years 1000 and 9999');
  }
}

/** No id twice in a list that becomes rows keyed by it. */
export function checkUnique(field: string, values: readonly string[]): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw invalidField(field, `lists ${value} more than once`);
    seen.add(value);
  }
}
