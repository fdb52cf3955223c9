/**
 * The active/standby runner over a lease held in memory and hand-driven
 * timers: a standby starts only once it takes the lease, a failed start
 * gives the lease back, an active instance whose lease went to another
 * steps down, and one that cannot reach the lease store keeps serving.
 */
import test from 'ava';
import pino from 'pino';
import { runActiveStandby } from '../../src/app/ha/active-standby.ts';
import type { Lease } from '../../src/app/ha/lease.ts';

/** A lease store shared by the instances of one test. */
function leaseStore() {
  let holder: string | null = null;
  let reachable = true;
  const check = () => {
    if (!reachable) throw new Error('lease store unreachable');
  };
  return {
    holder: () => holder,
    expire: () => {
      holder = null;
    },
    steal: (id: string) => {
      holder = id;
    },
    setReachable: (up: boolean) => {
      reachable = up;
    },
    lease(id: string): Lease {
      return {
        holderId: id,
        async acquire() {
          check();
          holder ??= id;
          return holder === id;
        },
        async renew() {
          check();
          holder ??= id;
          return holder === id ? 'held' : 'lost';
        },
        async release() {
          if (holder === id) holder = null;
        },
        async close() {},
      };
    },
  };
}

/** Timers fired by hand: `tick()` runs every registered interval once, then lets the steps settle. */
function manualTimers() {
  const runs = new Set<() => void>();
  return {
    every: (_ms: number, run: () => void) => {
      runs.add(run);
      return () => runs.delete(run);
    },
    async tick() {
      for (const run of [...runs]) run();
      for (let i = 0; i < 10; i++) await Promise.resolve();
    },
  };
}

const logger = pino({ level: 'silent' });

test('the second instance waits; it takes over once the first one lapses', async (t) => {
  const store = leaseStore();
  const timers = manualTimers();
  const started: string[] = [];
  const make = (id: string) =>
    runActiveStandby({
      lease: store.lease(id),
      logger,
      pollMs: 100,
      renewMs: 200,
      every: timers.every,
      becomeActive: async () => {
        started.push(id);
      },
      stepDown: async () => {},
    });
  const a = make('a');
  await a.whenActive();
  const b = make('b');
  await timers.tick();
  t.deepEqual(started, ['a']);
  t.is(b.role(), 'standby');
  // a is killed: nobody renews, the lease lapses.
  await a.stop();
  store.expire();
  await timers.tick();
  await b.whenActive();
  t.deepEqual(started, ['a', 'b']);
  t.is(store.holder(), 'b');
  await b.stop();
  t.is(store.holder(), null, 'a clean stop gives the lease back');
});

test('a start that fails gives the lease back and waits again', async (t) => {
  const store = leaseStore();
  const timers = manualTimers();
  let attempts = 0;
  const ha = runActiveStandby({
    lease: store.lease('a'),
    logger,
    pollMs: 100,
    renewMs: 200,
    every: timers.every,
    becomeActive: async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('database down');
    },
    stepDown: async () => {},
  });
  await timers.tick();
  t.is(attempts, 1);
  t.is(ha.role(), 'standby');
  t.is(store.holder(), null);
  await timers.tick();
  await ha.whenActive();
  t.is(attempts, 2);
  await ha.stop();
});

test('an active instance whose lease another took steps down; an unreachable store changes nothing', async (t) => {
  const store = leaseStore();
  const timers = manualTimers();
  const reasons: string[] = [];
  const ha = runActiveStandby({
    lease: store.lease('a'),
    logger,
    pollMs: 100,
    renewMs: 200,
    every: timers.every,
    becomeActive: async () => {},
    stepDown: async (reason) => {
      reasons.push(reason);
    },
  });
  await ha.whenActive();
  store.setReachable(false);
  await timers.tick();
  t.is(ha.role(), 'active', 'nobody can take the lease while the store is away');
  store.setReachable(true);
  store.steal('b');
  await timers.tick();
  t.is(ha.role(), 'stepped-down');
  t.deepEqual(reasons, ['the lease went to another instance']);
  await ha.stop();
});
