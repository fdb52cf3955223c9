/**
 * The live bus over Redis pub/sub (ioredis), for several callwright
 * instances: a message published by the instance that runs a call reaches
 * subscribers connected to any instance. One connection publishes, one
 * subscribes; a Redis channel is subscribed while at least one local
 * listener wants its topic. Messages are JSON.
 *
 * Pub/sub is fire-and-forget: what is published while the connection is
 * down is lost (ioredis reconnects and re-subscribes by itself). Live
 * feeds are for screens, not records, so that is acceptable; the records
 * themselves are in the database.
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

/** The bus, plus a way to know the subscriptions asked for so far are in place. */
export interface RedisLiveBus extends LiveBus {
  /** Resolves once Redis has confirmed every SUBSCRIBE sent so far. */
  subscriptionsReady(): Promise<void>;
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
  const publisher = new Redis(options.url, { maxRetriesPerRequest: 2 });
  const subscriber = publisher.duplicate();
  watch(publisher, 'publish', log);
  watch(subscriber, 'subscribe', log);
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

  subscriber.on('message', (channel: string, text: string) => {
    const listeners = topics.get(channel);
    if (listeners === undefined) return;
    let message: LiveMessage;
    try {
      message = JSON.parse(text) as LiveMessage;
    } catch {
      log.warn({ channel }, 'unreadable live message ignored');
      return;
    }
    for (const listener of [...listeners]) {
      try {
        listener(message);
      } catch (error) {
        log.warn({ err: error, channel }, 'live subscriber failed');
      }
    }
  });

  return {
    publish(topic, message) {
      if (closed) return;
      keep(publisher.publish(channelOf(topic), JSON.stringify(message)), 'publish');
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
