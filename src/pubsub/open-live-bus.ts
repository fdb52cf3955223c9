/**
 * Chooses the live bus: Redis pub/sub when REDIS_URL is set (several
 * callwright instances share the feeds), else a bus inside this process.
 */
import { createLocalLiveBus, type LiveBus } from '../app/live/live-bus.ts';
import type { Logger } from '../app/logger.ts';
import { createRedisLiveBus, type RedisHealth } from './redis-live-bus.ts';

/** The bus, and Redis's state for /readyz (undefined in-process). */
export interface OpenedLiveBus extends LiveBus {
  health(): RedisHealth | undefined;
}

/** Opens the bus for `redisUrl` (undefined: in-process). */
export function openLiveBus(redisUrl: string | undefined, logger: Logger): OpenedLiveBus {
  if (redisUrl !== undefined) return createRedisLiveBus({ url: redisUrl, logger });
  const log = logger.child({ component: 'live' });
  const local = createLocalLiveBus((err) => log.warn({ err }, 'live subscriber failed'));
  return { ...local, health: () => undefined };
}
