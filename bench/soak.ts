/**
 * Soak: a working day of inbound traffic, time-compressed, through the PBX
 * simulator (its own process) and callwright's ACD, call records (the
 * batching writer into a SQLite file, so the day's stored calls do not count
 * as process memory) and live feeds, as `npm start` composes them.
 * `--hours` simulated hours (default 8) at `--concurrent` calls in progress
 * (default 200), each a 3-minute conversation, squeezed into `--minutes` of
 * wall time (default 30): talk and arrival rate scale by the same factor,
 * so concurrency is that of the real day and the number of calls too.
 *
 * Every `--samples`-th of the run (default 60 samples) it records RSS, heap,
 * active handles and timers (process.getActiveResourcesInfo()) and the
 * listeners on every live EventEmitter (counted on each emitter that ever got
 * one), each after a full garbage collection. Start figures are the medians
 * of the second tenth of the run (warm, at full concurrency), end figures
 * those of the last tenth, still under full traffic: both see the same load.
 *
 * Usage: `npm run bench -- soak [--hours 8] [--concurrent 200] [--minutes 30] [--samples 60]`.
 * Targets: RSS flat within 10%, no growth in handles, timers or listeners.
 * Last line: `{"bench":"soak","simulated_hours":8,"concurrent_calls":200,...}`.
 */

import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pino from 'pino';
import { Registry } from 'prom-client';
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

/** A conversation of the simulated day, in simulated seconds. */
const TALK_S = 180;
/** Simulated seconds a phone rings before the agent answers. */
const ANSWER_AFTER_S = 4;

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: {
      hours: { type: 'string', default: '8' },
      concurrent: { type: 'string', default: '200' },
      minutes: { type: 'string', default: '30' },
      samples: { type: 'string', default: '60' },
    },
  });
  const hours = Number(values.hours);
  const concurrent = Number(values.concurrent);
  const minutes = Number(values.minutes);
  const samples = Math.round(Number(values.samples));
  if (![hours, concurrent, minutes, samples].every((n) => Number.isFinite(n) && n > 0)) {
    throw new Error('--hours, --concurrent, --minutes and --samples take positive numbers');
  }
  return { hours, concurrent, minutes, samples };
}

/** Every emitter that ever got a listener, held weakly, to count live listeners. */
class ListenerCensus {
  private readonly emitters = new Set<WeakRef<EventEmitter>>();
  private readonly seen = new WeakSet<EventEmitter>();

  install(): void {
    const census = this;
    for (const name of ['on', 'addListener', 'once', 'prependListener'] as const) {
      const original = EventEmitter.prototype[name];
      EventEmitter.prototype[name] = function (this: EventEmitter, ...args: unknown[]) {
        census.note(this);
        return (original as (...a: unknown[]) => EventEmitter).apply(this, args);
      } as (typeof EventEmitter.prototype)[typeof name];
    }
  }

  private note(emitter: EventEmitter): void {
    if (this.seen.has(emitter)) return;
    this.seen.add(emitter);
    this.emitters.add(new WeakRef(emitter));
  }

  /** Listeners on emitters still alive (dead ones are dropped). */
  count(): number {
    let total = 0;
    for (const ref of this.emitters) {
      const emitter = ref.deref();
      if (!emitter) {
        this.emitters.delete(ref);
        continue;
      }
      for (const event of emitter.eventNames()) total += emitter.listenerCount(event);
    }
    return total;
  }
}

interface Sample {
  atS: number;
  rssMb: number;
  heapMb: number;
  handles: number;
  timers: number;
  listeners: number;
  callsEnded: number;
  /** Calls in the ACD now: the load at the time of the sample. */
  inProgress: number;
}

