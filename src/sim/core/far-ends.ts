/**
 * The parties on the other side of PJSIP legs: which script a dialed phone
 * or trunk number follows, and what happens after it answered (it hangs up
 * after its talk time, as a remote BYE). Scripts are drawn from one seeded
 * stream so runs are reproducible.
 */
import {
  type CalleeRule,
  calleeScript,
  DEFAULT_CALLEE_RULES,
  matchRule,
  phoneScript,
  type RemoteScript,
} from './behaviours.ts';
import type { Channels } from './channels.ts';
import { type Endpoints, TRUNK } from './endpoints.ts';
import type { DialTarget } from './legs.ts';
import type { Channel } from './model.ts';
import type { Rng } from './rng.ts';
import type { Scheduler } from './scheduler.ts';

/** Decides far-end scripts and runs their post-answer part. */
export class FarEnds {
  private rules: CalleeRule[] = [...DEFAULT_CALLEE_RULES];

  constructor(
    private readonly endpoints: Endpoints,
    private readonly channels: Channels,
    private readonly scheduler: Scheduler,
    private readonly rng: Rng,
  ) {}

  /** Replaces the trunk callee rules (PUT /_sim/callees). */
  setRules(rules: readonly CalleeRule[]): void {
    this.rules = [...rules];
  }

  /** Current callee rules. */
  getRules(): CalleeRule[] {
    return [...this.rules];
  }

  /** The script the far end of a PJSIP target follows for one attempt. */
  scriptFor(target: Extract<DialTarget, { tech: 'PJSIP' }>): RemoteScript {
    if (target.resource === TRUNK) {
      return calleeScript(matchRule(this.rules, target.number ?? ''), this.rng);
    }
    const phone = this.endpoints.phone(target.resource);
    return phoneScript(
      phone?.behaviour ?? { registered: false, mode: 'never', answerAfterS: 0 },
      this.rng,
    );
  }

  /** After answer: the far end hangs up after its talk time (remote BYE). */
  afterAnswer(leg: Channel, script: RemoteScript): void {
    leg.extra.set('amd', script.amd);
    leg.extra.set('amdMs', script.amdMs);
    if (script.hangupAfterMs === undefined) return;
    const timer = this.scheduler.after(script.hangupAfterMs, () =>
      this.channels.requestHangup(leg, 'remote'),
    );
    leg.hangupSignal.signal.addEventListener('abort', () => this.scheduler.cancel(timer), {
      once: true,
    });
  }
}
