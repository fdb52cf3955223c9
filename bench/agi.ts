// biome-ignore-all lint/suspicious/noTemplateCurlyInString: flow documents write variables as ${name}
/**
 * The IVR over FastAGI under load: 1,000 concurrent calls from the PBX
 * simulator (its own worker thread, wall clock, the shipped dialplan) into
 * our real FastAGI server, IVR runtime and SQLite store. Each caller types
 * ahead through a flow of a prompt, two menus, a collect, SAY DIGITS, a
 * channel variable and a goodbye (about ten AGI commands); prompts play
 * for their real length (about 15 s in all) and calls arrive at 150 a
 * second, so they are all in the IVR at once.
 *
 * Measured:
 * - per-command overhead: the time callwright itself spends between the
 *   reply to one action's AGI command and writing the next one (the
 *   interpreter step, bookkeeping, the session's own writes excluded since
 *   they come after the last command); p50/p99;
 * - AGI round trip of each action as seen by callwright (p99);
 * - memory: heap and RSS growth at peak concurrency, per open session.
 * The last line is JSON. Target: overhead p99 < 5 ms with 1,000 sessions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { Actor } from '../src/app/actor.ts';
import { createIvrRuntime } from '../src/app/ivr/ivr-runtime.ts';
import type { ChannelAction, HandOff, IvrChannel } from '../src/app/ivr/ports.ts';
import { createServices } from '../src/app/services.ts';
import { createAgiServer } from '../src/asterisk/agi/agi-server.ts';
import { AgiIvrChannel } from '../src/asterisk/ivr/agi-ivr-channel.ts';
import { callFactsOf } from '../src/asterisk/ivr/agi-ivr-entry.ts';
import { createHttpLookup } from '../src/asterisk/ivr/http-lookup.ts';
import { createIvrMetrics } from '../src/asterisk/ivr/ivr-metrics.ts';
import { BUILTIN_TTS_ENGINES } from '../src/asterisk/ivr/tts-engines.ts';
import { createIvrStore } from '../src/store/ivr/ivr-store.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { createSecretHasher } from '../src/store/secrets.ts';
import { openStore } from '../src/store/store.ts';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1000);
/**
 * New calls per second. Arrivals are spread (as on a real trunk) so the
 * simulator keeps up: Asterisk gives up on a FastAGI connect after 2 s.
 */
const ARRIVALS_PER_S = Number(process.env.BENCH_ARRIVALS_PER_S ?? 150);
/** Lengths of the flow's prompts in the simulator, in ms. */
const SOUNDS = {
  // Long enough that every call is still in the IVR when the last one arrives.
  welcome: 9000,
  'main-menu': 1500,
  'sub-menu': 1500,
  'enter-pin': 1000,
  goodbye: 700,
  ...Object.fromEntries(Array.from({ length: 10 }, (_, d) => [`digits/${d}`, 400])),
};
const DID = '8100';

const FLOW = {
  schemaVersion: 1,
  id: 'bench',
  name: 'Bench',
  start: 'welcome',
  nodes: {
    welcome: { type: 'play', prompt: 'welcome', next: 'm1' },
    m1: { type: 'menu', prompt: 'main-menu', options: { '1': 'm2' }, onExhausted: 'bye' },
    m2: { type: 'menu', prompt: 'sub-menu', options: { '1': 'pin' }, onExhausted: 'bye' },
    pin: {
      type: 'collect',
      prompt: 'enter-pin',
      minLength: 4,
      maxLength: 4,
      into: 'pin',
      next: 'tag',
      onInvalid: 'bye',
    },
    tag: { type: 'set', variable: 'account', template: 'A-${pin}', channel: true, next: 'say' },
    say: { type: 'say', kind: 'digits', value: '${pin}', next: 'bye' },
    bye: { type: 'hangup', prompt: 'goodbye' },
  },
};

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Times every action of a channel: round trips, and callwright's own time in between. */
class TimedChannel implements IvrChannel {
  private lastReply = 0;
  constructor(
    private readonly inner: IvrChannel,
    private readonly stats: { overhead: number[]; roundTrip: number[] },
  ) {}
  get goneReason() {
    return this.inner.goneReason;
  }
  async answer() {
    await this.inner.answer();
    this.lastReply = performance.now();
  }
  async perform(action: ChannelAction, recording?: string) {
    const start = performance.now();
    if (this.lastReply > 0) this.stats.overhead.push(start - this.lastReply);
    const input = await this.inner.perform(action, recording);
    this.lastReply = performance.now();
    this.stats.roundTrip.push(this.lastReply - start);
    return input;
  }
  async handOff(target: HandOff) {
    if (this.lastReply > 0) this.stats.overhead.push(performance.now() - this.lastReply);
    await this.inner.handOff(target);
  }
}

async function seed(
  store: Awaited<ReturnType<typeof openStore>>,
  ivr: ReturnType<typeof createIvrStore>,
) {
  const logger = pino({ level: 'silent' });
  const clock = { now: () => Date.now() };
  const services = createServices({
    store,
    hasher: createSecretHasher(),
    clock,
    logger,
    ivr: { store: ivr },
  });
  const admin = (await services.auth.authenticate(
    (await services.auth.bootstrapAdmin(undefined))!,
    null,
  )) as Actor;
  const line = await services.businessLines.create(admin, {
    name: 'Bench',
    timezone: 'UTC',
    defaultCountry: 'US',
  });
  const flow = await services.ivr.flows.create(admin, {
    businessLineId: line.id,
    name: 'Bench',
    document: FLOW,
  });
  await services.ivr.flows.publish(admin, flow.id, 'bench');
  await services.ivr.routes.set(admin, DID, flow.id);
}

