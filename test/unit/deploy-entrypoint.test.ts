/**
 * The Asterisk container renders its configuration with sh, envsubst and sed
 * (docker/asterisk/entrypoint.sh). These tests run that script on this
 * machine against temporary directories and compare its output with
 * callwright's own renderer, so the two ways of installing stay the same.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import test from 'ava';
import { checkAsteriskConfig } from '../../src/deploy/asterisk-check.ts';
import { readConfDir } from '../../src/deploy/conf-files.ts';
import { renderInstallation } from '../../src/deploy/render.ts';

const root = resolve(import.meta.dirname, '../..');
const script = join(root, 'docker/asterisk/entrypoint.sh');

const ENV = {
  ARI_USER: 'cw-ari',
  ARI_PASSWORD: 'ari pass with spaces & $dollar',
  AMI_USER: 'cw-ami',
  AMI_SECRET: 'ami-secret',
  ASTERISK_BIND_ADDRESS: '0.0.0.0',
  CALLWRIGHT_NETWORK: '172.28.0.0/24',
  TRUNK_HOST: 'sip.provider.example',
  TRUNK_USERNAME: 'acme',
  TRUNK_PASSWORD: 'trunk-pass',
  CALLWRIGHT_AGI: 'callwright:4573',
  ARI_APP: 'callwright',
};

function runEntrypoint(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'cw-entrypoint-'));
  const out = join(dir, 'etc-asterisk');
  const agents = join(dir, 'pjsip_agents.conf');
  spawnSync('mkdir', [out]);
  const result = spawnSync('sh', [script, 'true'], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      CALLWRIGHT_CONF_DIR: join(root, 'asterisk-conf'),
      CALLWRIGHT_DIALPLAN_DIR: join(root, 'dialplan'),
      CALLWRIGHT_BASE_DIR: join(root, 'docker/asterisk'),
      CALLWRIGHT_AGENTS_FILE: agents,
      ASTERISK_CONF_DIR: out,
      ...env,
    },
  });
  return { dir, out, agents, result, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

for (const trunk of ['ip', 'registration'] as const) {
  test(`entrypoint (${trunk} trunk) writes what callwright's renderer writes`, (t) => {
    const run = runEntrypoint({ ...ENV, TRUNK_MODE: trunk });
    t.teardown(run.cleanup);
    t.is(run.result.status, 0, run.result.stderr);
    const written = new Map(readConfDir(run.out).map((f) => [f.name, f.text]));
    const expected = renderInstallation({
      conf: readConfDir(join(root, 'asterisk-conf')),
      dialplan: readConfDir(join(root, 'dialplan')),
      trunk,
      env: ENV,
    });
    t.deepEqual(expected.missing, []);
    for (const f of expected.files) t.is(written.get(f.name), f.text, f.name);
    // Plus Asterisk's own base files of the image.
    for (const base of ['asterisk.conf', 'logger.conf', 'rtp.conf'])
      t.true(written.has(base), base);
    t.regex(written.get('ari.conf') ?? '', /^password = ari pass with spaces & \$dollar$/m);
    t.notRegex(written.get('asterisk.conf') ?? '', /^systemname =/m);
  });
}

test('entrypoint gives the node its systemname when ASTERISK_SYSTEM_NAME is set', (t) => {
  const run = runEntrypoint({ ...ENV, ASTERISK_SYSTEM_NAME: 'pbx-b' });
  t.teardown(run.cleanup);
  t.is(run.result.status, 0, run.result.stderr);
  const conf = readFileSync(join(run.out, 'asterisk.conf'), 'utf8');
  t.regex(conf, /\[options\][\s\S]*\nsystemname = pbx-b\n$/);
});

test('entrypoint output passes the rendered check, with the agents file once callwright wrote it', (t) => {
  const run = runEntrypoint({ ...ENV, TRUNK_MODE: 'ip' });
  t.teardown(run.cleanup);
  t.is(run.result.status, 0, run.result.stderr);
  const check = () =>
    checkAsteriskConfig({
      files: readConfDir(run.out),
      mode: 'rendered',
      ariApp: 'callwright',
      ariUser: ENV.ARI_USER,
      amiUser: ENV.AMI_USER,
    });
  t.deepEqual(check(), []);
  // The link pjsip.conf #tryincludes now finds a file (the shared volume).
  writeFileSync(
    run.agents,
    '[1001](agent-endpoint)\nauth = 1001\naors = 1001\n[1001](agent-auth)\nusername = 1001\npassword = x\n[1001](agent-aor)\n',
  );
  t.true(readConfDir(run.out).some((f) => f.name === 'pjsip_agents.conf'));
  t.deepEqual(check(), []);
});

test('entrypoint refuses to start with variables missing, naming them', (t) => {
  const { TRUNK_PASSWORD: _p, CALLWRIGHT_AGI: _a, ...partial } = ENV;
  const run = runEntrypoint({ ...partial, TRUNK_MODE: 'registration' });
  t.teardown(run.cleanup);
  t.is(run.result.status, 2);
  t.regex(
    run.result.stderr,
    /set these variables \(docker\/\.env\): TRUNK_PASSWORD CALLWRIGHT_AGI/,
  );
  t.deepEqual(readConfDir(run.out), []);
});

test('entrypoint refuses an unknown TRUNK_MODE', (t) => {
  const run = runEntrypoint({ ...ENV, TRUNK_MODE: 'sip' });
  t.teardown(run.cleanup);
  t.is(run.result.status, 2);
  t.regex(run.result.stderr, /TRUNK_MODE must be ip or registration/);
  t.is(readFileSync(script, 'utf8').includes('set -eu'), true);
});
