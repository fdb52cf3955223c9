// biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan and AGI text spells ${VAR} literally
import test from 'ava';
import { DialplanRuntimeError } from '../../src/sim/dialplan/errors.ts';
import { evaluateExpression } from '../../src/sim/dialplan/expression.ts';
import { type Scope, substitute } from '../../src/sim/dialplan/substitute.ts';
import { FakeChannel, FakeHost } from './dialplan-fake-host.ts';

function scope(): Scope {
  const ch = new FakeChannel('1795424216.11', 'PJSIP/trunk-00000004');
  ch.context = 'from-trunk';
  ch.exten = '18005551234';
  ch.priority = 2;
  ch.vars.set('QUEUE', 'support');
  ch.vars.set('__INHERITED', 'yes');
  ch.vars.set('INNER', 'QUEUE');
  ch.vars.set('EMPTY', '');
  return { ch, host: new FakeHost(), globals: new Map([['ARI_APP', 'callwright']]) };
}

const substitutions: Array<[string, string]> = [
  ['${EXTEN}', '18005551234'],
  ['${EXTEN:1}', '8005551234'],
  ['${EXTEN:-4}', '1234'],
  ['${EXTEN:1:3}', '800'],
  ['${EXTEN:0:-4}', '1800555'],
  ['${EXTEN:-4:2}', '12'],
  ['${EXTEN:20}', ''],
  ['${CONTEXT},${PRIORITY}', 'from-trunk,2'],
  ['${CHANNEL}', 'PJSIP/trunk-00000004'],
  ['${UNIQUEID}', '1795424216.11'],
  ['${EPOCH}', '1795424216'],
  ['${HANGUPCAUSE}', '16'], // derived by the core (AppHost.builtinVar)
  ['${CALLERID(num)}', '5551234'],
  ['${CALLERID(name)}', 'Customer'],
  ['${CALLERID(all)}', '"Customer" <5551234>'],
  ['${CALLERID(num):-4}', '1234'],
  ['${CHANNEL(name)}', 'PJSIP/trunk-00000004'],
  ['${LEN(${EXTEN})}', '11'],
  ['${LEN()}', '0'],
  ['${QUEUE}', 'support'],
  ['${INHERITED}', 'yes'],
  ['${ARI_APP}', 'callwright'],
  ['${NOT_SET}x', 'x'],
  ['${${INNER}}', 'support'],
  ['${IF($[${LEN(${EXTEN})} > 10]?long:short)}', 'long'],
  ['${IF($["${EMPTY}" = ""]?unset:set)}', 'unset'],
  ['${IF(0?a)}', ''],
  ['Stasis(${ARI_APP},inbound,${EXTEN})', 'Stasis(callwright,inbound,18005551234)'],
  ['$[1 + 2]', '3'],
  ['$[${PRIORITY} * 3 - 1]', '5'],
  ['no variables at all', 'no variables at all'],
  ['${unterminated', '${unterminated'],
];

for (const [input, expected] of substitutions) {
  test(`substitute ${input}`, (t) => {
    t.is(substitute(scope(), input), expected);
  });
}

test('an unknown function fails loudly', (t) => {
  const err = t.throws(() => substitute(scope(), '${NOPE(x)}'), {
    instanceOf: DialplanRuntimeError,
  });
  t.is(err?.message, 'unknown dialplan function NOPE');
});

const expressions: Array<[string, string]> = [
  ['1 = 1', '1'],
  ['1 = 2', '0'],
  ['010 = 10', '1'], // numeric when both sides are numbers
  ['abc = abc', '1'],
  ['"queue" = "queue"', '1'],
  ['"" = ""', '1'],
  ['abc != abd', '1'],
  ['5 < 10', '1'],
  ['5 > 10', '0'],
  ['b > a', '1'],
  ['10 >= 10', '1'],
  ['9 <= 8', '0'],
  ['1 & 1', '1'],
  ['1 & 0', '0'],
  [' & 1', '0'],
  ['0 | 7', '7'],
  ['3 | 7', '3'],
  ['2 + 3 * 4', '14'],
  ['(2 + 3) * 4', '20'],
  ['10 - 4 - 3', '3'],
  ['7 / 2', '3.5'],
  ['7 % 4', '3'],
  ['- 5 + 2', '-3'],
  ['!0', '1'],
  ['!abc', '0'],
  ['1 = 1 & 2 = 2', '1'],
  ['1 = 2 | 2 = 2', '1'],
  ['1 ? yes :: no', 'yes'],
  ['0 ? yes :: no', 'no'],
  ['5551234 : 555', '3'],
  ['5551234 =~ "(1234)"', '1234'],
  ['5551234 =~ (1234)', '4'], // unquoted parentheses group, they do not capture
];

for (const [input, expected] of expressions) {
  test(`$[${input}] = ${expected}`, (t) => {
    t.is(evaluateExpression(input), expected);
  });
}

test('a malformed expression is empty and warns, as Asterisk logs a syntax error', (t) => {
  const warnings: string[] = [];
  t.is(
    evaluateExpression('abc + 1', (w) => warnings.push(w)),
    '',
  );
  t.is(
    evaluateExpression(' = 1', (w) => warnings.push(w)),
    '0',
  );
  t.deepEqual(warnings, ['non-numeric argument to +', 'syntax error: missing operand']);
});
