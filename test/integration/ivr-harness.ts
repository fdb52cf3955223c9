// biome-ignore-all lint/suspicious/noTemplateCurlyInString: flow documents write variables as ${name}
/**
 * The IVR end to end for integration tests: the PBX simulator (shipped
 * dialplan, instant virtual clock, agent phone 2001) calls our real
 * FastAGI server, which runs our IVR runtime over a real SQLite store; the
 * ACD runtime takes queued calls over real ARI; a local HTTP server plays
 * the CRM that lookup nodes ask; the real HTTP API serves GraphQL and
 * voicemail audio.
 *
 * Scripted callers react to what the IVR does: when the runtime is about to
 * ask for digits at a node, the caller's next answer for that node is
 * pressed (null: the caller stays silent and the prompt times out). Tests
 * wait on runtime events, never on the clock; the wait's limit only turns
 * an event that never comes into a readable failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createHttpServer } from '../../src/api/server.ts';
import { seedDidTable } from '../../src/app/acd/did-seed.ts';
import { type AcdRuntime, createAcdRuntime, type RuntimeEvent } from '../../src/app/acd/runtime.ts';
import type { Actor } from '../../src/app/actor.ts';
import type { Clock } from '../../src/app/clock.ts';
import { createIvrRuntime, type IvrEvent, type IvrRuntime } from '../../src/app/ivr/ivr-runtime.ts';
import { noIvrMetrics } from '../../src/app/ivr/ports.ts';
import type { IvrStore } from '../../src/app/ivr/store-ports.ts';
import { directRecordSink } from '../../src/app/records/direct-sink.ts';
import { createServices } from '../../src/app/services.ts';
import { createAcdMetrics } from '../../src/asterisk/acd/acd-metrics.ts';
import { createAriAcdLink } from '../../src/asterisk/acd/ari-acd-link.ts';
import { createWallTimers } from '../../src/asterisk/acd/wall-timers.ts';
import { type AgiServer, createAgiServer } from '../../src/asterisk/agi/agi-server.ts';
import { type AriClient, createAriClient } from '../../src/asterisk/ari/client.ts';
import { ivrSessionHandler } from '../../src/asterisk/ivr/agi-ivr-entry.ts';
import { ariRecordingFiles } from '../../src/asterisk/ivr/ari-recording-files.ts';
import { createHttpLookup } from '../../src/asterisk/ivr/http-lookup.ts';
import { BUILTIN_TTS_ENGINES } from '../../src/asterisk/ivr/tts-engines.ts';
import { ASTERISK_RECORDING_DIR } from '../../src/compose-ivr.ts';
import type { FlowDocument } from '../../src/domain/ivr/flow.schema.ts';
import { scheduleSchema } from '../../src/domain/ivr/schedule.ts';
import { VirtualClock } from '../../src/sim/core/clock.ts';
import { type Simulator, startSimulator } from '../../src/sim/simulator.ts';
import { createIvrStore } from '../../src/store/ivr/ivr-store.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createSecretHasher } from '../../src/store/secrets.ts';
import { type OpenedStore, openStore } from '../../src/store/store.ts';
import type { GqlResult } from '../helpers/api.ts';

const USER = 'ivr';
const SECRET = 'ivr-secret';
/** The IVR number of the test flow (an `_8X.` number of the shipped dialplan). */
export const IVR_DID = '8100';
const WAIT_LIMIT_MS = 20_000;

/** Tuesday 10 June 2025, 10:00 in Paris: open. */
export const OPEN_HOURS = Date.UTC(2025, 5, 10, 8);
/** Tuesday 10 June 2025, 23:00 in Paris: closed. */
export const NIGHT = Date.UTC(2025, 5, 10, 21);

/** Numbers on the test line's lists. */
export const BLOCKED = '+33612345678';
export const VIP = '+33698765432';

