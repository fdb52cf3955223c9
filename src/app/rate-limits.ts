/**
 * Rate limits on the operations worth abusing (issue: SEC, "rate limits on
 * login and originate"): password guessing and toll fraud through
 * click-to-dial. A refusal is DomainError RATE_LIMITED with `retryAfterS`.
 */
import type { Actor } from './actor.ts';

/** One limit: a number of points per window per key. */
export interface RateLimiter {
  /** Takes one point for `key`; throws DomainError RATE_LIMITED when none is left. */
  consume(key: string): Promise<void>;
  /** Gives the point back (a successful login does not count against anyone). */
  refund(key: string): Promise<void>;
}

/** The limits the services apply. */
export interface RateLimits {
  /** Login attempts, per user name and per client address. */
  login: RateLimiter;
  /** Click-to-dial originates, per calling user. */
  originate: RateLimiter;
}

/** No limit at all (unit tests of other features). */
export const unlimited: RateLimiter = {
  consume: async () => {},
  refund: async () => {},
};

/** Keys of a login attempt: the user name (any address) and the address (any name). */
export const loginKeys = (username: string, source: string | null): string[] => [
  `user:${username.trim().toLowerCase()}`,
  ...(source ? [`ip:${source}`] : []),
];

/** Wraps a call-control service so originate takes a point of the caller first. */
export function limitOriginate<
  T extends { originate(actor: Actor, ...rest: never[]): Promise<unknown> },
>(service: T, limiter: RateLimiter): T {
  return {
    ...service,
    originate: async (actor: Actor, ...rest: never[]) => {
      await limiter.consume(`user:${actor.userId}`);
      return service.originate(actor, ...rest);
    },
  };
}
