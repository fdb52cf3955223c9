/**
 * Inbound calls end to end through the PBX simulator: new calls arrive on
 * a DID at `--rate` per second (Poisson) for `--seconds`, each enters our
 * Stasis application, is queued by the real ACD runtime (SQLite store,
 * the batching call-record writer, live feeds: as `npm start` composes
 * them) and offered to one of `--agents` ready agents.
 * Measured per call: from the moment the StasisStart frame reaches our ARI
 * client's WebSocket to the moment the agent's originate (`POST
 * /ari/channels`) is written to its socket (node's `http.client.request.start`,
 * published once the request is out). The simulator runs in a child
 * process, so this process's CPU time is callwright's alone (reported per
 * call). There are enough agents that no caller has to wait for one as
 * long as callwright keeps up with the rate.
 *
 * callwright logs at `--log` level (default `info`, as `npm start` does)
 * into /dev/null, so the cost of writing its log lines is counted.
 *
 * `--db sqlite` (default) keeps the store in memory, as the demo does;
 * `--db mysql://root@127.0.0.1:3306` writes to MariaDB as a production
 * install does (a database is created for the run and dropped after).
 *
 * Usage: `npm run bench -- inbound [--rate 100] [--seconds 60] [--agents N] [--log info] [--db sqlite|mysql://...]`.
 * Target: p99 < 2 ms. Last line:
 * `{"bench":"inbound","calls":..,"p50_ms":..,"p99_ms":..}`.
 */

import { randomBytes } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import type { ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { Registry } from 'prom-client';
import WebSocket from 'ws';
import { createAcdRuntime } from '../src/app/acd/runtime.ts';
import type { Clock } from '../src/app/clock.ts';
import { createLocalLiveBus } from '../src/app/live/live-bus.ts';
import { createLivePublisher } from '../src/app/live/live-publisher.ts';
import { createAcdMetrics } from '../src/asterisk/acd/acd-metrics.ts';
import { createAriAcdLink } from '../src/asterisk/acd/ari-acd-link.ts';
import { createWallTimers } from '../src/asterisk/acd/wall-timers.ts';
import { createAriClient } from '../src/asterisk/ari/client.ts';
import { startRecords } from '../src/compose-records.ts';
import { loadConfig } from '../src/config.ts';
import { createKnex } from '../src/store/connection.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { openStore } from '../src/store/store.ts';
import {
  BENCH_DID,
  BENCH_PASSWORD,
  BENCH_USER,
  seedInboundLine,
  startInboundSim,
} from './lib/inbound-line.ts';

/** Seconds a connected caller talks; agents have no wrap-up. */
const TALK_S = 1;
const ANSWER_AFTER_S = 0.1;

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: {
      rate: { type: 'string', default: '100' },
      seconds: { type: 'string', default: '60' },
      agents: { type: 'string' },
      log: { type: 'string', default: 'info' },
      db: { type: 'string', default: 'sqlite' },
    },
  });
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  // Each agent is busy ringing + talking for about TALK_S + ANSWER_AFTER_S: keep a wide margin.
  const agents = Number(values.agents ?? Math.ceil(rate * (TALK_S + ANSWER_AFTER_S) * 3 + 20));
  if (![rate, seconds, agents].every((n) => Number.isFinite(n) && n > 0)) {
    throw new Error('--rate, --seconds and --agents take positive numbers');
  }
  return { rate, seconds, agents, log: values.log ?? 'info', db: values.db ?? 'sqlite' };
}

/** When each call's StasisStart frame arrived and its first originate left. */
class Stopwatch {
  readonly arrived = new Map<string, number>();
  readonly sent = new Map<string, number>();
  /** Receipt time of the WebSocket frame being handled (events are handled synchronously). */
  frameAt = 0;
  private done: () => void = () => {};
  readonly finished = new Promise<void>((resolve) => {
    this.done = resolve;
  });
  constructor(private readonly expected: number) {}

  /** Stamps every frame our ARI client's WebSocket receives. */
  watchFrames(): void {
    const emit = WebSocket.prototype.emit;
    const watch = this;
    WebSocket.prototype.emit = function (this: WebSocket, event: string | symbol, ...args) {
      if (event === 'message') watch.frameAt = performance.now();
      return emit.call(this, event, ...args);
    } as typeof emit;
  }

  /** Stamps the first originate of each call as the ARI client hands it to the HTTP stack. */
  watchOriginates(): void {
    subscribe('http.client.request.start', (message) => {
      const { request } = message as { request: ClientRequest };
      if (request.method !== 'POST') return;
      const url = new URL(request.path, 'http://ari');
      const leg = url.pathname.endsWith('/ari/channels') ? url.searchParams.get('channelId') : null;
      const callId = leg?.replace(/-offer-\d+$/, '');
      if (callId && callId !== leg && !this.sent.has(callId)) {
        this.sent.set(callId, performance.now());
        if (this.sent.size === this.expected) this.done();
      }
    });
  }
}

