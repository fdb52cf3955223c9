/** The sticky agent's memory of who served each caller stays bounded: by age first, by count at worst. */
import test from 'ava';
import {
  newRoutingState,
  rememberServed,
  STICKY_MEMORY_LIMIT,
  stickyMemoryMs,
} from '../../src/app/acd/routing-state.ts';

const DAY_MS = 86_400_000;
/** Far longer than any test's clock runs: only the count bound applies. */
const FOREVER_MS = 1_000 * DAY_MS;

test('past the limit the caller served longest ago is forgotten; serving again refreshes', (t) => {
  const state = newRoutingState();
  for (let i = 0; i < STICKY_MEMORY_LIMIT; i++)
    rememberServed(state, `k${i}`, { agentId: 'a', at: i }, FOREVER_MS);
  // k0 is served again: it becomes the newest.
  rememberServed(state, 'k0', { agentId: 'b', at: STICKY_MEMORY_LIMIT }, FOREVER_MS);
  rememberServed(state, 'new', { agentId: 'c', at: STICKY_MEMORY_LIMIT + 1 }, FOREVER_MS);
  t.is(state.lastServed.size, STICKY_MEMORY_LIMIT);
  t.false(state.lastServed.has('k1'), 'the oldest is gone');
  t.deepEqual(state.lastServed.get('k0'), { agentId: 'b', at: STICKY_MEMORY_LIMIT });
  t.true(state.lastServed.has('new'));
});

test('callers served longer ago than the sticky memory are forgotten as newer ones come', (t) => {
  const state = newRoutingState();
  const memoryMs = 7 * DAY_MS;
  // One caller a minute for eight days, on a fake clock.
  for (let at = 0; at < 8 * DAY_MS; at += 60_000)
    rememberServed(state, `ani${at}`, { agentId: 'a', at }, memoryMs);
  const newest = 8 * DAY_MS - 60_000;
  t.is(state.lastServed.size, memoryMs / 60_000 + 1, 'a week of callers, not eight days');
  t.false(state.lastServed.has('ani0'));
  t.true(state.lastServed.has(`ani${newest - memoryMs}`), 'exactly at the horizon still counts');
  t.true(state.lastServed.has(`ani${newest}`));
});

test('with no queue using the sticky agent nobody is remembered', (t) => {
  const state = newRoutingState();
  rememberServed(state, 'old', { agentId: 'a', at: 0 }, DAY_MS);
  rememberServed(state, 'new', { agentId: 'b', at: 1_000 }, 0);
  t.is(state.lastServed.size, 0);
});

test('the horizon is the longest memory of the queues that use the sticky agent', (t) => {
  const queue = (enabled: boolean, memoryS: number) => ({
    queue: { settings: { sticky: { enabled, memoryS } } },
  });
  t.is(stickyMemoryMs([queue(true, 3_600), queue(false, 86_400), queue(true, 600)]), 3_600_000);
  t.is(stickyMemoryMs([queue(false, 86_400)]), 0);
  t.is(stickyMemoryMs([]), 0);
});
