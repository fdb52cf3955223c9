/**
 * Phone numbers are stored in E.164 only. libphonenumber-js does the parsing
 * (pure, no I/O), so the domain can use it directly.
 */
import {
  type CountryCode,
  parsePhoneNumberFromString,
  parsePhoneNumberWithError,
} from 'libphonenumber-js/max';
import { DomainError } from './errors.ts';

/** Result of normalising a phone number. */
export interface NormalisedPhone {
  e164: string;
  country: string | undefined;
  type: string | undefined;
}

/**
 * Normalises a number to E.164. A number without `+` is read in
 * `defaultCountry`. Throws INVALID_PHONE_NUMBER with the reason otherwise.
 */
export function normalisePhone(input: string, defaultCountry?: string): NormalisedPhone {
  const trimmed = input.trim();
  try {
    const parsed = parsePhoneNumberWithError(trimmed, defaultCountry as CountryCode | undefined);
    if (!parsed.isValid()) {
      throw new DomainError('INVALID_PHONE_NUMBER', `"${input}" is not a valid phone number`, {
        input,
        reason: 'INVALID_NUMBER',
      });
    }
    return { e164: parsed.number, country: parsed.country, type: parsed.getType() };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const reason = error instanceof Error ? error.message : 'INVALID';
    const hint =
      reason === 'INVALID_COUNTRY'
        ? 'give it in international form (+country code) or set a default country'
        : reason.toLowerCase().replaceAll('_', ' ');
    throw new DomainError('INVALID_PHONE_NUMBER', `"${input}" is not a phone number: ${hint}`, {
      input,
      reason,
    });
  }
}

/**
 * The number in E.164, or null when it is not a valid number: for callers'
 * numbers, often not numbers at all (`anonymous`, short codes), read on
 * every call. No error is built for them, and the number type is not worked
 * out (that pattern match is most of normalisePhone's cost).
 */
export function e164OrNull(input: string, defaultCountry?: string): string | null {
  const parsed = parsePhoneNumberFromString(
    input.trim(),
    defaultCountry as CountryCode | undefined,
  );
  return parsed?.isValid() ? parsed.number : null;
}
