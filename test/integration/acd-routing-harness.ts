/**
 * A configurable ACD for the routing scenario tests: the PBX simulator
 * (ports 0, the shipped dialplan, one phone per agent, FastAGI calls to a
 * FastAGI server of ours that only records the paths it is asked for), our
 * real ARI client and ACD runtime on wall-clock timers, a real SQLite store
 * and the real GraphQL handler. The world is described as data (skills,
 * queues, agents with their queues and skills, DID routes, VIP callers,
 * ACD settings) and built through GraphQL where the API offers it, so the
 * scenarios drive the same paths an integrator does.
 *
 * Tests wait on runtime events (`waitFor`), never on the clock; the wait's
 * time limit only turns an event that never comes into a readable failure.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createGraphqlHandler } from '../../src/api/server.ts';
import { type AcdRuntime, createAcdRuntime, type RuntimeEvent } from '../../src/app/acd/runtime.ts';
import type { Actor } from '../../src/app/actor.ts';
import type { Clock } from '../../src/app/clock.ts';
import { createServices } from '../../src/app/services.ts';
import { createAcdMetrics } from '../../src/asterisk/acd/acd-metrics.ts';
import { createAriAcdLink } from '../../src/asterisk/acd/ari-acd-link.ts';
import { createWallTimers } from '../../src/asterisk/acd/wall-timers.ts';
import { type AgiServer, createAgiServer } from '../../src/asterisk/agi/agi-server.ts';
import { type AriClient, createAriClient } from '../../src/asterisk/ari/client.ts';
import type { CallLeg, CallRecord } from '../../src/domain/call/call-record.ts';
import type { QueueStrategy } from '../../src/domain/directory/entities.ts';
import type { CalleeRule, PhoneBehaviour } from '../../src/sim/core/behaviours.ts';
import { type Simulator, startSimulator } from '../../src/sim/simulator.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createSecretHasher } from '../../src/store/secrets.ts';
import { type OpenedStore, openStore } from '../../src/store/store.ts';
import type { GqlResult } from '../helpers/api.ts';
import { eventLog, WAIT_LIMIT_MS } from './acd-harness.ts';

const USER = 'routing';
const SECRET = 'routing-secret';
/** Longest a test waits for one event before it fails with a message saying what it waited for. */

/** A queue of the world. */
export interface QueueSpec {
  name: string;
  strategy?: QueueStrategy;
  ringTimeoutS?: number;
  wrapUpS?: number;
  maxWaitS?: number;
  maxLength?: number;
  /** Skill name -> minimum level. */
  requiredSkills?: Record<string, number>;
  /** `acdSettings` of QueueInput, as GraphQL variables (queues named in it as `queue:<name>`). */
  acdSettings?: Record<string, unknown>;
}

/** An agent of the world: its phone is PJSIP/<ext>. */
export interface AgentSpec {
  ext: string;
  /** Queue names, joined in this order (the membership order). */
  queues: string[];
  /** Penalty per queue name (linear strategy); default 0. */
  penalties?: Record<string, number>;
  /** Skill name -> level. */
  skills?: Record<string, number>;
  phone?: Partial<PhoneBehaviour>;
  /** A remote agent (ACD-10): reached on this number through the trunk instead of PJSIP/<ext>. */
  external?: string;
}

/** A DID route: to a queue, an agent (by extension) or an IVR flow. */
export interface RouteSpec {
  did: string;
  queue?: string;
  agent?: string;
  ivrFlow?: string;
}

/** The world. */
export interface WorldSpec {
  skills?: string[];
  queues: QueueSpec[];
  agents: AgentSpec[];
  routes: RouteSpec[];
  /** VIP callers of the line: number and dedicated agents' extensions. */
  vips?: { number: string; agents?: string[] }[];
  /** The random strategy's source (a seeded generator). */
  rng?: () => number;
  /** Trunk callees (numbers dialled through the trunk) instead of the simulator's defaults. */
  callees?: CalleeRule[];
}

