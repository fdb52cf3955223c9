/**
 * The dialer end to end for integration tests: the PBX simulator (ports 0,
 * the shipped dialplan, `agents` agent phones 2001...), the real ARI client,
 * ACD runtime, dialer engine and dialer service with wall-clock timers, a
 * real SQLite store, the live publisher and the real GraphQL handler. One
 * line "Line" (Europe/Paris, FR) with queue "Sales" holding every agent;
 * each agent has a user with role agent and an API key. Dialer call events
 * are collected, and so are the ACD runtime's events (a broadcast callee
 * handed into the queue); `until` waits on both (its time limit, restarted
 * by every event, only turns a stall into a readable failure).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createGraphqlHandler } from '../../src/api/server.ts';
import type { RuntimeEvent } from '../../src/app/acd/core.ts';
import { type AcdRuntime, createAcdRuntime } from '../../src/app/acd/runtime.ts';
import type { Actor } from '../../src/app/actor.ts';
import type { Clock } from '../../src/app/clock.ts';
import { publishDialerPops } from '../../src/app/dialer/dialer-pops.ts';
import { createDialerService } from '../../src/app/dialer/dialer-service.ts';
import { createDialerEngine, type DialerCallEvent } from '../../src/app/dialer/engine.ts';
import type { DialerStore } from '../../src/app/dialer/ports.ts';
import { createLocalLiveBus, type LiveBus } from '../../src/app/live/live-bus.ts';
import { createLivePublisher } from '../../src/app/live/live-publisher.ts';
import { createServices, type Services } from '../../src/app/services.ts';
import { createAcdMetrics } from '../../src/asterisk/acd/acd-metrics.ts';
import { createAriAcdLink } from '../../src/asterisk/acd/ari-acd-link.ts';
import { createWallTimers } from '../../src/asterisk/acd/wall-timers.ts';
import { createAriClient } from '../../src/asterisk/ari/client.ts';
import { createAriDialerLink } from '../../src/asterisk/dialer/dialer-ari.ts';
import type { PhoneBehaviour } from '../../src/sim/core/behaviours.ts';
import { type Simulator, startSimulator } from '../../src/sim/simulator.ts';
import { openCsv } from '../../src/store/dialer/csv-source.ts';
import { createDialerStore } from '../../src/store/dialer/dialer-store.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createSecretHasher } from '../../src/store/secrets.ts';
import { type OpenedStore, openStore } from '../../src/store/store.ts';
import type { GqlResult } from '../helpers/api.ts';

const USER = 'dialer';
const SECRET = 'dialer-secret';
/** Longest a wait goes without any dialer event before it fails saying what it waited for. */
const STALL_LIMIT_MS = 20_000;

/** A running dialer with everything around it. */
export interface DialerUnderTest {
  sim: Simulator;
  runtime: AcdRuntime;
  store: OpenedStore;
  dialer: DialerStore;
  services: Services;
  bus: LiveBus;
  lineId: string;
  queueId: string;
  /** Agent ids of extensions 2001, 2002... */
  agents: string[];
  /** API keys of the agents' users, in the order of `agents`. */
  tokens: string[];
  adminKey: string;
  /** Dialer call events so far. */
  events: DialerCallEvent[];
  /** ACD runtime events so far. */
  acdEvents: RuntimeEvent[];
  /** Resolves once `done()` holds, checked after every dialer call event. */
  until(what: string, done: () => boolean | Promise<boolean>): Promise<void>;
  gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult>;
  gid(type: string, id: string): string;
  close(): Promise<void>;
}

