/**
 * Running as one of two instances (HA_LEASE=redis or database): wait on
 * standby for the lease in Redis or MySQL, then start as the active instance. Called by
 * `main.ts`'s command line only; it wires, the decisions are in
 * `app/ha/active-standby.ts`.
 */
import pino from 'pino';
import { serveStandbyProbe } from './api/standby-probe.ts';
import { runActiveStandby } from './app/ha/active-standby.ts';
import type { Config } from './config.ts';
import { openRedisLease } from './ha/redis-lease.ts';
import { openSqlLease } from './ha/sql-lease.ts';

/** What `start()` gives back, as far as this needs it. */
interface Started {
  stop(): Promise<void>;
}

/** Competes for the lease; starts with `start` once held. Resolves with a shutdown function. */
export async function startWithLease(
  config: Config,
  start: (config: Config) => Promise<Started>,
  exit: (code: number) => void,
): Promise<() => Promise<void>> {
  const logger = pino({ level: config.LOG_LEVEL, base: { app: 'callwright' } });
  const probe = await serveStandbyProbe(config.HTTP_HOST, config.HTTP_PORT);
  const lease =
    config.HA_LEASE === 'database'
      ? openSqlLease({
          databaseUrl: config.DATABASE_URL,
          name: config.HA_LEASE_NAME,
          ttlMs: config.HA_LEASE_TTL_MS,
          logger: logger.child({ component: 'ha' }),
        })
      : openRedisLease({
          url: config.REDIS_URL as string,
          name: config.HA_LEASE_NAME,
          ttlMs: config.HA_LEASE_TTL_MS,
        });
  let running: Started | undefined;
  let probeOpen = true;
  const ha = runActiveStandby({
    lease,
    logger,
    // A standby notices a lost lease within an eighth of its life; renewals come four times per life.
    pollMs: Math.round(config.HA_LEASE_TTL_MS / 8),
    renewMs: Math.round(config.HA_LEASE_TTL_MS / 4),
    async becomeActive() {
      if (probeOpen) await probe.close();
      probeOpen = false;
      running = await start(config);
    },
    async stepDown() {
      // Crash-only: stop driving the PBX now; the supervisor starts a fresh standby.
      await running?.stop().catch(() => undefined);
      exit(3);
    },
  });
  return async () => {
    await ha.stop();
    await running?.stop();
    if (probeOpen) await probe.close();
    await lease.close();
  };
}
