/**
 * Hands the FastAGI sessions our server accepts to the tests that wait for
 * them. A session stays open until the test ends it (HANGUP, close, or the
 * caller hanging up): the server closes a session when its handler settles,
 * so the handler here waits for the socket to close.
 */
import type { AgiSession } from '../../src/asterisk/agi/agi-server.ts';

interface Waiter {
  match: (session: AgiSession) => boolean;
  resolve: (session: AgiSession) => void;
}

/** Sessions received, and tests waiting for one. */
export class AgiSessions {
  private readonly unclaimed: AgiSession[] = [];
  private waiters: Waiter[] = [];

  /** The server's `onSession`: offers the session, then keeps it open until it closes. */
  accept(session: AgiSession): Promise<void> {
    const waiter = this.waiters.find((w) => w.match(session));
    if (waiter) {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(session);
    } else {
      this.unclaimed.push(session);
    }
    return session.closed;
  }

  /** The first session matching `match` (e.g. by caller id), waiting up to `timeoutMs`. */
  next(match: (session: AgiSession) => boolean, timeoutMs = 20_000): Promise<AgiSession> {
    const index = this.unclaimed.findIndex(match);
    if (index >= 0) return Promise.resolve(this.unclaimed.splice(index, 1)[0] as AgiSession);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve: (session) => {
          clearTimeout(timer);
          resolve(session);
        },
      };
      // A bound on a failing test, not a synchronisation: the session normally comes first.
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no FastAGI session arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Closes sessions nobody claimed. */
  close(): void {
    for (const session of this.unclaimed.splice(0)) session.close();
  }
}