/** The store of the run: SQLite in memory, or a throwaway MariaDB database. */
async function benchDatabase(db: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (db === 'sqlite') return { url: 'sqlite::memory:', drop: async () => {} };
  const base = new URL(db);
  const admin = createKnex(base.toString(), { poolMax: 1 });
  const name = `cw_bench_${randomBytes(4).toString('hex')}`;
  await admin.raw(`CREATE DATABASE \`${name}\``);
  base.pathname = `/${name}`;
  return {
    url: base.toString(),
    async drop() {
      await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.destroy();
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs the benchmark and prints `{"bench":"inbound",...}` as the last line. */
export default async function bench(): Promise<void> {
  const { rate, seconds, agents, log, db } = options();
  const calls = Math.round(rate * seconds);
  const watch = new Stopwatch(calls);
  watch.watchFrames();
  watch.watchOriginates();
  const sim = await startInboundSim(agents, ANSWER_AFTER_S);
  const logger = pino({ level: log }, pino.destination({ dest: '/dev/null', sync: true }));
  const clock: Clock = { now: () => Date.now() };
  const database = await benchDatabase(db);
  const store = await openStore({ databaseUrl: database.url, clock, logger });
  await migrateToLatest(store.knex);
  const agentIds = await seedInboundLine(store, sim.phones, 'Bench');
  const registry = new Registry();
  const outboxDir = mkdtempSync(join(tmpdir(), 'bench-outbox-'));
  const config = loadConfig({ RECORD_OUTBOX_PATH: join(outboxDir, 'records.jsonl') });
  const records = await startRecords({ config, logger, registry, store, clock });
  const ari = createAriClient({
    url: `http://127.0.0.1:${sim.port}`,
    user: BENCH_USER,
    password: BENCH_PASSWORD,
    app: 'callwright',
    logger,
    registry,
  });
  ari.onEvent((event) => {
    if (event.type === 'StasisStart' && event.args[0] === 'inbound') {
      watch.arrived.set(event.channel.id, watch.frameAt);
    }
  });
  const link = createAriAcdLink(ari, 'callwright', logger);
  const runtime = createAcdRuntime({
    store,
    control: link.control,
    timers: createWallTimers(clock),
    clock,
    logger,
    metrics: createAcdMetrics(registry),
    rng: Math.random,
    records: records.writer,
  });
  link.subscribe((event) => runtime.handle(event));
  // The live feeds run as in production (their subscribers are not part of this bench).
  const bus = createLocalLiveBus(() => {});
  const live = createLivePublisher({
    runtime,
    store,
    bus,
    timers: createWallTimers(clock),
    clock,
    logger,
  });
  await runtime.start();
  await ari.connect();
  for (const agentId of agentIds) {
    const result = await runtime.agentAction(agentId, { type: 'login' });
    if (!result.ok) throw new Error(`agent ${agentId} not logged in: ${result.error.code}`);
  }
  process.stderr.write(`inbound: ${calls} calls at ${rate}/s over ${agents} agents...\n`);
  // How busy callwright's thread is during the run tells whether it keeps up with the rate.
  const loop = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  sim.child.send({ type: 'traffic', did: BENCH_DID, rate, calls, talkS: TALK_S });
  // A limit only so a stuck run ends with figures instead of hanging.
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), (seconds + 60) * 1000);
  });
  const outcome = await Promise.race([watch.finished.then(() => 'done' as const), limit]);
  clearTimeout(timer);
  const busy = performance.eventLoopUtilization(loop).utilization;
  const used = process.cpuUsage(cpu);
  if (outcome === 'late') process.stderr.write('inbound: not every call was offered in time\n');

  const latencies: number[] = [];
  for (const [callId, at] of watch.arrived) {
    const sent = watch.sent.get(callId);
    if (sent !== undefined) latencies.push(sent - at);
  }
  latencies.sort((a, b) => a - b);
  await runtime.stop();
  await live.close();
  await ari.close();
  await records.close();
  rmSync(outboxDir, { recursive: true, force: true });
  await store.close();
  await database.drop();
  await new Promise((resolve) => {
    sim.child.once('exit', resolve);
    sim.child.send('close');
  });
  await store.close();
  const round = (n: number) => Math.round(n * 1000) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      bench: 'inbound',
      calls: latencies.length,
      offered_without_start: watch.sent.size - latencies.length,
      never_offered: watch.arrived.size - latencies.length,
      rate_per_s: rate,
      agents,
      p50_ms: round(percentile(latencies, 50)),
      p90_ms: round(percentile(latencies, 90)),
      p99_ms: round(percentile(latencies, 99)),
      max_ms: round(latencies[latencies.length - 1] ?? 0),
      event_loop_busy: round(busy),
      cpu_ms_per_call: round((used.user + used.system) / 1000 / Math.max(1, watch.arrived.size)),
    })}\n`,
  );
}
