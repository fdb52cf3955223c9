/**
 * Soak: a working day of inbound traffic, time-compressed, through the PBX
 * simulator (its own process) and callwright's ACD, call records (the
 * batching writer into a SQLite file, so the day's stored calls do not count
 * as process memory) and live feeds, as `npm start` composes them.
 *
 * What it covers: `--concurrent` calls in progress (default 200), each a
 * 3-minute conversation after 4 s of ringing, so calls arrive at
 * concurrent / 184 s (1.09/s at 200), for `--hours` simulated hours
 * (default 8: about 31,300 calls at 200, plus a tenth of that in the
 * warm-up) squeezed into `--minutes` of wall time (default 30). Talk, ringing and arrivals scale by the same factor:
 * concurrency and the number of calls are those of the real day. What does
 * not compress is wall-clock state: the sticky agent remembers callers for
 * its memory (7 days by default), so every new caller of the day is still
 * remembered at its end (each caller here is new: the worst case). The
 * JSON's `simulated_hours` is the calls actually ended over that hourly rate.
 *
 * Method, so that warm-up and load do not read as growth:
 * 1. warm-up: `--warmup` minutes (default a tenth of `--minutes`) of the same
 *    traffic (other callers), then every call ends: code compiled, pools,
 *    buffers and caches sized by a full load;
 * 2. baseline: the idle process, median of 3 readings;
 * 3. the day: `--samples` readings (default 60) evenly over `--minutes`
 *    under full traffic, for the maxima and the trend under load;
 * 4. last: once every call of the day has ended, the idle process again.
 * Every reading follows a full, memory-reducing garbage collection (`gc`
 * when node runs with --expose-gc; the runner does not pass it, so it is
 * fetched through V8's flag; see lib/process-census.ts). Growth is last
 * against baseline: both idle and warm, so anything a finished call leaves
 * behind (heap, handles, timers, listeners on any live EventEmitter) shows,
 * and nothing a call in progress holds does.
 *
 * Usage: `npm run bench -- soak [--hours 8] [--concurrent 200] [--minutes 30] [--warmup 3] [--samples 60]`.
 * Targets: RSS flat within 10%, no growth in handles, timers or listeners.
 * Last line: `{"bench":"soak","simulated_hours":8,"concurrent_calls":200,...}`.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { RuntimeEvent } from '../src/app/acd/runtime.ts';
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
import { migrateToLatest } from '../src/store/migrate.ts';
import { openStore } from '../src/store/store.ts';
import {
  BENCH_DID,
  BENCH_PASSWORD,
  BENCH_USER,
  seedInboundLine,
  startInboundSim,
} from './lib/inbound-line.ts';
import {
  collector,
  growthPct,
  ListenerCensus,
  medianOf,
  type Reading,
  read,
} from './lib/process-census.ts';

/** A conversation of the simulated day, in simulated seconds. */
const TALK_S = 180;
/** Simulated seconds a phone rings before the agent answers. */
const ANSWER_AFTER_S = 4;
/**
 * Least wait for the calls in progress to end after the traffic stops; a
 * quarter of the run when longer: a process that fell behind (a starved
 * machine) has a queue to serve first, and a reading taken with calls still
 * in progress is not an idle one.
 */
const DRAIN_TIMEOUT_MS = 120_000;

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: {
      hours: { type: 'string', default: '8' },
      concurrent: { type: 'string', default: '200' },
      minutes: { type: 'string', default: '30' },
      warmup: { type: 'string' },
      samples: { type: 'string', default: '60' },
    },
  });
  const hours = Number(values.hours);
  const concurrent = Number(values.concurrent);
  const minutes = Number(values.minutes);
  const warmup = values.warmup === undefined ? Math.max(1, minutes / 10) : Number(values.warmup);
  const samples = Math.round(Number(values.samples));
  if (![hours, concurrent, minutes, warmup, samples].every((n) => Number.isFinite(n) && n > 0)) {
    throw new Error(
      '--hours, --concurrent, --minutes, --warmup and --samples take positive numbers',
    );
  }
  return { hours, concurrent, minutes, warmup, samples };
}

