/**
 * The core's side of the dialplan engine boundary (src/sim/dialplan/app-host.ts):
 * each application the engine runs acts on core channels through here, in
 * simulated time. Waits reject with ChannelHungUp when the channel hangs up.
 */
import {
  type AmdResult,
  type AppHost,
  ChannelHungUp,
  ChannelRedirected,
  type DialplanChannel,
  type DialStatus,
} from '../dialplan/app-host.ts';
import type { Sounds } from '../media/sounds.ts';
import type { Channels } from './channels.ts';
import type { DialApp } from './dial-app.ts';
import type { Dtmf } from './dtmf.ts';
import { Channel } from './model.ts';
import type { Recordings } from './recordings.ts';
import type { Scheduler } from './scheduler.ts';
import { SleepAborted } from './scheduler.ts';
import type { SimLog } from './sim-log.ts';
import type { StasisControl } from './stasis.ts';

/** Asterisk's recording directory (asterisk.conf astspooldir + /recording), as a file prefix. */
export const AST_RECORDING_DIR = '/var/spool/asterisk/recording/';

/** Runs a FastAGI session for the AGI() application (the FastAGI client library). */
export interface AgiRunner {
  run(ch: DialplanChannel, host: AppHost, url: string, args: string[]): Promise<void>;
}

/** Reacts to Ringing()/Busy()/Congestion() of a Local `;2` toward its `;1` dial. */
export type IndicationSink = (
  ch: Channel,
  what: 'ringing' | 'progress' | 'busy' | 'congestion',
) => void;

/** Services the host needs. */
export interface AppHostDeps {
  channels: Channels;
  scheduler: Scheduler;
  stasis: StasisControl;
  dtmf: Dtmf;
  sounds: Sounds;
  recordings: Recordings;
  dialApp: DialApp;
  agi: () => AgiRunner | undefined;
  indicate: IndicationSink;
  log: SimLog;
}

/**
 * ast_answer() waits for the first voice frame, up to 500 ms. A Local channel
 * has no media, so it waits the whole 500 ms (capture: Answer() 22.953 ->
 * next app 23.452); a SIP channel with RTP flowing gets a frame in ~20 ms.
 */
const answerSettleMs = (ch: Channel): number => (ch.tech === 'Local' ? 500 : 20);

/** AppHost over the simulator core. */
export class SimAppHost implements AppHost {
  constructor(private readonly d: AppHostDeps) {}

  private core(ch: DialplanChannel): Channel {
    if (!(ch instanceof Channel)) throw new Error('not a simulator channel');
    return ch;
  }

  private alive(ch: Channel): void {
    if (ch.hungUp) throw new ChannelHungUp(ch.id);
  }

  /** Sleeps in simulated time; ChannelHungUp if the channel hangs up first. */
  private async sleep(ch: Channel, ms: number): Promise<void> {
    try {
      await this.interruptible(ch, this.d.scheduler.sleep(ms, ch.hangupSignal.signal));
    } catch (e) {
      if (e instanceof SleepAborted) throw new ChannelHungUp(ch.id);
      throw e;
    }
  }

