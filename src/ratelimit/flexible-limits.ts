/**
 * Rate limits over rate-limiter-flexible: in this process by default, in
 * Redis when REDIS_URL is set so that every instance counts together. When
 * Redis cannot be reached the limits fall back to this process's memory
 * (the library's insurance limiter) rather than letting everything through.
 */
import { once } from 'node:events';
import { Redis } from 'ioredis';
import {
  type IRateLimiterOptions,
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { RateLimiter, RateLimits } from '../app/rate-limits.ts';
import { DomainError } from '../domain/shared/errors.ts';

/** Points per window of each limit. */
export interface LimitSettings {
  login: { points: number; durationS: number };
  originate: { points: number; durationS: number };
}

/** 10 login attempts a minute per user name and per address; 30 dials a minute per user. */
export const DEFAULT_LIMITS: LimitSettings = {
  login: { points: 10, durationS: 60 },
  originate: { points: 30, durationS: 60 },
};

function limiterOf(name: string, library: RateLimiterAbstract): RateLimiter {
  return {
    async consume(key) {
      try {
        await library.consume(key);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const retryAfterS = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw new DomainError(
          'RATE_LIMITED',
          `too many ${name} attempts; retry in ${retryAfterS} s`,
          {
            limit: name,
            retryAfterS,
          },
        );
      }
    },
    async refund(key) {
      await library.reward(key, 1);
    },
  };
}

/** The limits, and how to release their Redis connection. */
export interface OpenedLimits {
  limits: RateLimits;
  /** Resolves once Redis is connected (at once in memory); until then the memory limiter counts. */
  ready(): Promise<void>;
  /** Where the limits count now, for /readyz; undefined without Redis. */
  health(): { ok: boolean; detail: string } | undefined;
  close(): Promise<void>;
}

/** Opens the limits in memory, or in Redis at `redisUrl`. */
export function openRateLimits(
  redisUrl: string | undefined,
  settings: LimitSettings = DEFAULT_LIMITS,
): OpenedLimits {
  // Fail fast to the insurance limiter rather than queueing commands while Redis is away.
  const redis = redisUrl
    ? new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    : undefined;
  redis?.on('error', () => {
    // Reconnects by itself; meanwhile the insurance (memory) limiter counts.
  });
  const make = (name: keyof LimitSettings): RateLimiter => {
    const options: IRateLimiterOptions = {
      keyPrefix: `callwright:limit:${name}`,
      points: settings[name].points,
      duration: settings[name].durationS,
    };
    const memory = new RateLimiterMemory(options);
    const library = redis
      ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: memory })
      : memory;
    return limiterOf(name, library);
  };
  return {
    limits: { login: make('login'), originate: make('originate') },
    async ready() {
      if (redis && redis.status !== 'ready') await once(redis, 'ready');
    },
    health() {
      if (!redis) return undefined;
      if (redis.status === 'ready') return { ok: true, detail: 'counted in Redis' };
      return {
        ok: false,
        detail: `Redis unreachable (${redis.status}): limits counted in this instance's memory`,
      };
    },
    async close() {
      redis?.disconnect();
    },
  };
}
