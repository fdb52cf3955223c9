/**
 * DTMF from the far end. Each digit becomes a ChannelDtmfReceived (the
 * capture shows duration_ms 100 and about 350 ms between digits of one
 * SendDTMF string) and is offered to whatever reads digits in the dialplan
 * (Read/GET DATA via AppHost.readDigit, escape digits of a playback). While
 * the channel is in Stasis the app gets the event and the digit is not kept;
 * otherwise it waits in a small per-channel buffer for the next reader, so a
 * scripted caller who types ahead is not lost.
 */
import type { Channels } from './channels.ts';
import type { EventBus } from './events.ts';
import type { Channel } from './model.ts';
import type { Scheduler } from './scheduler.ts';

/** One step of a caller's DTMF script: wait `afterMs`, then press `digits`. */
export interface DtmfStep {
  afterMs: number;
  digits: string;
}

/** Duration of one simulated key press (capture: duration_ms 100). */
export const DTMF_DURATION_MS = 100;
/** Gap between digits of one string (capture: ~350 ms digit to digit). */
export const DTMF_GAP_MS = 250;

type Waiter = { accept: (d: string) => boolean; resolve: (d: string) => void };

/** Per-channel DTMF buffers and readers. */
export class Dtmf {
  private readonly buffers = new Map<string, string[]>();
  private readonly waiters = new Map<string, Waiter[]>();
  /** Extra listeners (recordings terminateOn). */
  readonly onDigit: Array<(ch: Channel, digit: string) => void> = [];

  constructor(
    private readonly bus: EventBus,
    private readonly scheduler: Scheduler,
    channels: Channels,
  ) {
    channels.hooks.destroyed.push((ch) => {
      this.buffers.delete(ch.id);
      this.waiters.delete(ch.id);
    });
  }

  /** A digit arrives on a channel from its far end. */
  receive(ch: Channel, digit: string): void {
    if (ch.destroyed) return;
    this.bus.emit({
      type: 'ChannelDtmfReceived',
      digit,
      durationMs: DTMF_DURATION_MS,
      channel: ch.snapshot(),
    });
    for (const h of this.onDigit) h(ch, digit);
    const waiters = this.waiters.get(ch.id) ?? [];
    const w = waiters.find((x) => x.accept(digit));
    if (w) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(digit);
      return;
    }
    if (ch.stasisApp) return;
    const buf = this.buffers.get(ch.id) ?? [];
    buf.push(digit);
    this.buffers.set(ch.id, buf);
  }

  /** Presses a string of digits, one every DTMF_DURATION_MS + DTMF_GAP_MS. */
  press(ch: Channel, digits: string, gapMs = DTMF_GAP_MS): Promise<void> {
    return new Promise((resolve) => {
      const list = [...digits];
      const next = (i: number): void => {
        const d = list[i];
        if (d === undefined || ch.hungUp) {
          resolve();
          return;
        }
        this.scheduler.after(DTMF_DURATION_MS, () => {
          this.receive(ch, d);
          if (i + 1 < list.length) this.scheduler.after(gapMs, () => next(i + 1));
          else resolve();
        });
      };
      next(0);
    });
  }

  /** Runs a caller's script: each step waits `afterMs` after the previous one ended. */
  async runScript(ch: Channel, steps: readonly DtmfStep[]): Promise<void> {
    for (const step of steps) {
      try {
        await this.scheduler.sleep(step.afterMs, ch.hangupSignal.signal);
      } catch {
        return;
      }
      await this.press(ch, step.digits);
    }
  }

  /**
   * Next digit accepted by `accept` (buffered ones first); undefined after
   * `timeoutMs` (<= 0: wait forever). Rejects when the channel hangs up.
   */
  next(
    ch: Channel,
    timeoutMs: number,
    accept: (d: string) => boolean = () => true,
  ): Promise<string | undefined> {
    const buf = this.buffers.get(ch.id) ?? [];
    const i = buf.findIndex(accept);
    if (i >= 0) return Promise.resolve(buf.splice(i, 1)[0]);
    return new Promise((resolve, reject) => {
      const signal = ch.hangupSignal.signal;
      const list = this.waiters.get(ch.id) ?? [];
      const timer =
        timeoutMs > 0 ? this.scheduler.after(timeoutMs, () => done(undefined)) : undefined;
      const onAbort = (): void => {
        remove();
        this.scheduler.cancel(timer);
        reject(new Error('hangup'));
      };
      const waiter: Waiter = { accept, resolve: (d) => done(d) };
      const remove = (): void => {
        const at = list.indexOf(waiter);
        if (at >= 0) list.splice(at, 1);
      };
      const done = (d: string | undefined): void => {
        remove();
        this.scheduler.cancel(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(d);
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      list.push(waiter);
      this.waiters.set(ch.id, list);
    });
  }

  /** Forgets every buffer (reset). */
  clear(): void {
    this.buffers.clear();
    this.waiters.clear();
  }
}
