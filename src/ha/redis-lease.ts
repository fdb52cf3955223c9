/**
 * The active/standby lease in Redis: one key holding the active instance's
 * id with a time to live. Taking it is `SET NX PX`; renewing and releasing
 * check the holder first, in one Lua script each, so an instance never
 * extends or deletes a lease another instance took meanwhile. Commands
 * fail at once while Redis is unreachable (no offline queue): a renewal
 * must not wait in a queue past the lease's life.
 */
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type { Lease } from '../app/ha/lease.ts';

/** Options of {@link openRedisLease}. */
export interface RedisLeaseOptions {
  /** `redis://host:6379`. */
  readonly url: string;
  /** The lease's name: instances of one deployment share it. */
  readonly name: string;
  /** Time to live of the lease (ms). */
  readonly ttlMs: number;
}

const RENEW = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** Opens the lease (the connection is made lazily and kept). */
export function openRedisLease(options: RedisLeaseOptions): Lease {
  const client = new Redis(options.url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // Keep trying to reconnect, at most every second.
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
  // Errors surface through the commands; without a listener ioredis would log each retry.
  client.on('error', () => undefined);
  const key = `callwright:lease:${options.name}`;
  const holderId = `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  const ttl = String(options.ttlMs);
  // A connection being made is waited for briefly (start-up, a reconnect); a dead one fails at once.
  const ready = async () => {
    if (client.status === 'ready') return;
    if (client.status === 'end' || client.status === 'close') await client.connect();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off('ready', onReady);
        reject(new Error(`Redis not ready (${client.status})`));
      }, options.ttlMs / 4);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      client.once('ready', onReady);
    });
  };
  return {
    holderId,
    async acquire() {
      await ready();
      const set = await client.set(key, holderId, 'PX', options.ttlMs, 'NX');
      if (set === 'OK') return true;
      return (await client.get(key)) === holderId;
    },
    async renew() {
      await ready();
      const held = await client.eval(RENEW, 1, key, holderId, ttl);
      return held === 1 ? 'held' : 'lost';
    },
    async release() {
      if (client.status !== 'ready') return;
      await client.eval(RELEASE, 1, key, holderId);
    },
    async close() {
      client.disconnect();
    },
  };
}
