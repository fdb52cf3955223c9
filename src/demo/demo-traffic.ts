/**
 * Demo traffic for `npm start` with the built-in simulator, so a newcomer
 * sees the queues work: once the PBX is connected, every agent whose phone
 * the simulator plays is logged in through the ACD (its phone answers
 * after a few seconds), then the simulator places calls on the demo DIDs
 * at the chosen rate, some of them from the demo contacts' numbers. Calls,
 * waiting callers and agents changing state then show in GraphQL.
 */
import type { AcdRuntime } from '../app/acd/runtime.ts';
import type { Logger } from '../app/logger.ts';
import type { Store } from '../app/ports.ts';
import type { SimControl } from '../sim/control/control-api.ts';
import {
  type DemoDid,
  type DemoTrafficLevel,
  demoTrafficOptions,
} from '../sim/traffic/demo-profile.ts';

/** What the demo traffic runs on. */
export interface DemoTrafficDeps {
  level: DemoTrafficLevel;
  sim: SimControl;
  /** Resolves once callwright is connected to the simulator. */
  pbxReady: () => Promise<void>;
  acd: AcdRuntime;
  store: Store;
  logger: Logger;
  /** The demo's DID table: calls go to its queue and agent DIDs. */
  routes: ReadonlyArray<{
    readonly did: string;
    readonly businessLine: string;
    readonly queue?: string;
    readonly agentExtension?: string;
  }>;
  /** Seed of the simulator's traffic streams. */
  seed?: number;
}

/** Running demo traffic. */
export interface DemoTraffic {
  /** Stops placing calls (calls in progress go on until the simulator closes). */
  stop(): Promise<void>;
}

const ALL = { offset: 0, limit: 1000 };

/** Logs in every agent whose phone the simulator plays; returns how many are in. */
async function readyAgents(deps: DemoTrafficDeps, log: Logger): Promise<number> {
  const phones = new Set(deps.sim.phones().map((p) => p.ext));
  let ready = 0;
  for (const agent of await deps.store.agents.list({}, ALL)) {
    const ext = /^PJSIP\/(\w+)$/.exec(agent.endpoint)?.[1];
    if (agent.reach !== 'sip' || ext === undefined || !phones.has(ext)) continue;
    // A person takes a few seconds to pick up.
    deps.sim.setPhone(ext, {
      registered: true,
      mode: 'answer',
      answerAfterS: { kind: 'uniform', min: 2, max: 5 },
    });
    const result = await deps.acd.agentAction(agent.id, { type: 'login' });
    if (result.ok || result.error.code === 'AGENT_ALREADY_LOGGED_IN') ready += 1;
    else log.warn({ agentId: agent.id, code: result.error.code }, 'demo agent not logged in');
  }
  return ready;
}

/** Each demo DID with the numbers of its business line's contacts. */
async function demoDids(deps: DemoTrafficDeps): Promise<DemoDid[]> {
  const dids: DemoDid[] = [];
  for (const route of deps.routes) {
    // DIDs starting with 8 go through the IVR in the shipped dialplan; the demo calls the ACD's.
    if (route.did.startsWith('8') || (!route.queue && !route.agentExtension)) continue;
    const line = await deps.store.businessLines.getByName(route.businessLine);
    if (line === undefined) continue;
    const contacts = await deps.store.contacts.list({ businessLineIds: [line.id] }, ALL);
    dids.push({ did: route.did, callers: contacts.flatMap((c) => c.phones.map((p) => p.e164)) });
  }
  return dids;
}

/** Starts the demo traffic in the background. */
export function startDemoTraffic(deps: DemoTrafficDeps): DemoTraffic {
  const log = deps.logger.child({ component: 'demo' });
  let stopped = false;
  let wake: () => void = () => {};
  const stopping = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const started = (async () => {
    await Promise.race([deps.pbxReady(), stopping]);
    if (stopped) return;
    const agents = await readyAgents(deps, log);
    const dids = await demoDids(deps);
    if (stopped || dids.length === 0) return;
    deps.sim.startTraffic(demoTrafficOptions(deps.level, dids, deps.seed ?? 1));
    log.info({ level: deps.level, agents, dids: dids.map((d) => d.did) }, 'demo traffic started');
  })().catch((error: unknown) => log.error({ err: error }, 'demo traffic failed to start'));
  return {
    async stop() {
      stopped = true;
      wake();
      await started;
      deps.sim.stopTraffic();
    },
  };
}

/** The `DEMO_TRAFFIC` setting. */
export type DemoTrafficSetting = 'auto' | 'off' | DemoTrafficLevel;

/**
 * The level to run, or null for none: `auto` runs `low` when the demo data
 * is seeded (`SEED_DEMO=auto`); the caller runs it only with the simulator.
 */
export function demoTrafficLevel(
  setting: DemoTrafficSetting,
  seedDemo: 'auto' | 'never',
): DemoTrafficLevel | null {
  if (setting === 'off') return null;
  if (setting === 'auto') return seedDemo === 'auto' ? 'low' : null;
  return setting;
}
