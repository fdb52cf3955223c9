/**
 * What the inbound benches (inbound, soak) share: the PBX simulator in its
 * own process (`bench/inbound-sim-server.ts`) with one phone per agent, and
 * a business line whose queue those agents serve, reached on the benches'
 * DID. Kept out of `bench/*.ts`, which the runner takes for benches.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { seedDidTable } from '../../src/app/acd/did-seed.ts';
import type { openStore } from '../../src/store/store.ts';

/** ARI user and password of the benches' simulator. */
export const BENCH_USER = 'bench';
export const BENCH_PASSWORD = 'bench';
/** The DID the benches' calls dial. */
export const BENCH_DID = '5001';

/** A simulator with `agents` phones (100001...) that answer after `answerAfterS`. */
export async function startInboundSim(
  agents: number,
  answerAfterS: number,
): Promise<{ child: ChildProcess; port: number; phones: string[] }> {
  const phones = Array.from({ length: agents }, (_, i) => String(100_001 + i));
  const child = fork(new URL('../inbound-sim-server.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      BENCH_SIM: JSON.stringify({
        phones,
        user: BENCH_USER,
        password: BENCH_PASSWORD,
        answerAfterS,
      }),
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
  });
  return { child, port, phones };
}

/** The line `lineName`, its queue `Inbound` on BENCH_DID, one agent per phone; the agents' ids. */
export async function seedInboundLine(
  store: Awaited<ReturnType<typeof openStore>>,
  phones: readonly string[],
  lineName: string,
): Promise<string[]> {
  const line = await store.businessLines.create({
    name: lineName,
    timezone: 'UTC',
    defaultCountry: 'US',
  });
  const queue = await store.queues.create({
    businessLineId: line.id,
    name: 'Inbound',
    strategy: 'longest-idle',
    ringTimeoutS: 15,
    maxWaitS: null,
    maxLength: null,
    wrapUpS: 0,
    serviceLevelS: 20,
    serviceLevelTarget: 0.8,
    requiredSkills: [],
  });
  const agentIds: string[] = [];
  for (const ext of phones) {
    const agent = await store.agents.create({
      businessLineId: line.id,
      name: `Agent ${ext}`,
      extension: ext,
      reach: 'sip',
      endpoint: `PJSIP/${ext}`,
      skills: [],
    });
    await store.queues.addMember({ queueId: queue.id, agentId: agent.id, penalty: 0 });
    agentIds.push(agent.id);
  }
  await seedDidTable(store, {
    dids: [{ did: BENCH_DID, businessLine: lineName, queue: 'Inbound' }],
  });
  return agentIds;
}
