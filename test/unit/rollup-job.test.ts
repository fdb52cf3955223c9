/**
 * The rollup job's pass: every dirty bucket is rebuilt once per pass, even
 * when calls keep ending in it (and marking it dirty again) while the pass
 * runs; it is rebuilt again by the next pass.
 */
import test from 'ava';
import pino from 'pino';
import type { Store } from '../../src/app/ports.ts';
import { createRollupJob } from '../../src/app/records/rollup-job.ts';

const Q = 900_000;

/** Dirty marks as the store keeps them; rebuilding the current bucket marks it again. */
function busyStore(dirty: number[], current: number) {
  const marks = new Set(dirty);
  const rebuilt: number[] = [];
  const reports = {
    async dirtyBuckets(limit: number) {
      return [...marks].sort((a, b) => a - b).slice(0, limit);
    },
    async rebuildBuckets(buckets: readonly number[]) {
      for (const b of buckets) {
        marks.delete(b);
        rebuilt.push(b);
      }
      // A call of the current quarter hour ended while its bucket was being rebuilt.
      if (buckets.includes(current)) marks.add(current);
    },
  };
  return { store: { reports } as unknown as Store, rebuilt, marks };
}

test('a pass rebuilds each dirty bucket once, even one that calls keep marking', async (t) => {
  const old = Array.from({ length: 150 }, (_, i) => i * Q);
  const current = 150 * Q;
  const { store, rebuilt, marks } = busyStore([...old, current], current);
  const job = createRollupJob({
    store,
    logger: pino({ level: 'silent' }),
    schedule: () => () => {},
  });
  t.is(await job.runOnce(), 151);
  t.deepEqual(
    [...rebuilt].sort((a, b) => a - b),
    [...old, current],
    'every bucket once, across more than one step',
  );
  t.deepEqual([...marks], [current], 'the current bucket waits for the next pass');
  t.is(await job.runOnce(), 1);
  t.is(rebuilt.at(-1), current);
});
