/**
 * The live feeds' parts on their own: the coalescing of queue figures
 * (fake clock and timers), the subscription stream's buffer, and the
 * publisher's per-agent order (a screen pop being looked up holds the
 * agent's later messages back).
 */
import test from 'ava';
import pino from 'pino';
import type { QueueStatsView } from '../../src/app/acd/live-view.ts';
import type { AcdRuntime, RuntimeEvent } from '../../src/app/acd/runtime.ts';
import { createLocalLiveBus } from '../../src/app/live/live-bus.ts';
import type { LiveMessage, QueueStatsMessage } from '../../src/app/live/live-events.ts';
import { createLivePublisher } from '../../src/app/live/live-publisher.ts';
import { liveStream } from '../../src/app/live/live-stream.ts';
import { createQueueStatsFeed } from '../../src/app/live/queue-stats-feed.ts';
import type { Store } from '../../src/app/ports.ts';
import { FakeTime } from '../helpers/acd.ts';

const view = (waiting: number): QueueStatsView => ({
  queueId: 'q1',
  businessLineId: 'l1',
  waiting,
  longestWaitS: waiting > 0 ? 0 : null,
  agentsByStatus: [],
});

test('queue figures: the first change goes out at once, a burst once per interval with the last figures', (t) => {
  const time = new FakeTime();
  let waiting = 0;
  const sent: QueueStatsMessage[] = [];
  const feed = createQueueStatsFeed({
    read: () => view(waiting),
    publish: (m) => sent.push(m),
    timers: time,
    clock: time,
    intervalMs: 250,
  });
  const start = time.now();
  waiting = 1;
  feed.changed('q1');
  t.deepEqual(
    sent.map((m) => m.waiting),
    [1],
  );
  for (const n of [2, 3, 4]) {
    time.advance(50);
    waiting = n;
    feed.changed('q1');
  }
  t.is(sent.length, 1, 'held back within the interval');
  time.advance(100);
  t.deepEqual(
    sent.map((m) => [m.waiting, m.at - start]),
    [
      [1, 0],
      [4, 250],
    ],
  );
  // Quiet for a whole interval: the next change goes out at once again.
  time.advance(1000);
  waiting = 0;
  feed.changed('q1');
  t.deepEqual(
    sent.map((m) => m.waiting),
    [1, 4, 0],
  );
  feed.close();
  t.deepEqual(time.keys(), []);
});

test('queue figures: closing drops a message still waiting for its interval', (t) => {
  const time = new FakeTime();
  const sent: QueueStatsMessage[] = [];
  const feed = createQueueStatsFeed({
    read: () => view(1),
    publish: (m) => sent.push(m),
    timers: time,
    clock: time,
    intervalMs: 250,
  });
  feed.changed('q1');
  feed.changed('q1');
  feed.close();
  time.advance(1000);
  t.is(sent.length, 1);
});

test('a live stream gives the initial messages first, then pushed ones, and unsubscribes on return', async (t) => {
  let push: (n: number) => void = () => {};
  let subscribed = false;
  const stream = liveStream<number>(
    (p) => {
      push = p;
      subscribed = true;
      return () => {
        subscribed = false;
      };
    },
    { initial: [1] },
  );
  push(2);
  t.deepEqual(await stream.next(), { value: 1, done: false });
  t.deepEqual(await stream.next(), { value: 2, done: false });
  const waiting = stream.next();
  push(3);
  t.deepEqual(await waiting, { value: 3, done: false });
  await stream.return?.();
  t.false(subscribed);
  push(4);
  t.deepEqual(await stream.next(), { value: undefined, done: true });
});

test('a slow reader loses the oldest messages, and end() lets it read what is left', async (t) => {
  let push: (n: number) => void = () => {};
  let drops = 0;
  const stream = liveStream<number>(
    (p) => {
      push = p;
      return () => {};
    },
    { limit: 2, onDrop: () => drops++ },
  );
  for (const n of [1, 2, 3, 4]) push(n);
  stream.end();
  const read: number[] = [];
  for await (const n of stream) read.push(n);
  t.deepEqual(read, [3, 4]);
  t.is(drops, 2);
});