/** A reading of the day, with the load at the time. */
interface Sample extends Reading {
  atS: number;
  callsEnded: number;
  /** Calls in the ACD now. */
  inProgress: number;
}

/** Calls seen by the ACD, and a wait for the ones placed so far to be over. */
class CallCount {
  entered = 0;
  refused = 0;
  ended = 0;
  private waiter: { placed: number; resolve: () => void } | undefined;

  note(event: RuntimeEvent): void {
    if (event.type === 'call-changed' && event.from === null) this.entered += 1;
    else if (event.type === 'call-closed') this.ended += 1;
    else if (event.type === 'call-refused') this.refused += 1;
    else return;
    this.check();
  }

  get inProgress(): number {
    return this.entered - this.ended;
  }

  /** True once `placed` calls arrived and every one has ended; false after `timeoutMs`. */
  async drained(placed: number, timeoutMs: number): Promise<boolean> {
    const over = new Promise<true>((resolve) => {
      this.waiter = { placed, resolve: () => resolve(true) };
      this.check();
    });
    const timeout = new AbortController();
    const result = await Promise.race([
      over,
      delay(timeoutMs, false as const, { signal: timeout.signal }).catch(() => false as const),
    ]);
    timeout.abort();
    this.waiter = undefined;
    return result;
  }

  private check(): void {
    const w = this.waiter;
    if (w && this.entered + this.refused >= w.placed && this.ended === this.entered) w.resolve();
  }
}

