/**
 * The ACD end to end for integration tests: the PBX simulator (ports 0,
 * the shipped dialplan, agent phones 2001 and 2002), our real ARI client
 * and ACD runtime with wall-clock timers, a real SQLite store, and the real
 * GraphQL handler. One line "Line" with queue "Sales" reached on DID 5001;
 * each agent has a user with role agent and an API key. Tests wait on
 * runtime events (`waitFor`), never on the clock; the wait's time limit
 * only turns an event that never comes into a readable failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createGraphqlHandler } from '../../src/api/server.ts';
import { seedDidTable } from '../../src/app/acd/did-seed.ts';
import type { CallControl } from '../../src/app/acd/ports.ts';
import { type AcdRuntime, createAcdRuntime, type RuntimeEvent } from '../../src/app/acd/runtime.ts';
import type { Actor } from '../../src/app/actor.ts';
import type { Clock } from '../../src/app/clock.ts';
import { createLocalLiveBus, type LiveBus } from '../../src/app/live/live-bus.ts';
import { createLivePublisher } from '../../src/app/live/live-publisher.ts';
import type { RecordSink } from '../../src/app/records/ports.ts';
import { createServices, type Services } from '../../src/app/services.ts';
import { createAcdMetrics } from '../../src/asterisk/acd/acd-metrics.ts';
import { createAriAcdLink } from '../../src/asterisk/acd/ari-acd-link.ts';
import { createWallTimers } from '../../src/asterisk/acd/wall-timers.ts';
import {
  type AriClient,
  type BackoffOptions,
  createAriClient,
} from '../../src/asterisk/ari/client.ts';
import type { QueueStrategy } from '../../src/domain/directory/entities.ts';
import type { PhoneBehaviour } from '../../src/sim/core/behaviours.ts';
import { type Simulator, startSimulator } from '../../src/sim/simulator.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createSecretHasher } from '../../src/store/secrets.ts';
import { type OpenedStore, openStore } from '../../src/store/store.ts';
import type { GqlResult } from '../helpers/api.ts';

const USER = 'acd';
const SECRET = 'acd-secret';
/** The DID of queue Sales. */
export const DID = '5001';
/** Longest a test waits for one event before it fails with a message saying what it waited for. */
export const WAIT_LIMIT_MS = 20_000;

/** Options of {@link startAcd}. */
export interface AcdOptions {
  strategy?: QueueStrategy;
  ringTimeoutS?: number;
  wrapUpS?: number;
  /** Behaviour of phones 2001 and 2002 (default: answer after 0.2 s). */
  phone?: Partial<PhoneBehaviour>;
  /** Where the runtime hands call records (default: straight to the store). */
  records?: (store: OpenedStore) => RecordSink;
  /** The database (default: a fresh in-memory SQLite one); migrated here. */
  databaseUrl?: string;
  /** Where everything logs (default: nowhere). */
  logger?: pino.Logger;
  /** The ARI URL the client uses, given the simulator (default the simulator's own). */
  ariUrl?: (sim: Simulator) => Promise<string>;
  /** The ARI client's reconnect backoff (default 10 ms doubling to 200 ms). */
  ariReconnect?: BackoffOptions;
  /** AMI users of the simulator, name -> secret (default: no AMI). */
  amiUsers?: Record<string, string>;
}

/** A running ACD with everything around it. */
export interface AcdUnderTest {
  sim: Simulator;
  runtime: AcdRuntime;
  /** The ARI call control the runtime uses. */
  control: CallControl;
  store: OpenedStore;
  ari: AriClient;
  /** The services behind the API (to serve them over a real HTTP server). */
  services: Services;
  /** The live bus the runtime's events are published on. */
  bus: LiveBus;
  queueId: string;
  /** Agent ids of extensions 2001 and 2002. */
  agents: [string, string];
  /** API keys of the agents' users. */
  tokens: [string, string];
  adminKey: string;
  /** Runtime events so far. */
  events: RuntimeEvent[];
  /** Per ARI (re)connect, how many legs the reconcile found missing. */
  reconciled: number[];
  /** The first event matching `match` at index `after` or later of `events` (past or future). */
  waitFor(what: string, match: (e: RuntimeEvent) => boolean, after?: number): Promise<RuntimeEvent>;
  gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult>;
  agentGid(i: 0 | 1): string;
  close(): Promise<void>;
}

