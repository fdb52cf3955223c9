/**
 * The live bus over a real Redis (TEST_REDIS_URL, default
 * redis://127.0.0.1:6379): what one instance publishes reaches the
 * subscribers of another, and a subscription served by one instance's
 * live service carries what the other instance's ACD published. Each run
 * uses its own channel prefix, so parallel runs do not hear each other.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import pino from 'pino';
import type { AgentStateMessage, LiveMessage } from '../../src/app/live/live-events.ts';
import { createLiveService } from '../../src/app/live/live-service.ts';
import type { Store } from '../../src/app/ports.ts';
import { createRedisLiveBus, type RedisLiveBus } from '../../src/pubsub/redis-live-bus.ts';
import { within } from '../helpers/live-clients.ts';

const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = pino({ level: 'silent' });
const prefix = `callwright-test:${randomUUID()}:`;
const buses: RedisLiveBus[] = [];

function bus(): RedisLiveBus {
  const b = createRedisLiveBus({ url, logger, prefix });
  buses.push(b);
  return b;
}

test.after.always(async () => {
  await Promise.all(buses.map((b) => b.close()));
});

const state = (agentId: string, to: AgentStateMessage['to']): AgentStateMessage => ({
  type: 'agent-state',
  agentId,
  from: 'available',
  to,
  reason: null,
  callId: 'c1',
  at: 1_000,
});

/** Collects a topic's messages and resolves once `count` have come. */
function collect(b: RedisLiveBus, topic: 'agent:a1' | 'agent:a2', count: number) {
  const got: LiveMessage[] = [];
  let done: (messages: LiveMessage[]) => void = () => {};
  const all = new Promise<LiveMessage[]>((resolve) => {
    done = resolve;
  });
  const unsubscribe = b.subscribe(topic, (m) => {
    got.push(m);
    if (got.length === count) done(got);
  });
  return { all: within(`${count} messages on ${topic}`, all), got, unsubscribe };
}

test.serial(
  'a message published on one instance reaches subscribers on both, in order',
  async (t) => {
    const a = bus();
    const b = bus();
    const onA = collect(a, 'agent:a1', 2);
    const onB = collect(b, 'agent:a1', 2);
    const other = collect(b, 'agent:a2', 1);
    await Promise.all([a.subscriptionsReady(), b.subscriptionsReady()]);
    a.publish('agent:a1', state('a1', 'reserved'));
    a.publish('agent:a1', state('a1', 'ringing'));
    t.deepEqual(await onB.all, [state('a1', 'reserved'), state('a1', 'ringing')]);
    t.deepEqual(await onA.all, [state('a1', 'reserved'), state('a1', 'ringing')]);
    // A topic's subscribers hear only that topic.
    b.publish('agent:a2', state('a2', 'paused'));
    t.deepEqual(await other.all, [state('a2', 'paused')]);
    t.is(onB.got.length, 2);
    for (const c of [onA, onB, other]) c.unsubscribe();
  },
);

test.serial('after unsubscribing, an instance hears nothing more of that topic', async (t) => {
  const a = bus();
  const b = bus();
  const gone = collect(b, 'agent:a1', 1);
  // Redis keeps a connection's messages in order: once the marker is in, a1's would be too.
  const marker = collect(b, 'agent:a2', 1);
  await b.subscriptionsReady();
  gone.unsubscribe();
  await b.subscriptionsReady();
  a.publish('agent:a1', state('a1', 'on-call'));
  a.publish('agent:a2', state('a2', 'on-call'));
  await marker.all;
  t.deepEqual(gone.got, []);
  marker.unsubscribe();
});

test.serial(
  'a subscription served by one instance carries what another instance published',
  async (t) => {
    const acdSide = bus();
    const apiSide = bus();
    const agent = {
      id: 'a1',
      businessLineId: 'l1',
      name: 'Agent',
      extension: '2001',
      reach: 'sip',
      endpoint: 'PJSIP/2001',
      skills: [],
      createdAt: 0,
      updatedAt: 0,
    };
    const store = { agents: { get: async () => agent } } as unknown as Store;
    const live = createLiveService({
      store,
      bus: apiSide,
      logger,
      clock: { now: () => 0 },
    });
    const actor = {
      userId: 'u1',
      username: 'agent',
      role: 'agent' as const,
      agentId: 'a1',
      businessLineIds: ['l1'],
      via: 'api-key' as const,
      source: null,
    };
    const feed = await live.agentEvents(actor, null);
    await apiSide.subscriptionsReady();
    acdSide.publish('agent:a1', state('a1', 'ringing'));
    const first = await within('the message from the other instance', feed.next());
    t.deepEqual(first, { value: state('a1', 'ringing'), done: false });
    await feed.return?.();
  },
);
