import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import test from 'ava';
import { ConfigError, loadConfig } from '../../src/config.ts';

test('defaults give the embedded set-up: SQLite file and the simulator', (t) => {
  const config = loadConfig({});
  t.is(config.DATABASE_URL, 'sqlite:./data/callwright.sqlite');
  t.is(config.PBX, 'sim');
  t.is(config.AGI_PORT, 4573);
  t.is(config.HTTP_PORT, 4000);
  t.is(config.AMI_PORT, 5038);
  t.is(config.REDIS_URL, undefined);
  t.true(Object.isFrozen(config));
});

test('values are parsed and empty strings fall back to defaults', (t) => {
  const config = loadConfig({
    HTTP_PORT: '8080',
    PBX: 'asterisk',
    LOG_LEVEL: '',
    REDIS_URL: 'redis://127.0.0.1:6379',
  });
  t.is(config.HTTP_PORT, 8080);
  t.is(config.PBX, 'asterisk');
  t.is(config.LOG_LEVEL, 'info');
  t.is(config.REDIS_URL, 'redis://127.0.0.1:6379');
});

test('every bad variable is named with what it expects, in one error', (t) => {
  const error = t.throws(
    () =>
      loadConfig({
        HTTP_PORT: 'eighty',
        PBX: 'freeswitch',
        DATABASE_URL: 'postgres://x',
        ARI_URL: 'not a url',
        AGI_PORT: '70000',
      }),
    { instanceOf: ConfigError },
  );
  const names = error.problems.map((p) => p.split('=')[0]);
  t.deepEqual(names.sort(), ['AGI_PORT', 'ARI_URL', 'DATABASE_URL', 'HTTP_PORT', 'PBX']);
  t.regex(error.message, /PBX="freeswitch": expected "sim" or "asterisk"/);
  t.regex(error.message, /HTTP_PORT="eighty": expected a TCP port number/);
});

test('active/standby needs Redis for its lease; its lease life is bounded', (t) => {
  t.is(loadConfig({}).HA_LEASE, 'off');
  const error = t.throws(() => loadConfig({ HA_LEASE: 'redis' }), { instanceOf: ConfigError });
  t.regex(error.message, /HA_LEASE="redis": expected REDIS_URL to be set/);
  const config = loadConfig({ HA_LEASE: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' });
  t.is(config.HA_LEASE_TTL_MS, 2000);
  t.is(config.HA_LEASE_NAME, 'callwright');
  t.throws(() => loadConfig({ HA_LEASE_TTL_MS: '100' }), { message: /HA_LEASE_TTL_MS/ });
  // Without Redis the lease may live in MySQL/MariaDB, never in a SQLite file.
  t.throws(() => loadConfig({ HA_LEASE: 'database' }), {
    message: /HA_LEASE="database": expected a MySQL\/MariaDB DATABASE_URL/,
  });
  t.is(
    loadConfig({ HA_LEASE: 'database', DATABASE_URL: 'mysql://root@127.0.0.1:3306/cw' }).HA_LEASE,
    'database',
  );
});

test('start-up with a bad variable exits with code 2 and names it', async (t) => {
  const root = resolve(import.meta.dirname, '../..');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, HTTP_PORT: 'abc', PBX: 'nope' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  t.is(code, 2);
  t.regex(stderr, /HTTP_PORT="abc"/);
  t.regex(stderr, /PBX="nope"/);
});

test('record writer lanes: 4 by default, 1 to 8', (t) => {
  t.is(loadConfig({}).RECORD_WRITER_LANES, 4);
  t.is(loadConfig({ RECORD_WRITER_LANES: '2' }).RECORD_WRITER_LANES, 2);
  for (const wrong of ['0', '9', '1.5', 'many']) {
    t.throws(() => loadConfig({ RECORD_WRITER_LANES: wrong }), {
      message: /RECORD_WRITER_LANES/,
    });
  }
});