/** The acceptance flow: firewall, hours, three menu levels, an order lookup spoken by TTS, queue; voicemail at night. */
export function supportFlow(lookupBase: string): FlowDocument {
  return {
    schemaVersion: 1,
    id: 'support',
    name: 'Support line',
    ttsEngine: 'flite',
    start: 'fw',
    nodes: {
      fw: { type: 'firewall', onBlock: 'reject', rejectPrompt: 'blocked', next: 'hours' },
      hours: {
        type: 'schedule',
        scheduleId: 'office',
        periods: { open: 'l1', rest: 'closed', holiday: 'closed' },
      },
      closed: { type: 'play', prompt: 'closed', next: 'vm' },
      vm: {
        type: 'voicemail',
        mailboxId: 'support',
        greeting: 'leave-message',
        maxSeconds: 60,
        askCallback: true,
        callbackPrompt: 'enter-callback',
        next: 'bye',
      },
      bye: { type: 'hangup', prompt: 'goodbye', cause: 16 },
      l1: {
        type: 'menu',
        prompt: 'main-menu',
        options: { '1': 'l2', '0': 'q' },
        invalidPrompt: 'invalid',
        timeoutPrompt: 'no-input',
        maxRetries: 2,
        onExhausted: 'q',
      },
      l2: {
        type: 'menu',
        prompt: 'orders-menu',
        options: { '1': 'l3', '9': 'l1' },
        onExhausted: 'q',
      },
      l3: { type: 'menu', prompt: 'status-menu', options: { '1': 'order' }, onExhausted: 'q' },
      order: {
        type: 'collect',
        prompt: 'enter-order',
        minLength: 6,
        maxLength: 8,
        validation: { kind: 'numeric' },
        into: 'orderId',
        next: 'lookup',
        onInvalid: 'q',
      },
      lookup: {
        type: 'lookup',
        url: `${lookupBase}/orders/\${orderId}`,
        // Long enough for the process's first fetch (undici loads on first use).
        timeoutMs: 2000,
        results: { orderStatus: '$.status' },
        next: 'say',
        onError: 'sorry',
      },
      say: { type: 'say', kind: 'tts', value: 'Order ${orderId} is ${orderStatus}.', next: 'q' },
      sorry: { type: 'play', prompt: 'lookup-failed', next: 'q' },
      q: { type: 'queue', queueId: 'Sales', priority: 5 },
    },
  };
}

/** The CRM the lookup node asks: `/orders/<id>` answers per the test's table. */
class LookupServer {
  readonly hits: string[] = [];
  /** Order id -> [status, body]; unknown ids answer 404. */
  readonly answers = new Map<string, [number, string]>();
  /** Requests held open (a slow endpoint), answered at close. */
  private readonly held = new Set<ServerResponse>();
  private readonly server: Server;

  constructor() {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      this.hits.push(req.url ?? '');
      const id = /^\/orders\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '';
      if (id === 'slow' || id === '999999') {
        this.held.add(res);
        return;
      }
      const [status, body] = this.answers.get(id) ?? [404, '{"error":"no such order"}'];
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A caller's answers at each digit prompt, by node id; null stays silent (a timeout). */
export type Answers = Record<string, Array<string | null>>;

/** Everything a test needs. */
export interface IvrUnderTest {
  sim: Simulator;
  store: OpenedStore;
  ivrStore: IvrStore;
  ivr: IvrRuntime;
  acd: AcdRuntime;
  ari: AriClient;
  lookup: LookupServer;
  lineId: string;
  agentId: string;
  adminKey: string;
  /** The HTTP API (GraphQL and voicemail audio). */
  httpUrl: string;
  /** The instant the IVR reads (schedules). */
  setIvrTime(ms: number): void;
  /** AGI command lines the simulator received, per channel. */
  agiCommands(channelId: string): string[];
  /** Places a call on `to`; its caller answers digit prompts per `answers`. */
  call(from: string, answers?: Answers, to?: string): string;
  /** The session-ended event of a channel (past or future). */
  ended(channelId: string): Promise<Extract<IvrEvent, { type: 'session-ended' }>>;
  waitIvr(what: string, match: (e: IvrEvent) => boolean): Promise<IvrEvent>;
  waitAcd(what: string, match: (e: RuntimeEvent) => boolean): Promise<RuntimeEvent>;
  acdEvents: RuntimeEvent[];
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResult>;
  close(): Promise<void>;
}

/** Observed events with waits that look at the past first. */
function eventLog<E>() {
  const events: E[] = [];
  const waiters = new Set<{ match: (e: E) => boolean; wake: (e: E) => void }>();
  const push = (e: E) => {
    events.push(e);
    for (const w of [...waiters]) if (w.match(e)) w.wake(e);
  };
  const waitFor = (what: string, match: (e: E) => boolean): Promise<E> => {
    const seen = events.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<E>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`no ${what} within ${WAIT_LIMIT_MS} ms`));
      }, WAIT_LIMIT_MS);
      const waiter = {
        match,
        wake: (e: E) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(e);
        },
      };
      waiters.add(waiter);
    });
  };
  return { events, push, waitFor };
}

