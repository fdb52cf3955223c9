/**
 * Screen pops end to end (AGT-1): `--agents` agents each follow their own
 * `agentEvents` feed over graphql-ws with their own API key, as the widget
 * does (the clients run headless in a child process, `pop-clients-server.ts`);
 * inbound calls arrive through the PBX simulator (another child process) at
 * `--rate` per second (Poisson) for `--seconds`, and the real ACD runtime,
 * live publisher and HTTP server (SQLite store, as `npm start` composes
 * them) offer each to a ready agent.
 * Measured per call: from the moment the offer is decided (our ARI client
 * hands the agent leg's originate, `POST /ari/channels`, to the HTTP stack)
 * to the moment the agent's client has the ScreenPop result. Both stamps
 * are epoch ms at sub-millisecond precision (`timeOrigin + now()`), taken
 * in two processes on the same machine. The pop goes out when the phone
 * rings, so the figure is split at the runtime's RINGING change: the PBX
 * part (`ring_*`: originate to ringing seen; the simulator's phones ring
 * 20 ms after the originate, as a SIP phone's 180 comes back) and the feed
 * part (`feed_*`: ringing seen to the pop in the client).
 *
 * Usage: `npm run bench -- pop [--agents 1000] [--rate 50] [--seconds 30] [--log info]`;
 * `--small` is `--agents 300 --seconds 10`. Target: p99 < 50 ms. Last line:
 * `{"bench":"pop","pops":..,"p50_ms":..,"p99_ms":..,"load_avg_before":[..],...}`.
 */

import { type ChildProcess, fork } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import type { ClientRequest } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createHttpServer } from '../src/api/server.ts';
import { seedDidTable } from '../src/app/acd/did-seed.ts';
import { createAcdRuntime } from '../src/app/acd/runtime.ts';
import type { Actor } from '../src/app/actor.ts';
import type { Clock } from '../src/app/clock.ts';
import { createLocalLiveBus } from '../src/app/live/live-bus.ts';
import { createLivePublisher } from '../src/app/live/live-publisher.ts';
import { createServices, type Services } from '../src/app/services.ts';
import { createAcdMetrics } from '../src/asterisk/acd/acd-metrics.ts';
import { createAriAcdLink } from '../src/asterisk/acd/ari-acd-link.ts';
import { createWallTimers } from '../src/asterisk/acd/wall-timers.ts';
import { createAriClient } from '../src/asterisk/ari/client.ts';
import { startRecords } from '../src/compose-records.ts';
import { loadConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { createSecretHasher } from '../src/store/secrets.ts';
import { openStore } from '../src/store/store.ts';

const USER = 'bench';
const PASSWORD = 'bench';
const DID = '5001';
/** Seconds a connected caller talks; agents have no wrap-up. */
const TALK_S = 3;
/** Seconds a phone rings before it answers. */
const ANSWER_AFTER_S = 0.3;

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: {
      agents: { type: 'string' },
      rate: { type: 'string', default: '50' },
      seconds: { type: 'string' },
      log: { type: 'string', default: 'info' },
      small: { type: 'boolean', default: false },
    },
  });
  const agents = Number(values.agents ?? (values.small ? 300 : 1000));
  const rate = Number(values.rate);
  const seconds = Number(values.seconds ?? (values.small ? 10 : 30));
  if (![rate, seconds, agents].every((n) => Number.isFinite(n) && n > 0)) {
    throw new Error('--agents, --rate and --seconds take positive numbers');
  }
  // Each agent is busy ringing + talking: the others must be enough for the rate.
  if (agents < rate * (TALK_S + ANSWER_AFTER_S) * 1.5) {
    throw new Error(`--agents ${agents} is too few for --rate ${rate}: callers would wait`);
  }
  return { agents, rate, seconds, log: values.log ?? 'info' };
}

const epochNow = () => performance.timeOrigin + performance.now();

