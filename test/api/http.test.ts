/**
 * callwright started as `npm start` would (composition root, real HTTP
 * server, SQLite file): probes, metrics, GraphiQL, first-start admin key
 * and demo data, and a restart on the same database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { loadConfig } from '../../src/config.ts';
import { type Running, start } from '../../src/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'callwright-http-'));
const config = loadConfig({
  DATABASE_URL: `sqlite:${join(dir, 'cw.sqlite')}`,
  HTTP_PORT: '0',
  HTTP_HOST: '127.0.0.1',
  // The built-in simulator on free ports, as `npm start` runs it on fixed ones.
  ARI_URL: 'http://127.0.0.1:0',
  AMI_PORT: '0',
  AGI_PORT: '0',
  LOG_LEVEL: 'silent',
  RECORD_OUTBOX_PATH: join(dir, 'records.outbox.jsonl'),
  RECORDINGS_DIR: join(dir, 'recordings'),
});
let running: Running;
let printed = '';

test.before(async () => {
  running = await start(config, (text) => {
    printed += text;
  });
});
test.after.always(async () => {
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const adminKey = () => /admin API key[^\n]*\n\n\s+(\S+)/.exec(printed)?.[1];

test.serial('liveness, readiness and metrics answer once the PBX is connected', async (t) => {
  await running.pbxReady();
  const health = await fetch(`${running.httpUrl}/healthz`);
  t.is(health.status, 200);
  const ready = await fetch(`${running.httpUrl}/readyz`);
  t.is(ready.status, 200);
  t.deepEqual(await ready.json(), {
    ok: true,
    checks: [
      { name: 'database', ok: true },
      { name: 'ari', ok: true, detail: 'connected' },
      { name: 'ami', ok: true },
      { name: 'records', ok: true },
    ],
  });
  const metrics = await (await fetch(`${running.httpUrl}/metrics`)).text();
  t.regex(metrics, /callwright_process_cpu_seconds_total/);
  t.regex(metrics, /callwright_ari_connected 1/);
  t.regex(metrics, /callwright_ami_connected 1/);
});

test.serial('a browser gets GraphiQL at /graphql', async (t) => {
  const page = await fetch(`${running.httpUrl}/graphql`, { headers: { accept: 'text/html' } });
  t.is(page.status, 200);
  t.regex(await page.text(), /graphiql/i);
});

test.serial('first start prints the admin key once and seeds the demo', async (t) => {
  const key = adminKey();
  t.truthy(key);
  const response = await fetch(`${running.httpUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({
      query:
        '{ queues { edges { node { name members { agent { extension } } } } } businessLines { edges { node { name } } } agents(first: 100) { edges { node { id } } } }',
    }),
  });
  const body = (await response.json()) as {
    data: {
      queues: { edges: unknown[] };
      businessLines: { edges: unknown[] };
      agents: { edges: unknown[] };
    };
  };
  t.is(body.data.queues.edges.length, 3);
  t.is(body.data.businessLines.edges.length, 2);
  t.is(body.data.agents.edges.length, 8);
  t.regex(printed, /Demo data loaded/);
});

test.serial(
  'a restart on the same database neither prints a new key nor seeds again',
  async (t) => {
    const key = adminKey();
    await running.stop();
    printed = '';
    running = await start(config, (text) => {
      printed += text;
    });
    t.is(adminKey(), undefined);
    t.notRegex(printed, /Demo data loaded/);
    const response = await fetch(`${running.httpUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ queues { edges { node { id } } } }' }),
    });
    const body = (await response.json()) as { data: { queues: { edges: unknown[] } } };
    t.is(body.data.queues.edges.length, 3);
  },
);