async function seed(
  store: OpenedStore,
  ivrStore: IvrStore,
  services: ReturnType<typeof createServices>,
  admin: Actor,
  lookupBase: string,
) {
  const line = await services.businessLines.create(admin, {
    name: 'Line',
    timezone: 'Europe/Paris',
    defaultCountry: 'FR',
  });
  const queue = await services.queues.create(admin, {
    businessLineId: line.id,
    name: 'Sales',
    ringTimeoutS: 10,
    wrapUpS: 1,
  });
  const agent = await services.agents.create(admin, {
    businessLineId: line.id,
    name: 'Agent 2001',
    extension: '2001',
    reach: 'sip',
  });
  await services.queues.addMember(admin, queue.id, agent.id, 0);
  const weekday = [{ from: '08:00', to: '18:00' }];
  await ivrStore.schedules.create(
    line.id,
    scheduleSchema.parse({
      id: 'office',
      timezone: 'Europe/Paris',
      week: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
    }),
  );
  await services.ivr.firewall.add(admin, {
    businessLineId: line.id,
    list: 'block',
    match: 'number',
    value: BLOCKED,
    label: 'abuse',
  });
  await services.ivr.firewall.add(admin, {
    businessLineId: line.id,
    list: 'vip',
    match: 'number',
    value: VIP,
    label: 'CEO',
  });
  await services.ivr.voicemail.createMailbox(admin, {
    businessLineId: line.id,
    key: 'support',
    name: 'Support messages',
    queueId: queue.id,
  });
  const flow = await services.ivr.flows.create(admin, {
    businessLineId: line.id,
    name: 'Support line',
    document: supportFlow(lookupBase),
  });
  await services.ivr.flows.publish(admin, flow.id, 'first');
  await services.ivr.routes.set(admin, IVR_DID, flow.id);
  // The IVR number's fallback routing (when the IVR cannot decide).
  await seedDidTable(store, { dids: [{ did: IVR_DID, businessLine: 'Line', queue: 'Sales' }] });
  return { lineId: line.id, agentId: agent.id };
}

