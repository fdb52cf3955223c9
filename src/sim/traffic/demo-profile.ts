/**
 * The demo's traffic profiles: inbound calls on the demo DIDs at a modest
 * (`low`) or a heavy (`busy`) rate, callers who talk a realistic while once
 * an agent answers and hang up if they wait too long, and some of them
 * known customers calling again. `busy` offers more calls than the demo's
 * eight agents can take, so queues build up and some callers give up.
 */
import type { Distribution } from '../core/rng.ts';
import type { TrafficOptions } from './generator.ts';

/** How much demo traffic to run. */
export type DemoTrafficLevel = 'low' | 'busy';

/** One demo DID and the numbers of the customers who call it. */
export interface DemoDid {
  did: string;
  callers: readonly string[];
}

interface Profile {
  perDidPerMinute: number;
  talk: Distribution;
  patience: Distribution;
}

const PROFILES: Record<DemoTrafficLevel, Profile> = {
  // About six calls a minute over three DIDs: agents are busy part of the time.
  low: {
    perDidPerMinute: 2,
    talk: { kind: 'lognormal', median: 45, sigma: 0.5 },
    patience: { kind: 'exponential', mean: 180 },
  },
  // About twenty-four a minute: more than the demo's agents can take.
  busy: {
    perDidPerMinute: 8,
    talk: { kind: 'lognormal', median: 60, sigma: 0.5 },
    patience: { kind: 'exponential', mean: 90 },
  },
};

/** Traffic options for the demo at `level`. */
export function demoTrafficOptions(
  level: DemoTrafficLevel,
  dids: readonly DemoDid[],
  seed: number,
): TrafficOptions {
  const p = PROFILES[level];
  return {
    seed,
    dids: dids.map((d) => ({ did: d.did, ratePerMinute: p.perDidPerMinute, callers: d.callers })),
    talk: p.talk,
    patience: p.patience,
    knownCallerShare: 0.4,
  };
}