/** Starts the simulator's worker; resolves with its ARI/control port. */
async function startSimWorker(agiPort: number): Promise<{ worker: Worker; port: number }> {
  const entry = new URL('./agi-sim-server.ts', import.meta.url).href;
  const worker = new Worker(
    `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`,
    {
      eval: true,
      workerData: {
        agiPort,
        dialplanDir: new URL('../dialplan/', import.meta.url).pathname,
        sounds: SOUNDS,
      },
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port: number }) => resolve(m.port));
    worker.once('error', reject);
  });
  return { worker, port };
}

/** The simulator's control API. */
function control(port: number) {
  const headers = {
    authorization: `Basic ${Buffer.from('bench:bench').toString('base64')}`,
    'content-type': 'application/json',
  };
  const url = `http://127.0.0.1:${port}/_sim`;
  return {
    async place(i: number): Promise<void> {
      const r = await fetch(`${url}/calls`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          from: `+1555${String(i).padStart(7, '0')}`,
          to: DID,
          // Typed ahead: the digits wait in the channel until each prompt reads them.
          dtmf: [{ afterMs: 0, digits: `11${String(1000 + (i % 9000))}` }],
        }),
      });
      if (r.status !== 201) throw new Error(`placing a call: ${r.status}`);
    },
    async channels(): Promise<number> {
      const r = await fetch(`${url}/channels`, { headers });
      return ((await r.json()) as unknown[]).length;
    },
  };
}

/** Runs the benchmark and prints `{"bench":"agi",...}` as the last line. */
export default async function bench(): Promise<void> {
  const logger = pino({ level: 'silent' });
  const clock = { now: () => Date.now() };
  const dir = mkdtempSync(join(tmpdir(), 'bench-agi-db-'));
  const databaseUrl = `sqlite:${join(dir, 'bench.sqlite')}`;
  const store = await openStore({ databaseUrl, clock, logger });
  await migrateToLatest(store.knex);
  const ivrStore = createIvrStore(store.knex, clock);
  await seed(store, ivrStore);
  const registry = new Registry();
  const runtime = createIvrRuntime({
    store,
    ivr: ivrStore,
    clock,
    logger,
    metrics: createIvrMetrics(registry),
    http: createHttpLookup(),
    dial: { externalDialString: (n) => `PJSIP/${n}@trunk`, dialTimeoutS: 30 },
    newId: () => crypto.randomUUID(),
  });
  const stats = { overhead: [] as number[], roundTrip: [] as number[] };
  const count = { started: 0, ended: 0, peak: 0, peakHeap: 0, peakRss: 0 };
  runtime.onEvent((e) => {
    if (e.type === 'session-ended') count.ended += 1;
    if (e.type !== 'session-started') return;
    count.started += 1;
    if (runtime.active() <= count.peak) return;
    count.peak = runtime.active();
    const mem = process.memoryUsage();
    count.peakHeap = Math.max(count.peakHeap, mem.heapUsed);
    count.peakRss = Math.max(count.peakRss, mem.rss);
  });
  const channel = { tts: BUILTIN_TTS_ENGINES, recordingDir: '/var/spool/asterisk/recording' };
  const agi = await createAgiServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    registry,
    // Asterisk's own reply time is the simulator's; generous so a loaded machine does not time out.
    commandTimeoutMs: 120_000,
    onSession: async (session) => {
      const call = callFactsOf(session.env);
      if (call) {
        await runtime.runCall(call, new TimedChannel(new AgiIvrChannel(session, channel), stats));
      }
    },
  });
  const { worker, port } = await startSimWorker(agi.port);
  const sim = control(port);
  global.gc?.();
  const base = process.memoryUsage();
  const start = performance.now();
  const placing: Promise<void>[] = [];
  for (let i = 0; i < SESSIONS; i += 1) {
    placing.push(sim.place(i));
    // Pacing of the arrivals only; nothing waits on it for a result.
    if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 10_000 / ARRIVALS_PER_S));
  }
  await Promise.all(placing);
  // Done when the simulator has no call left and every session that started has ended.
  for (;;) {
    const left = await sim.channels();
    process.stderr.write(
      `agi bench: ${count.ended}/${count.started} sessions done, ${left} calls up\n`,
    );
    if (left === 0 && count.ended === count.started) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const seconds = (performance.now() - start) / 1000;
  await new Promise((resolve) => {
    worker.once('exit', resolve);
    worker.postMessage('close');
  });
  await agi.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  const overhead = [...stats.overhead].sort((a, b) => a - b);
  const roundTrip = [...stats.roundTrip].sort((a, b) => a - b);
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const heapGrowth = count.peakHeap - base.heapUsed;
  process.stdout.write(
    `${JSON.stringify({
      bench: 'agi',
      calls: SESSIONS,
      sessions: count.started,
      // Calls whose FastAGI connect Asterisk (the simulator) gave up on after 2 s: a starved machine.
      connect_failures: SESSIONS - count.started,
      peak_concurrent: count.peak,
      actions: roundTrip.length,
      overhead_p50_ms: round(percentile(overhead, 50)),
      overhead_p99_ms: round(percentile(overhead, 99)),
      round_trip_p99_ms: round(percentile(roundTrip, 99)),
      heap_growth_mb: mb(heapGrowth),
      rss_growth_mb: mb(count.peakRss - base.rss),
      kb_per_session: count.peak === 0 ? 0 : Math.round(heapGrowth / 1024 / count.peak),
      seconds: round(seconds),
    })}\n`,
  );
}
