/**
 * Phone numbers to E.164: `normalisePhone` for input that must be a number
 * (it says why not), `e164OrNull` for callers' numbers read on every call.
 */
import test from 'ava';
import { e164OrNull, normalisePhone } from '../../src/domain/shared/phone.ts';

const cases: ReadonlyArray<[string, string, string | undefined, string | null]> = [
  ['E.164 stays as it is', '+33612345678', undefined, '+33612345678'],
  ['a national number is read in the default country', '06 12 34 56 78', 'FR', '+33612345678'],
  ['spaces around are ignored', '  +14155552671 ', undefined, '+14155552671'],
  ['a national number without a country is no number', '0612345678', undefined, null],
  ['a withheld caller id', 'anonymous', 'FR', null],
  ['an extension', '1001', 'FR', null],
  ['digits no plan allots', '5551234567', 'FR', null],
  ['empty', '', 'FR', null],
];

for (const [name, input, country, expected] of cases) {
  test(`e164OrNull: ${name}`, (t) => {
    t.is(e164OrNull(input, country), expected);
    // Both readings agree: a number normalisePhone refuses is null here, and the other way round.
    let strict: string | null;
    try {
      strict = normalisePhone(input, country).e164;
    } catch {
      strict = null;
    }
    t.is(strict, expected);
  });
}
