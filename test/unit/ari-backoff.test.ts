import test from 'ava';
import { backoffDelay, DEFAULT_BACKOFF } from '../../src/asterisk/ari/backoff.ts';

const middle = () => 0.5;
const lowest = () => 0;
const highest = () => 0.999_999;

test('the default doubles from 50 ms and caps at 800 ms', (t) => {
  const delays = Array.from({ length: 10 }, (_, attempt) =>
    backoffDelay(attempt, DEFAULT_BACKOFF, middle),
  );
  t.deepEqual(delays, [50, 100, 200, 400, 800, 800, 800, 800, 800, 800]);
});

const JITTER: Array<[string, () => number, number, number]> = [
  ['lowest draw', lowest, 0, 40],
  ['highest draw', highest, 0, 60],
  ['lowest draw at the cap', lowest, 20, 640],
  ['highest draw at the cap', highest, 20, 960],
];

for (const [what, random, attempt, expected] of JITTER) {
  test(`jitter is ±20%: ${what}`, (t) => {
    t.is(backoffDelay(attempt, DEFAULT_BACKOFF, random), expected);
  });
}

test('custom settings and huge attempt numbers stay finite', (t) => {
  const options = { minMs: 1, maxMs: 10, jitter: 0 };
  t.deepEqual(
    [0, 1, 2, 3, 4, 1_000_000].map((attempt) => backoffDelay(attempt, options, middle)),
    [1, 2, 4, 8, 10, 10],
  );
});

test('the longest default wait is under a second, so a reachable Asterisk is found within one', (t) => {
  const worst = Math.max(
    ...Array.from({ length: 40 }, (_, attempt) => backoffDelay(attempt, DEFAULT_BACKOFF, highest)),
  );
  t.true(worst < 1000, `worst default delay ${worst} ms`);
});
