// biome-ignore-all lint/suspicious/noTemplateCurlyInString: flow documents write variables as ${name}
import test from 'ava';
import {
  evaluate,
  MAX_EXPRESSION_DEPTH,
  parseExpression,
} from '../../src/domain/ivr/expression.ts';
import { parseJsonPath, readJsonPath } from '../../src/domain/ivr/json-path.ts';
import { parseTemplate, renderTemplate } from '../../src/domain/ivr/template.ts';
import type { Vars } from '../../src/domain/ivr/vars.ts';

const vars: Vars = {
  digits: '1',
  balance: 120,
  status: 'shipped',
  code: '007',
  vip: true,
  name: 'Zoë & co/1',
  'order.total': '99.5',
};

function run(source: string, v: Vars = vars) {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(`parse failed: ${parsed.error.message}`);
  return evaluate(parsed.value, v);
}

const cases: Array<[string, unknown]> = [
  ['${digits} == 1', true],
  ["${digits} == '1'", true],
  ["${code} == '7'", false],
  ['${code} == 7', true],
  ['${balance} > 100', true],
  ['${balance} >= 120 and ${balance} <= 120', true],
  ['${balance} < 100 || ${vip}', true],
  ["${status} == 'shipped' && not ${vip}", false],
  ["!(${status} != 'shipped')", true],
  ['${balance} + 1', 121],
  ['${digits} + 1', 2],
  ["${status} + '-x'", 'shipped-x'],
  ['${balance} - 20 > 99', true],
  ['-${balance}', -120],
  ["${missing} == ''", true],
  ['${missing}', ''],
  ["'b' > 'a'", true],
  ['${vip} > 1', false],
  ['${order.total} > 99', true],
  ['"it\\"s" == \'it"s\'', true],
  ['true and (false or true)', true],
  ['1 + 2 - 3 == 0', true],
];

for (const [source, expected] of cases) {
  test(`expression ${source} evaluates to ${JSON.stringify(expected)}`, (t) => {
    t.deepEqual(run(source), { ok: true, value: expected });
  });
}

const badSyntax: Array<[string, number, RegExp]> = [
  ['', 0, /empty/],
  ['${balance} >', 12, /ends too early/],
  ['(${balance} > 1', 15, /missing "\)"/],
  ['${balance} > 1 > 0', 15, /cannot be chained/],
  ["'unterminated", 0, /unterminated string/],
  ['${bad name}', 2, /not a variable name/],
  ['${unclosed', 0, /unterminated/],
  ['$digits', 0, /must start/],
  ['1 # 2', 2, /unexpected character "#"/],
  ["'a\\nb'", 2, /unknown escape/],
  ['1 2', 2, /unexpected number/],
];

for (const [source, position, message] of badSyntax) {
  test(`expression ${JSON.stringify(source)} is rejected at ${position}`, (t) => {
    const parsed = parseExpression(source);
    t.false(parsed.ok);
    if (parsed.ok) return;
    t.is(parsed.error.position, position);
    t.regex(parsed.error.message, message);
  });
}

/** Attempts at code execution or prototype access: all must fail to parse, never run. */
const malicious = [
  'process.exit(1)',
  "require('child_process').execSync('id')",
  "constructor.constructor('return process')()",
  '${__proto__}',
  '${a.constructor}',
  '${x}; globalThis.pwned = 1',
  '`${x}`',
  'this',
  "eval('1')",
  '${x}[0]',
  '${x}.length',
  'new Function("return 1")',
  '() => 1',
];

for (const source of malicious) {
  test(`malicious expression is rejected, not executed: ${source}`, (t) => {
    const parsed = parseExpression(source);
    t.false(parsed.ok);
    t.false('pwned' in globalThis);
  });
}

test('deep nesting is refused with a position instead of overflowing the stack', (t) => {
  const deep = `${'('.repeat(MAX_EXPRESSION_DEPTH + 1)}1${')'.repeat(MAX_EXPRESSION_DEPTH + 1)}`;
  const parsed = parseExpression(deep);
  t.false(parsed.ok);
  if (!parsed.ok) {
    t.regex(parsed.error.message, /nested deeper/);
    t.is(parsed.error.position, MAX_EXPRESSION_DEPTH);
  }
  const ok = `${'('.repeat(MAX_EXPRESSION_DEPTH)}1${')'.repeat(MAX_EXPRESSION_DEPTH)}`;
  t.true(parseExpression(ok).ok);
  t.false(parseExpression('!'.repeat(5000)).ok);
  t.false(parseExpression('1'.repeat(2001)).ok);
});

test('subtraction on text is an evaluation error naming the operator position', (t) => {
  const result = run('${status} - 1');
  t.false(result.ok);
  if (!result.ok) {
    t.is(result.error.position, 10);
    t.regex(result.error.message, /"shipped" is not a number/);
  }
});

test('variables named like prototype members are not readable', (t) => {
  t.false(parseExpression('${constructor}').ok);
  t.false(parseExpression('${prototype}').ok);
  // A plain name that happens to be an Object.prototype member reads as unset.
  t.deepEqual(run("${toString} == ''", {}), { ok: true, value: true });
  t.deepEqual(run('${hasOwnProperty}', {}), { ok: true, value: '' });
});

test('templates interpolate variables, with optional encoding', (t) => {
  const parsed = parseTemplate(
    'https://crm.example/orders/${name}?s=${status}&cost=$$${balance}&x=$y',
  );
  t.true(parsed.ok);
  if (!parsed.ok) return;
  t.is(
    renderTemplate(parsed.value, vars, encodeURIComponent),
    'https://crm.example/orders/Zo%C3%AB%20%26%20co%2F1?s=shipped&cost=$120&x=$y',
  );
  t.is(renderTemplate(parsed.value, {}), 'https://crm.example/orders/?s=&cost=$&x=$y');
});

test('template errors carry the position', (t) => {
  const bad = parseTemplate('Hello ${first name}');
  t.false(bad.ok);
  if (!bad.ok) t.is(bad.error.position, 8);
  const open = parseTemplate('Hello ${name');
  t.false(open.ok);
  if (!open.ok) t.is(open.error.position, 6);
  t.false(parseTemplate('${__proto__}').ok);
});

test('JSON paths read own scalar values only', (t) => {
  const doc = JSON.parse(
    '{"order":{"status":"shipped","items":[{"sku":"A1"}],"total":12.5,"odd key":true,"none":null}}',
  );
  const read = (p: string) => {
    const parsed = parseJsonPath(p);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return readJsonPath(doc, parsed.value);
  };
  t.deepEqual(read('$.order.status'), { found: true, value: 'shipped' });
  t.deepEqual(read('order.items[0].sku'), { found: true, value: 'A1' });
  t.deepEqual(read("$.order['odd key']"), { found: true, value: true });
  t.deepEqual(read('$.order.total'), { found: true, value: 12.5 });
  t.deepEqual(read('$.order.none'), { found: false, reason: 'missing' });
  t.deepEqual(read('$.order.items'), { found: false, reason: 'not-scalar' });
  t.deepEqual(read('$.order.items[3].sku'), { found: false, reason: 'missing' });
  t.deepEqual(read('$.order.constructor'), { found: false, reason: 'missing' });
  t.deepEqual(read('$.order.status.length'), { found: false, reason: 'missing' });
  t.false(parseJsonPath('$').ok);
  t.false(parseJsonPath('$.a..b').ok);
  t.false(parseJsonPath('$.a[x]').ok);
});
