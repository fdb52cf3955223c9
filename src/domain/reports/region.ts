/**
 * Where a caller's number is from (RPT-3): libphonenumber-js gives the
 * country and the number type (MOBILE, FIXED_LINE, TOLL_FREE...); the
 * customer's prefix table gives a region (the longest matching prefix of
 * the E.164 digits wins, e.g. `331` -> Ile-de-France). Without a matching
 * prefix the region is the country code.
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** A caller's origin; every field null when the number cannot be read. */
export interface CallerOrigin {
  country: string | null;
  region: string | null;
  numberType: string | null;
}

/** A prefix -> region table, longest prefix first once compiled. */
export interface RegionTable {
  readonly prefixes: ReadonlyArray<{ readonly prefix: string; readonly region: string }>;
}

/** Sorts a table so that the longest prefix is tried first. */
export function compileRegions(
  rows: ReadonlyArray<{ prefix: string; region: string }>,
): RegionTable {
  return { prefixes: [...rows].sort((a, b) => b.prefix.length - a.prefix.length) };
}

/** The origin of `number`; a national number is read in `defaultCountry`. */
export function originOf(
  number: string,
  table: RegionTable,
  defaultCountry?: string,
): CallerOrigin {
  const parsed = parsePhoneNumberFromString(
    number.trim(),
    defaultCountry as CountryCode | undefined,
  );
  if (!parsed?.isValid()) return { country: null, region: null, numberType: null };
  const digits = parsed.number.replace(/^\+/, '');
  const match = table.prefixes.find((p) => digits.startsWith(p.prefix));
  return {
    country: parsed.country ?? null,
    region: match?.region ?? parsed.country ?? null,
    numberType: parsed.getType() ?? null,
  };
}
