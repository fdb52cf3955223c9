/**
 * The boundary between the dialplan engine (which knows extensions.conf) and
 * the simulator core (which owns channels, bridges, media and timing). The
 * engine runs a channel through the dialplan and calls these to act on it.
 * Every method that takes simulated time resolves when that time has passed
 * (or earlier if the channel hangs up: then it rejects with ChannelHungUp).
 */
export interface DialplanChannel {
  /** Asterisk channel id (uniqueid), e.g. `1732350000.42`. */
  readonly id: string;
  /** Channel name, e.g. `PJSIP/trunk-00000001`. */
  readonly name: string;
  /** Where the channel is in the dialplan; the engine updates these as it goes. */
  context: string;
  exten: string;
  priority: number;
  /** Caller id as the dialplan sees it: CALLERID(num) / CALLERID(name). */
  callerNumber: string;
  callerName: string;
  /** Channel variables (Set(), AGI SET VARIABLE, originate variables). */
  readonly vars: Map<string, string>;
  /** `Down`, `Ring`, `Ringing`, `Up`, ... as ARI/AMI report it. */
  readonly state: string;
  /** True once the channel has been hung up. */
  readonly hungUp: boolean;
}

/** Result of Dial(): the DIALSTATUS value Asterisk would set. */
export type DialStatus = 'ANSWER' | 'BUSY' | 'NOANSWER' | 'CANCEL' | 'CONGESTION' | 'CHANUNAVAIL';

/** Result of AMD(): AMDSTATUS and AMDCAUSE as app_amd sets them. */
export interface AmdResult {
  status: 'HUMAN' | 'MACHINE' | 'NOTSURE' | 'HANGUP';
  cause: string;
}

/** What the dialplan engine needs from the simulator core. */
export interface AppHost {
  /** Answer(): state -> Up (Newstate / ChannelStateChange events). */
  answer(ch: DialplanChannel): Promise<void>;
  /** Hangup([cause]). */
  hangup(ch: DialplanChannel, cause?: number): Promise<void>;
  /** Ringing()/Progress(). */
  indicate(
    ch: DialplanChannel,
    what: 'ringing' | 'progress' | 'busy' | 'congestion',
  ): Promise<void>;
  /**
   * Wait(seconds) in simulated time. A negative `seconds` waits until the
   * channel hangs up (Busy()/Congestion() without a timeout do that).
   */
  wait(ch: DialplanChannel, seconds: number): Promise<void>;
  /**
   * Playback / STREAM FILE: plays for the sound's length. When `escapeDigits`
   * is given, a DTMF digit from the caller's script interrupts it and is
   * returned; otherwise resolves with undefined when the file ends.
   */
  play(ch: DialplanChannel, file: string, escapeDigits?: string): Promise<string | undefined>;
  /**
   * Waits up to timeoutMs for the next DTMF digit from the caller's script.
   * A negative timeoutMs waits without limit (AGI `WAIT FOR DIGIT -1`).
   */
  readDigit(ch: DialplanChannel, timeoutMs: number): Promise<string | undefined>;
  /** Stasis(app, args...): hands the channel to an ARI app; resolves when it leaves Stasis. */
  stasis(ch: DialplanChannel, app: string, args: string[]): Promise<void>;
  /** AGI(agi://host:port/path?query, args...): runs a FastAGI session; resolves on its end. */
  agi(ch: DialplanChannel, url: string, args: string[]): Promise<void>;
  /** AMD(): decides from the simulated callee's behaviour. */
  amd(ch: DialplanChannel): Promise<AmdResult>;
  /** Dial(PJSIP/1001&PJSIP/1002, timeout, options). */
  dial(
    ch: DialplanChannel,
    targets: string[],
    timeoutS: number | undefined,
    options: string,
  ): Promise<DialStatus>;
  /** MixMonitor(file.wav, options): starts recording the channel. */
  mixMonitor(ch: DialplanChannel, file: string, options: string): Promise<void>;
  /**
   * Variables Asterisk derives rather than stores (HANGUPCAUSE, LINKEDID,
   * LANGUAGE...); undefined for anything else. The engine itself answers
   * EXTEN, CONTEXT, PRIORITY, CHANNEL and UNIQUEID from the channel, and
   * EPOCH from now() when this returns undefined for it.
   */
  builtinVar(ch: DialplanChannel, name: string): string | undefined;
  /** Dialplan-visible events (Newexten, VarSet) the core turns into AMI/ARI events. */
  onStep(ch: DialplanChannel, app: string, appData: string): void;
  onVarSet(ch: DialplanChannel, name: string, value: string): void;
  /** Log line for the simulator log (unknown applications fail loudly here). */
  log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;

  // --- Added for the dialplan engine and the FastAGI client -----------------

  /**
   * Length of a sound file in ms, or undefined when no such sound exists.
   * Playback sets PLAYBACKSTATUS=FAILED and AGI STREAM FILE answers
   * `200 result=-1 endpos=0` for a missing file without calling play();
   * STREAM FILE's `endpos=` is derived from this length (8 kHz samples).
   */
  soundDurationMs(file: string): number | undefined;
  /** Simulated time in ms since the epoch (AGI endpos of interrupted playback, RECORD FILE). */
  now(): number;
  /**
   * Calls `listener` once when `ch` hangs up (immediately if it already
   * has). Returns an unsubscribe function. The FastAGI client uses it to
   * write the unsolicited `HANGUP` line while the script is idle.
   */
  onHangup(ch: DialplanChannel, listener: () => void): () => void;
  /**
   * AGI RECORD FILE finished: `file` (without extension) as the script
   * named it, `durationMs` recorded. A file inside Asterisk's recording
   * directory becomes a stored recording (ARI /recordings/stored), as on a
   * real Asterisk; optional so hosts without recordings can ignore it.
   */
  saveRecording?(ch: DialplanChannel, file: string, format: string, durationMs: number): void;
}

/** Rejection reason when a channel hangs up while an app is running. */
export class ChannelHungUp extends Error {
  constructor(readonly channelId: string) {
    super(`channel ${channelId} hung up`);
    this.name = 'ChannelHungUp';
  }
}

/**
 * Rejection reason when the core moves a channel elsewhere in the dialplan
 * while an application runs (AMI Redirect). The core sets the channel's
 * context/exten/priority to the target first; the engine resumes there.
 */
export class ChannelRedirected extends Error {
  constructor(readonly channelId: string) {
    super(`channel ${channelId} redirected`);
    this.name = 'ChannelRedirected';
  }
}
