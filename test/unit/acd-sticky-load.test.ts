/**
 * The sticky memory loaded at start is in served order, oldest first, like
 * the one the runtime builds: the callers past the memory are at its front,
 * where they are forgotten from as newer callers are served.
 */
import test from 'ava';
import pino from 'pino';
import { loadConfig } from '../../src/app/acd/config-loader.ts';
import { createCore } from '../../src/app/acd/core.ts';
import { rememberServed, stickyMemoryMs } from '../../src/app/acd/routing-state.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { openStore } from '../../src/store/store.ts';
import { FakeCallControl, FakeMetrics, FakeTime } from '../helpers/acd.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

test('callers loaded at start are forgotten oldest first once past the memory', async (t) => {
  const time = new FakeTime();
  const store = await openStore({
    databaseUrl: 'sqlite::memory:',
    clock: time,
    logger: pino({ level: 'silent' }),
  });
  t.teardown(() => store.close());
  await migrateToLatest(store.knex);
  const line = await store.businessLines.create({
    name: 'Line',
    timezone: 'UTC',
    defaultCountry: 'FR',
  });
  // Default settings: the sticky agent on, a 7-day memory.
  await store.queues.create({
    businessLineId: line.id,
    name: 'Sales',
    strategy: 'longest-idle',
    ringTimeoutS: 15,
    maxWaitS: null,
    maxLength: null,
    wrapUpS: 0,
    serviceLevelS: 20,
    serviceLevelTarget: 0.8,
    requiredSkills: [],
  });
  const agent = await store.agents.create({
    businessLineId: line.id,
    name: 'Agent',
    extension: '1001',
    reach: 'sip',
    endpoint: 'PJSIP/1001',
    skills: [],
  });
  const served = (linkedId: string, ani: string, at: number) =>
    store.calls.upsertCall({
      linkedId,
      businessLineId: line.id,
      direction: 'inbound',
      ani,
      dnis: '5001',
      queueId: null,
      agentId: agent.id,
      startedAt: at - 5_000,
      answeredAt: at,
      endedAt: at + 60_000,
      hangupCause: 16,
      hangupBy: 'caller',
      disposition: null,
      notes: null,
    });
  const now = time.now();
  await served('c1', '+33600000001', now - 6 * DAY_MS);
  await served('c2', '+33600000002', now - HOUR_MS);

  const core = createCore({
    store,
    control: new FakeCallControl(),
    timers: time,
    clock: time,
    logger: pino({ level: 'silent' }),
    metrics: new FakeMetrics(),
    rng: () => 0.5,
  });
  await loadConfig(core);
  const keys = () => [...core.routing.lastServed.keys()].map((k) => k.split('|')[1]);
  t.deepEqual(keys(), ['+33600000001', '+33600000002']);

  // A day and a half later the first caller is past the week; the second is not.
  const memoryMs = stickyMemoryMs(core.snapshot.queues.values());
  const later = now + 1.5 * DAY_MS;
  rememberServed(
    core.routing,
    `${line.id}|+33600000003`,
    { agentId: agent.id, at: later },
    memoryMs,
  );
  t.deepEqual(keys(), ['+33600000002', '+33600000003']);
});
