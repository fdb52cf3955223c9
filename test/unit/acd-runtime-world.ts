/**
 * A small world for the ACD runtime's unit tests: a real SQLite store in
 * memory with one business line, one queue and some agents, the runtime
 * over fake call control and fake time, and `waitFor` on runtime events.
 */
import pino from 'pino';
import type { PbxCallEvent } from '../../src/app/acd/pbx-events.ts';
import type { AcdRuntime, RuntimeEvent } from '../../src/app/acd/runtime.ts';
import type { QueueStrategy } from '../../src/domain/directory/entities.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { type OpenedStore, openStore } from '../../src/store/store.ts';
import {
  type FakeCallControl,
  type FakeMetrics,
  FakeTime,
  fakeAcdRuntime,
} from '../helpers/acd.ts';

/** The DID the world's queue answers. */
export const DID = '5001';

/** Options of {@link world}. */
export interface WorldOptions {
  agents?: number;
  strategy?: QueueStrategy;
  ringTimeoutS?: number;
  wrapUpS?: number;
  maxWaitS?: number;
}

/** A runtime with its fakes, store and event log. */
export interface World {
  runtime: AcdRuntime;
  time: FakeTime;
  control: FakeCallControl;
  metrics: FakeMetrics;
  store: OpenedStore;
  queueId: string;
  lineId: string;
  /** Agent ids in creation order (extensions 1001, 1002, ...). */
  agents: string[];
  events: RuntimeEvent[];
  /** Resolves with the first event (past or future) matching `match`. */
  waitFor(match: (e: RuntimeEvent) => boolean): Promise<RuntimeEvent>;
  /** An inbound call from `ani` to the world's DID on channel `channelId`. */
  call(channelId: string, ani?: string): void;
  send(event: PbxCallEvent): void;
  status(agentId: string): string;
  close(): Promise<void>;
}

async function seed(store: OpenedStore, o: WorldOptions) {
  const line = await store.businessLines.create({
    name: 'Line',
    timezone: 'Europe/Paris',
    defaultCountry: 'FR',
  });
  const queue = await store.queues.create({
    businessLineId: line.id,
    name: 'Sales',
    strategy: o.strategy ?? 'longest-idle',
    ringTimeoutS: o.ringTimeoutS ?? 15,
    maxWaitS: o.maxWaitS ?? null,
    maxLength: null,
    wrapUpS: o.wrapUpS ?? 10,
    serviceLevelS: 20,
    serviceLevelTarget: 0.8,
    requiredSkills: [],
  });
  const agents: string[] = [];
  for (let i = 1; i <= (o.agents ?? 1); i++) {
    const agent = await store.agents.create({
      businessLineId: line.id,
      name: `Agent ${i}`,
      extension: String(1000 + i),
      reach: 'sip',
      endpoint: `PJSIP/${1000 + i}`,
      skills: [],
    });
    await store.queues.addMember({ queueId: queue.id, agentId: agent.id, penalty: 0 });
    agents.push(agent.id);
  }
  return { lineId: line.id, queueId: queue.id, agents };
}

/** Builds and starts a world. */
export async function world(o: WorldOptions = {}): Promise<World> {
  const time = new FakeTime();
  const store = await openStore({
    databaseUrl: 'sqlite::memory:',
    clock: time,
    logger: pino({ level: 'silent' }),
  });
  await migrateToLatest(store.knex);
  const seeded = await seed(store, o);
  const didTable = {
    dids: [{ did: DID, businessLine: 'Line', queue: 'Sales' }],
  };
  const { runtime, control, metrics } = fakeAcdRuntime(store, { time, didTable });
  const events: RuntimeEvent[] = [];
  const waiters: Array<{
    match: (e: RuntimeEvent) => boolean;
    resolve: (e: RuntimeEvent) => void;
  }> = [];
  runtime.onEvent((e) => {
    events.push(e);
    for (const w of [...waiters]) {
      if (!w.match(e)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(e);
    }
  });
  await runtime.start();
  return {
    runtime,
    time,
    control,
    metrics,
    store,
    ...seeded,
    events,
    waitFor(match) {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    call(channelId, ani = '+33612345678') {
      runtime.handle({
        type: 'inbound-entered',
        channelId,
        channelName: `PJSIP/trunk-${channelId}`,
        ani,
        dnis: DID,
        trunk: 'trunk',
        queueId: null,
      });
    },
    send: (event) => runtime.handle(event),
    status: (agentId) => runtime.agentView(agentId).status,
    async close() {
      await runtime.stop();
      await store.close();
    },
  };
}

/** Logs agents in (in the given order, each one tick of fake time after the other). */
export async function loginAll(w: World, agentIds: readonly string[]): Promise<void> {
  for (const id of agentIds) {
    const result = await w.runtime.agentAction(id, { type: 'login' });
    if (!result.ok) throw new Error(`login of ${id} refused: ${result.error.code}`);
    w.time.advance(1000);
  }
}

/** The channel id of the n-th offer (1-based) of a call. */
export const offerLeg = (callId: string, n: number): string => `${callId}-offer-${n}`;

/** The `offer-sent` events so far, as `[agentId, channelId]`. */
export function offers(w: World): Array<[string, string]> {
  return w.events.flatMap((e) => (e.type === 'offer-sent' ? [[e.agentId, e.channelId]] : []));
}
