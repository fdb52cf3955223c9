/** The sticky agent's memory of who served each caller stays bounded (oldest served goes first). */
import test from 'ava';
import {
  newRoutingState,
  rememberServed,
  STICKY_MEMORY_LIMIT,
} from '../../src/app/acd/routing-state.ts';

test('past the limit the caller served longest ago is forgotten; serving again refreshes', (t) => {
  const state = newRoutingState();
  for (let i = 0; i < STICKY_MEMORY_LIMIT; i++)
    rememberServed(state, `k${i}`, { agentId: 'a', at: i });
  // k0 is served again: it becomes the newest.
  rememberServed(state, 'k0', { agentId: 'b', at: STICKY_MEMORY_LIMIT });
  rememberServed(state, 'new', { agentId: 'c', at: STICKY_MEMORY_LIMIT + 1 });
  t.is(state.lastServed.size, STICKY_MEMORY_LIMIT);
  t.false(state.lastServed.has('k1'), 'the oldest is gone');
  t.deepEqual(state.lastServed.get('k0'), { agentId: 'b', at: STICKY_MEMORY_LIMIT });
  t.true(state.lastServed.has('new'));
});
