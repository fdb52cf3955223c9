import test from 'ava';
import { createDialplan } from '../../src/sim/dialplan/engine.ts';
import { findExtension } from '../../src/sim/dialplan/lookup.ts';
import { compareExtensions, matches } from '../../src/sim/dialplan/pattern.ts';

const matchTable: Array<[string, string, boolean]> = [
  ['_X.', '100', true],
  ['_X.', '1', false], // `.` needs one more character
  ['_X.', 's', false],
  ['_X!', '1', true], // `!` takes zero or more
  ['_X!', '', false],
  ['_8X.', '8100', true],
  ['_8X.', '7100', false],
  ['_NXXNXXXXXX', '2125551234', true],
  ['_NXXNXXXXXX', '1125551234', false],
  ['_NXXNXXXXXX', '212555123', false],
  ['_[1-5]XX', '399', true],
  ['_[1-5]XX', '699', false],
  ['_[15a]X', 'a1', true],
  ['_1XXX', '1001', true],
  ['_1XXX', '10011', false],
  ['_Z', '0', false],
  ['_x.', '42', true], // pattern letters are case-insensitive
  ['_1-800-NXX', '1800555', true], // dashes are decoration
  ['100', '100', true],
  ['100', '1000', false],
  ['s', 's', true],
  ['_.', 'anything', true],
];

for (const [pattern, ext, expected] of matchTable) {
  test(`matches(${pattern}, '${ext}') is ${expected}`, (t) => {
    t.is(matches(pattern, ext), expected);
  });
}

test('ordering: literals first, then the most specific pattern (ext_cmp)', (t) => {
  const sorted = [
    '_X.',
    '_X!',
    '_8X.',
    '_NXXNXXXXXX',
    '100',
    '_[1-5]XX',
    '_1XXX',
    '_XX',
    's',
    '_Z.',
  ].sort(compareExtensions);
  t.deepEqual(sorted, [
    '100',
    's',
    '_1XXX',
    '_8X.',
    '_[1-5]XX',
    '_NXXNXXXXXX',
    '_Z.',
    '_XX',
    '_X.',
    '_X!',
  ]);
});

const lookupPlan = createDialplan([
  {
    name: 'extensions.conf',
    text: `
[from-trunk]
exten => _X.,1,NoOp(any)
exten => _8X.,1,NoOp(eights)
exten => 8100,1,NoOp(exact)
exten => _[1-5]XX,1,NoOp(short)
include => shared
[shared]
exten => _9!,1,NoOp(nines)
exten => 42,1,NoOp(shared literal)
[loop-a]
include => loop-b
[loop-b]
include => loop-a
`,
  },
]);

const lookupTable: Array<[string, string, string | undefined]> = [
  ['from-trunk', '8100', '8100'],
  ['from-trunk', '8200', '_8X.'],
  ['from-trunk', '7200', '_X.'],
  ['from-trunk', '300', '_[1-5]XX'],
  ['from-trunk', '9', '_9!'], // too short for _X., found through the include
  ['from-trunk', '42', '_X.'], // the context's own pattern beats an included literal
  ['from-trunk', 's', undefined],
  ['loop-a', '1', undefined], // include loops terminate
];

for (const [ctx, ext, expected] of lookupTable) {
  test(`findExtension(${ctx}, ${ext}) -> ${expected}`, (t) => {
    t.is(findExtension(lookupPlan.config, ctx, ext)?.pattern, expected);
  });
}