  /**
   * Races an app's wait against an AMI Redirect: the core has already moved
   * the channel, the engine resumes there on ChannelRedirected.
   */
  private interruptible<T>(ch: Channel, p: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onRedirect = (): void => reject(new ChannelRedirected(ch.id));
      ch.redirectListeners.add(onRedirect);
      p.then(resolve, reject).finally(() => ch.redirectListeners.delete(onRedirect));
    });
  }

  async answer(dch: DialplanChannel): Promise<void> {
    const ch = this.core(dch);
    this.alive(ch);
    if (ch.state !== 'Up') this.d.channels.setState(ch, 'Up');
    await this.sleep(ch, answerSettleMs(ch));
  }

  async hangup(dch: DialplanChannel, cause?: number): Promise<void> {
    const ch = this.core(dch);
    if (!ch.hungUp) this.d.channels.requestHangup(ch, 'dialplan', cause);
  }

  async indicate(
    dch: DialplanChannel,
    what: 'ringing' | 'progress' | 'busy' | 'congestion',
  ): Promise<void> {
    const ch = this.core(dch);
    this.alive(ch);
    this.d.indicate(ch, what);
  }

  async wait(dch: DialplanChannel, seconds: number): Promise<void> {
    const ch = this.core(dch);
    this.alive(ch);
    if (seconds < 0) {
      await new Promise<void>((_resolve, reject) => {
        const s = ch.hangupSignal.signal;
        if (s.aborted) reject(new ChannelHungUp(ch.id));
        else s.addEventListener('abort', () => reject(new ChannelHungUp(ch.id)), { once: true });
      });
      return;
    }
    await this.sleep(ch, seconds * 1000);
  }

  async play(
    dch: DialplanChannel,
    file: string,
    escapeDigits?: string,
  ): Promise<string | undefined> {
    const ch = this.core(dch);
    this.alive(ch);
    const length = file.split('&').reduce((sum, f) => sum + this.d.sounds.lengthOf(f), 0);
    if (!escapeDigits) {
      await this.sleep(ch, length);
      return undefined;
    }
    try {
      return await this.interruptible(
        ch,
        this.d.dtmf.next(ch, length, (digit) => escapeDigits.includes(digit)),
      );
    } catch (e) {
      if (e instanceof ChannelRedirected) throw e;
      throw new ChannelHungUp(ch.id);
    }
  }

  async readDigit(dch: DialplanChannel, timeoutMs: number): Promise<string | undefined> {
    const ch = this.core(dch);
    this.alive(ch);
    try {
      return await this.interruptible(
        ch,
        this.d.dtmf.next(ch, timeoutMs < 0 ? 0 : Math.max(1, timeoutMs)),
      );
    } catch (e) {
      if (e instanceof ChannelRedirected) throw e;
      throw new ChannelHungUp(ch.id);
    }
  }

  async stasis(dch: DialplanChannel, app: string, args: string[]): Promise<void> {
    const ch = this.core(dch);
    this.alive(ch);
    const exit = await this.d.stasis.enter(ch, app, args, true);
    if (exit.kind === 'failed') throw new Error(`Stasis app '${app}' not registered`);
    if (exit.kind === 'hangup') throw new ChannelHungUp(ch.id);
  }

  async agi(dch: DialplanChannel, url: string, args: string[]): Promise<void> {
    const ch = this.core(dch);
    this.alive(ch);
    const runner = this.d.agi();
    if (!runner) {
      this.d.log('error', 'AGI requested but no FastAGI client is available', {
        channel: ch.name,
        url,
      });
      this.d.channels.setVar(ch, 'AGISTATUS', 'FAILURE');
      return;
    }
    await runner.run(ch, this, url, args);
  }

  async amd(dch: DialplanChannel): Promise<AmdResult> {
    const ch = this.core(dch);
    this.alive(ch);
    const result = (ch.extra.get('amd') as AmdResult | undefined) ?? {
      status: 'HUMAN',
      cause: 'HUMAN-300-800',
    };
    const ms = (ch.extra.get('amdMs') as number | undefined) ?? 1500;
    await this.sleep(ch, ms);
    return result;
  }

  async dial(
    dch: DialplanChannel,
    targets: string[],
    timeoutS: number | undefined,
  ): Promise<DialStatus> {
    return this.d.dialApp.dial(this.core(dch), targets, timeoutS);
  }

  async mixMonitor(dch: DialplanChannel, file: string, options: string): Promise<void> {
    const ch = this.core(dch);
    this.alive(ch);
    const dot = file.lastIndexOf('.');
    const name = dot > 0 ? file.slice(0, dot) : file;
    const format = dot > 0 ? file.slice(dot + 1) : 'wav';
    const r = this.d.recordings.start(`mixmonitor:${ch.id}`, {
      name,
      format,
      maxDurationSeconds: 0,
      ifExists: options.includes('a') ? 'append' : 'overwrite',
      terminateOn: 'none',
      silent: true,
    });
    if ('error' in r)
      this.d.log('warn', `MixMonitor could not record ${file}: ${r.error}`, { channel: ch.name });
  }

  builtinVar(dch: DialplanChannel, name: string): string | undefined {
    const ch = this.core(dch);
    switch (name) {
      case 'CHANNEL':
        return ch.name;
      case 'UNIQUEID':
        return ch.id;
      case 'LINKEDID':
        return ch.linkedid;
      case 'EPOCH':
        return String(Math.floor(this.d.scheduler.now() / 1000));
      case 'CONTEXT':
        return ch.context;
      case 'EXTEN':
        return ch.exten;
      case 'PRIORITY':
        return String(ch.priority);
      case 'LANGUAGE':
        return ch.language;
      case 'HANGUPCAUSE':
        return String(ch.hangupCause);
      case 'CALLERID(num)':
        return ch.caller.number;
      case 'CALLERID(name)':
        return ch.caller.name;
      default:
        return undefined;
    }
  }

  onStep(dch: DialplanChannel, app: string, appData: string): void {
    this.d.channels.step(this.core(dch), app, appData);
  }

  onVarSet(dch: DialplanChannel, name: string, value: string): void {
    const ch = this.core(dch);
    this.d.channels.setVar(ch, name, value);
    if (value === '') ch.vars.delete(name);
  }

  log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void {
    this.d.log(level, msg, fields);
  }

  soundDurationMs(file: string): number | undefined {
    return this.d.sounds.has(file) ? this.d.sounds.lengthOf(file) : undefined;
  }

  now(): number {
    return this.d.scheduler.now();
  }

  saveRecording(dch: DialplanChannel, file: string, format: string, durationMs: number): void {
    const ch = this.core(dch);
    // Only Asterisk's recording directory is served by ARI; elsewhere the
    // simulator keeps no file (there is no audio to keep).
    if (!file.startsWith(AST_RECORDING_DIR)) return;
    const name = file.slice(AST_RECORDING_DIR.length);
    if (!this.d.recordings.writeFile(name, format, durationMs)) {
      this.d.log('warn', `RECORD FILE could not store ${file}.${format}`, { channel: ch.name });
    }
  }

  onHangup(dch: DialplanChannel, listener: () => void): () => void {
    const ch = this.core(dch);
    if (ch.hungUp) {
      listener();
      return () => {};
    }
    const signal = ch.hangupSignal.signal;
    signal.addEventListener('abort', listener, { once: true });
    return () => signal.removeEventListener('abort', listener);
  }
}
