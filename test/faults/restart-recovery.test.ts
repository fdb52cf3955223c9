/**
 * kill -9 in the middle of traffic (SEC-5, issue 10 "Recovery"). callwright
 * runs as its own process (src/main.ts) against the PBX simulator, which
 * plays a separate Asterisk in this test process, and MariaDB. With
 * `RESTART_CALLS` (default 200) callers in, agents on calls and callers
 * waiting, the process is killed with SIGKILL. While it is down a few
 * callers hang up. A new process on the same database and PBX must then:
 *
 * - drop no call: every caller still on the line is still there, those
 *   bridged with an agent still bridged with the same agent;
 * - keep the line: waiting callers are served in the order they entered;
 * - have its agents right: logged in, paused ones paused with their
 *   reason, bridged ones on their call;
 * - lose no record: once everyone hangs up, every call placed has exactly
 *   one record, ended (the ones that ended while it was down included).
 *
 * How long the new process took to take its state back is logged (the
 * issue's < 2 s target); waits are on the process's log lines, its GraphQL
 * answers and the simulator's state, never on fixed delays.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { decodeGlobalID } from '@pothos/plugin-relay';
import test from 'ava';
import { startSimulator } from '../../src/sim/simulator.ts';
import { createKnex } from '../../src/store/connection.ts';
import { type CallwrightProcess, startCallwrightProcess } from '../helpers/callwright-process.ts';
import { testDatabases } from '../helpers/databases.ts';

const CALLS = Number(process.env.RESTART_CALLS ?? 200);
const AGENTS = 40;
const PAUSED = 2;
const DID = '5001';
const ADMIN_KEY = 'restart-test-admin-key-0123456789abcdef';
const USER = 'cw';
const SECRET = 'cw-secret';

const mariadb = testDatabases().find((d) => d.name === 'mariadb')!;
const cleanups: Array<() => Promise<void> | void> = [];
test.after.always(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Checks `ready` every 50 ms until it holds (a wait on a condition, with a deadline). */
async function until(what: string, ready: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await pause(50);
  }
}