/** Stamps the first originate of each call as our ARI client hands it to the HTTP stack. */
function watchOffers(offered: Map<string, number>): void {
  subscribe('http.client.request.start', (message) => {
    const { request } = message as { request: ClientRequest };
    if (request.method !== 'POST') return;
    const url = new URL(request.path, 'http://ari');
    const leg = url.pathname.endsWith('/ari/channels') ? url.searchParams.get('channelId') : null;
    const callId = leg?.replace(/-offer-\d+$/, '');
    if (callId && callId !== leg && !offered.has(callId)) offered.set(callId, epochNow());
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function forkHelper(file: string, env: Record<string, string>): ChildProcess {
  return fork(new URL(file, import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
  });
}

/** Resolves with the first message of `child` that `pick` accepts. */
function messageOf<T>(child: ChildProcess, pick: (m: unknown) => T | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (m: unknown) => {
      const value = pick(m);
      if (value === undefined) return;
      child.off('message', onMessage);
      resolve(value);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`helper exited (${code})`)));
  });
}

async function stopHelper(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.send('close');
  });
}

/** One line, one queue on the DID, and `phones.length` agents, each with a user and an API key. */
async function seed(services: Services, admin: Actor, phones: string[]) {
  const line = await services.businessLines.create(admin, {
    name: 'Bench',
    timezone: 'UTC',
    defaultCountry: 'US',
  });
  const queue = await services.queues.create(admin, {
    businessLineId: line.id,
    name: 'Inbound',
    strategy: 'longest-idle',
    ringTimeoutS: 15,
    wrapUpS: 0,
  });
  const agents: Array<{ id: string; token: string }> = [];
  for (const ext of phones) {
    const agent = await services.agents.create(admin, {
      businessLineId: line.id,
      name: `Agent ${ext}`,
      extension: ext,
      reach: 'sip',
    });
    await services.queues.addMember(admin, queue.id, agent.id, 0);
    const user = await services.users.create(admin, {
      username: `agent-${ext}`,
      displayName: `Agent ${ext}`,
      role: 'agent',
      agentId: agent.id,
      businessLineIds: [line.id],
    });
    const key = await services.auth.createApiKey(admin, user.id, 'bench');
    agents.push({ id: agent.id, token: key.secret });
  }
  return agents;
}

