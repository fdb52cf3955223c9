/**
 * One callwright process driving two Asterisk nodes (two simulators,
 * ASTERISK_NODES), one queue across both: callers arrive on either node,
 * agents' phones are registered on one node or the other, and the one
 * dispatcher serves every caller with every agent. An agent leg is made on
 * its caller's node (rung at the phone's contact when the phone registered
 * on the other node), so each conversation lives in one bridge on one node.
 * Then node b goes away: its calls end and are recorded, the agents whose
 * phones were on it are paused as unreachable (after the call they are on,
 * which lives on node a), and routing continues on node a. Every call ends
 * with exactly one record.
 */
import { randomBytes } from 'node:crypto';
import test from 'ava';
import {
  agentStates,
  liveCalls,
  type NodesScenario,
  openNodesScenario,
  recordsWhenIdle,
  seedCallCenter,
  until,
} from '../helpers/call-center-scenario.ts';
import { type CallwrightProcess, startCallwrightProcess } from '../helpers/callwright-process.ts';

const DID = '5003';
const PHONES = { a: ['2001', '2002', '2003', '2004'], b: ['2005', '2006', '2007', '2008'] };

const scenarios: NodesScenario[] = [];
const processes: CallwrightProcess[] = [];
test.after.always(async () => {
  for (const p of processes) await p.stop();
  for (const s of scenarios) await s.close();
});

type Sim = NonNullable<ReturnType<NodesScenario['sims']['get']>>;

/** The conversations on a node: caller id -> extension of the agent phone in its bridge. */
function conversations(sim: Sim): Map<string, string> {
  const channels = sim.control.channels();
  const out = new Map<string, string>();
  for (const bridge of sim.control.bridges()) {
    const id = String(bridge.id);
    if (!id.startsWith('cw-call-')) continue;
    const callId = id.slice('cw-call-'.length);
    const leg = channels.find((c) => c.bridge_id === id && c.id !== callId);
    const ext = /^PJSIP\/(\d+)-/.exec(String(leg?.name))?.[1];
    if (ext !== undefined) out.set(callId, ext);
  }
  return out;
}

/** The callers among `ids` still on the line hang up. */
function hangUpAlive(sim: Sim, ids: readonly string[]) {
  const alive = new Set(sim.control.channels().map((ch) => ch.id as string));
  for (const id of ids) if (alive.has(id)) sim.control.remoteHangup(id);
}

function place(sim: Sim, prefix: string, n: number): string[] {
  return Array.from(
    { length: n },
    (_, i) => sim.control.placeCall({ from: `${prefix}${i}`, to: DID }).channelId,
  );
}

test.serial(
  'two nodes under one callwright: one queue over both, and the loss of a node',
  async (t) => {
    t.timeout(180_000);
    const s = await openNodesScenario(PHONES);
    scenarios.push(s);
    const simA = s.sims.get('a') as Sim;
    const simB = s.sims.get('b') as Sim;
    const c = await startCallwrightProcess(s.env);
    processes.push(c);
    const { queueId, agents } = await seedCallCenter(c, { agents: 8, paused: 0, did: DID });
    const agentOf = new Map(agents.map((a) => [a.extension, a.id]));

    // Six callers on node a (four phones registered there), then six on node b.
    const onA = place(simA, '+3361000000', 6);
    await until('six conversations on node a', () => conversations(simA).size === 6);
    const onB = place(simB, '+3362000000', 6);
    await until('two conversations on node b', () => conversations(simB).size === 2);
    const talkA = conversations(simA);
    const talkB = conversations(simB);
    t.deepEqual([...talkA.keys()].sort(), [...onA].sort(), 'every caller of a talks, on a');
    const crossNode = [...talkA.values()].filter((ext) => PHONES.b.includes(ext));
    t.true(crossNode.length >= 2, `agents of b's phones serve callers of a (${crossNode})`);
    const agentExts = [...talkA.values(), ...talkB.values()];
    t.is(new Set(agentExts).size, 8, 'eight agents, one call each');
    const waiting = (await liveCalls(c, queueId)).filter((x) => x.phase === 'WAITING');
    t.is(waiting.length, 4, 'the other four callers of b wait');
    t.true(waiting.every((w) => onB.includes(w.callId)));

    // Node b goes away with its six calls.
    const bAgentsOnA = crossNode.map((ext) => agentOf.get(ext) as string);
    const bAgentsOnB = [...talkB.values()].map((ext) => agentOf.get(ext) as string);
    await s.closeNode('b');
    await c.waitForLog(
      'node b lost',
      (l) => l.msg === 'Asterisk node lost: its calls and phones are gone' && l.node === 'b',
      20_000,
    );
    await until('only the calls of a are left', async () => {
      const live = await liveCalls(c);
      return live.length === 6 && live.every((x) => onA.includes(x.callId));
    });
    await until("b's callers' records ended", async () => {
      const [open] = await s
        .db('calls')
        .whereIn('linked_id', onB)
        .whereNull('ended_at')
        .count({ n: '*' });
      return Number(open?.n) === 0;
    });
    await until('agents of lost phones paused', async () => {
      const states = await agentStates(c, bAgentsOnB);
      return [...states.values()].every((x) => x.status === 'PAUSED');
    });
    const afterLoss = await agentStates(c, [...bAgentsOnB, ...bAgentsOnA]);
    for (const id of bAgentsOnB) t.is(afterLoss.get(id)?.reason, 'phone-unreachable');
    for (const id of bAgentsOnA)
      t.is(
        afterLoss.get(id)?.status,
        'ON_CALL',
        'a call on node a goes on whatever its phone registered with',
      );
    t.is(conversations(simA).size, 6, 'node a lost nothing');

    // Routing goes on, on node a: a new caller waits for the first agent of a to be free.
    const [late] = place(simA, '+3363000000', 1);
    const freed = [...talkA].find(([, ext]) => PHONES.a.includes(ext)) as [string, string];
    simA.control.remoteHangup(freed[0]);
    await until(
      'the late caller talks to the freed agent',
      () => conversations(simA).get(late as string) === freed[1],
    );
    // The agent of b's phone on a call on a is paused once that call ends.
    const crossCall = [...talkA].find(([, ext]) => PHONES.b.includes(ext)) as [string, string];
    simA.control.remoteHangup(crossCall[0]);
    await until('the cross-node agent is paused after its call', async () => {
      const states = await agentStates(c, [agentOf.get(crossCall[1]) as string]);
      return [...states.values()][0]?.status === 'PAUSED';
    });

    // Everyone hangs up: every call of both nodes has exactly one ended record.
    hangUpAlive(simA, [...onA, late as string]);
    const all = [...onA, ...onB, late as string];
    const rows = await recordsWhenIdle(c, s.db, all);
    t.is(rows.length, all.length, 'one record per call');
    t.is(new Set(rows.map((r) => r.linked_id)).size, all.length);
    const metrics = await (await fetch(`${c.httpUrl}/metrics`)).text();
    t.regex(metrics, /callwright_pbx_node_up\{node="a"\} 1/);
    t.regex(metrics, /callwright_pbx_node_up\{node="b"\} 0/);
  },
);

