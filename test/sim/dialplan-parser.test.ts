// biome-ignore-all lint/suspicious/noTemplateCurlyInString: dialplan and AGI text spells ${VAR} literally
import test from 'ava';
import { createDialplan } from '../../src/sim/dialplan/engine.ts';
import { DialplanParseError } from '../../src/sim/dialplan/errors.ts';

const conf = (text: string, name = 'extensions.conf') => [{ name, text }];

test('parses contexts, exten/same lines, n priorities and labels', (t) => {
  const dp = createDialplan(
    conf(`
[general]
static = yes

[from-trunk]
exten => _X.,1,NoOp(inbound \${EXTEN})
 same => n(go),Stasis(callcenter,inbound,\${EXTEN})
 same => n,Hangup()
exten => 100,1,Answer()
exten => 100,2,Wait(1.5)
`),
  );
  const ctx = dp.config.contexts.get('from-trunk');
  const ext = ctx?.extensions.get('_X.');
  t.deepEqual([...(ext?.steps.keys() ?? [])], [1, 2, 3]);
  t.is(ext?.steps.get(2)?.app, 'Stasis');
  t.is(ext?.steps.get(2)?.appData, 'callcenter,inbound,${EXTEN}');
  t.is(ext?.labels.get('go'), 2);
  t.is(ext?.steps.get(3)?.line, 8);
  t.deepEqual([...(ctx?.extensions.get('100')?.steps.keys() ?? [])], [1, 2]);
  t.false(dp.config.contexts.has('general'));
});

test('comments: ; ends the line, \\; is a literal semicolon, ;-- --; spans lines', (t) => {
  const dp = createDialplan(
    conf(`
[c] ; a context
exten => s,1,NoOp(a\\;b) ; trailing comment
;-- a block comment
exten => s,2,Hangup()
--;
 same => n,Verbose(still here)
`),
  );
  const ext = dp.config.contexts.get('c')?.extensions.get('s');
  t.is(ext?.steps.get(1)?.appData, 'a;b');
  t.is(ext?.steps.get(2)?.app, 'Verbose');
  t.is(ext?.steps.size, 2);
});

test('[globals] are read and substituted against earlier globals', (t) => {
  const dp = createDialplan(
    conf(`
[globals]
HOST=127.0.0.1
AGI_URL=agi://\${HOST}:4573
[c]
exten => s,1,NoOp()
`),
  );
  t.is(dp.config.globals.get('HOST'), '127.0.0.1');
  t.is(dp.config.globals.get('AGI_URL'), 'agi://127.0.0.1:4573');
});

test('#include inlines a file from the same set, inside the current context', (t) => {
  const dp = createDialplan([
    {
      name: 'extensions.conf',
      text: '[a]\nexten => s,1,NoOp(a)\n#include "more.conf"\ninclude => b\n[b]\nexten => 7,1,NoOp()\n',
    },
    { name: 'more.conf', text: 'exten => 5,1,NoOp(from more)\n' },
  ]);
  const a = dp.config.contexts.get('a');
  t.is(a?.extensions.get('5')?.steps.get(1)?.file, 'more.conf');
  t.deepEqual(
    a?.includes.map((i) => i.name),
    ['b'],
  );
  t.true(dp.hasExtension('a', '7'));
});

const errors: Array<[string, string, string]> = [
  ['no section', 'exten => s,1,NoOp()', 'extensions.conf:1: exten outside any [section]'],
  ['bad priority', '[c]\nexten => s,x,NoOp()', "extensions.conf:2: bad priority 'x'"],
  ['n first', '[c]\nexten => s,n,NoOp()', "extensions.conf:2: 'n' priority before priority 1 of s"],
  [
    'duplicate',
    '[c]\nexten => s,1,NoOp()\nexten => s,1,NoOp()',
    'extensions.conf:3: duplicate priority 1 for extension s',
  ],
  [
    'same first',
    '[c]\n same => n,NoOp()',
    "extensions.conf:2: 'same =>' without a preceding 'exten =>'",
  ],
  ['missing paren', '[c]\nexten => s,1,NoOp(x', "extensions.conf:2: missing ')' after NoOp("],
  [
    'garbage',
    '[c]\nthis is not config',
    'extensions.conf:2: cannot parse line: this is not config',
  ],
  [
    'unknown function',
    '[c]\nexten => s,1,NoOp(${FOO(bar)})',
    'extensions.conf:2: unknown dialplan function FOO()',
  ],
  ['bad set', '[c]\nexten => _[12,1,NoOp()', 'extensions.conf:2: unterminated [ in pattern _[12'],
  [
    'missing include file',
    '[c]\n#include nope.conf',
    'extensions.conf:2: #include nope.conf: no such file beside extensions.conf',
  ],
  [
    'dangling include',
    '[c]\ninclude => nowhere',
    'extensions.conf:2: include => nowhere: no such context',
  ],
  [
    'dangling goto',
    '[c]\nexten => s,1,Goto(elsewhere,s,1)',
    'extensions.conf:2: Goto to unknown context elsewhere',
  ],
  [
    'directive',
    '[c]\nswitch => Realtime',
    "extensions.conf:2: unsupported directive 'switch' in [c]",
  ],
];

for (const [title, text, message] of errors) {
  test(`parse error with file:line: ${title}`, (t) => {
    const err = t.throws(() => createDialplan(conf(text)), { instanceOf: DialplanParseError });
    t.is(err?.message, message);
  });
}

test('#include loops are reported', (t) => {
  const err = t.throws(
    () =>
      createDialplan([
        { name: 'a.conf', text: '[c]\nexten => s,1,NoOp()\n#include b.conf' },
        { name: 'b.conf', text: '#include b.conf' },
      ]),
    { instanceOf: DialplanParseError },
  );
  t.is(err?.message, 'b.conf:1: #include b.conf: include loop');
});