/** Runs the benchmark and prints `{"bench":"pop",...}` as the last line. */
export default async function bench(): Promise<void> {
  const { agents: agentCount, rate, seconds, log } = options();
  const calls = Math.round(rate * seconds);
  const offered = new Map<string, number>();
  const ringing = new Map<string, number>();
  const popped = new Map<string, number>();
  watchOffers(offered);
  const loadBefore = loadavg();

  const phones = Array.from({ length: agentCount }, (_, i) => String(100_001 + i));
  const sim = forkHelper('./inbound-sim-server.ts', {
    BENCH_SIM: JSON.stringify({
      phones,
      user: USER,
      password: PASSWORD,
      answerAfterS: ANSWER_AFTER_S,
    }),
  });
  const simPort = await messageOf(sim, (m) => (m as { port?: number }).port);

  const logger = pino({ level: log }, pino.destination({ dest: '/dev/null', sync: true }));
  const clock: Clock = { now: () => Date.now() };
  const store = await openStore({ databaseUrl: 'sqlite::memory:', clock, logger });
  await migrateToLatest(store.knex);
  const registry = new Registry();
  const outboxDir = mkdtempSync(join(tmpdir(), 'bench-pop-'));
  const config = loadConfig({ RECORD_OUTBOX_PATH: join(outboxDir, 'records.jsonl') });
  const records = await startRecords({ config, logger, registry, store, clock });
  const ari = createAriClient({
    url: `http://127.0.0.1:${simPort}`,
    user: USER,
    password: PASSWORD,
    app: 'callwright',
    logger,
    registry,
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
  runtime.onEvent((e) => {
    if (e.type === 'agent-state-changed' && e.to === 'ringing' && e.callId !== null) {
      if (!ringing.has(e.callId)) ringing.set(e.callId, epochNow());
    }
  });
  const bus = createLocalLiveBus((error) => logger.warn({ err: error }, 'live subscriber failed'));
  const live = createLivePublisher({
    runtime,
    store,
    bus,
    timers: createWallTimers(clock),
    clock,
    logger,
  });
  const services = createServices({
    store,
    hasher: createSecretHasher(),
    clock,
    logger,
    acd: runtime,
    bus,
  });
  const adminKey = (await services.auth.bootstrapAdmin(undefined))!;
  const admin = (await services.auth.authenticate(adminKey, null)) as Actor;
  process.stderr.write(`pop: seeding ${agentCount} agents with users and API keys...\n`);
  const agents = await seed(services, admin, phones);
  await seedDidTable(store, { dids: [{ did: DID, businessLine: 'Bench', queue: 'Inbound' }] });
  const server = createHttpServer({ services, logger, registry, readiness: [] });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const httpUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await runtime.start();
  await ari.connect();
  for (const agent of agents) {
    const result = await runtime.agentAction(agent.id, { type: 'login' });
    if (!result.ok) throw new Error(`agent ${agent.id} not logged in: ${result.error.code}`);
  }

  process.stderr.write(`pop: ${agentCount} widgets subscribing...\n`);
  const widgets = forkHelper('./pop-clients-server.ts', {
    BENCH_POP: JSON.stringify({ url: httpUrl, tokens: agents.map((a) => a.token) }),
  });
  let done: () => void = () => {};
  const allPopped = new Promise<void>((resolve) => {
    done = resolve;
  });
  widgets.on('message', (m: { type: string; pops?: Array<{ callId: string; at: number }> }) => {
    if (m.type !== 'pops') return;
    for (const pop of m.pops ?? []) if (!popped.has(pop.callId)) popped.set(pop.callId, pop.at);
    if (popped.size >= calls) done();
  });
  await messageOf(widgets, (m) => ((m as { type?: string }).type === 'ready' ? true : undefined));

  process.stderr.write(`pop: ${calls} calls at ${rate}/s...\n`);
  const loop = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  sim.send({ type: 'traffic', did: DID, rate, calls, talkS: TALK_S });
  // A limit only so a stuck run ends with figures instead of hanging.
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), (seconds + 60) * 1000);
  });
  const outcome = await Promise.race([allPopped.then(() => 'done' as const), limit]);
  clearTimeout(timer);
  const busy = performance.eventLoopUtilization(loop).utilization;
  const used = process.cpuUsage(cpu);
  const loadAfter = loadavg();
  if (outcome === 'late') process.stderr.write('pop: not every call popped in time\n');

  const latencies: number[] = [];
  const rings: number[] = [];
  const feeds: number[] = [];
  for (const [callId, at] of popped) {
    const sent = offered.get(callId);
    if (sent !== undefined) latencies.push(at - sent);
    const rang = ringing.get(callId);
    if (sent !== undefined && rang !== undefined) {
      rings.push(rang - sent);
      feeds.push(at - rang);
    }
  }
  for (const list of [latencies, rings, feeds]) list.sort((a, b) => a - b);
  await stopHelper(widgets);
  await server.shutdown();
  await runtime.stop();
  await live.close();
  await ari.close();
  await records.close();
  await stopHelper(sim);
  await store.close();
  rmSync(outboxDir, { recursive: true, force: true });
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const twoDecimals = (l: number[]) => l.map((n) => Math.round(n * 100) / 100);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'pop',
      widgets: agentCount,
      rate_per_s: rate,
      calls,
      pops: latencies.length,
      offered_not_popped: offered.size - latencies.length,
      p50_ms: round(percentile(latencies, 50)),
      p90_ms: round(percentile(latencies, 90)),
      p99_ms: round(percentile(latencies, 99)),
      max_ms: round(latencies[latencies.length - 1] ?? 0),
      ring_p50_ms: round(percentile(rings, 50)),
      ring_p99_ms: round(percentile(rings, 99)),
      feed_p50_ms: round(percentile(feeds, 50)),
      feed_p99_ms: round(percentile(feeds, 99)),
      event_loop_busy: round(busy),
      cpu_ms_per_call: round((used.user + used.system) / 1000 / Math.max(1, offered.size)),
      load_avg_before: twoDecimals(loadBefore),
      load_avg_after: twoDecimals(loadAfter),
      cores: availableParallelism(),
    })}\n`,
  );
}
