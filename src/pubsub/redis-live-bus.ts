/**
 * The live bus over Redis pub/sub (ioredis), for several callwright
 * instances: a message published by the instance that runs a call reaches
 * subscribers connected to any instance. One connection publishes, one
 * subscribes; a Redis channel is subscribed while at least one local
 * listener wants its topic. Messages are JSON.
 *
 * While Redis is away the bus serves this instance alone: messages go
 * straight to local listeners (and other instances miss them), so screens
 * attached here keep their live feeds. ioredis reconnects and re-subscribes
 * by itself; once both connections are back, messages go through Redis
 * again. Publishing never queues while disconnected (a queued message would
 * arrive twice: locally now and through Redis later). Live feeds are for
 * screens, not records, so a message lost between instances during an
 * outage is acceptable; the records themselves are in the database.
 */
import { Redis } from 'ioredis';
import type { LiveBus, LiveListener } from '../app/live/live-bus.ts';
import type { LiveMessage, LiveTopic } from '../app/live/live-events.ts';
import type { Logger } from '../app/logger.ts';

/** Options of {@link createRedisLiveBus}. */
export interface RedisLiveBusOptions {
  /** `redis://host:6379` (or `rediss://`). */
  url: string;
  logger: Logger;
  /** Prepended to every channel name; default `callwright:live:`. */
  prefix?: string;
}

/** What /readyz shows of the bus. */
export interface RedisHealth {
  /** Both connections are up: messages go through Redis. */
  ok: boolean;
  /** What is wrong (or `shared through Redis`). */
  detail: string;
}

/** The bus, plus a way to know the subscriptions asked for so far are in place. */
export interface RedisLiveBus extends LiveBus {
  /** Resolves once Redis has confirmed every SUBSCRIBE sent so far. */
  subscriptionsReady(): Promise<void>;
  health(): RedisHealth;
  /** Resolves once `health().ok` is `ok` (now or later). */
  whenHealthy(ok: boolean): Promise<void>;
}

/** Logs a connection's trouble once per outage instead of once per retry. */
function watch(client: Redis, name: string, log: Logger): void {
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log.warn({ connection: name, err: error.message }, 'Redis connection trouble: retrying');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({ connection: name }, 'Redis connection back');
  });
}

/** Connects to Redis and returns the bus. */
export function createRedisLiveBus(options: RedisLiveBusOptions): RedisLiveBus {
  const log = options.logger.child({ component: 'live-redis' });
  const prefix = options.prefix ?? 'callwright:live:';
  const publisher = new Redis(options.url, { maxRetriesPerRequest: 2, enableOfflineQueue: false });
  // The subscriber queues its SUBSCRIBEs until connected.
  const subscriber = new Redis(options.url, { maxRetriesPerRequest: 2 });
  watch(publisher, 'publish', log);
  watch(subscriber, 'subscribe', log);
  const shared = () => publisher.status === 'ready' && subscriber.status === 'ready';
  const healthWaiters = new Set<{ ok: boolean; wake: () => void }>();
  const healthChanged = () => {
    for (const waiter of [...healthWaiters]) {
      if (waiter.ok !== shared()) continue;
      healthWaiters.delete(waiter);
      waiter.wake();
    }
  };
  for (const client of [publisher, subscriber]) {
    for (const event of ['ready', 'close', 'end', 'reconnecting']) client.on(event, healthChanged);
  }
  const topics = new Map<string, Set<LiveListener>>();
  const pending = new Set<Promise<unknown>>();
  let closed = false;

  const channelOf = (topic: LiveTopic) => `${prefix}${topic}`;
  const keep = (work: Promise<unknown>, what: string) => {
    const done = work.catch((error: unknown) => {
      if (!closed) log.warn({ err: error }, `Redis ${what} failed`);
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  };

  const deliver = (channel: string, message: LiveMessage) => {
    const listeners = topics.get(channel);
    if (listeners === undefined) return;
    for (const listener of [...listeners]) {
      try {
        listener(message);
      } catch (error) {
        log.warn({ err: error, channel }, 'live subscriber failed');
      }
    }
  };

  subscriber.on('message', (channel: string, text: string) => {
    let message: LiveMessage;
    try {
      message = JSON.parse(text) as LiveMessage;
    } catch {
      log.warn({ channel }, 'unreadable live message ignored');
      return;
    }
    deliver(channel, message);
  });

  return {
    publish(topic, message) {
      if (closed) return;
      const channel = channelOf(topic);
      const text = JSON.stringify(message);
      if (shared()) {
        // Comes back through the subscriber; if Redis dropped meanwhile, deliver here
        // (twice, rarely: when only the reply to a delivered PUBLISH was lost).
        const sent = publisher.publish(channel, text).catch(() => deliver(channel, message));
        keep(sent, 'publish');
        return;
      }
      // Single-instance mode: local listeners now, other instances if the publisher is up.
      deliver(channel, message);
      if (publisher.status === 'ready') keep(publisher.publish(channel, text), 'publish');
    },
    subscribe(topic, listener) {
      const channel = channelOf(topic);
      let listeners = topics.get(channel);
      if (listeners === undefined) {
        listeners = new Set();
        topics.set(channel, listeners);
        keep(subscriber.subscribe(channel), 'subscribe');
      }
      listeners.add(listener);
      return () => {
        const set = topics.get(channel);
        if (set === undefined || !set.delete(listener) || set.size > 0) return;
        topics.delete(channel);
        if (!closed) keep(subscriber.unsubscribe(channel), 'unsubscribe');
      };
    },
    async subscriptionsReady() {
      await Promise.all([...pending]);
    },
    health() {
      if (shared()) return { ok: true, detail: 'shared through Redis' };
      return {
        ok: false,
        detail: `Redis unreachable (publish ${publisher.status}, subscribe ${subscriber.status}): live feeds served by this instance only`,
      };
    },
    whenHealthy(ok) {
      if (shared() === ok) return Promise.resolve();
      return new Promise((resolve) => healthWaiters.add({ ok, wake: resolve }));
    },
    async close() {
      closed = true;
      topics.clear();
      await Promise.all([...pending]);
      await Promise.all(
        [publisher, subscriber].map((client) => client.quit().catch(() => client.disconnect())),
      );
    },
  };
}
