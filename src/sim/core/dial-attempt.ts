/**
 * Ringing one outbound leg until it answers, fails, times out or is hung up,
 * with the ARI Dial events the capture shows: `""` when dialing starts,
 * `RINGING` (then ChannelStateChange Ringing), and on answer
 * ChannelStateChange Up followed by `ANSWER`. A Local leg answers when its
 * `;2` half goes Up (its dialplan or app answered it).
 */
import type { RemoteScript } from './behaviours.ts';
import type { Channels } from './channels.ts';
import type { EventBus } from './events.ts';
import type { FarEnds } from './far-ends.ts';
import type { DialTarget } from './legs.ts';
import type { Channel } from './model.ts';
import type { Pbx } from './pbx.ts';
import type { Scheduler, TimerHandle } from './scheduler.ts';

/** Final result of ringing a leg. */
export type LegStatus = 'ANSWER' | 'BUSY' | 'NOANSWER' | 'CANCEL' | 'CONGESTION' | 'CHANUNAVAIL';

/** Services a dial attempt needs. */
export interface DialDeps {
  channels: Channels;
  bus: EventBus;
  scheduler: Scheduler;
  farEnds: FarEnds;
  pbx: Pbx;
}

const EXTRA_KEY = 'dialAttempt';

/** Registers the hooks that connect Local `;2` state and leg hangups to attempts. */
export function installDialHooks(channels: Channels): void {
  channels.hooks.unwind.push((ch) => attemptOf(ch)?.legHungUp());
  channels.hooks.stateChanged.push((ch) => {
    const peer = ch.localPeer;
    if (!peer || !ch.name.endsWith(';2')) return;
    const attempt = attemptOf(peer);
    if (ch.state === 'Up') {
      if (attempt) attempt.answer();
      else if (peer.state !== 'Up') channels.setState(peer, 'Up');
    } else if (ch.state === 'Ringing') attempt?.ringing();
  });
}

function attemptOf(ch: Channel): DialAttempt | undefined {
  return ch.extra.get(EXTRA_KEY) as DialAttempt | undefined;
}

/** Maps a hangup cause of a leg that never answered to a dial status (app_dial handle_cause). */
export function statusForCause(cause: number): LegStatus {
  if (cause === 17) return 'BUSY';
  if (cause === 34 || cause === 42) return 'CONGESTION';
  if (cause === 16 || cause === 19 || cause === 0 || cause === 18) return 'NOANSWER';
  return 'CHANUNAVAIL';
}

/** One leg being rung. */
export class DialAttempt {
  readonly done: Promise<LegStatus>;
  private settle!: (s: LegStatus) => void;
  private timers: TimerHandle[] = [];
  private finished = false;
  private script: RemoteScript | undefined;

  constructor(
    private readonly deps: DialDeps,
    readonly leg: Channel,
    private readonly target: DialTarget,
    private readonly caller: Channel | undefined,
  ) {
    this.done = new Promise((resolve) => {
      this.settle = resolve;
    });
    leg.extra.set(EXTRA_KEY, this);
  }

  /** Starts ringing; `timeoutMs` <= 0 means no timeout. */
  start(timeoutMs: number): Promise<LegStatus> {
    const two = this.target.tech === 'Local' ? this.leg.localPeer : undefined;
    // local_call copies the caller id across before dialing (capture: ChannelCallerId
    // and ChannelConnectedLine on `;2` precede the Dial event of `;1`).
    if (two && (this.leg.caller.number || this.leg.connected.number)) {
      this.deps.channels.setCaller(two, {
        name: this.leg.connected.name,
        number: this.leg.connected.number,
      });
      this.deps.channels.setConnected(two, { ...this.leg.caller });
    }
    this.dialEvent('');
    if (timeoutMs > 0) this.timers.push(this.deps.scheduler.after(timeoutMs, () => this.timeout()));
    if (two) this.deps.pbx.start(two);
    else if (this.target.tech === 'PJSIP') this.runScript(this.deps.farEnds.scriptFor(this.target));
    return this.done;
  }

