/**
 * /readyz's checks: each dependency by name, with what is wrong when it is
 * not ready (database error, PBX connections, Redis, the record writer's
 * outbox); Redis only when configured.
 */
import { type AddressInfo, createServer } from 'node:net';
import test from 'ava';
import pino from 'pino';
import { Registry } from 'prom-client';
import { readinessChecks } from '../../src/api/readiness-checks.ts';
import type { Readiness } from '../../src/api/server.ts';
import { openPbxLink } from '../../src/asterisk/pbx-link.ts';

async function run(sources: Parameters<typeof readinessChecks>[0]): Promise<Readiness[]> {
  return (await Promise.all(readinessChecks(sources).map((check) => check()))).flat();
}

const healthyWriter = { degraded: () => false, outboxSize: () => 0 };

test('all ready: one entry per dependency, no Redis entry without Redis', async (t) => {
  const checks = await run({
    database: async () => {},
    pbx: () => [
      { name: 'ari', ok: true, detail: 'connected' },
      { name: 'ami', ok: true },
    ],
    liveBus: { health: () => undefined },
    rateLimits: { health: () => undefined },
    records: healthyWriter,
  });
  t.deepEqual(
    checks.map((c) => [c.name, c.ok]),
    [
      ['database', true],
      ['ari', true],
      ['ami', true],
      ['records', true],
    ],
  );
});

test('each failing dependency says what is wrong', async (t) => {
  const checks = await run({
    database: async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:3306');
    },
    pbx: () => [
      { name: 'ari', ok: false, detail: 'disconnected' },
      { name: 'ami', ok: false, detail: 'AMI login as callwright failed: Authentication failed' },
    ],
    liveBus: { health: () => ({ ok: false, detail: 'Redis unreachable (reconnecting)' }) },
    rateLimits: { health: () => ({ ok: false, detail: 'limits counted in memory' }) },
    records: { degraded: () => true, outboxSize: () => 42 },
  });
  const by = new Map(checks.map((c) => [c.name, c]));
  t.deepEqual([...by.keys()], ['database', 'ari', 'ami', 'redis:live', 'redis:limits', 'records']);
  t.true(checks.every((c) => !c.ok));
  t.is(by.get('database')?.detail, 'unreachable: connect ECONNREFUSED 127.0.0.1:3306');
  t.is(by.get('ari')?.detail, 'disconnected');
  t.regex(by.get('ami')?.detail ?? '', /Authentication failed/);
  t.regex(by.get('redis:live')?.detail ?? '', /Redis unreachable/);
  t.regex(by.get('redis:limits')?.detail ?? '', /memory/);
  t.is(by.get('records')?.detail, 'degraded: 42 records wait in the outbox for the database');
});

test('a writer that recovered is ready again', async (t) => {
  let degraded = true;
  const checks = readinessChecks({ records: { degraded: () => degraded, outboxSize: () => 3 } });
  t.false(((await checks[0]!()) as Readiness).ok);
  degraded = false;
  t.true(((await checks[0]!()) as Readiness).ok);
});

test('an unreachable PBX: ARI and AMI say they are down and retrying', async (t) => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const link = openPbxLink({
    ari: { url: `http://127.0.0.1:${port}`, user: 'u', password: 'p', app: 'callwright' },
    ami: { host: '127.0.0.1', port, username: 'u', secret: 'p' },
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    reconcile: async () => {},
  });
  t.teardown(() => link.close());
  const down = new Promise<void>((resolve) => {
    const off = link.ari.onStateChange((state) => {
      if (state !== 'disconnected') return;
      off();
      resolve();
    });
  });
  await down;
  const [ari, ami] = link.readiness();
  t.deepEqual(ari, {
    name: 'ari',
    ok: false,
    detail: 'disconnected: no calls reach the ACD; retrying',
  });
  t.false(ami?.ok);
  t.regex(ami?.detail ?? '', /^not logged in/);
});