/** Runs the soak and prints `{"bench":"soak",...}` as the last line. */
export default async function bench(): Promise<void> {
  const { hours, concurrent, minutes, warmup, samples } = options();
  const census = new ListenerCensus();
  census.install();
  const gc = collector();
  const speedup = (hours * 60) / minutes;
  const talkS = TALK_S / speedup;
  const answerAfterS = ANSWER_AFTER_S / speedup;
  // Little's law: calls in progress = arrival rate x time each stays.
  const ratePerS = concurrent / (talkS + answerAfterS);
  const runS = minutes * 60;
  const placed = Math.round(ratePerS * runS);
  const warmupCalls = Math.round(ratePerS * warmup * 60);
  // Enough agents that nobody waits: concurrency is set by the traffic, not by a queue.
  const agents = Math.ceil(concurrent * 1.2) + 10;
  const sim = await startInboundSim(agents, answerAfterS);
  const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: true }));
  const clock: Clock = { now: () => Date.now() };
  const workDir = mkdtempSync(join(tmpdir(), 'bench-soak-'));
  const databaseUrl = `sqlite:${join(workDir, 'soak.sqlite')}`;
  const store = await openStore({ databaseUrl, clock, logger });
  await migrateToLatest(store.knex);
  const agentIds = await seedInboundLine(store, sim.phones, 'Soak');
  const registry = new Registry();
  const config = loadConfig({ RECORD_OUTBOX_PATH: join(workDir, 'records.jsonl') });
  const records = await startRecords({ config, logger, registry, store, clock });
  const ari = createAriClient({
    url: `http://127.0.0.1:${sim.port}`,
    user: BENCH_USER,
    password: BENCH_PASSWORD,
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
  const calls = new CallCount();
  runtime.onEvent((event) => calls.note(event));
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
  const say = (line: string) => process.stderr.write(`soak: ${line}\n`);
  const traffic = (calls: number, seed: number) =>
    sim.child.send({ type: 'traffic', did: BENCH_DID, rate: ratePerS, calls, talkS, seed });
  /** Idle and warm: the median of three readings a second apart. */
  const idle = async () => {
    const readings: Reading[] = [];
    for (let i = 0; i < 3; i += 1) {
      if (i > 0) await delay(1000);
      readings.push(await read(census, gc));
    }
    return medianOf(readings);
  };
  say(
    `${hours} h at ${concurrent} concurrent calls in ${minutes} min (x${Math.round(speedup)}): ` +
      `${placed} calls at ${ratePerS.toFixed(1)}/s, talk ${talkS.toFixed(2)} s, ${agents} agents; ` +
      `warm-up ${warmup} min (${warmupCalls} calls)`,
  );

  // 1-2. Warm-up, then the idle baseline.
  traffic(warmupCalls, 1);
  const warmDrained = await calls.drained(warmupCalls, warmup * 60_000 + DRAIN_TIMEOUT_MS);
  const warmEnded = calls.ended;
  const baseline = await idle();
  say(`baseline ${JSON.stringify({ ...baseline, warmupEnded: warmEnded, drained: warmDrained })}`);

  // 3. The day, read evenly under full traffic.
  const startedAt = performance.now();
  traffic(placed, 2);
  const series: Sample[] = [];
  // Sampling is the measurement's period, not a synchronisation: each reading
  // at its due time from the start, however long the previous one took.
  for (let i = 1; i <= samples; i += 1) {
    await delay(Math.max(0, startedAt + (i * runS * 1000) / samples - performance.now()));
    const s: Sample = {
      atS: Math.round((performance.now() - startedAt) / 100) / 10,
      ...(await read(census, gc)),
      callsEnded: calls.ended - warmEnded,
      inProgress: calls.inProgress,
    };
    series.push(s);
    say(JSON.stringify(s));
  }

  // 4. Every call of the day over: idle again.
  const dayDrained = await calls.drained(
    warmupCalls + placed,
    Math.max(DRAIN_TIMEOUT_MS, (runS * 1000) / 4),
  );
  const dayEnded = calls.ended - warmEnded;
  const last = await idle();
  say(`last ${JSON.stringify({ ...last, dayEnded, drained: dayDrained })}`);

  await runtime.stop();
  await live.close();
  await ari.close();
  await records.close();
  await store.close();
  rmSync(workDir, { recursive: true, force: true });
  await new Promise((resolve) => {
    sim.child.once('exit', resolve);
    sim.child.send('close');
  });

  // The trend under load: medians of the first and last tenth of the day.
  const tenth = Math.max(1, Math.floor(samples / 10));
  const loadStart = medianOf(series.slice(0, tenth));
  const loadEnd = medianOf(series.slice(-tenth));
  const max = (pick: (s: Sample) => number) => Math.max(...series.map(pick));
  /** Baseline, maximum (the day's readings and the idle ones) and last of one figure. */
  const figures = (label: string, name: keyof Reading, unit = '') => ({
    [`${label}_baseline${unit}`]: baseline[name],
    [`${label}_max${unit}`]: Math.max(
      baseline[name],
      last[name],
      max((s) => s[name]),
    ),
    [`${label}_last${unit}`]: last[name],
  });
  const rssGrowth = growthPct(baseline.rssMb, last.rssMb);
  const flat = (name: 'handles' | 'timers' | 'listeners') => last[name] <= baseline[name];
  process.stdout.write(
    `${JSON.stringify({
      bench: 'soak',
      simulated_hours:
        Math.round(((dayEnded * (TALK_S + ANSWER_AFTER_S)) / concurrent / 3600) * 10) / 10,
      concurrent_calls: concurrent,
      wall_minutes: minutes,
      warmup_minutes: warmup,
      speedup: Math.round(speedup * 10) / 10,
      calls_per_s: Math.round(ratePerS * 10) / 10,
      warmup_calls_ended: warmEnded,
      calls_ended: dayEnded,
      drained: warmDrained && dayDrained,
      in_progress_max: max((s) => s.inProgress),
      ...figures('rss', 'rssMb', '_mb'),
      rss_growth_pct: rssGrowth,
      ...figures('heap', 'heapMb', '_mb'),
      heap_growth_pct: growthPct(baseline.heapMb, last.heapMb),
      ...figures('handles', 'handles'),
      ...figures('timers', 'timers'),
      ...figures('listeners', 'listeners'),
      rss_load_start_mb: loadStart.rssMb,
      rss_load_end_mb: loadEnd.rssMb,
      heap_load_start_mb: loadStart.heapMb,
      heap_load_end_mb: loadEnd.heapMb,
      // Only idle readings compare: a run that did not drain meets nothing.
      target_met:
        warmDrained &&
        dayDrained &&
        Math.abs(rssGrowth) <= 10 &&
        flat('handles') &&
        flat('timers') &&
        flat('listeners'),
    })}\n`,
  );
}
