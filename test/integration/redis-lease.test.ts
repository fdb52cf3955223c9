/**
 * The active/standby lease on the real Redis: one holder at a time, taken
 * again by the same holder, renewed only by its holder, lost to nobody
 * while held, free again once it lapses or is released.
 */
import { randomBytes } from 'node:crypto';
import test from 'ava';
import { Redis } from 'ioredis';
import { openRedisLease } from '../../src/ha/redis-lease.ts';

const URL = 'redis://127.0.0.1:6379';

test('one holder at a time; renewal and release only by the holder; free once it lapses', async (t) => {
  const name = `lease-test-${randomBytes(4).toString('hex')}`;
  const a = openRedisLease({ url: URL, name, ttlMs: 1000 });
  const b = openRedisLease({ url: URL, name, ttlMs: 1000 });
  const redis = new Redis(URL);
  t.teardown(async () => {
    await a.close();
    await b.close();
    redis.disconnect();
  });
  const key = `callwright:lease:${name}`;
  t.true(await a.acquire());
  t.true(await a.acquire(), 'the holder takes it again');
  t.false(await b.acquire(), 'another instance does not');
  t.is(await a.renew(), 'held');
  t.is(await b.renew(), 'lost');
  await b.release();
  t.is(await redis.get(key), a.holderId, "another instance's release leaves it alone");
  const ttl = await redis.pttl(key);
  t.true(ttl > 0 && ttl <= 1000, `it lapses by itself (pttl ${ttl})`);
  // The lease lapses (as when its holder is killed): the key is gone, the other takes it.
  await redis.del(key);
  t.true(await b.acquire());
  t.is(await a.renew(), 'lost', 'the old holder learns it lost the lease');
  await b.release();
  t.is(await redis.get(key), null);
});
