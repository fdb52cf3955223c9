import { join } from 'node:path';
import test from 'ava';
import { type AsteriskCheckInput, checkAsteriskConfig } from '../../src/deploy/asterisk-check.ts';
import { readConfDir } from '../../src/deploy/conf-files.ts';
import type { ConfFile } from '../../src/deploy/conf-set.ts';
import { renderInstallation } from '../../src/deploy/render.ts';

const root = join(import.meta.dirname, '../..');
/** `${NAME}` as the files write a placeholder. */
const ph = (name: string) => `\${${name}}`;
const fixtures = join(root, 'test/fixtures/deploy');
const good = readConfDir(join(fixtures, 'good'));

/** The good set with the files of `broken/<name>/` in place of their namesakes. */
function broken(name: string): ConfFile[] {
  const replaced = new Map(good.map((f) => [f.name, f]));
  for (const f of readConfDir(join(fixtures, 'broken', name))) replaced.set(f.name, f);
  return [...replaced.values()];
}

const rendered = (files: ConfFile[], extra: Partial<AsteriskCheckInput> = {}) =>
  checkAsteriskConfig({
    files,
    mode: 'rendered',
    ariApp: 'callwright',
    ariUser: 'cw-ari',
    amiUser: 'cw-ami',
    ...extra,
  });

const errorsOf = (problems: ReturnType<typeof checkAsteriskConfig>) =>
  problems.filter((p) => p.severity === 'error').map((p) => `${p.file}:${p.line}: ${p.message}`);

test('the good fixture passes without errors or warnings', (t) => {
  t.deepEqual(rendered(good), []);
});

const CASES: ReadonlyArray<[string, string[]]> = [
  ['unknown-context', ['extensions-ivr.conf:3: GotoIf to unknown context hang-up-now']],
  [
    'missing-module',
    ['extensions.conf:18: AMD needs app_amd.so, which modules.conf does not require or load'],
  ],
  [
    'other-ari-app',
    [
      'extensions.conf:19: Stasis(callcenter) enters application "callcenter" but ARI_APP is "callwright"',
    ],
  ],
  [
    'pjsip-context',
    ['pjsip_trunk.conf:1: [trunk] context = from-provider: no such dialplan context'],
  ],
  [
    'manager-classes',
    [
      'manager.conf:5: read lacks cdr: callwright would miss Cdr',
      'manager.conf:5: write allows none of originate: Originate would be refused',
      'manager.conf:5: write allows none of system: PJSIPShowContacts would be refused',
    ],
  ],
  ['unfilled-placeholder', [`ari.conf:7: placeholder ${ph('ARI_PASSWORD')} left unfilled`]],
  [
    'missing-include',
    [
      'extensions.conf:9: #include extensions-queues.conf: no such file',
      'extensions.conf:12: [from-trunk] includes ivr-entry: no such context',
    ],
  ],
  [
    'unknown-application',
    [
      'extensions.conf:18: application Festival is not one the check knows; add its module to asterisk-facts.ts',
    ],
  ],
  [
    'missing-template',
    [
      'pjsip_agents.conf:4: [1001] inherits from agent-auth: no such section',
      // What follows from it: the section has no type, so the endpoint's auth is missing.
      'pjsip_agents.conf:4: [1001] has no type',
      'pjsip_agents.conf:1: [1001] auth = 1001: no section of type auth',
    ],
  ],
  ['missing-aor', ['pjsip_agents.conf:1: [1001] aors = 1001-desk: no section of type aor']],
  ['ari-read-only', ['ari.conf:4: ARI user cw-ari is read_only: callwright needs write access']],
  ['cel-off', ['cel.conf:5: [manager] enabled must be yes']],
];

for (const [name, expected] of CASES) {
  test(`broken/${name} is reported`, (t) => {
    t.deepEqual(errorsOf(rendered(broken(name))).sort(), [...expected].sort());
  });
}

test('a manager user with more classes than needed passes with warnings', (t) => {
  const problems = rendered(broken('manager-classes'));
  t.true(
    problems.some(
      (p) =>
        p.severity === 'warning' && p.message === 'read class dialplan is not needed by callwright',
    ),
  );
});

test("rendered mode checks that callwright's ARI and AMI users are the ones configured", (t) => {
  t.deepEqual(errorsOf(rendered(good, { ariUser: 'someone', amiUser: 'other' })), [
    "ari.conf:0: no ARI user named someone (callwright's ARI_USER)",
    "manager.conf:0: no AMI user named other (callwright's AMI_USER)",
  ]);
});

