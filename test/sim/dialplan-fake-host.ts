/**
 * A scriptable AppHost for dialplan and FastAGI tests: records every call,
 * keeps its own simulated time, and plays the caller's DTMF from a queue.
 */
import {
  type AmdResult,
  type AppHost,
  ChannelHungUp,
  type DialplanChannel,
  type DialStatus,
} from '../../src/sim/dialplan/app-host.ts';

/** A plain channel the tests can inspect. */
export class FakeChannel implements DialplanChannel {
  context = '';
  exten = '';
  priority = 1;
  callerNumber = '5551234';
  callerName = 'Customer';
  readonly vars = new Map<string, string>();
  state = 'Ring';
  hungUp = false;
  constructor(
    readonly id = '1795424216.11',
    readonly name = 'PJSIP/trunk-00000004',
  ) {}
}

/** Behaviour knobs a test may set. */
export interface FakeScript {
  /** DTMF the caller sends, in order. */
  dtmf: string[];
  /** When the DTMF queue is empty and a digit is awaited: hang up instead of timing out. */
  hangupWhenIdle: boolean;
  /** Hang the channel up during the next wait(). */
  hangupDuringWait: boolean;
  dialStatus: DialStatus;
  amd: AmdResult;
  /** Sounds that exist, with their length in ms. */
  sounds: Record<string, number>;
  stasis: (ch: DialplanChannel, app: string, args: string[]) => Promise<void>;
  agi: (ch: DialplanChannel, url: string, args: string[]) => Promise<void>;
}

/** The fake host; `calls` lists what the engine asked for, in order. */
export class FakeHost implements AppHost {
  readonly calls: string[] = [];
  readonly steps: string[] = [];
  readonly varSets: Array<[string, string]> = [];
  readonly logs: Array<{ level: string; msg: string }> = [];
  time = 1_795_424_216_000;
  private readonly hangupListeners = new Map<DialplanChannel, Array<() => void>>();
  readonly script: FakeScript = {
    dtmf: [],
    hangupWhenIdle: false,
    hangupDuringWait: false,
    dialStatus: 'ANSWER',
    amd: { status: 'HUMAN', cause: 'HUMAN-1000-500' },
    sounds: { 'hello-world': 1260, beep: 250, 'digits/1': 400, 'digits/2': 400, 'digits/4': 400 },
    stasis: async () => {},
    agi: async () => {},
  };

  constructor(overrides: Partial<FakeScript> = {}) {
    Object.assign(this.script, overrides);
  }

  /** Hangs the channel up from the far side (the caller's script). */
  remoteHangup(ch: DialplanChannel): void {
    if (ch.hungUp) return;
    (ch as FakeChannel).hungUp = true;
    for (const l of this.hangupListeners.get(ch) ?? []) l();
    this.hangupListeners.delete(ch);
  }

  private guard(ch: DialplanChannel): void {
    if (ch.hungUp) throw new ChannelHungUp(ch.id);
  }

  async answer(ch: DialplanChannel): Promise<void> {
    this.guard(ch);
    this.calls.push('answer');
    (ch as FakeChannel).state = 'Up';
  }
  async hangup(ch: DialplanChannel, cause?: number): Promise<void> {
    this.calls.push(cause === undefined ? 'hangup' : `hangup(${cause})`);
    this.remoteHangup(ch);
  }
  async indicate(ch: DialplanChannel, what: string): Promise<void> {
    this.guard(ch);
    this.calls.push(`indicate(${what})`);
  }
  async wait(ch: DialplanChannel, seconds: number): Promise<void> {
    this.guard(ch);
    this.calls.push(`wait(${seconds})`);
    if (this.script.hangupDuringWait || seconds < 0) {
      this.remoteHangup(ch);
      throw new ChannelHungUp(ch.id);
    }
    this.time += seconds * 1000;
  }
  async play(
    ch: DialplanChannel,
    file: string,
    escapeDigits?: string,
  ): Promise<string | undefined> {
    this.guard(ch);
    this.calls.push(escapeDigits === undefined ? `play(${file})` : `play(${file},${escapeDigits})`);
    const next = this.script.dtmf[0];
    if (escapeDigits !== undefined && next !== undefined && escapeDigits.includes(next)) {
      this.script.dtmf.shift();
      this.time += 100;
      return next;
    }
    this.time += this.script.sounds[file] ?? 0;
    return undefined;
  }
  async readDigit(ch: DialplanChannel, timeoutMs: number): Promise<string | undefined> {
    this.guard(ch);
    this.calls.push(`readDigit(${timeoutMs})`);
    const d = this.script.dtmf.shift();
    if (d !== undefined) return d;
    if (this.script.hangupWhenIdle) {
      this.remoteHangup(ch);
      throw new ChannelHungUp(ch.id);
    }
    this.time += Math.max(0, timeoutMs);
    return undefined;
  }
  async stasis(ch: DialplanChannel, app: string, args: string[]): Promise<void> {
    this.guard(ch);
    this.calls.push(`stasis(${[app, ...args].join(',')})`);
    await this.script.stasis(ch, app, args);
  }
  async agi(ch: DialplanChannel, url: string, args: string[]): Promise<void> {
    this.calls.push(`agi(${[url, ...args].join(',')})`);
    await this.script.agi(ch, url, args);
  }
  async amd(ch: DialplanChannel): Promise<AmdResult> {
    this.guard(ch);
    this.calls.push('amd');
    return this.script.amd;
  }
  async dial(
    ch: DialplanChannel,
    targets: string[],
    timeoutS: number | undefined,
    options: string,
  ): Promise<DialStatus> {
    this.guard(ch);
    this.calls.push(`dial(${targets.join('&')},${timeoutS ?? ''},${options})`);
    return this.script.dialStatus;
  }
  async mixMonitor(ch: DialplanChannel, file: string, options: string): Promise<void> {
    this.guard(ch);
    this.calls.push(`mixMonitor(${file},${options})`);
  }
  builtinVar(_ch: DialplanChannel, name: string): string | undefined {
    return name === 'HANGUPCAUSE' ? '16' : undefined;
  }
  onStep(_ch: DialplanChannel, app: string, appData: string): void {
    this.steps.push(`${app}(${appData})`);
  }
  onVarSet(_ch: DialplanChannel, name: string, value: string): void {
    this.varSets.push([name, value]);
  }
  log(level: 'info' | 'warn' | 'error', msg: string): void {
    this.logs.push({ level, msg });
  }
  soundDurationMs(file: string): number | undefined {
    return this.script.sounds[file];
  }
  now(): number {
    return this.time;
  }
  onHangup(ch: DialplanChannel, listener: () => void): () => void {
    if (ch.hungUp) {
      listener();
      return () => {};
    }
    const list = this.hangupListeners.get(ch) ?? [];
    list.push(listener);
    this.hangupListeners.set(ch, list);
    return () => {
      const cur = this.hangupListeners.get(ch) ?? [];
      this.hangupListeners.set(
        ch,
        cur.filter((l) => l !== listener),
      );
    };
  }
}