/** Starts everything, seeded and connected. */
export async function startIvr(): Promise<IvrUnderTest> {
  const recordingsDir = mkdtempSync(join(tmpdir(), 'ivr-rec-'));
  const logger = pino({ level: 'silent' });
  const wall: Clock = { now: () => Date.now() };
  let ivrNow = OPEN_HOURS;
  const ivrClock: Clock = { now: () => ivrNow };
  const store = await openStore({ databaseUrl: 'sqlite::memory:', clock: wall, logger });
  await migrateToLatest(store.knex);
  const ivrStore = createIvrStore(store.knex, wall);
  const lookup = new LookupServer();
  const lookupBase = await lookup.listen();
  const ivr = createIvrRuntime({
    store,
    ivr: ivrStore,
    clock: ivrClock,
    logger,
    metrics: noIvrMetrics,
    http: createHttpLookup(),
    dial: { externalDialString: (n) => `PJSIP/${n}@trunk`, dialTimeoutS: 30 },
    newId: () => crypto.randomUUID(),
    // Straight into the call records, as the ACD of these tests writes them.
    records: directRecordSink(store.calls),
  });
  const ivrLog = eventLog<IvrEvent>();
  ivr.onEvent(ivrLog.push);
  const agi: AgiServer = await createAgiServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    registry: new Registry(),
    onSession: ivrSessionHandler({
      runtime: ivr,
      channel: { tts: BUILTIN_TTS_ENGINES, recordingDir: ASTERISK_RECORDING_DIR },
      logger,
    }),
  });
  const sim = await startSimulator({
    ariPort: 0,
    amiPort: null,
    ariUser: USER,
    ariPassword: SECRET,
    dialplanDir: new URL('../../dialplan/', import.meta.url).pathname,
    recordingsDir,
    agiTarget: `127.0.0.1:${agi.port}`,
    clock: new VirtualClock({ auto: true, startMs: OPEN_HOURS }),
    phones: ['2001'],
    phoneBehaviour: { registered: true, mode: 'answer', answerAfterS: 0.2 },
  });
  const agiLines = new Map<string, string[]>();
  sim.core.bus.on((e) => {
    if (e.type !== 'AgiExec' || e.end !== undefined) return;
    const list = agiLines.get(e.channel.id) ?? [];
    list.push(e.command);
    agiLines.set(e.channel.id, list);
  });
  const registry = new Registry();
  const ari = createAriClient({
    url: sim.ariUrl,
    user: USER,
    password: SECRET,
    app: 'callwright',
    logger,
    registry,
    reconnect: { minMs: 10, maxMs: 200 },
  });
  const link = createAriAcdLink(ari, 'callwright', logger);
  const acd = createAcdRuntime({
    store,
    control: link.control,
    timers: createWallTimers(wall),
    clock: wall,
    logger,
    metrics: createAcdMetrics(registry),
    rng: () => 0.5,
  });
  link.subscribe((event) => acd.handle(event));
  const acdLog = eventLog<RuntimeEvent>();
  acd.onEvent(acdLog.push);
  // Without the ACD: the tests drive agents on the runtime, which loads the seeded configuration at start.
  const services = createServices({
    store,
    hasher: createSecretHasher(),
    clock: wall,
    logger,
    ivr: { store: ivrStore, recordings: ariRecordingFiles(ari) },
  });
  const adminKey = (await services.auth.bootstrapAdmin(undefined))!;
  const admin = (await services.auth.authenticate(adminKey, null)) as Actor;
  const seeded = await seed(store, ivrStore, services, admin, lookupBase);
  await acd.start();
  await ari.connect();
  const http = createHttpServer({ services, logger, registry, readiness: [] });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const scripts = new Map<string, Answers>();
  ivr.onEvent((e) => {
    if (e.type !== 'action' || e.action.type !== 'get-digits' || e.nodeId === null) return;
    const answer = scripts.get(e.channelId)?.[e.nodeId]?.shift();
    // Pressed before the command reaches the PBX: the digits wait in the channel's buffer.
    if (answer !== undefined && answer !== null) sim.control.pressDigits(e.channelId, answer);
  });

  return {
    sim,
    store,
    ivrStore,
    ivr,
    acd,
    ari,
    lookup,
    ...seeded,
    adminKey,
    httpUrl,
    setIvrTime: (ms) => {
      ivrNow = ms;
    },
    agiCommands: (channelId) => agiLines.get(channelId) ?? [],
    call(from, answers = {}, to = IVR_DID) {
      const { channelId } = sim.control.placeCall({ from, to });
      scripts.set(channelId, structuredClone(answers));
      return channelId;
    },
    ended: (channelId) =>
      ivrLog.waitFor(
        `the end of ${channelId}'s IVR session`,
        (e) => e.type === 'session-ended' && e.channelId === channelId,
      ) as Promise<Extract<IvrEvent, { type: 'session-ended' }>>,
    waitIvr: ivrLog.waitFor,
    waitAcd: acdLog.waitFor,
    acdEvents: acdLog.events,
    async gql(query, variables = {}) {
      const res = await fetch(`${httpUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GqlResult;
    },
    async close() {
      await http.shutdown();
      await acd.stop();
      await ari.close();
      await sim.close();
      await agi.close();
      await lookup.close();
      await store.close();
      rmSync(recordingsDir, { recursive: true, force: true });
    },
  };
}