test('a missing file is reported and nothing else is checked', (t) => {
  const problems = rendered(good.filter((f) => f.name !== 'cel.conf'));
  t.deepEqual(errorsOf(problems), ['cel.conf:0: file missing']);
});

test('template mode: unknown placeholders and dialplan files Asterisk would never read', (t) => {
  const files = broken('unfilled-placeholder').map((f) =>
    f.name === 'http.conf' ? { ...f, text: f.text.replace('127.0.0.1', ph('HTTP_BIND')) } : f,
  );
  const problems = checkAsteriskConfig({
    files: [
      ...files,
      { name: 'extensions-orphan.conf', text: '[orphan]\nexten => s,1,Hangup()\n' },
    ],
    dialplanFiles: ['extensions.conf', 'extensions-ivr.conf', 'extensions-orphan.conf'],
    mode: 'template',
    ariApp: 'callwright',
  });
  t.deepEqual(errorsOf(problems), [
    'extensions-orphan.conf:0: not #included from extensions.conf: Asterisk would never read it',
    `http.conf:3: unknown placeholder ${ph('HTTP_BIND')}: add it to PLACEHOLDERS (src/deploy/render.ts) or fix the name`,
  ]);
});

test('dialplan variables are never taken for placeholders', (t) => {
  // extensions.conf is full of ${EXTEN}, ${ARI_APP}...: the good fixture proves they pass.
  const ivr = good.find((f) => f.name === 'extensions-ivr.conf');
  t.true(ivr?.text.includes(ph('CALLWRIGHT_AGI')));
  t.deepEqual(errorsOf(rendered(good)), []);
});

const shippedConf = readConfDir(join(root, 'asterisk-conf'));
const shippedDialplan = readConfDir(join(root, 'dialplan'));

test('the shipped asterisk-conf/ and dialplan/ pass the template check', (t) => {
  const problems = checkAsteriskConfig({
    files: [...shippedConf, ...shippedDialplan],
    dialplanFiles: shippedDialplan.map((f) => f.name),
    mode: 'template',
    ariApp: 'callwright',
  });
  t.deepEqual(problems, []);
});

const ENV = {
  ARI_USER: 'cw-ari',
  ARI_PASSWORD: 'a-long-ari-password',
  AMI_USER: 'cw-ami',
  AMI_SECRET: 'a-long-ami-secret',
  ASTERISK_BIND_ADDRESS: '0.0.0.0',
  CALLWRIGHT_NETWORK: '172.16.0.0/12',
  TRUNK_HOST: 'sip.example.net',
  TRUNK_USERNAME: 'acme',
  TRUNK_PASSWORD: 'trunk-secret',
  CALLWRIGHT_AGI: 'callwright:4573',
};

for (const trunk of ['ip', 'registration'] as const) {
  test(`the shipped files rendered with the ${trunk} trunk pass the rendered check`, (t) => {
    const out = renderInstallation({
      conf: shippedConf,
      dialplan: shippedDialplan,
      trunk,
      env: ENV,
    });
    t.deepEqual(out.missing, []);
    t.deepEqual(rendered(out.files), []);
    const extensions = out.files.find((f) => f.name === 'extensions.conf')?.text ?? '';
    t.regex(extensions, /^CALLWRIGHT_AGI=callwright:4573$/m);
    // Dialplan variables stay for Asterisk to substitute at call time.
    t.regex(extensions, /\$\{EXTEN\}/);
  });
}

test('rendering names every placeholder without a value', (t) => {
  const { TRUNK_PASSWORD: _p, ARI_PASSWORD: _a, ...partial } = ENV;
  const out = renderInstallation({
    conf: shippedConf,
    dialplan: shippedDialplan,
    trunk: 'registration',
    env: partial,
  });
  t.deepEqual([...new Set(out.missing.map((m) => m.name))].sort(), [
    'ARI_PASSWORD',
    'TRUNK_PASSWORD',
  ]);
  t.true(out.missing.every((m) => m.line > 0));
  // The unfilled file still names the placeholder, and the rendered check says so.
  const line = out.missing.find((m) => m.name === 'ARI_PASSWORD')?.line;
  t.true(
    errorsOf(rendered(out.files)).includes(
      `ari.conf:${line}: placeholder ${ph('ARI_PASSWORD')} left unfilled`,
    ),
  );
});