/** A running world. */
export interface RoutingWorld {
  sim: Simulator;
  runtime: AcdRuntime;
  store: OpenedStore;
  ari: AriClient;
  lineId: string;
  /** Queue ids by name. */
  queues: Record<string, string>;
  /** Agent ids by extension. */
  agents: Record<string, string>;
  /** FastAGI request paths the dialplan asked our FastAGI server for. */
  agiPaths: string[];
  /** Resolves with the first FastAGI request path (past or future). */
  agiRequested(): Promise<string>;
  events: RuntimeEvent[];
  waitFor(what: string, match: (e: RuntimeEvent) => boolean, after?: number): Promise<RuntimeEvent>;
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResult>;
  /** Logs an agent in through GraphQL (free at once, or already offered a waiting call). */
  ready(ext: string): Promise<void>;
  /** Places a call on the trunk; returns the caller's channel id. */
  call(from: string, to: string): string;
  /** Waits until `callId` is bridged with an agent; returns the agent's extension. */
  answeredBy(callId: string): Promise<string>;
  /** Waits until the call's record is written and closed; returns it with its legs. */
  closed(callId: string): Promise<{ record: CallRecord; legs: CallLeg[] }>;
  /** Extension of an agent id. */
  extOf(agentId: string): string;
  /** Agent id of an extension (throws for an unknown one). */
  agentId(ext: string): string;
  close(): Promise<void>;
}

/** Throws with the whole result when a mutation gave a Problem or errors. */
function data<T>(result: GqlResult, what: string): T {
  const r = result.data?.r as { __typename?: string; data?: T } | undefined;
  if (result.errors?.length || r === undefined || r.__typename === 'Problem') {
    throw new Error(`${what} failed: ${JSON.stringify(result)}`);
  }
  return r.data as T;
}

/** Replaces `queue:<name>` strings in settings by the queue's global ID. */
function withQueueIds(value: unknown, queues: Record<string, string>): unknown {
  if (typeof value === 'string' && value.startsWith('queue:')) {
    const id = queues[value.slice(6)];
    if (id === undefined) throw new Error(`unknown queue ${value}`);
    return encodeGlobalID('Queue', id);
  }
  if (Array.isArray(value)) return value.map((v) => withQueueIds(v, queues));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withQueueIds(v, queues)]));
  }
  return value;
}

const MUTATE = (name: string, input: string) =>
  `mutation($i: ${input}!) { r: ${name}(input: $i) { __typename ... on Problem { code message fields { path message } } ... on Mutation${name[0]!.toUpperCase()}${name.slice(1)}Success { data { id } } } }`;

