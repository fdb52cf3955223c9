/**
 * Typed AGI commands, built only on `command(text)`. Each one
 * writes the exact line res_agi expects (see agi-quote.ts) and turns the
 * `200 result=...` reply into a small typed result. `result=-1` (channel
 * failure or hangup during the command) is a result (`failed: true`), not an
 * exception: Asterisk reports it with status 200.
 */
import { agiArg, agiQuoted } from './agi-quote.ts';
import type { AgiResponse } from './agi-response.ts';

/** Per-command options. */
export interface AgiCommandOptions {
  /** Reply timeout for this command; 0 waits forever. */
  readonly timeoutMs?: number;
}

/** The low-level port the typed commands need. */
export interface AgiCommandRunner {
  /** Writes one command line and resolves with its 200 reply (rejects with AgiError). */
  command(text: string, options?: AgiCommandOptions): Promise<AgiResponse>;
  /** The session's default reply timeout (0 = none). */
  readonly commandTimeoutMs: number;
}

/** Outcome of a command that may be interrupted by a DTMF digit. */
export interface AgiDigitResult {
  /** The digit pressed, or null when none was. */
  readonly digit: string | null;
  /** `result=-1`: the channel failed or hung up during the command. */
  readonly failed: boolean;
  readonly response: AgiResponse;
}

/** STREAM FILE outcome. */
export interface AgiPlayback extends AgiDigitResult {
  /** Sample offset where playback stopped. */
  readonly endpos: number | undefined;
}

/** GET DATA outcome. */
export interface AgiDigits {
  /** Digits collected (may be '' and keeps leading zeros). */
  readonly digits: string;
  /** Asterisk marked the reply `(timeout)`: the caller stopped typing. */
  readonly timedOut: boolean;
  readonly failed: boolean;
  readonly response: AgiResponse;
}

/** RECORD FILE outcome. */
export interface AgiRecording extends AgiDigitResult {
  /** Why recording stopped as Asterisk wrote it: `dtmf`, `timeout`, `hangup`, ... */
  readonly reason: string;
  readonly endpos: number | undefined;
}

/** The typed commands every session offers. */
export interface AgiCommands {
  answer(): Promise<AgiResponse>;
  hangup(channel?: string): Promise<AgiResponse>;
  streamFile(file: string, escapeDigits?: string, offset?: number): Promise<AgiPlayback>;
  getData(file: string, timeoutMs: number, maxDigits: number): Promise<AgiDigits>;
  /** Waits for one digit; a negative timeout waits forever. */
  waitForDigit(timeoutMs: number): Promise<AgiDigitResult>;
  sayDigits(digits: string, escapeDigits?: string): Promise<AgiDigitResult>;
  sayNumber(value: number, escapeDigits?: string, gender?: string): Promise<AgiDigitResult>;
  /** Says a date given as Unix seconds. */
  sayDate(epochSeconds: number, escapeDigits?: string): Promise<AgiDigitResult>;
  /** The variable's value, or undefined when it is not set (`result=0`). */
  getVariable(name: string): Promise<string | undefined>;
  setVariable(name: string, value: string): Promise<AgiResponse>;
  /** ast_channel_state of this (or the named) channel: 6 = up, 4 = ring... */
  channelStatus(channel?: string): Promise<number>;
  /** Runs a dialplan application; `result=-2` means no such application. */
  exec(app: string, args?: string | readonly string[]): Promise<AgiResponse>;
  recordFile(
    file: string,
    format: string,
    escapeDigits: string,
    timeoutMs: number,
    offsetSamples?: number,
    beep?: boolean,
    silenceS?: number,
  ): Promise<AgiRecording>;
  verbose(message: string, level?: number): Promise<AgiResponse>;
  /** The AstDB value, or undefined when the key does not exist (`result=0`). */
  databaseGet(family: string, key: string): Promise<string | undefined>;
}

type Run = (text: string, extraMs?: number) => Promise<AgiResponse>;

/** Builds the typed commands on top of a runner. */
export function agiCommands(runner: AgiCommandRunner): AgiCommands {
  const run: Run = (text, extraMs) =>
    runner.command(text, { timeoutMs: budget(runner.commandTimeoutMs, extraMs) });
  return { ...channelCommands(run), ...mediaCommands(run), ...dataCommands(run) };
}

