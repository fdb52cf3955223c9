/**
 * Two callwright processes, active and standby (HA_LEASE=redis), over one
 * PBX (the simulator) and one database (deployment issue, "several
 * callwright instances"). The first takes the lease in Redis and serves;
 * the second waits, answering only its probes. With callers talking to
 * agents and callers waiting, the active one is killed with SIGKILL: the
 * standby must take the lease once it lapses, start, and take the calls
 * and agents back from the PBX and the database, so that no call is
 * dropped, everyone keeps their agent or their place, and once everyone
 * hangs up every call has one record, ended. The takeover time (kill to
 * state taken back, the issue's < 5 s) is logged.
 */
import { randomBytes } from 'node:crypto';
import test from 'ava';
import {
  agentStates,
  agentsOfBridges,
  endEveryCall,
  fillCallCenter,
  liveCalls,
  openScenario,
  type Scenario,
  until,
} from '../helpers/call-center-scenario.ts';
import { type CallwrightProcess, startCallwrightProcess } from '../helpers/callwright-process.ts';

const AGENTS = 20;
const PAUSED = 1;
const CALLS = 40;
const DID = '5002';

let scenario: Scenario | undefined;
const processes: CallwrightProcess[] = [];
test.after.always(async () => {
  for (const cw of processes) await cw.stop();
  await scenario?.close();
});

test('the standby takes over when the active instance is killed: calls, agents and records survive', async (t) => {
  t.timeout(240_000);
  const s = await openScenario({ agents: AGENTS });
  scenario = s;
  const env = {
    ...s.env,
    HA_LEASE: 'redis',
    REDIS_URL: 'redis://127.0.0.1:6379',
    // A lease of this test's own: other tests' instances never compete for it.
    HA_LEASE_NAME: `failover-${randomBytes(4).toString('hex')}`,
    HA_LEASE_TTL_MS: '2000',
  };
  const active = await startCallwrightProcess(env);
  processes.push(active);
  await active.waitForLog('active', (l) => l.msg === 'active' && l.component === 'ha');
  const standby = await startCallwrightProcess(env, { standby: true });
  processes.push(standby);
  t.false(
    standby.logs.some((l) => l.msg === 'lease taken: becoming the active instance'),
    'the second instance waits',
  );

  const { queueId, agents, byExtension, placed, serving, agentOf, line } = await fillCallCenter(
    active,
    s,
    { agents: AGENTS, paused: PAUSED, calls: CALLS, did: DID, numberPrefix: '+3362000' },
  );
  t.is(line.length, CALLS - serving);

  // The active instance dies where it stands.
  const killedAt = Date.now();
  await active.kill();
  const recovered = await standby.waitForLog(
    'state taken back',
    (l) => l.msg === 'state taken back from the PBX',
    30_000,
  );
  await standby.serving();
  const takeoverMs = Number(recovered.time) - killedAt;
  t.log(
    `takeover: state taken back ${takeoverMs} ms after the active instance was killed ` +
      `(lease time to live ${env.HA_LEASE_TTL_MS} ms); ${JSON.stringify({
        waiting: recovered.waiting,
        connected: recovered.connected,
        agentsRestored: recovered.agentsRestored,
      })}`,
  );
  t.is(recovered.connected, serving);
  t.is(recovered.waiting, line.length);
  t.is(recovered.agentsRestored, AGENTS);

  // Nobody dropped; the same agents on the same calls; the line in order.
  const alive = new Set(s.sim.control.channels().map((c) => c.id as string));
  t.true(
    placed.every((id) => alive.has(id)),
    'every caller still on the line',
  );
  t.deepEqual(agentsOfBridges(s, byExtension), agentOf, 'the same bridges');
  const calls = await liveCalls(standby, queueId);
  t.deepEqual(
    calls.filter((c) => c.phase === 'WAITING').map((c) => c.callId),
    line,
    'the line keeps its order',
  );
  const states = await agentStates(
    standby,
    agents.map((a) => a.id),
  );
  for (const [callId, agentId] of agentOf) {
    t.deepEqual(
      { status: states.get(agentId)?.status, callId: states.get(agentId)?.callId },
      { status: 'ON_CALL', callId },
    );
  }
  t.is(states.get(agents[0]?.id ?? '')?.status, 'PAUSED');

  // The new active instance serves: a bridged caller hangs up, its agent takes the head of the line.
  const [firstCall] = [...agentOf.keys()];
  s.sim.control.remoteHangup(firstCall as string);
  await until('the head of the line is served', async () => {
    const now = await liveCalls(standby, queueId);
    return now.find((c) => c.callId === line[0])?.phase === 'CONNECTED';
  });

  const rows = await endEveryCall(standby, s, placed);
  t.is(rows.length, CALLS, 'one record per call placed');
});