/** Builds the world through the services (line, skills, agents, users) and GraphQL (the rest). */
async function build(
  spec: WorldSpec,
  services: ReturnType<typeof createServices>,
  admin: Actor,
  gql: RoutingWorld['gql'],
) {
  const line = await services.businessLines.create(admin, {
    name: 'Line',
    timezone: 'Europe/Paris',
    defaultCountry: 'FR',
  });
  const skills: Record<string, string> = {};
  for (const name of spec.skills ?? [])
    skills[name] = (await services.skills.create(admin, { name })).id;
  const skillList = (levels: Record<string, number> | undefined) =>
    Object.entries(levels ?? {}).map(([name, level]) => ({ skillId: skills[name]!, level }));
  const queues: Record<string, string> = {};
  for (const q of spec.queues) {
    const created = await services.queues.create(admin, {
      businessLineId: line.id,
      name: q.name,
      strategy: q.strategy ?? 'longest-idle',
      ringTimeoutS: q.ringTimeoutS ?? 5,
      wrapUpS: q.wrapUpS ?? 0,
      maxWaitS: q.maxWaitS ?? null,
      maxLength: q.maxLength ?? null,
      requiredSkills: skillList(q.requiredSkills).map((s) => ({
        skillId: s.skillId,
        minLevel: s.level,
      })),
    });
    queues[q.name] = created.id;
  }
  // Settings after every queue exists: overflow targets name other queues.
  for (const q of spec.queues) {
    if (q.acdSettings === undefined) continue;
    const result = await gql(
      `mutation($id: ID!, $i: QueuePatch!) { r: updateQueue(id: $id, input: $i) { __typename ... on Problem { code message fields { path message } } ... on MutationUpdateQueueSuccess { data { id } } } }`,
      {
        id: encodeGlobalID('Queue', queues[q.name]!),
        i: { acdSettings: withQueueIds(q.acdSettings, queues) },
      },
    );
    data(result, `settings of ${q.name}`);
  }
  const agents: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  for (const a of spec.agents) {
    const agent = await services.agents.create(admin, {
      businessLineId: line.id,
      name: `Agent ${a.ext}`,
      extension: a.ext,
      ...(a.external === undefined
        ? { reach: 'sip' as const }
        : { reach: 'external' as const, endpoint: a.external }),
      skills: skillList(a.skills),
    });
    for (const queue of a.queues) {
      await services.queues.addMember(admin, queues[queue]!, agent.id, a.penalties?.[queue] ?? 0);
    }
    const user = await services.users.create(admin, {
      username: `agent-${a.ext}`,
      displayName: `Agent ${a.ext}`,
      role: 'agent',
      agentId: agent.id,
      businessLineIds: [line.id],
    });
    tokens[a.ext] = (await services.auth.createApiKey(admin, user.id, 'tests')).secret;
    agents[a.ext] = agent.id;
  }
  const lineGid = encodeGlobalID('BusinessLine', line.id);
  for (const r of spec.routes) {
    const target =
      r.queue !== undefined
        ? { kind: 'QUEUE', queueId: encodeGlobalID('Queue', queues[r.queue]!) }
        : r.agent !== undefined
          ? { kind: 'AGENT', agentId: encodeGlobalID('Agent', agents[r.agent]!) }
          : { kind: 'IVR', ivrFlow: r.ivrFlow };
    data(
      await gql(MUTATE('createDidRoute', 'DidRouteInput'), {
        i: { businessLineId: lineGid, did: r.did, target },
      }),
      `route ${r.did}`,
    );
  }
  for (const v of spec.vips ?? []) {
    const dedicatedAgentIds = (v.agents ?? []).map((ext) => encodeGlobalID('Agent', agents[ext]!));
    data(
      await gql(MUTATE('createVipCaller', 'VipCallerInput'), {
        i: { businessLineId: lineGid, number: v.number, dedicatedAgentIds },
      }),
      `VIP ${v.number}`,
    );
  }
  return { lineId: line.id, queues, agents, tokens };
}

