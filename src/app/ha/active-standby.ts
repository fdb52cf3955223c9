/**
 * Active/standby between callwright instances (SEC-5, deployment issue):
 * an instance controls the PBX only while it holds the lease. A standby
 * tries to take the lease every `pollMs`; once it does, it starts
 * (connects ARI and AMI, whose first reconcile takes the calls and agents
 * back from the PBX and the database) and renews every `renewMs`. A lease
 * found held by another instance means this one was cut off long enough to
 * be replaced: it steps down at once, so two instances never both drive
 * the calls. While the lease store itself is unreachable the active keeps
 * going (nobody can take the lease meanwhile) and says so in the log.
 */
import type { Logger } from '../logger.ts';
import type { Lease } from './lease.ts';

/** What the runner needs. */
export interface ActiveStandbyDeps {
  readonly lease: Lease;
  readonly logger: Logger;
  /** How often a standby tries to take the lease. */
  readonly pollMs: number;
  /** How often the active renews it (well under the lease's time to live). */
  readonly renewMs: number;
  /** Starts serving as the active instance. A rejection gives the lease back. */
  becomeActive(): Promise<void>;
  /** The lease went to another instance: stop driving the PBX now. */
  stepDown(reason: string): Promise<void>;
  /** Timers; tests may pass their own. */
  readonly every?: (ms: number, run: () => void) => () => void;
}

/** The runner's state, for /readyz and the log. */
export type HaRole = 'standby' | 'starting' | 'active' | 'stepped-down';

/** A running runner. */
export interface ActiveStandby {
  role(): HaRole;
  /** Resolves once this instance is active. */
  whenActive(): Promise<void>;
  /** Stops trying or renewing and releases the lease if held. */
  stop(): Promise<void>;
}

const defaultEvery = (ms: number, run: () => void) => {
  const timer = setInterval(run, ms);
  return () => clearInterval(timer);
};

/** Starts as standby and competes for the lease. */
export function runActiveStandby(deps: ActiveStandbyDeps): ActiveStandby {
  const log = deps.logger.child({ component: 'ha', holder: deps.lease.holderId });
  const every = deps.every ?? defaultEvery;
  let role: HaRole = 'standby';
  let busy = false;
  let unreachable = false;
  let markActive: () => void = () => {};
  const active = new Promise<void>((resolve) => {
    markActive = resolve;
  });

  const tryAcquire = async () => {
    let held = false;
    try {
      held = await deps.lease.acquire();
      if (unreachable) log.info('lease store reachable again');
      unreachable = false;
    } catch (error) {
      if (!unreachable) log.warn({ err: error }, 'lease store unreachable: staying standby');
      unreachable = true;
      return;
    }
    if (!held) return;
    role = 'starting';
    log.info('lease taken: becoming the active instance');
    try {
      await deps.becomeActive();
    } catch (error) {
      log.error({ err: error }, 'starting as the active instance failed: giving the lease back');
      role = 'standby';
      await deps.lease.release().catch(() => undefined);
      return;
    }
    role = 'active';
    log.info('active');
    markActive();
  };

  const renew = async () => {
    let outcome: 'held' | 'lost';
    try {
      outcome = await deps.lease.renew();
      if (unreachable) log.info('lease store reachable again: lease renewed');
      unreachable = false;
    } catch (error) {
      if (!unreachable) {
        log.warn({ err: error }, 'lease store unreachable: staying active, nobody can take over');
      }
      unreachable = true;
      return;
    }
    if (outcome === 'held') return;
    role = 'stepped-down';
    log.error('lease held by another instance: stepping down');
    await deps.stepDown('the lease went to another instance');
  };

  const tick = () => {
    if (busy || role === 'stepped-down' || role === 'starting') return;
    busy = true;
    const step = role === 'standby' ? tryAcquire() : renew();
    void step.finally(() => {
      busy = false;
    });
  };
  log.info('standby: waiting for the lease');
  const stopPolling = every(deps.pollMs, () => {
    if (role === 'standby') tick();
  });
  const stopRenewing = every(deps.renewMs, () => {
    if (role === 'active') tick();
  });
  tick();

  return {
    role: () => role,
    whenActive: () => active,
    async stop() {
      stopPolling();
      stopRenewing();
      if (role === 'active' || role === 'starting')
        await deps.lease.release().catch(() => undefined);
    },
  };
}