test.serial(
  'active and standby over two nodes, lease in MariaDB: the standby takes both nodes back',
  async (t) => {
    t.timeout(180_000);
    const s = await openNodesScenario(PHONES);
    scenarios.push(s);
    const simA = s.sims.get('a') as Sim;
    const simB = s.sims.get('b') as Sim;
    const env = {
      ...s.env,
      // The lease in the database (the deployment without Redis); failover.test.ts uses Redis.
      HA_LEASE: 'database',
      HA_LEASE_NAME: `multi-node-${randomBytes(4).toString('hex')}`,
      HA_LEASE_TTL_MS: '2000',
    };
    const active = await startCallwrightProcess(env);
    processes.push(active);
    await active.waitForLog('active', (l) => l.msg === 'active' && l.component === 'ha');
    const standby = await startCallwrightProcess(env, { standby: true });
    processes.push(standby);
    const { queueId } = await seedCallCenter(active, { agents: 8, paused: 0, did: DID });
    const onA = place(simA, '+3364000000', 6);
    await until('six conversations on node a', () => conversations(simA).size === 6);
    const onB = place(simB, '+3365000000', 6);
    await until('two conversations on node b', () => conversations(simB).size === 2);
    const before = { a: conversations(simA), b: conversations(simB) };
    const line = (await liveCalls(active, queueId))
      .filter((x) => x.phase === 'WAITING')
      .map((x) => x.callId);
    t.is(line.length, 4);
    await until('records written', async () => {
      const [n] = await s
        .db('calls')
        .whereIn('linked_id', [...onA, ...onB])
        .count({ n: '*' });
      return Number(n?.n) === 12;
    });

    const killedAt = Date.now();
    await active.kill();
    const recovered = await standby.waitForLog(
      'state taken back',
      (l) => l.msg === 'state taken back from the PBX',
      30_000,
    );
    await standby.serving();
    const takeoverMs = Number(recovered.time) - killedAt;
    t.log(`takeover over two nodes: state taken back ${takeoverMs} ms after the kill`);
    t.true(takeoverMs < 5_000, `takeover ${takeoverMs} ms`);
    t.is(recovered.connected, 8, 'the eight conversations of both nodes, in one pass');
    t.is(recovered.waiting, 4);
    t.deepEqual(conversations(simA), before.a, 'the same conversations on a');
    t.deepEqual(conversations(simB), before.b, 'the same conversations on b');
    const calls = await liveCalls(standby, queueId);
    t.deepEqual(
      calls.filter((x) => x.phase === 'WAITING').map((x) => x.callId),
      line,
      'the line keeps its order',
    );

    // The new active instance routes on both nodes: a caller of b hangs up, its agent takes b's next caller.
    const [callerB, extB] = [...before.b][0] as [string, string];
    simB.control.remoteHangup(callerB);
    await until(
      "b's head of the line served",
      () => conversations(simB).get(line[0] as string) === extB,
    );

    hangUpAlive(simA, onA);
    hangUpAlive(simB, onB);
    const all = [...onA, ...onB];
    const rows = await recordsWhenIdle(standby, s.db, all);
    t.is(rows.length, all.length, 'one record per call');
  },
);