/** Starts the world. */
export async function startWorld(spec: WorldSpec): Promise<RoutingWorld> {
  const recordingsDir = mkdtempSync(join(tmpdir(), 'acd-routing-rec-'));
  const logger = pino({ level: 'silent' });
  const registry = new Registry();
  const agiPaths: string[] = [];
  const agiWaiters: Array<(path: string) => void> = [];
  // Stands in for the IVR: records which flow the dialplan asked for, and lets the call go.
  const agi: AgiServer = await createAgiServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    registry,
    onSession: async (session) => {
      agiPaths.push(session.env.path);
      for (const wake of agiWaiters.splice(0)) wake(session.env.path);
      await session.hangup();
    },
  });
  const sim = await startSimulator({
    ariPort: 0,
    amiPort: null,
    ariUser: USER,
    ariPassword: SECRET,
    agiTarget: `127.0.0.1:${agi.port}`,
    dialplanDir: new URL('../../dialplan/', import.meta.url).pathname,
    recordingsDir,
    phones: spec.agents.filter((a) => a.external === undefined).map((a) => a.ext),
    phoneBehaviour: { registered: true, mode: 'answer', answerAfterS: 0.2 },
  });
  for (const a of spec.agents) if (a.phone) sim.control.setPhone(a.ext, a.phone);
  if (spec.callees) sim.control.setCallees(spec.callees);
  const clock: Clock = { now: () => Date.now() };
  const store = await openStore({ databaseUrl: 'sqlite::memory:', clock, logger });
  await migrateToLatest(store.knex);
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
  const runtime = createAcdRuntime({
    store,
    control: link.control,
    timers: createWallTimers(clock),
    clock,
    logger,
    metrics: createAcdMetrics(registry),
    rng: spec.rng ?? (() => 0.5),
  });
  link.subscribe((event) => runtime.handle(event));
  ari.onReconnect(async () => {
    await runtime.reconcile((await ari.channels.list()).map((c) => c.id));
  });
  const services = createServices({
    store,
    hasher: createSecretHasher(),
    clock,
    logger,
    acd: runtime,
  });
  const yoga = createGraphqlHandler({ services, logger });
  const adminKey = (await services.auth.bootstrapAdmin(undefined))!;
  const admin = (await services.auth.authenticate(adminKey, null)) as Actor;
  async function gqlAs(token: string, query: string, variables: Record<string, unknown> = {}) {
    const response = await yoga.fetch('http://callwright.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GqlResult;
  }
  const gql: RoutingWorld['gql'] = (query, variables) => gqlAs(adminKey, query, variables);
  const { events, waitFor } = eventLog(runtime);
  await runtime.start();
  const built = await build(spec, services, admin, gql);
  await ari.connect();
  const extOf = (agentId: string) =>
    Object.entries(built.agents).find(([, id]) => id === agentId)?.[0] ?? `?${agentId}`;

  return {
    sim,
    runtime,
    store,
    ari,
    ...built,
    agiPaths,
    agiRequested() {
      const seen = agiPaths[0];
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no FastAGI request')), WAIT_LIMIT_MS);
        agiWaiters.push((path) => {
          clearTimeout(timer);
          resolve(path);
        });
      });
    },
    events,
    waitFor,
    gql,
    extOf,
    agentId(ext) {
      const id = built.agents[ext];
      if (id === undefined) throw new Error(`no agent ${ext}`);
      return id;
    },
    async ready(ext) {
      const agentId = built.agents[ext]!;
      const act = async (name: string) => {
        const result = await gqlAs(
          built.tokens[ext]!,
          `mutation { r: ${name} { __typename ... on Problem { code message } } }`,
        );
        const r = result.data?.r as { __typename: string } | undefined;
        if (result.errors || r?.__typename === 'Problem') {
          throw new Error(`${name} of ${ext} failed: ${JSON.stringify(result)}`);
        }
      };
      await act('agentLogin');
      // A waiting call may reserve the agent the moment it logs in: only a paused agent needs `ready`.
      if (runtime.agentView(agentId).status === 'paused') await act('agentReady');
    },
    call: (from, to) => sim.control.placeCall({ from, to }).channelId,
    async answeredBy(callId) {
      const e = await waitFor(
        `call ${callId} bridged`,
        (x) => x.type === 'call-bridged' && x.callId === callId,
      );
      return e.type === 'call-bridged' ? extOf(e.agentId) : '?';
    },
    async closed(callId) {
      await waitFor(
        `call ${callId} closed`,
        (x) => x.type === 'call-closed' && x.callId === callId,
      );
      const record = await store.calls.getByLinkedId(callId);
      if (record === undefined) throw new Error(`no record of ${callId}`);
      return { record, legs: await store.calls.legsOf([record.id]) };
    },
    async close() {
      await runtime.stop();
      await ari.close();
      await sim.close();
      await agi.close();
      await store.close();
      rmSync(recordingsDir, { recursive: true, force: true });
    },
  };
}

/** Hangs the caller up and waits for the call's record to close. */
export async function hangUp(w: RoutingWorld, callId: string) {
  w.sim.control.remoteHangup(callId);
  return w.closed(callId);
}

/** The `offer-sent` events of a call, as agent extensions in order. */
export function offersOf(w: RoutingWorld, callId: string): string[] {
  return w.events.flatMap((e) =>
    e.type === 'offer-sent' && e.callId === callId ? [w.extOf(e.agentId)] : [],
  );
}

/** A deterministic rng (mulberry32), for the random strategy. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