/** A runtime that only replays events to the publisher, with one call in progress. */
function fakeRuntime() {
  const listeners = new Set<(e: RuntimeEvent) => void>();
  const call = {
    callId: 'c1',
    queueId: 'q1',
    businessLineId: 'l1',
    phase: 'offered' as const,
    ani: '+33612345678',
    dnis: '5001',
    enteredAt: 1000,
    waitingSince: 1000,
    connectedAt: null,
    agentIds: ['a1'],
  };
  const runtime = {
    onEvent(listener: (e: RuntimeEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    queuesOf: () => ['q1'],
    queueStats: () => view(1),
    callView: (id: string) => (id === 'c1' ? call : undefined),
  } as unknown as AcdRuntime;
  const emit = (e: RuntimeEvent) => {
    for (const l of listeners) l(e);
  };
  return { runtime, emit };
}

test('the publisher sends an agent its pop after the ringing state, and holds later messages behind it', async (t) => {
  const { runtime, emit } = fakeRuntime();
  let releaseLine: () => void = () => {};
  const lineLookup = new Promise<void>((resolve) => {
    releaseLine = resolve;
  });
  const store = {
    businessLines: {
      get: async () => {
        await lineLookup;
        return { id: 'l1', name: 'Line', timezone: 'Europe/Paris', defaultCountry: 'FR' };
      },
    },
    contacts: { findByPhone: async () => [] },
    calls: { list: async () => [] },
    queues: { get: async () => ({ id: 'q1', name: 'Sales' }), getMany: async () => [] },
    agents: { getMany: async () => [] },
  } as unknown as Store;
  const bus = createLocalLiveBus((error) => {
    throw error;
  });
  const time = new FakeTime(5000);
  const publisher = createLivePublisher({
    runtime,
    store,
    bus,
    timers: time,
    clock: time,
    logger: pino({ level: 'silent' }),
  });
  const seen: LiveMessage[] = [];
  bus.subscribe('agent:a1', (m) => seen.push(m));
  const state = (from: string, to: string) =>
    ({
      type: 'agent-state-changed',
      agentId: 'a1',
      from,
      to,
      reason: null,
      callId: 'c1',
      at: 5000,
    }) as RuntimeEvent;
  emit(state('reserved', 'ringing'));
  emit(state('ringing', 'on-call'));
  // The publisher sends once the runtime's step is done (queued microtasks, in order).
  await Promise.resolve();
  t.deepEqual(
    seen.map((m) => m.type === 'agent-state' && m.to),
    ['ringing'],
  );
  releaseLine();
  await publisher.close();
  t.deepEqual(
    seen.map((m) => (m.type === 'agent-state' ? m.to : m.type)),
    ['ringing', 'screen-pop', 'on-call'],
  );
  t.like(seen[1], {
    type: 'screen-pop',
    callId: 'c1',
    queueName: 'Sales',
    waitS: 4,
    returning: false,
  });
});

test('an agent whose phone answers without ringing still gets the pop, once', async (t) => {
  const { runtime, emit } = fakeRuntime();
  const store = {
    businessLines: { get: async () => ({ id: 'l1', defaultCountry: 'FR' }) },
    contacts: { findByPhone: async () => [] },
    calls: { list: async () => [] },
    queues: { get: async () => ({ id: 'q1', name: 'Sales' }), getMany: async () => [] },
    agents: { getMany: async () => [] },
  } as unknown as Store;
  const bus = createLocalLiveBus((error) => {
    throw error;
  });
  const time = new FakeTime(5000);
  const publisher = createLivePublisher({
    runtime,
    store,
    bus,
    timers: time,
    clock: time,
    logger: pino({ level: 'silent' }),
  });
  const seen: LiveMessage[] = [];
  bus.subscribe('agent:a1', (m) => seen.push(m));
  const state = (from: string, to: string) =>
    ({
      type: 'agent-state-changed',
      agentId: 'a1',
      from,
      to,
      reason: null,
      callId: 'c1',
      at: 5000,
    }) as RuntimeEvent;
  emit(state('available', 'reserved'));
  emit(state('reserved', 'on-call'));
  emit(state('on-call', 'on-call'));
  await publisher.close();
  t.deepEqual(
    seen.map((m) => (m.type === 'agent-state' ? m.to : m.type)),
    ['reserved', 'on-call', 'screen-pop', 'on-call'],
  );
});
