import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import test from 'ava';
import { type CheckCommandIo, runCheckCommand } from '../../src/deploy/check-command.ts';

const root = resolve(import.meta.dirname, '../..');
const callwright = { ARI_APP: 'callwright', ARI_USER: 'cw', AMI_USER: 'cw' };
const ENV = {
  ARI_USER: 'cw',
  ARI_PASSWORD: 'pw',
  AMI_USER: 'cw',
  AMI_SECRET: 'pw',
  ASTERISK_BIND_ADDRESS: '127.0.0.1',
  CALLWRIGHT_NETWORK: '127.0.0.1/32',
  TRUNK_HOST: '203.0.113.5',
};

function io(env: Record<string, string> = ENV, app = callwright) {
  const lines: string[] = [];
  const value: CheckCommandIo = { root, env, callwright: app, out: (l) => lines.push(l) };
  return { value, output: () => lines.join('\n') };
}

function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'cw-check-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('without options the shipped files are checked and pass', (t) => {
  const run = io();
  t.is(runCheckCommand([], run.value), 0);
  t.regex(
    run.output(),
    /asterisk:check asterisk-conf\/ \+ dialplan\/: 0 error\(s\), 0 warning\(s\)/,
  );
});

test('an ARI_APP the dialplan does not use fails the check', (t) => {
  const run = io(ENV, { ...callwright, ARI_APP: 'callcenter' });
  t.is(runCheckCommand([], run.value), 1);
  t.regex(
    run.output(),
    /extensions\.conf:\d+: error: \[globals\] ARI_APP=callwright but callwright's ARI_APP is "callcenter"/,
  );
});

test('--render-to writes a configuration that then passes the rendered check', (t) => {
  const dir = tempDir(t);
  const run = io();
  t.is(runCheckCommand(['--render-to', dir, '--trunk', 'ip'], run.value), 0);
  t.true(existsSync(join(dir, 'pjsip_trunk.conf')));
  t.false(existsSync(join(dir, 'pjsip_trunk_ip.conf')));
  t.regex(run.output(), new RegExp(`asterisk:check ${dir}: 0 error`));
});

test('--render-to writes nothing when a placeholder has no value', (t) => {
  const dir = join(tempDir(t), 'out');
  const run = io({ ...ENV, TRUNK_MODE: 'registration' });
  t.is(runCheckCommand(['--render-to', dir], run.value), 1);
  t.regex(
    run.output(),
    /pjsip_trunk_registration\.conf:\d+: error: \$\{TRUNK_USERNAME\} has no value/,
  );
  t.false(existsSync(dir));
});

test("--rendered checks an existing directory against callwright's users", (t) => {
  const dir = tempDir(t);
  t.is(runCheckCommand(['--render-to', dir], io().value), 0);
  const run = io(ENV, { ...callwright, AMI_USER: 'someone-else' });
  t.is(runCheckCommand(['--rendered', dir], run.value), 1);
  t.regex(run.output(), /manager\.conf: error: no AMI user named someone-else/);
});

const USAGE: ReadonlyArray<readonly string[]> = [
  ['--rendered'],
  ['--render-to', '/tmp/x', '--rendered', '/tmp/y'],
  ['--render-to', '/tmp/x', '--trunk', 'sip'],
];
for (const args of USAGE) {
  test(`usage mistake ${args.join(' ')} exits 2`, (t) => {
    const run = io();
    t.is(runCheckCommand(args, run.value), 2);
    t.regex(run.output(), /^asterisk:check: /);
  });
}
