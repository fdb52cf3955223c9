/**
 * Inbound calls from the trunk and the callers' behaviour. A placed call is
 * a `PJSIP/trunk-0000000N` channel in state Ring, caller id = `from`,
 * dialplan `from-trunk`/DID (as in the sipp capture), run through the
 * dialplan engine. The caller then:
 * - presses the digits of its DTMF script once answered (each step `afterMs`
 *   after the previous one);
 * - hangs up after `patienceS` of waiting for an agent. The wait starts when
 *   the call is offered to agents, i.e. at StasisStart or at a Dial() from
 *   its channel, so IVR time does not count; it stops once the caller is
 *   bridged with another party, and pauses while the call is back in the
 *   dialplan after leaving Stasis;
 * - hangs up `talkS` after being bridged with another party (if given);
 * - hangs up two seconds into busy or congestion tone.
 */
import type { Channels } from './channels.ts';
import type { Dtmf, DtmfStep } from './dtmf.ts';
import type { CoreEvent, EventBus } from './events.ts';
import type { IdAllocator } from './ids.ts';
import type { Channel } from './model.ts';
import type { Pbx } from './pbx.ts';
import type { Scheduler, TimerHandle } from './scheduler.ts';

/** How long a caller listens to busy/congestion tone before hanging up. */
const CALLER_GIVES_UP_ON_TONE_MS = 2000;

/** An inbound call to place. */
export interface PlaceCall {
  /** Caller number (ANI). */
  from: string;
  /** Caller name; defaults to the number. */
  fromName?: string;
  /** Dialled number (DNIS/DID). */
  to: string;
  dtmf?: DtmfStep[];
  /** Seconds the caller waits for an agent before hanging up (undefined: forever). */
  patienceS?: number;
  /** Seconds the caller talks once connected before hanging up (undefined: waits for the agent). */
  talkS?: number;
}

interface CallerState {
  ch: Channel;
  req: PlaceCall;
  patienceLeftMs: number | undefined;
  waitingSince: number | undefined;
  patienceTimer: TimerHandle | undefined;
  talkTimer: TimerHandle | undefined;
  connected: boolean;
  scripted: boolean;
}

/** Places inbound calls and plays their callers. */
export class InboundCalls {
  private readonly callers = new Map<string, CallerState>();

  constructor(
    private readonly channels: Channels,
    private readonly ids: IdAllocator,
    private readonly pbx: Pbx,
    private readonly dtmf: Dtmf,
    private readonly scheduler: Scheduler,
    bus: EventBus,
    private readonly context: string,
  ) {
    bus.on((e) => this.onEvent(e));
  }

  /** Places a call; returns its channel. */
  place(req: PlaceCall): Channel {
    const ch = this.channels.create({
      tech: 'PJSIP',
      name: `PJSIP/trunk-${this.ids.sequence('PJSIP')}`,
      state: 'Ring',
      context: this.context,
      exten: req.to,
      caller: { name: req.fromName ?? req.from, number: req.from },
      endpoint: 'PJSIP/trunk',
      protocolId: this.ids.callId(),
    });
    ch.extra.set('dnid', req.to);
    this.channels.setVar(ch, 'SIPDOMAIN', '127.0.0.1');
    this.callers.set(ch.id, {
      ch,
      req,
      patienceLeftMs: req.patienceS === undefined ? undefined : req.patienceS * 1000,
      waitingSince: undefined,
      patienceTimer: undefined,
      talkTimer: undefined,
      connected: false,
      scripted: false,
    });
    this.pbx.start(ch);
    return ch;
  }

  /**
   * A caller hearing busy or congestion tone hangs up after a couple of
   * seconds (Busy()/Congestion() would otherwise hold the line forever).
   */
  indicated(ch: Channel, what: string): void {
    const s = this.callers.get(ch.id);
    if (!s || (what !== 'busy' && what !== 'congestion')) return;
    this.scheduler.cancel(s.patienceTimer);
    s.patienceTimer = this.scheduler.after(CALLER_GIVES_UP_ON_TONE_MS, () => {
      this.channels.requestHangup(s.ch, 'remote');
    });
  }

  /** Number of callers still on the line. */
  active(): number {
    return this.callers.size;
  }

  /** Forgets every caller (reset). */
  clear(): void {
    for (const s of this.callers.values()) this.stopTimers(s);
    this.callers.clear();
  }

  private onEvent(e: CoreEvent): void {
    switch (e.type) {
      case 'ChannelStateChange':
        if (e.channel.state === 'Up') this.answered(e.channel.id);
        break;
      case 'StasisStart':
        this.offered(e.channel.id);
        break;
      case 'Dial':
        if (e.caller && e.dialstatus === '') this.offered(e.caller.id);
        break;
      case 'StasisEnd':
        this.pause(e.channel.id);
        break;
      case 'ChannelEnteredBridge':
        for (const id of e.bridge.channels) if (e.bridge.channels.length >= 2) this.bridged(id);
        break;
      case 'ChannelDestroyed': {
        const s = this.callers.get(e.channel.id);
        if (s) this.stopTimers(s);
        this.callers.delete(e.channel.id);
        break;
      }
      default:
        break;
    }
  }

  private answered(id: string): void {
    const s = this.callers.get(id);
    if (!s || s.scripted) return;
    s.scripted = true;
    if (s.req.dtmf?.length) void this.dtmf.runScript(s.ch, s.req.dtmf);
  }

  private offered(id: string): void {
    const s = this.callers.get(id);
    if (!s || s.connected || s.patienceLeftMs === undefined || s.patienceTimer) return;
    s.waitingSince = this.scheduler.now();
    s.patienceTimer = this.scheduler.after(s.patienceLeftMs, () => {
      s.patienceTimer = undefined;
      this.channels.requestHangup(s.ch, 'remote');
    });
  }

  private pause(id: string): void {
    const s = this.callers.get(id);
    if (!s?.patienceTimer || s.waitingSince === undefined || s.patienceLeftMs === undefined) return;
    this.scheduler.cancel(s.patienceTimer);
    s.patienceTimer = undefined;
    s.patienceLeftMs = Math.max(0, s.patienceLeftMs - (this.scheduler.now() - s.waitingSince));
  }

  private bridged(id: string): void {
    const s = this.callers.get(id);
    if (!s || s.connected) return;
    s.connected = true;
    this.scheduler.cancel(s.patienceTimer);
    s.patienceTimer = undefined;
    if (s.req.talkS !== undefined) {
      s.talkTimer = this.scheduler.after(s.req.talkS * 1000, () =>
        this.channels.requestHangup(s.ch, 'remote'),
      );
    }
  }

  private stopTimers(s: CallerState): void {
    this.scheduler.cancel(s.patienceTimer);
    this.scheduler.cancel(s.talkTimer);
  }
}