  /** The far end rings. */
  ringing(): void {
    if (this.finished || this.leg.state === 'Ringing') return;
    this.dialEvent('RINGING');
    this.deps.channels.setState(this.leg, 'Ringing');
  }

  /** The far end answers. */
  answer(): void {
    if (this.finished) return;
    this.close();
    this.deps.channels.setState(this.leg, 'Up');
    this.dialEvent('ANSWER');
    if (this.script) this.deps.farEnds.afterAnswer(this.leg, this.script);
    this.settle('ANSWER');
  }

  /** Ends the attempt with a failure status and destroys the leg. */
  fail(status: LegStatus, cause: number, disposition: string): void {
    if (this.finished) return;
    this.close();
    this.dialEvent(status);
    this.leg.failDisposition = disposition;
    if (!this.leg.hungUp) this.leg.hangupCause = cause;
    this.deps.channels.destroy(this.leg);
    this.settle(status);
  }

  /** Called from the unwind hook when the leg itself is hung up while ringing. */
  legHungUp(): void {
    if (this.finished) return;
    const local = this.target.tech === 'Local';
    const status = local ? statusForCause(this.leg.hangupCause) : 'CANCEL';
    this.fail(status, this.leg.hangupCause, status === 'BUSY' ? 'BUSY' : 'NO ANSWER');
  }

  /** Timeout: cause 19 on the leg (main/dial.c handle_timeout_trip since Asterisk 22.8). */
  private timeout(): void {
    this.fail('NOANSWER', 19, 'NO ANSWER');
  }

  private runScript(script: RemoteScript): void {
    this.script = script;
    const s = this.deps.scheduler;
    if (script.ringAfterMs !== undefined)
      this.timers.push(s.after(script.ringAfterMs, () => this.ringing()));
    const at = Math.max(script.resultAfterMs, (script.ringAfterMs ?? 0) + 1);
    switch (script.result) {
      case 'answer':
        this.timers.push(s.after(at, () => this.answer()));
        break;
      case 'busy':
        this.timers.push(s.after(at, () => this.fail('BUSY', 17, 'BUSY')));
        break;
      case 'congestion':
        this.timers.push(s.after(at, () => this.fail('CONGESTION', 34, 'FAILED')));
        break;
      case 'invalid':
        this.timers.push(s.after(at, () => this.fail('CHANUNAVAIL', 1, 'FAILED')));
        break;
      case 'noanswer':
        break;
    }
  }

  private close(): void {
    this.finished = true;
    for (const t of this.timers) this.deps.scheduler.cancel(t);
    this.timers = [];
    this.leg.extra.delete(EXTRA_KEY);
    this.leg.extra.delete('dialing');
  }

  private dialEvent(dialstatus: string): void {
    this.deps.bus.emit({
      type: 'Dial',
      ...(this.caller ? { caller: this.caller.snapshot() } : {}),
      peer: this.leg.snapshot(),
      dialstring: this.target.dialstring,
      dialstatus,
      forward: '',
    });
  }
}

/**
 * Ringing()/Busy()/Congestion() on a Local `;2` reach the `;1` being dialed
 * (chan_local passes indications through): RINGING, or the dial fails.
 */
export function indicateUpstream(
  ch: Channel,
  what: 'ringing' | 'progress' | 'busy' | 'congestion',
): void {
  const one = ch.name.endsWith(';2') ? ch.localPeer : undefined;
  const attempt = one ? attemptOf(one) : undefined;
  if (!attempt) return;
  if (what === 'ringing') attempt.ringing();
  else if (what === 'busy') attempt.fail('BUSY', 17, 'BUSY');
  else if (what === 'congestion') attempt.fail('CONGESTION', 34, 'FAILED');
}