async function seedLine(services: ReturnType<typeof createServices>, admin: Actor, o: AcdOptions) {
  const line = await services.businessLines.create(admin, {
    name: 'Line',
    timezone: 'Europe/Paris',
    defaultCountry: 'FR',
  });
  const queue = await services.queues.create(admin, {
    businessLineId: line.id,
    name: 'Sales',
    strategy: o.strategy ?? 'longest-idle',
    ringTimeoutS: o.ringTimeoutS ?? 5,
    wrapUpS: o.wrapUpS ?? 1,
  });
  const agents: string[] = [];
  const tokens: string[] = [];
  for (const ext of ['2001', '2002']) {
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
  return {
    queueId: queue.id,
    agents: agents as [string, string],
    tokens: tokens as [string, string],
  };
}

/** The runtime's events so far, and a wait for the first one matching (past or future). */
export function eventLog(runtime: AcdRuntime) {
  const events: RuntimeEvent[] = [];
  const waiters = new Set<{
    match: (e: RuntimeEvent) => boolean;
    wake: (e: RuntimeEvent) => void;
  }>();
  runtime.onEvent((e) => {
    events.push(e);
    for (const w of [...waiters]) if (w.match(e)) w.wake(e);
  });
  const waitFor = (what: string, match: (e: RuntimeEvent) => boolean, after = 0) => {
    const seen = events.slice(after).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<RuntimeEvent>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(
          new Error(`no ${what} within ${WAIT_LIMIT_MS} ms; events: ${JSON.stringify(events)}`),
        );
      }, WAIT_LIMIT_MS);
      const waiter = {
        match,
        wake: (e: RuntimeEvent) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(e);
        },
      };
      waiters.add(waiter);
    });
  };
  return { events, waitFor };
}

/** Starts the simulator, the store, the API and the ACD, connected. */
export async function startAcd(o: AcdOptions = {}): Promise<AcdUnderTest> {
  const recordingsDir = mkdtempSync(join(tmpdir(), 'acd-rec-'));
  const phone = { registered: true, mode: 'answer', answerAfterS: 0.2, ...o.phone } as const;
  const sim = await startSimulator({
    ariPort: 0,
    amiPort: o.amiUsers ? 0 : null,
    ...(o.amiUsers ? { amiUsers: o.amiUsers, amiAuthFailDelayMs: 0 } : {}),
    ariUser: USER,
    ariPassword: SECRET,
    dialplanDir: new URL('../../dialplan/', import.meta.url).pathname,
    recordingsDir,
    phones: ['2001', '2002'],
    phoneBehaviour: phone,
  });
  const logger = o.logger ?? pino({ level: 'silent' });
  const clock: Clock = { now: () => Date.now() };
  const store = await openStore({
    databaseUrl: o.databaseUrl ?? 'sqlite::memory:',
    clock,
    logger,
  });
  await migrateToLatest(store.knex);
  const registry = new Registry();
  const ari = createAriClient({
    url: o.ariUrl ? await o.ariUrl(sim) : sim.ariUrl,
    user: USER,
    password: SECRET,
    app: 'callwright',
    logger,
    registry,
    reconnect: o.ariReconnect ?? { minMs: 10, maxMs: 200 },
  });
  const link = createAriAcdLink(ari, 'callwright', logger);
  const runtime = createAcdRuntime({
    store,
    control: link.control,
    timers: createWallTimers(clock),
    clock,
    logger,
    metrics: createAcdMetrics(registry),
    rng: () => 0.5,
    ...(o.records ? { records: o.records(store) } : {}),
  });
  link.subscribe((event) => runtime.handle(event));
  const reconciled: number[] = [];
  ari.onReconnect(async () => {
    reconciled.push(await runtime.reconcile((await ari.channels.list()).map((c) => c.id)));
  });
  // A failing subscriber is a bug: surface it instead of logging it silently.
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
  const services = createServices({
    store,
    hasher: createSecretHasher(),
    clock,
    logger,
    acd: runtime,
    bus,
  });
  const yoga = createGraphqlHandler({ services, logger });
  const adminKey = (await services.auth.bootstrapAdmin(undefined))!;
  const admin = (await services.auth.authenticate(adminKey, null)) as Actor;
  const seeded = await seedLine(services, admin, o);
  await seedDidTable(store, { dids: [{ did: DID, businessLine: 'Line', queue: 'Sales' }] });
  const { events, waitFor } = eventLog(runtime);
  await runtime.start();
  await ari.connect();

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
    control: link.control,
    store,
    ari,
    services,
    bus,
    ...seeded,
    adminKey,
    events,
    reconciled,
    waitFor,
    gql,
    agentGid: (i) => encodeGlobalID('Agent', seeded.agents[i]),
    async close() {
      await runtime.stop();
      await live.close();
      await ari.close();
      await sim.close();
      await store.close();
      rmSync(recordingsDir, { recursive: true, force: true });
    },
  };
}

/** Agent state changes of one agent, as `status` strings in order. */
export function statusesOf(acd: AcdUnderTest, agentId: string): string[] {
  return acd.events.flatMap((e) =>
    e.type === 'agent-state-changed' && e.agentId === agentId ? [e.to] : [],
  );
}

/** Waits until `agentId` moves to `status`, looking at events from index `after` on. */
export function waitForStatus(acd: AcdUnderTest, agentId: string, status: string, after = 0) {
  return acd.waitFor(
    `agent ${agentId} ${status}`,
    (e) => e.type === 'agent-state-changed' && e.agentId === agentId && e.to === status,
    after,
  );
}