/** Call control: answer, hang up, status, dialplan applications. */
function channelCommands(run: Run) {
  return {
    answer: async () => run('ANSWER'),
    hangup: async (channel?: string) =>
      run(channel === undefined ? 'HANGUP' : `HANGUP ${agiArg(channel)}`),
    channelStatus: async (channel?: string) => {
      const r = await run(
        channel === undefined ? 'CHANNEL STATUS' : `CHANNEL STATUS ${agiArg(channel)}`,
      );
      return r.result ?? -1;
    },
    exec: async (app: string, args?: string | readonly string[]) => {
      // Dialplan application arguments are comma-separated inside ONE AGI argument.
      const joined = typeof args === 'string' ? args : args?.join(',');
      const tail = joined === undefined || joined === '' ? '' : ` ${agiArg(joined)}`;
      return run(`EXEC ${agiArg(app)}${tail}`);
    },
    verbose: async (message: string, level = 1) =>
      run(`VERBOSE ${agiQuoted(message)} ${agiArg(level)}`),
  } satisfies Partial<AgiCommands>;
}

/** Prompts, digit collection and recording. */
function mediaCommands(run: Run) {
  return {
    streamFile: async (file: string, escapeDigits = '', offset?: number) => {
      const tail = offset === undefined ? '' : ` ${agiArg(offset)}`;
      const r = await run(`STREAM FILE ${agiArg(file)} ${agiArg(escapeDigits)}${tail}`);
      return { ...digitResult(r), endpos: r.endpos };
    },
    getData: async (file: string, timeoutMs: number, maxDigits: number) => {
      const text = `GET DATA ${agiArg(file)} ${agiArg(timeoutMs)} ${agiArg(maxDigits)}`;
      const r = await run(text, timeoutMs * Math.max(1, maxDigits));
      const failed = r.result === -1;
      const digits = failed ? '' : r.resultText;
      return { digits, timedOut: r.data === 'timeout', failed, response: r };
    },
    waitForDigit: async (timeoutMs: number) =>
      digitResult(await run(`WAIT FOR DIGIT ${agiArg(timeoutMs)}`, timeoutMs)),
    sayDigits: async (digits: string, escapeDigits = '') =>
      digitResult(await run(`SAY DIGITS ${agiArg(digits)} ${agiArg(escapeDigits)}`)),
    sayNumber: async (value: number, escapeDigits = '', gender?: string) => {
      const tail = gender === undefined ? '' : ` ${agiArg(gender)}`;
      return digitResult(await run(`SAY NUMBER ${agiArg(value)} ${agiArg(escapeDigits)}${tail}`));
    },
    sayDate: async (epochSeconds: number, escapeDigits = '') =>
      digitResult(await run(`SAY DATE ${agiArg(epochSeconds)} ${agiArg(escapeDigits)}`)),
    recordFile: async (...args: Parameters<AgiCommands['recordFile']>) => {
      const r = await run(recordFileLine(...args), args[3]);
      return { ...digitResult(r), reason: r.data ?? '', endpos: r.endpos };
    },
  } satisfies Partial<AgiCommands>;
}

/** Channel variables and AstDB. */
function dataCommands(run: Run) {
  return {
    getVariable: async (name: string) =>
      valueOrUndefined(await run(`GET VARIABLE ${agiArg(name)}`)),
    setVariable: async (name: string, value: string) =>
      run(`SET VARIABLE ${agiArg(name)} ${agiQuoted(value)}`),
    databaseGet: async (family: string, key: string) =>
      valueOrUndefined(await run(`DATABASE GET ${agiArg(family)} ${agiArg(key)}`)),
  } satisfies Partial<AgiCommands>;
}

/**
 * RECORD FILE <file> <format> <escape digits> <timeout> [offset] [BEEP] [s=<silence>].
 * res_agi reads the optional arguments by position, so the offset is written
 * (as 0) whenever BEEP or s= follow it.
 */
function recordFileLine(
  file: string,
  format: string,
  escapeDigits: string,
  timeoutMs: number,
  offsetSamples?: number,
  beep?: boolean,
  silenceS?: number,
): string {
  const parts = [
    'RECORD FILE',
    agiArg(file),
    agiArg(format),
    agiArg(escapeDigits),
    agiArg(timeoutMs),
  ];
  const needsOffset = offsetSamples !== undefined || beep === true || silenceS !== undefined;
  if (needsOffset) parts.push(agiArg(offsetSamples ?? 0));
  if (beep === true) parts.push('BEEP');
  if (silenceS !== undefined) parts.push(`s=${agiArg(silenceS)}`);
  return parts.join(' ');
}

/**
 * A command whose own wait is `extraMs` gets that on top of the default
 * budget; a negative wait (forever) or a disabled default means no timeout.
 */
function budget(base: number, extraMs?: number): number {
  if (base <= 0) return 0;
  if (extraMs === undefined) return base;
  return extraMs < 0 ? 0 : base + extraMs;
}

function digitResult(r: AgiResponse): AgiDigitResult {
  const code = r.result ?? 0;
  return { digit: code > 0 ? String.fromCharCode(code) : null, failed: code < 0, response: r };
}

function valueOrUndefined(r: AgiResponse): string | undefined {
  return r.result === 1 ? (r.data ?? '') : undefined;
}