/**
 * A full collection before each sample, so that garbage not yet collected
 * (emitters of finished calls, freed heap) does not read as growth or noise.
 */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function sample(
  census: ListenerCensus,
  gc: () => void,
  startedAt: number,
  calls: { entered: number; ended: number },
): Sample {
  gc();
  const resources = process.getActiveResourcesInfo();
  const memory = process.memoryUsage();
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  return {
    atS: Math.round((performance.now() - startedAt) / 100) / 10,
    rssMb: mb(memory.rss),
    heapMb: mb(memory.heapUsed),
    handles: resources.filter((r) => r !== 'Timeout' && r !== 'Immediate').length,
    timers: resources.filter((r) => r === 'Timeout').length,
    listeners: census.count(),
    callsEnded: calls.ended,
    inProgress: calls.entered - calls.ended,
  };
}

const growthPct = (start: number, end: number) =>
  start === 0 ? 0 : Math.round(((end - start) / start) * 1000) / 10;

/** Runs the soak and prints `{"bench":"soak",...}` as the last line. */
export default async function bench(): Promise<void> {
  const { hours, concurrent, minutes, samples } = options();
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
  const calls = { entered: 0, ended: 0 };
  runtime.onEvent((event) => {
    if (event.type === 'call-changed' && event.from === null) calls.entered += 1;
    else if (event.type === 'call-closed') calls.ended += 1;
  });
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
  process.stderr.write(
    `soak: ${hours} h at ${concurrent} concurrent calls in ${minutes} min (x${Math.round(speedup)}): ` +
      `${placed} calls at ${ratePerS.toFixed(1)}/s, talk ${talkS.toFixed(2)} s, ${agents} agents\n`,
  );
  const startedAt = performance.now();
  sim.child.send({ type: 'traffic', did: BENCH_DID, rate: ratePerS, calls: placed, talkS });
  const series: Sample[] = [];
  // Sampling is the measurement's period, not a synchronisation.
  for (let i = 1; i <= samples; i += 1) {
    await delay((runS * 1000) / samples);
    const s = sample(census, gc, startedAt, calls);
    series.push(s);
    process.stderr.write(`soak: ${JSON.stringify(s)}\n`);
  }
  // Start: the second tenth of the run (warm, at full concurrency); end: the last tenth.
  // Medians of each window, so one sample taken mid-burst does not decide.
  const tenth = Math.max(1, Math.floor(samples / 10));
  const warm = series.slice(tenth, 2 * tenth);
  const tail = series.slice(-tenth);
  const median = (window: Sample[], pick: (s: Sample) => number) => {
    const sorted = window.map(pick).sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
  };
  const at = (window: Sample[]) => ({
    rssMb: median(window, (x) => x.rssMb),
    heapMb: median(window, (x) => x.heapMb),
    handles: median(window, (x) => x.handles),
    timers: median(window, (x) => x.timers),
    listeners: median(window, (x) => x.listeners),
    inProgress: median(window, (x) => x.inProgress),
  });
  const first = at(warm.length > 0 ? warm : series.slice(0, 1));
  const last = at(tail);
  const max = (pick: (s: Sample) => number) => Math.max(...series.map(pick));
  const ended = series.at(-1)?.callsEnded ?? 0;

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
  process.stdout.write(
    `${JSON.stringify({
      bench: 'soak',
      simulated_hours: hours,
      concurrent_calls: concurrent,
      wall_minutes: minutes,
      speedup: Math.round(speedup * 10) / 10,
      calls_ended: ended,
      in_progress_start: first.inProgress,
      in_progress_end: last.inProgress,
      rss_start_mb: first.rssMb,
      rss_end_mb: last.rssMb,
      rss_max_mb: max((s) => s.rssMb),
      rss_growth_pct: growthPct(first.rssMb, last.rssMb),
      heap_start_mb: first.heapMb,
      heap_end_mb: last.heapMb,
      heap_growth_pct: growthPct(first.heapMb, last.heapMb),
      handles_start: first.handles,
      handles_end: last.handles,
      handles_max: max((x) => x.handles),
      timers_start: first.timers,
      timers_end: last.timers,
      timers_max: max((x) => x.timers),
      listeners_start: first.listeners,
      listeners_end: last.listeners,
      listeners_max: max((x) => x.listeners),
    })}\n`,
  );
}
