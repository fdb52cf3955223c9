/**
 * The Dial() application for the dialplan engine: rings every target at
 * once, the first to answer wins (the others are cancelled with cause 26,
 * "Answered elsewhere"), the caller is answered if needed and both are put
 * in a basic bridge until one leaves. The engine sets DIALSTATUS from the
 * result and ends the caller's dialplan unless option `g` was given.
 */
import { ChannelHungUp, type DialStatus } from '../dialplan/app-host.ts';
import type { Bridges } from './bridges.ts';
import { DialAttempt, type DialDeps, type LegStatus } from './dial-attempt.ts';
import { type LegFactory, parseDialString } from './legs.ts';
import type { Bridge, Channel } from './model.ts';

/** Folds failed leg results into Dial's DIALSTATUS (app_dial's order of precedence). */
export function overallStatus(results: readonly LegStatus[]): DialStatus {
  if (results.includes('BUSY')) return 'BUSY';
  if (results.includes('CONGESTION')) return 'CONGESTION';
  if (results.length > 0 && results.every((r) => r === 'CHANUNAVAIL')) return 'CHANUNAVAIL';
  if (results.length === 0) return 'CHANUNAVAIL';
  return 'NOANSWER';
}

/** Dial() as an AppHost operation. */
export class DialApp {
  private readonly active = new Map<string, (left: Channel) => void>();

  constructor(
    private readonly deps: DialDeps,
    private readonly legs: LegFactory,
    private readonly bridges: Bridges,
  ) {
    bridges.onLeft.push((bridge, ch) => this.active.get(bridge.id)?.(ch));
  }

  /** Runs Dial(targets, timeout, options) for a dialplan channel. */
  async dial(
    caller: Channel,
    targets: readonly string[],
    timeoutS: number | undefined,
  ): Promise<DialStatus> {
    if (caller.hungUp) throw new ChannelHungUp(caller.id);
    const attempts: DialAttempt[] = [];
    const failed: LegStatus[] = [];
    for (const t of targets) {
      const target = parseDialString(t);
      const leg = target
        ? this.legs.create(target, { app: 'AppDial', linkedid: caller.linkedid })
        : 'unavailable';
      if (!target || leg === 'unavailable') {
        failed.push('CHANUNAVAIL');
        continue;
      }
      leg.caller = { ...caller.caller };
      leg.connected = { ...caller.caller };
      attempts.push(new DialAttempt(this.deps, leg, target, caller));
    }
    const timeoutMs = timeoutS && timeoutS > 0 ? timeoutS * 1000 : 0;
    const winner = await this.ring(caller, attempts, timeoutMs, failed);
    if (!winner) return caller.hungUp ? 'CANCEL' : overallStatus(failed);
    await this.talk(caller, winner);
    return 'ANSWER';
  }

  /** Rings all attempts; resolves with the answered leg or undefined. */
  private ring(
    caller: Channel,
    attempts: DialAttempt[],
    timeoutMs: number,
    failed: LegStatus[],
  ): Promise<Channel | undefined> {
    return new Promise((resolve) => {
      let pending = attempts.length;
      let decided = false;
      const cancelOthers = (except: DialAttempt | undefined, cause: number) => {
        for (const a of attempts) if (a !== except) a.fail('CANCEL', cause, 'NO ANSWER');
      };
      const onCallerGone = () => {
        if (decided) return;
        decided = true;
        cancelOthers(undefined, 16);
        resolve(undefined);
      };
      caller.hangupSignal.signal.addEventListener('abort', onCallerGone, { once: true });
      if (pending === 0) resolve(undefined);
      for (const a of attempts) {
        void a.start(timeoutMs).then((status) => {
          pending--;
          if (decided) return;
          if (status === 'ANSWER') {
            decided = true;
            caller.hangupSignal.signal.removeEventListener('abort', onCallerGone);
            cancelOthers(a, 26);
            resolve(a.leg);
            return;
          }
          failed.push(status);
          if (pending === 0) {
            decided = true;
            caller.hangupSignal.signal.removeEventListener('abort', onCallerGone);
            resolve(undefined);
          }
        });
      }
    });
  }

  /**
   * Bridges caller and callee until one of them leaves. The engine decides
   * what follows (DIALSTATUS=ANSWER; without `g` the caller is hung up).
   */
  private async talk(caller: Channel, leg: Channel): Promise<void> {
    const c = this.deps.channels;
    if (caller.state !== 'Up') c.setState(caller, 'Up');
    const bridge = this.bridges.create({ bridgeClass: 'basic' });
    this.bridges.add(bridge, caller);
    this.bridges.add(bridge, leg);
    const left = await new Promise<Channel>((resolve) => this.active.set(bridge.id, resolve));
    this.dissolve(bridge);
    if ((left === caller || caller.hungUp) && !leg.hungUp) c.requestHangup(leg, 'dialplan');
  }

  private dissolve(bridge: Bridge): void {
    this.active.delete(bridge.id);
    for (const m of this.bridges.members(bridge)) this.bridges.leave(m);
    this.bridges.destroy(bridge);
  }
}
