/**
 * Chooses the live bus: Redis pub/sub when REDIS_URL is set (several
 * callwright instances share the feeds), else a bus inside this process.
 */
import { createLocalLiveBus, type LiveBus } from '../app/live/live-bus.ts';
import type { Logger } from '../app/logger.ts';
import { createRedisLiveBus } from './redis-live-bus.ts';

/** Opens the bus for `redisUrl` (undefined: in-process). */
export function openLiveBus(redisUrl: string | undefined, logger: Logger): LiveBus {
  if (redisUrl !== undefined) return createRedisLiveBus({ url: redisUrl, logger });
  const log = logger.child({ component: 'live' });
  return createLocalLiveBus((err) => log.warn({ err }, 'live subscriber failed'));
}
