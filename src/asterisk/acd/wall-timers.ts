/**
 * The ACD's Timers port on the wall clock (Node timers). The runtime only
 * sees the port; tests of the pure parts use fake timers instead.
 */
import type { Timers } from '../../app/acd/ports.ts';
import type { Clock } from '../../app/clock.ts';

/**
 * Creates wall-clock timers. A timer that fires a little early (timer and
 * clock rounding) waits again for the rest: the machines ignore a timer
 * event that comes before its deadline.
 */
export function createWallTimers(clock: Clock): Timers {
  const pending = new Map<string, NodeJS.Timeout>();
  const set = (key: string, at: number, fire: () => void): void => {
    clearTimeout(pending.get(key));
    const handle = setTimeout(
      () => {
        pending.delete(key);
        if (clock.now() < at) set(key, at, fire);
        else fire();
      },
      Math.max(0, at - clock.now()),
    );
    pending.set(key, handle);
  };
  return {
    set,
    cancel(key) {
      clearTimeout(pending.get(key));
      pending.delete(key);
    },
    clear() {
      for (const handle of pending.values()) clearTimeout(handle);
      pending.clear();
    },
  };
}