/** Starts everything with `agents` agent phones (default 2). */
export async function startDialer(
  o: { agents?: number; phone?: Partial<PhoneBehaviour> } = {},
): Promise<DialerUnderTest> {
  const count = o.agents ?? 2;
  const extensions = Array.from({ length: count }, (_, i) => String(2001 + i));
  const recordingsDir = mkdtempSync(join(tmpdir(), 'dialer-rec-'));
  const sim = await startSimulator({
    ariPort: 0,
    amiPort: null,
    ariUser: USER,
    ariPassword: SECRET,
    dialplanDir: new URL('../../dialplan/', import.meta.url).pathname,
    recordingsDir,
    phones: extensions,
    phoneBehaviour: { registered: true, mode: 'answer', answerAfterS: 0.1, ...o.phone },
  });
  const logger = pino({ level: process.env.DIALER_TEST_LOG ?? 'silent' });
  const clock: Clock = { now: () => Date.now() };
  const store = await openStore({ databaseUrl: 'sqlite::memory:', clock, logger });
  await migrateToLatest(store.knex);
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
  const acdLink = createAriAcdLink(ari, 'callwright', logger);
  const runtime = createAcdRuntime({
    store,
    control: acdLink.control,
    timers: createWallTimers(clock),
    clock,
    logger,
    metrics: createAcdMetrics(registry),
    rng: () => 0.5,
  });
  acdLink.subscribe((event) => runtime.handle(event));
  const bus = createLocalLiveBus((error) => {
    queueMicrotask(() => {
      throw error;
    });
  });
  const live = createLivePublisher({
    runtime,
    store,
    bus,
    timers: createWallTimers(clock),
    clock,
    logger,
  });
  const dialer = createDialerStore(store.knex, clock);
  const dialerLink = createAriDialerLink(ari, 'callwright');
  const engine = createDialerEngine({
    store: dialer,
    directory: store,
    control: dialerLink.control,
    agents: runtime.outbound,
    timers: createWallTimers(clock),
    clock,
    logger,
  });
  dialerLink.subscribe((event) => engine.handle(event));
  publishDialerPops({ engine, bus, clock });
  const dialerService = createDialerService({
    store,
    dialer,
    engine,
    openCsv,
    clock,
    logger,
  });
  const services = createServices({
    store,
    hasher: createSecretHasher(),
    clock,
    logger,
    acd: runtime,
    dialer: dialerService,
    bus,
  });
  const yoga = createGraphqlHandler({ services, logger });
  const adminKey = (await services.auth.bootstrapAdmin(undefined))!;
  const admin = (await services.auth.authenticate(adminKey, null)) as Actor;
  const line = await services.businessLines.create(admin, {
    name: 'Line',
    timezone: 'Europe/Paris',
    defaultCountry: 'FR',
  });
  const queue = await services.queues.create(admin, {
    businessLineId: line.id,
    name: 'Sales',
    strategy: 'longest-idle',
    ringTimeoutS: 5,
    wrapUpS: 0,
  });
  const agents: string[] = [];
  const tokens: string[] = [];
  for (const ext of extensions) {
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
    tokens.push((await services.auth.createApiKey(admin, user.id, 'tests')).secret);
    agents.push(agent.id);
  }

  const events: DialerCallEvent[] = [];
  const waiters = new Set<() => void>();
  engine.onEvent((e) => {
    events.push(e);
    for (const w of [...waiters]) w();
  });
  const acdEvents: RuntimeEvent[] = [];
  runtime.onEvent((e) => {
    acdEvents.push(e);
    for (const w of [...waiters]) w();
  });
  // The limit restarts at every dialer event: a long campaign may take as long as it
  // needs while calls keep moving; only a stall fails, naming what it waited for.
  const until = (what: string, done: () => boolean | Promise<boolean>) =>
    new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no ${what}: nothing moved for ${STALL_LIMIT_MS} ms (${events.length} events)`,
            ),
          );
        }, STALL_LIMIT_MS);
      };
      let checking = false;
      const check = () => {
        arm();
        if (checking) return;
        checking = true;
        void Promise.resolve(done()).then(
          (ok) => {
            checking = false;
            if (!ok) return;
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          },
          (error: unknown) => {
            clearTimeout(timer);
            waiters.delete(check);
            reject(error);
          },
        );
      };
      waiters.add(check);
      check();
    });

  await runtime.start();
  await ari.connect();
  await engine.start();

  async function gql(query: string, variables: Record<string, unknown> = {}, token = adminKey) {
    const response = await yoga.fetch('http://callwright.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GqlResult;
  }

  return {
    sim,
    runtime,
    store,
    dialer,
    services,
    bus,
    lineId: line.id,
    queueId: queue.id,
    agents,
    tokens,
    adminKey,
    events,
    acdEvents,
    until,
    gql,
    gid: (type, id) => encodeGlobalID(type, id),
    async close() {
      await engine.stop();
      await runtime.stop();
      await live.close();
      await ari.close();
      await sim.close();
      await store.close();
      rmSync(recordingsDir, { recursive: true, force: true });
    },
  };
}
