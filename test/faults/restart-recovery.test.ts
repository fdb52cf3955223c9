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
import { decodeGlobalID } from '@pothos/plugin-relay';
import test from 'ava';
import {
  agentStates,
  endEveryCall,
  fillCallCenter,
  liveCalls,
  openScenario,
  type Scenario,
  until,
} from '../helpers/call-center-scenario.ts';
import { type CallwrightProcess, startCallwrightProcess } from '../helpers/callwright-process.ts';

const CALLS = Number(process.env.RESTART_CALLS ?? 200);
const AGENTS = 40;
const PAUSED = 2;
const DID = '5001';

let scenario: Scenario | undefined;
const processes: CallwrightProcess[] = [];
test.after.always(async () => {
  for (const cw of processes) await cw.stop();

  await scenario?.close();
});

test('kill -9 under traffic: no call dropped, the line kept, agents right, no record lost', async (t) => {
  t.timeout(240_000);
  const s = await openScenario({ agents: AGENTS });
  scenario = s;
  let cw = await startCallwrightProcess(s.env);
  processes.push(cw);
  await cw.waitForLog('ARI connected', (l) => l.msg === 'ARI connected: reconciling');
  const { queueId, agents, placed, serving, agentOf, line } = await fillCallCenter(cw, s, {
    agents: AGENTS,
    paused: PAUSED,
    calls: CALLS,
    did: DID,
    numberPrefix: '+3361000',
  });
  t.is(agentOf.size, serving);
  t.is(line.length, CALLS - serving);

  // kill -9.
  await cw.kill();

  // While it is down: 3 bridged callers and the 2 last in line hang up.
  const endedConnected = [...agentOf.keys()].slice(0, 3);
  const endedWaiting = line.slice(-2);
  for (const id of [...endedConnected, ...endedWaiting]) t.true(s.sim.control.remoteHangup(id));
  const freed = endedConnected.map((id) => agentOf.get(id) as string);

  const restartAt = performance.now();
  cw = await startCallwrightProcess(s.env);
  processes.push(cw);
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
  const alive = new Set(s.sim.control.channels().map((c) => c.id as string));
  t.deepEqual(
    placed.filter((id) => !alive.has(id)).sort(),
    [...endedConnected, ...endedWaiting].sort(),
    'only the callers who hung up are gone',
  );

  // The 3 freed agents take the 3 callers first in line; the rest keep their place.
  const expectedNext = line.slice(0, endedConnected.length);
  await until('the freed agents serve the head of the line', async () => {
    const calls = await liveCalls(cw, queueId);
    return expectedNext.every((id) => calls.find((c) => c.callId === id)?.phase === 'CONNECTED');
  });
  const stillWaiting = (await liveCalls(cw, queueId))
    .filter((c) => c.phase === 'WAITING')
    .map((c) => c.callId);
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
    t.deepEqual(
      { status: states.get(agentId)?.status, callId: states.get(agentId)?.callId },
      { status: 'ON_CALL', callId },
      `agent of ${callId} still on it`,
    );
  }
  for (const agent of agents.slice(0, PAUSED)) {
    t.deepEqual(
      { status: states.get(agent.id)?.status, reason: states.get(agent.id)?.reason },
      { status: 'PAUSED', reason: 'lunch' },
    );
  }
  const freedStates = freed.map((id) => states.get(id)?.status);
  t.true(
    freedStates.every((st) => st === 'ON_CALL' || st === 'RINGING' || st === 'RESERVED'),
    `freed agents serve again: ${freedStates.join(',')}`,
  );

  // Everyone hangs up: every call placed has one record, ended.
  const rows = await endEveryCall(cw, s, placed);
  t.is(rows.length, CALLS, 'one record per call placed');
  t.is(new Set(rows.map((r) => r.linked_id)).size, CALLS);
  for (const [callId, agentId] of agentOf) {
    const row = rows.find((r) => r.linked_id === callId);
    t.is(row?.agent_id, decodeGlobalID(agentId).id, `record of ${callId} keeps its agent`);
  }
});
