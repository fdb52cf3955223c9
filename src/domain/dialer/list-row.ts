/**
 * One CSV row of a calling list, checked and normalised (DIAL-2): which
 * columns hold the name, the numbers, an optional time zone and external
 * id (the column mapping); each number to E.164 with libphonenumber-js,
 * read in the business line's country when national, refused outside the
 * campaign's countries; its zone given by the row or inferred.
 */

// The default metadata ("min": validation by length and prefix) parses twice as fast as
// "max"; a million-row list is read in seconds rather than a minute.
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { IANAZone } from 'luxon';
import { inferZone } from './time-zones.ts';

/** Which CSV columns mean what. */
export interface ColumnMapping {
  /** Column with the contact's name; empty: the row number is the name. */
  readonly name: string | null;
  /** Columns with phone numbers, in the order they are tried. */
  readonly phones: readonly string[];
  /** Column with an IANA zone overriding the inferred one. */
  readonly timezone: string | null;
  /** Column with the customer's id in the CRM. */
  readonly externalId: string | null;
}

/** Where numbers are read and which are allowed. */
export interface RowRules {
  /** Country national numbers are read in (the business line's). */
  readonly defaultCountry: string;
  /** Allowed countries of numbers. */
  readonly countries: ReadonlySet<string>;
}

/** A normalised number. */
export interface ParsedNumber {
  readonly e164: string;
  readonly country: string;
  readonly timezone: string;
}

/** A row that passed. */
export interface ParsedRow {
  readonly name: string;
  readonly externalId: string | null;
  readonly numbers: readonly ParsedNumber[];
  /** The columns not mapped, kept for the screen pop. */
  readonly data: Readonly<Record<string, string>>;
}

/** The result of one row. */
export type RowResult = { ok: true; row: ParsedRow } | { ok: false; reason: string };

/** Columns the mapping names that the header lacks. */
export function missingColumns(mapping: ColumnMapping, header: readonly string[]): string[] {
  const wanted = [mapping.name, mapping.timezone, mapping.externalId, ...mapping.phones];
  const present = new Set(header);
  return wanted.filter((c): c is string => c !== null && c !== '' && !present.has(c));
}

const REPLACEMENT = '\uFFFD';
const HAS_DIGIT = /\d/;

function parseNumber(raw: string, zoneOverride: string | null, rules: RowRules) {
  // Text without a digit is refused here: libphonenumber-js would throw (and
  // build a stack trace) for it, the costliest path of a garbage-heavy list.
  if (!HAS_DIGIT.test(raw)) return `"${raw}" is not a valid phone number`;
  const parsed = parsePhoneNumberFromString(raw, rules.defaultCountry as CountryCode);
  if (parsed === undefined || !parsed.isValid()) return `"${raw}" is not a valid phone number`;
  const country = parsed.country ?? '';
  if (!rules.countries.has(country)) {
    return `${parsed.number} is in ${country || 'no country'}, outside the campaign's countries`;
  }
  const timezone = zoneOverride ?? inferZone(parsed.number, country);
  if (timezone === null) return `no time zone known for ${parsed.number}`;
  return { e164: parsed.number, country, timezone };
}

/** A row checker for one mapping and rule set (the per-row work only). */
export type RowParser = (fields: Readonly<Record<string, string>>) => RowResult;

/**
 * Builds the checker of one import: the mapped columns are worked out
 * once, not per row, and zone names already checked are remembered.
 */
export function rowParser(mapping: ColumnMapping, rules: RowRules): RowParser {
  const mapped = new Set([mapping.name, mapping.timezone, mapping.externalId, ...mapping.phones]);
  const validZones = new Set<string>();
  const get = (fields: Readonly<Record<string, string>>, column: string | null) =>
    column === null ? '' : (fields[column] ?? '').trim();
  return (fields) => {
    for (const k in fields) {
      if (fields[k]?.includes(REPLACEMENT)) {
        return { ok: false, reason: 'the row is not valid UTF-8 (save the file as UTF-8)' };
      }
    }
    const zoneText = get(fields, mapping.timezone);
    if (zoneText !== '' && !validZones.has(zoneText)) {
      if (!IANAZone.isValidZone(zoneText)) {
        return { ok: false, reason: `"${zoneText}" is not an IANA time zone` };
      }
      validZones.add(zoneText);
    }
    const zone = zoneText === '' ? null : zoneText;
    const numbers: ParsedNumber[] = [];
    let problem: string | null = null;
    for (const column of mapping.phones) {
      const raw = get(fields, column);
      if (raw === '') continue;
      const n = parseNumber(raw, zone, rules);
      if (typeof n === 'string') problem ??= n;
      else if (!numbers.some((m) => m.e164 === n.e164)) numbers.push(n);
    }
    if (numbers.length === 0) return { ok: false, reason: problem ?? 'no phone number' };
    const data: Record<string, string> = {};
    for (const k in fields) {
      const v = fields[k];
      if (v !== undefined && v !== '' && !mapped.has(k)) data[k] = v;
    }
    const name = get(fields, mapping.name);
    const externalId = get(fields, mapping.externalId);
    return {
      ok: true,
      row: { name, externalId: externalId === '' ? null : externalId, numbers, data },
    };
  };
}

/** Checks and normalises one row. */
export function parseRow(
  fields: Readonly<Record<string, string>>,
  mapping: ColumnMapping,
  rules: RowRules,
): RowResult {
  return rowParser(mapping, rules)(fields);
}