function ok<T>(result: { data?: T; errors?: Array<{ message: string }> }, what: string): T {
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

/** A line, a queue, AGENTS agents on phones 2001.., the DID to the queue; agents logged in. */
async function seed(cw: CallwrightProcess) {
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
    { input: { businessLineId: line.id, did: DID, target: { kind: 'QUEUE', queueId: queue.id } } },
  );
  const agents: Array<{ id: string; extension: string }> = [];
  for (let i = 1; i <= AGENTS; i++) {
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
  for (const agent of agents.slice(0, PAUSED)) {
    await mutate(
      cw,
      'agentPause',
      `mutation($a: ID) { agentPause(agentId: $a, reason: "lunch") {
         ... on MutationAgentPauseSuccess { data { status } } ... on Problem { code message } } }`,
      { a: agent.id },
    );
  }
  for (const agent of agents.slice(PAUSED)) {
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

interface AgentState {
  status: string;
  reason: string | null;
  callId: string | null;
}

async function agentStates(cw: CallwrightProcess, ids: readonly string[]) {
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

test('kill -9 under traffic: no call dropped, the line kept, agents right, no record lost', async (t) => {
  t.timeout(240_000);
  const recordingsDir = mkdtempSync(join(tmpdir(), 'cw-restart-rec-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'cw-restart-data-'));
  cleanups.push(() => {
    rmSync(recordingsDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });
  const phones = Array.from({ length: AGENTS }, (_, i) => String(2001 + i));
  const sim = await startSimulator({
    ariPort: 0,
    amiPort: 0,
    ariUser: USER,
    ariPassword: SECRET,
    amiUsers: { [USER]: SECRET },
    amiAuthFailDelayMs: 0,
    dialplanDir: new URL('../../dialplan/', import.meta.url).pathname,
    recordingsDir,
    phones,
    // Agents answer at once and never hang up first: calls last until the test ends them.
    phoneBehaviour: { registered: true, mode: 'answer', answerAfterS: 0.1 },
  });
  cleanups.push(() => sim.close());
  const databaseUrl = await mariadb.emptyDatabaseUrl();
  const db = createKnex(databaseUrl, { poolMax: 2 });
  cleanups.push(() => db.destroy());

  const env = {
    PBX: 'asterisk',
    ARI_URL: sim.ariUrl,
    ARI_USER: USER,
    ARI_PASSWORD: SECRET,
    AMI_HOST: '127.0.0.1',
    AMI_PORT: String(sim.amiPort),
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
  let cw = await startCallwrightProcess(env);
  cleanups.push(() => cw.stop());
  await cw.waitForLog('ARI connected', (l) => l.msg === 'ARI connected: reconciling');
  const { queueId, agents } = await seed(cw);
  const byExtension = new Map(agents.map((a) => [a.extension, a.id]));

  // Traffic: every caller waits for an agent as long as it takes.
  const placed: string[] = [];
  for (let i = 0; i < CALLS; i++) {
    placed.push(
      sim.control.placeCall({ from: `+3361000${String(i).padStart(4, '0')}`, to: DID }).channelId,
    );
  }
  const serving = AGENTS - PAUSED;
  const bridgedCallers = () =>
    sim.control
      .channels()
      .filter(
        (c) =>
          typeof c.bridge_id === 'string' &&
          c.bridge_id.startsWith('cw-call-') &&
          placed.includes(c.id as string),
      );
  const heldCallers = () =>
    sim.control
      .channels()
      .filter((c) => typeof c.bridge_id === 'string' && c.bridge_id.startsWith('cw-hold-'));
  await until(`${serving} callers bridged, the rest on hold`, () => {
    return bridgedCallers().length === serving && heldCallers().length === CALLS - serving;
  });
  // Settled: every call has its record and every agent its saved presence.
  await until('records and presence written', async () => {
    const [calls] = await db('calls').whereIn('linked_id', placed).count({ n: '*' });
    const [presence] = await db('agent_presence').count({ n: '*' });
    return Number(calls?.n) === CALLS && Number(presence?.n) === AGENTS;
  });

  // Who talks to whom, and the line in the order callwright keeps it.
  const agentOf = new Map<string, string>();
  for (const bridge of sim.control.bridges()) {
    const id = String(bridge.id);
    if (!id.startsWith('cw-call-')) continue;
    const callId = id.slice('cw-call-'.length);
    const agentLeg = sim.control.channels().find((c) => c.bridge_id === id && c.id !== callId);
    const extension = /^PJSIP\/(\d+)-/.exec(String(agentLeg?.name))?.[1] ?? '';
    agentOf.set(callId, byExtension.get(extension) ?? '');
  }
  t.is(agentOf.size, serving);
  const before = ok(
    await cw.gql<{ liveCalls: Array<{ callId: string; phase: string; enteredAt: string }> }>(
      ADMIN_KEY,
      'query($q: ID) { liveCalls(queueId: $q) { callId phase enteredAt } }',
      { q: queueId },
    ),
    'liveCalls',
  ).liveCalls;
  const line = before.filter((c) => c.phase === 'WAITING').map((c) => c.callId);
  t.is(line.length, CALLS - serving);

  // kill -9.
  await cw.kill();

  // While it is down: 3 bridged callers and the 2 last in line hang up.
  const endedConnected = [...agentOf.keys()].slice(0, 3);
  const endedWaiting = line.slice(-2);
  for (const id of [...endedConnected, ...endedWaiting]) t.true(sim.control.remoteHangup(id));
  const freed = endedConnected.map((id) => agentOf.get(id) as string);

  const restartAt = performance.now();
  cw = await startCallwrightProcess(env);
  cleanups.push(() => cw.stop());
  const recovered = await cw.waitForLog(
    'state taken back',
    (l) => l.msg === 'state taken back from the PBX',
  );
  const spawnToRecovered = performance.now() - restartAt;
  // From the moment ARI answered the new process to its state taken back (the issue's < 2 s).
  const connected = await cw.waitForLog(
    'ARI connected',
    (l) => l.msg === 'ARI connected: reconciling',
  );
  const reconcileMs = Number(recovered.time) - Number(connected.time);
  t.log(
    `restart: state taken back ${reconcileMs} ms after ARI connected ` +
      `(${Math.round(spawnToRecovered)} ms after the new process was spawned, mostly Node start-up); ` +
      `recovery pass ${String(recovered.ms)} ms: ${JSON.stringify({
        waiting: recovered.waiting,
        connected: recovered.connected,
        agentsRestored: recovered.agentsRestored,
        recordsClosed: recovered.recordsClosed,
      })}`,
  );
  t.is(recovered.connected, serving - endedConnected.length, 'bridged calls taken back connected');
  t.is(recovered.waiting, line.length - endedWaiting.length, 'waiting callers taken back waiting');
  t.is(recovered.agentsRestored, AGENTS, 'every agent taken back');
  t.is(recovered.recordsClosed, endedConnected.length + endedWaiting.length);

  // No call dropped: every caller who did not hang up is still on the line.
  const alive = new Set(sim.control.channels().map((c) => c.id as string));
  const gone = placed.filter((id) => !alive.has(id));
  t.deepEqual(
    gone.sort(),
    [...endedConnected, ...endedWaiting].sort(),
    'only the callers who hung up are gone',
  );

  // The 3 freed agents take the 3 callers first in line, in order; the rest keep their place.
  const expectedNext = line.slice(0, endedConnected.length);
  await until('the freed agents serve the head of the line', async () => {
    const calls = ok(
      await cw.gql<{ liveCalls: Array<{ callId: string; phase: string }> }>(
        ADMIN_KEY,
        'query($q: ID) { liveCalls(queueId: $q) { callId phase } }',
        { q: queueId },
      ),
      'liveCalls',
    ).liveCalls;
    return expectedNext.every((id) => calls.find((c) => c.callId === id)?.phase === 'CONNECTED');
  });
  const after = ok(
    await cw.gql<{
      liveCalls: Array<{ callId: string; phase: string; agent: { id: string } | null }>;
    }>(ADMIN_KEY, 'query($q: ID) { liveCalls(queueId: $q) { callId phase agent { id } } }', {
      q: queueId,
    }),
    'liveCalls',
  ).liveCalls;
  const stillWaiting = after.filter((c) => c.phase === 'WAITING').map((c) => c.callId);
  t.deepEqual(
    stillWaiting,
    line.slice(endedConnected.length, line.length - endedWaiting.length),
    'the line keeps its order',
  );
  const states = await agentStates(
    cw,
    agents.map((a) => a.id),
  );
  for (const [callId, agentId] of agentOf) {
    if (endedConnected.includes(callId)) continue;
    const state = states.get(agentId);
    t.is(state?.status, 'ON_CALL', `agent of ${callId} on call`);
    t.is(state?.callId, callId);
  }
  for (const agent of agents.slice(0, PAUSED)) {
    t.deepEqual(
      { status: states.get(agent.id)?.status, reason: states.get(agent.id)?.reason },
      { status: 'PAUSED', reason: 'lunch' },
    );
  }
  const freedStates = freed.map((id) => states.get(id)?.status);
  t.true(
    freedStates.every((s) => s === 'ON_CALL' || s === 'RINGING' || s === 'RESERVED'),
    `freed agents serve again: ${freedStates.join(',')}`,
  );

  // Everyone hangs up: every call placed has one record, ended.
  for (const id of placed) sim.control.remoteHangup(id);
  await until('no call left', async () => {
    const calls = ok(
      await cw.gql<{ liveCalls: unknown[] }>(ADMIN_KEY, '{ liveCalls { callId } }'),
      'liveCalls',
    ).liveCalls;
    return calls.length === 0;
  });
  await until('every record ended', async () => {
    const [open] = await db('calls')
      .whereIn('linked_id', placed)
      .whereNull('ended_at')
      .count({ n: '*' });
    return Number(open?.n) === 0;
  });
  const rows: Array<{ linked_id: string; agent_id: string | null; answered_at: unknown }> =
    await db('calls').whereIn('linked_id', placed).select('linked_id', 'agent_id', 'answered_at');
  t.is(rows.length, CALLS, 'one record per call placed');
  t.is(new Set(rows.map((r) => r.linked_id)).size, CALLS);
  for (const [callId, agentId] of agentOf) {
    const row = rows.find((r) => r.linked_id === callId);
    t.is(row?.agent_id, decodeGlobalID(agentId).id, `record of ${callId} keeps its agent`);
  }
  await cw.stop();
});
