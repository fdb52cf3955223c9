/**
 * The time zone of a callee, inferred from the number (DIAL-7): the only
 * zone of its country, or for North America the zone of its area code;
 * for other countries spanning several zones the country's first zone
 * (its capital's, in date-holidays' data) unless the list gives one per row.
 */
import Holidays from 'date-holidays';

const zonesByCountry = new Map<string, readonly string[]>();

/** IANA zones of a country (date-holidays' data); empty when unknown. */
export function zonesOf(country: string): readonly string[] {
  let zones = zonesByCountry.get(country);
  if (zones === undefined) {
    try {
      zones = new Holidays(country).getTimezones() ?? [];
    } catch {
      zones = [];
    }
    zonesByCountry.set(country, zones);
  }
  return zones;
}

const NANP: ReadonlyArray<[string, string]> = [
  [
    'America/Los_Angeles',
    '206 209 213 253 279 310 323 341 350 360 408 415 424 425 442 458 503 509 510 530 541 559 562 564 619 626 628 650 657 661 669 702 707 714 725 747 760 775 805 818 820 831 840 858 909 916 925 949 951 971',
  ],
  ['America/Denver', '208 303 307 385 406 505 575 719 720 801 915 970 986'],
  ['America/Phoenix', '480 520 602 623 928'],
  [
    'America/Chicago',
    '205 210 214 217 218 219 224 225 228 251 254 256 262 270 281 309 312 314 316 318 319 320 331 334 337 346 361 402 405 409 414 417 430 432 469 479 501 504 507 512 515 563 573 580 601 605 608 612 615 618 620 630 636 641 651 662 682 701 708 712 713 715 726 731 737 763 769 773 779 785 806 815 816 817 830 832 847 870 872 901 903 913 918 920 931 936 938 940 952 956 972 979 985',
  ],
  ['America/Anchorage', '907'],
  ['Pacific/Honolulu', '808'],
  ['America/Vancouver', '236 250 604 672 778'],
  ['America/Edmonton', '368 403 587 780 825'],
  ['America/Winnipeg', '204 431'],
  ['America/Regina', '306 639'],
  ['America/Halifax', '506 782 902'],
  ['America/St_Johns', '709'],
];

const byAreaCode = new Map<string, string>(
  NANP.flatMap(([zone, codes]) => codes.split(' ').map((code) => [code, zone] as [string, string])),
);

/**
 * The zone of an E.164 number of `country`; null when the country is
 * unknown. North American numbers not in the table are Eastern (New York
 * or Toronto), where most of them are.
 */
export function inferZone(e164: string, country: string): string | null {
  if (country === 'US' || country === 'CA') {
    const zone = byAreaCode.get(e164.slice(2, 5));
    if (zone !== undefined) return zone;
    return country === 'CA' ? 'America/Toronto' : 'America/New_York';
  }
  return zonesOf(country)[0] ?? null;
}
