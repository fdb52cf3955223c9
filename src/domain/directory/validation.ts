/**
 * Field rules shared by the directory services. Pure: each returns the clean
 * value or throws VALIDATION_FAILED naming the field.
 */
import { getCountries } from 'libphonenumber-js/max';
import { invalidField } from '../shared/errors.ts';

const COUNTRIES = new Set<string>(getCountries());

/** An IANA time zone name, checked against the runtime's zone database. */
export function normaliseTimezone(zone: string): string {
  const trimmed = zone.trim();
  try {
    return new Intl.DateTimeFormat('en', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    throw invalidField('timezone', `"${zone}" is not an IANA time zone such as Europe/Paris`);
  }
}

/** An ISO 3166-1 alpha-2 country code known to the phone-number library. */
export function normaliseCountry(code: string): string {
  const upper = code.trim().toUpperCase();
  if (!COUNTRIES.has(upper)) {
    throw invalidField('defaultCountry', `"${code}" is not an ISO 3166 country code such as FR`);
  }
  return upper;
}

/** Internal extensions: 2 to 10 digits. */
export function normaliseExtension(extension: string): string {
  const trimmed = extension.trim();
  if (!/^\d{2,10}$/.test(trimmed)) {
    throw invalidField('extension', `"${extension}" must be 2 to 10 digits`);
  }
  return trimmed;
}

/** Names: trimmed, 1 to 120 characters. */
export function normaliseName(field: string, name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 120) {
    throw invalidField(field, 'must be 1 to 120 characters');
  }
  return trimmed;
}

/** Skill levels run from 1 (basic) to 10 (expert). */
export function checkSkillLevel(field: string, level: number): number {
  if (!Number.isInteger(level) || level < 1 || level > 10) {
    throw invalidField(field, `level ${level} must be a whole number from 1 to 10`);
  }
  return level;
}
