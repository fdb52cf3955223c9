/**
 * A call center for fault tests that run callwright as its own process
 * (callwright-process.ts): the PBX simulator with agent phones, an empty
 * MariaDB, the environment such a process needs, and the GraphQL steps to
 * seed a line, a queue, agents on phones 2001.. and a DID, and to read
 * calls and agent states back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { startSimulator } from '../../src/sim/simulator.ts';
import { createKnex } from '../../src/store/connection.ts';
import type { CallwrightProcess } from './callwright-process.ts';
import { testDatabases } from './databases.ts';

/** The admin API key every scenario process starts with. */
export const ADMIN_KEY = 'fault-test-admin-key-0123456789abcdef';
const USER = 'cw';
const SECRET = 'cw-secret';
// At import, not inside a test: the databases register their clean-up hooks.
const mariadb = testDatabases().find((d) => d.name === 'mariadb');

/** Checks `ready` every 50 ms until it holds (a wait on a condition, with a deadline). */
export async function until(
  what: string,
  ready: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await pause(50);
  }
}

export function ok<T>(result: { data?: T; errors?: Array<{ message: string }> }, what: string): T {
  if (result.errors?.length || result.data === undefined) {
    throw new Error(`${what}: ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}

interface Success<T> {
  data?: T;
  message?: string;
  code?: string;
}

async function mutate<T>(
  cw: CallwrightProcess,
  field: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const data = ok(await cw.gql<Record<string, Success<T>>>(ADMIN_KEY, query, variables), field);
  const result = data[field];
  if (result?.data === undefined) throw new Error(`${field}: ${JSON.stringify(result)}`);
  return result.data;
}

/**
 * A line, a queue, `agents` agents on phones 2001.., `did` to the queue;
 * every agent logged in, the first `paused` paused for lunch, the others ready.
 */
export async function seedCallCenter(
  cw: CallwrightProcess,
  o: { agents: number; paused: number; did: string },
) {
  const line = await mutate<{ id: string }>(
    cw,
    'createBusinessLine',
    `mutation($input: BusinessLineInput!) { createBusinessLine(input: $input) {
       ... on MutationCreateBusinessLineSuccess { data { id } } ... on Problem { code message } } }`,
    { input: { name: 'Line', timezone: 'Europe/Paris', defaultCountry: 'FR' } },
  );
  const queue = await mutate<{ id: string }>(
    cw,
    'createQueue',
    `mutation($input: QueueInput!) { createQueue(input: $input) {
       ... on MutationCreateQueueSuccess { data { id } } ... on Problem { code message } } }`,
    {
      input: {
        businessLineId: line.id,
        name: 'Sales',
        strategy: 'LONGEST_IDLE',
        ringTimeoutS: 15,
        wrapUpS: 0,
      },
    },
  );
  await mutate(
    cw,
    'createDidRoute',
    `mutation($input: DidRouteInput!) { createDidRoute(input: $input) {
       ... on MutationCreateDidRouteSuccess { data { id } } ... on Problem { code message } } }`,
    {
      input: { businessLineId: line.id, did: o.did, target: { kind: 'QUEUE', queueId: queue.id } },
    },
  );
  const agents: Array<{ id: string; extension: string }> = [];
  for (let i = 1; i <= o.agents; i++) {
    const extension = String(2000 + i);
    const agent = await mutate<{ id: string }>(
      cw,
      'createAgent',
      `mutation($input: AgentInput!) { createAgent(input: $input) {
         ... on MutationCreateAgentSuccess { data { id } } ... on Problem { code message } } }`,
      {
        input: {
          businessLineId: line.id,
          name: `Agent ${extension}`,
          extension,
          reach: 'SIP',
        },
      },
    );
    await mutate(
      cw,
      'addQueueMember',
      `mutation($q: ID!, $a: ID!) { addQueueMember(queueId: $q, agentId: $a) {
         ... on MutationAddQueueMemberSuccess { data { __typename } } ... on Problem { code message } } }`,
      { q: queue.id, a: agent.id },
    );
    agents.push({ id: agent.id, extension });
  }
  for (const agent of agents) {
    await mutate(
      cw,
      'agentLogin',
      `mutation($a: ID) { agentLogin(agentId: $a) {
         ... on MutationAgentLoginSuccess { data { status } } ... on Problem { code message } } }`,
      { a: agent.id },
    );
  }
  for (const agent of agents.slice(0, o.paused)) {
    await mutate(
      cw,
      'agentPause',
      `mutation($a: ID) { agentPause(agentId: $a, reason: "lunch") {
         ... on MutationAgentPauseSuccess { data { status } } ... on Problem { code message } } }`,
      { a: agent.id },
    );
  }
  for (const agent of agents.slice(o.paused)) {
    await mutate(
      cw,
      'agentReady',
      `mutation($a: ID) { agentReady(agentId: $a) {
         ... on MutationAgentReadySuccess { data { status } } ... on Problem { code message } } }`,
      { a: agent.id },
    );
  }
  return { queueId: queue.id, agents };
}

export interface AgentState {
  status: string;
  reason: string | null;
  callId: string | null;
}

export async function agentStates(cw: CallwrightProcess, ids: readonly string[]) {
  const out = new Map<string, AgentState>();
  for (const id of ids) {
    const data = ok(
      await cw.gql<{ agentStatus: AgentState }>(
        ADMIN_KEY,
        'query($a: ID) { agentStatus(agentId: $a) { status reason callId } }',
        { a: id },
      ),
      'agentStatus',
    );
    out.set(id, data.agentStatus);
  }
  return out;
}

/** What every scenario process runs with, whatever its PBX. */
function processEnv(databaseUrl: string, dataDir: string, recordingsDir: string) {
  return {
    PBX: 'asterisk',
    ARI_USER: USER,
    ARI_PASSWORD: SECRET,
    AMI_USER: USER,
    AMI_SECRET: SECRET,
    AGI_PORT: '0',
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    ADMIN_API_KEY: ADMIN_KEY,
    SEED_DEMO: 'never',
    DEMO_TRAFFIC: 'off',
    LOG_LEVEL: 'info',
    RECORD_OUTBOX_PATH: join(dataDir, 'records.outbox.jsonl'),
    RECORDINGS_DIR: recordingsDir,
  };
}

/** The PBX, the database and the environment of a scenario. */
export interface Scenario {
  readonly sim: Awaited<ReturnType<typeof startSimulator>>;
  /** A direct connection to the scenario's database. */
  readonly db: ReturnType<typeof createKnex>;
  /** The environment a callwright process of this scenario runs with. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts the simulator with `agents` phones (2001..) that answer at once and
 * never hang up first, on an empty MariaDB database.
 */
export async function openScenario(o: { agents: number }): Promise<Scenario> {
  const recordingsDir = mkdtempSync(join(tmpdir(), 'cw-fault-rec-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'cw-fault-data-'));
  if (mariadb === undefined) throw new Error('MariaDB is not configured');
  const databaseUrl = await mariadb.emptyDatabaseUrl();
  const sim = await startSimulator({
    ariPort: 0,
    amiPort: 0,
    ariUser: USER,
    ariPassword: SECRET,
    amiUsers: { [USER]: SECRET },
    amiAuthFailDelayMs: 0,
    dialplanDir: new URL('../../dialplan/', import.meta.url).pathname,
    recordingsDir,
    phones: Array.from({ length: o.agents }, (_, i) => String(2001 + i)),
    phoneBehaviour: { registered: true, mode: 'answer', answerAfterS: 0.1 },
  });
  const db = createKnex(databaseUrl, { poolMax: 2 });
  const env = {
    ...processEnv(databaseUrl, dataDir, recordingsDir),
    ARI_URL: sim.ariUrl,
    AMI_HOST: '127.0.0.1',
    AMI_PORT: String(sim.amiPort),
  };
  return {
    sim,
    db,
    env,
    async close() {
      await sim.close();
      await db.destroy();
      rmSync(recordingsDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Two or more PBX nodes (simulators), one database, and the environment for them. */
export interface NodesScenario {
  /** Node id -> its simulator. */
  readonly sims: ReadonlyMap<string, Awaited<ReturnType<typeof startSimulator>>>;
  readonly db: ReturnType<typeof createKnex>;
  /** ASTERISK_NODES lists every simulator. */
  readonly env: Record<string, string>;
  /** Closes one node's simulator (the node goes away). */
  closeNode(id: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * One simulator per entry of `phonesByNode`, each configured with every
 * phone (every node gets the same pjsip.conf) but with only its own phones
 * registered, on an empty MariaDB database.
 */
export async function openNodesScenario(
  phonesByNode: Readonly<Record<string, readonly string[]>>,
): Promise<NodesScenario> {
  const recordingsDir = mkdtempSync(join(tmpdir(), 'cw-fault-rec-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'cw-fault-data-'));
  if (mariadb === undefined) throw new Error('MariaDB is not configured');
  const databaseUrl = await mariadb.emptyDatabaseUrl();
  const everyPhone = Object.values(phonesByNode).flat();
  const sims = new Map<string, Awaited<ReturnType<typeof startSimulator>>>();
  for (const [id, own] of Object.entries(phonesByNode)) {
    const sim = await startSimulator({
      ariPort: 0,
      amiPort: 0,
      ariUser: USER,
      ariPassword: SECRET,
      amiUsers: { [USER]: SECRET },
      amiAuthFailDelayMs: 0,
      dialplanDir: new URL('../../dialplan/', import.meta.url).pathname,
      recordingsDir,
      // Each node's own systemname keeps its channel ids apart from the others'.
      identity: { systemName: `pbx-${id}` },
      phones: everyPhone,
      phoneBehaviour: { registered: true, mode: 'answer', answerAfterS: 0.1 },
    });
    for (const ext of everyPhone)
      if (!own.includes(ext)) sim.control.setPhone(ext, { registered: false });
    sims.set(id, sim);
  }
  const open = new Set(sims.keys());
  const db = createKnex(databaseUrl, { poolMax: 2 });
  const nodes = [...sims]
    .map(([id, sim]) => `${id}=${sim.ariUrl},ami://127.0.0.1:${sim.amiPort}`)
    .join(';');
  const env = { ...processEnv(databaseUrl, dataDir, recordingsDir), ASTERISK_NODES: nodes };
  return {
    sims,
    db,
    env,
    async closeNode(id) {
      open.delete(id);
      await sims.get(id)?.close();
    },
    async close() {
      for (const id of open) await sims.get(id)?.close();
      await db.destroy();
      rmSync(recordingsDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Callers among `placed` the simulator shows bridged with an agent, and on hold. */
export function callersByBridge(scenario: Scenario, placed: readonly string[]) {
  const mine = new Set(placed);
  const channels = scenario.sim.control.channels();
  const inBridge = (prefix: string) =>
    channels.filter(
      (c) =>
        mine.has(c.id as string) &&
        typeof c.bridge_id === 'string' &&
        c.bridge_id.startsWith(prefix),
    ).length;
  return { bridged: inBridge('cw-call-'), held: inBridge('cw-hold-') };
}

/** Who talks to whom on the simulator: call id -> agent id (by the agent phone's extension). */
export function agentsOfBridges(
  scenario: Scenario,
  agentByExtension: ReadonlyMap<string, string>,
): Map<string, string> {
  const out = new Map<string, string>();
  const channels = scenario.sim.control.channels();
  for (const bridge of scenario.sim.control.bridges()) {
    const id = String(bridge.id);
    if (!id.startsWith('cw-call-')) continue;
    const callId = id.slice('cw-call-'.length);
    const agentLeg = channels.find((c) => c.bridge_id === id && c.id !== callId);
    const extension = /^PJSIP\/(\d+)-/.exec(String(agentLeg?.name))?.[1] ?? '';
    out.set(callId, agentByExtension.get(extension) ?? '');
  }
  return out;
}

/** One live call as GraphQL shows it. */
export interface LiveCallRow {
  callId: string;
  phase: string;
  agent: { id: string } | null;
}

/** Live calls of a queue (longest waiting first), through GraphQL. */
export async function liveCalls(cw: CallwrightProcess, queueId?: string): Promise<LiveCallRow[]> {
  return ok(
    await cw.gql<{ liveCalls: LiveCallRow[] }>(
      ADMIN_KEY,
      'query($q: ID) { liveCalls(queueId: $q) { callId phase agent { id } } }',
      queueId === undefined ? {} : { q: queueId },
    ),
    'liveCalls',
  ).liveCalls;
}

/** A call center in full swing: who talks to whom and who waits, in order. */
export interface BusyCallCenter {
  readonly queueId: string;
  readonly agents: Array<{ id: string; extension: string }>;
  readonly byExtension: ReadonlyMap<string, string>;
  /** Channel ids of the callers placed, in order. */
  readonly placed: string[];
  /** Agents free to serve (not paused). */
  readonly serving: number;
  /** Call id -> agent id of the callers bridged with an agent. */
  readonly agentOf: Map<string, string>;
  /** Waiting callers in the order callwright keeps them. */
  readonly line: string[];
}

/**
 * Seeds the call center through `cw` and places `calls` callers who wait
 * as long as it takes; resolves once every free agent talks to a caller,
 * the others hold, and every call and agent is on record (records and
 * presence written).
 */
export async function fillCallCenter(
  cw: CallwrightProcess,
  s: Scenario,
  o: { agents: number; paused: number; calls: number; did: string; numberPrefix: string },
): Promise<BusyCallCenter> {
  const { queueId, agents } = await seedCallCenter(cw, o);
  const byExtension = new Map(agents.map((a) => [a.extension, a.id]));
  const placed: string[] = [];
  for (let i = 0; i < o.calls; i++) {
    const from = `${o.numberPrefix}${String(i).padStart(4, '0')}`;
    placed.push(s.sim.control.placeCall({ from, to: o.did }).channelId);
  }
  const serving = o.agents - o.paused;
  await until(`${serving} callers bridged, the rest on hold`, () => {
    const { bridged, held } = callersByBridge(s, placed);
    return bridged === serving && held === o.calls - serving;
  });
  await until('records and presence written', async () => {
    const [calls] = await s.db('calls').whereIn('linked_id', placed).count({ n: '*' });
    const [presence] = await s.db('agent_presence').count({ n: '*' });
    return Number(calls?.n) === o.calls && Number(presence?.n) === o.agents;
  });
  const line = (await liveCalls(cw, queueId))
    .filter((c) => c.phase === 'WAITING')
    .map((c) => c.callId);
  return {
    queueId,
    agents,
    byExtension,
    placed,
    serving,
    agentOf: agentsOfBridges(s, byExtension),
    line,
  };
}

/**
 * Resolves once `cw` holds no call and every record of `callIds` is ended,
 * with the rows of those records.
 */
export async function recordsWhenIdle(
  cw: CallwrightProcess,
  db: ReturnType<typeof createKnex>,
  callIds: readonly string[],
): Promise<Array<{ linked_id: string; agent_id: string | null }>> {
  await until('no call left', async () => (await liveCalls(cw)).length === 0);
  await until('every record ended', async () => {
    const [open] = await db('calls')
      .whereIn('linked_id', [...callIds])
      .whereNull('ended_at')
      .count({ n: '*' });
    return Number(open?.n) === 0;
  });
  return db('calls')
    .whereIn('linked_id', [...callIds])
    .select('linked_id', 'agent_id');
}

/**
 * Every caller hangs up; resolves once `cw` holds no call and every record
 * of `placed` is ended, with the rows of those records.
 */
export async function endEveryCall(cw: CallwrightProcess, s: Scenario, placed: readonly string[]) {
  for (const id of placed) s.sim.control.remoteHangup(id);
  return recordsWhenIdle(cw, s.db, placed);
}
