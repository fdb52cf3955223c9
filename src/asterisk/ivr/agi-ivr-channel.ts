/**
 * The IVR's channel over one FastAGI session: each interpreter action
 * becomes AGI commands (STREAM FILE, GET DATA, SAY DIGITS/NUMBER/DATE,
 * EXEC for TTS, SET VARIABLE, RECORD FILE), and each reply becomes the
 * interpreter's input. Hand-offs set the dialplan variables the shipped
 * dialplan (dialplan/extensions.conf, `_8X.`) reads after AGI() returns:
 * CW_NEXT (queue, dial, hangup), CW_QUEUE, CW_PRIORITY, CW_DIAL...
 *
 * `result=-1` means "the channel failed or hung up" (res_agi); a missing
 * sound file gives it too (`200 result=-1 endpos=0`). To tell the two apart
 * a CHANNEL STATUS follows: on a hung-up channel Asterisk answers 511 or
 * writes HANGUP, otherwise the file was the problem.
 */
import type { ChannelAction, HandOff, IvrChannel } from '../../app/ivr/ports.ts';
import type { Input } from '../../domain/ivr/flow.step.ts';
import { isAgiError } from '../agi/agi-errors.ts';
import type { AgiSession } from '../agi/agi-server.ts';
import type { TtsEngines } from './tts-engines.ts';

/** Dialplan variables of the hand-off (read by dialplan/extensions.conf). */
export const HANDOFF_VARS = {
  next: 'CW_NEXT',
  queue: 'CW_QUEUE',
  priority: 'CW_PRIORITY',
  queuePriority: 'CW_QUEUE_PRIORITY',
  skills: 'CW_SKILLS',
  language: 'CW_LANGUAGE',
  dial: 'CW_DIAL',
  dialTimeout: 'CW_DIAL_TIMEOUT',
} as const;

/** What the channel needs besides the session. */
export interface AgiIvrChannelOptions {
  readonly tts: TtsEngines;
  /** Asterisk's recording directory as the PBX sees it (ARI serves stored recordings from there). */
  readonly recordingDir: string;
}

/** 8 kHz samples per second: RECORD FILE's endpos is in samples. */
const SAMPLES_PER_S = 8000;

/** A command's outcome: its reply, or the channel gone, or an AGI failure. */
type Ran<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'gone' }
  | { readonly kind: 'failed'; readonly reason: string };

/** The IVR channel of one FastAGI session. */
export class AgiIvrChannel implements IvrChannel {
  goneReason: string | null = null;

  constructor(
    private readonly agi: AgiSession,
    private readonly options: AgiIvrChannelOptions,
  ) {
    agi.onHangup(() => {
      this.goneReason ??= 'hangup';
    });
  }

  async answer(): Promise<void> {
    await this.run(() => this.agi.answer());
  }

  async perform(action: ChannelAction, recording?: string): Promise<Input> {
    if (this.goneReason !== null) return { type: 'hangup' };
    switch (action.type) {
      case 'play':
        return this.play(action.prompt, action.escapeDigits);
      case 'get-digits':
        return this.getDigits(action);
      case 'say':
        return this.say(action);
      case 'set-variable':
        return this.settle(
          await this.run(() => this.agi.setVariable(action.name, action.value)),
          '',
          () => ({ type: 'done' }),
        );
      case 'record-voicemail':
        return this.record(action, recording ?? 'cw-voicemail');
    }
  }

  async handOff(target: HandOff): Promise<void> {
    const set = (name: string, value: string) => this.run(() => this.agi.setVariable(name, value));
    switch (target.kind) {
      case 'queue':
        await set(HANDOFF_VARS.queue, target.queueId);
        await set(HANDOFF_VARS.priority, target.vip ? 'vip' : '');
        await set(HANDOFF_VARS.queuePriority, String(target.priority));
        await set(HANDOFF_VARS.skills, target.skills.join(' '));
        await set(HANDOFF_VARS.language, target.language);
        await set(HANDOFF_VARS.next, 'queue');
        return;
      case 'dial':
        await set(HANDOFF_VARS.dial, target.dialString);
        await set(HANDOFF_VARS.dialTimeout, String(target.timeoutS));
        await set(HANDOFF_VARS.next, 'dial');
        return;
      case 'hangup': {
        await set(HANDOFF_VARS.next, 'hangup');
        const { prompt, cause } = target;
        if (prompt !== null) await this.run(() => this.agi.streamFile(prompt, ''));
        // AGI HANGUP takes no cause; the Hangup() application does.
        await this.run(() =>
          cause === null ? this.agi.hangup() : this.agi.exec('Hangup', String(cause)),
        );
        return;
      }
      case 'fallback':
        // CW_NEXT stays unset: the dialplan's fallback routing takes the call.
        return;
    }
  }

  /** Runs one command; a hang-up or a dropped connection is `gone`, other AGI errors `failed`. */
  private async run<T>(command: () => Promise<T>): Promise<Ran<T>> {
    if (this.goneReason !== null) return { kind: 'gone' };
    try {
      return { kind: 'ok', value: await command() };
    } catch (err) {
      if (isAgiError(err, 'AGI_HANGUP') || isAgiError(err, 'AGI_DEAD_CHANNEL')) {
        this.goneReason ??= 'hangup';
        return { kind: 'gone' };
      }
      if (isAgiError(err, 'AGI_CLOSED')) {
        this.goneReason ??= 'AGI_CLOSED';
        return { kind: 'gone' };
      }
      if (isAgiError(err)) return { kind: 'failed', reason: err.code };
      throw err;
    }
  }

  /**
   * The input a command's outcome means: `result=-1` (`failed: true` in the
   * typed reply) is checked with CHANNEL STATUS, see the file comment.
   */
  private async settle<T>(ran: Ran<T>, failure: string, ok: (value: T) => Input): Promise<Input> {
    if (ran.kind === 'gone') return { type: 'hangup' };
    if (ran.kind === 'failed') return { type: 'failed', reason: ran.reason };
    const value = ran.value as { failed?: unknown };
    if (value !== null && typeof value === 'object' && value.failed === true) {
      const status = await this.run(() => this.agi.channelStatus());
      if (status.kind === 'gone' || this.goneReason !== null) return { type: 'hangup' };
      return { type: 'failed', reason: failure };
    }
    return ok(ran.value);
  }

  private async play(prompt: string, escapeDigits: string): Promise<Input> {
    const ran = await this.run(() => this.agi.streamFile(prompt, escapeDigits));
    return this.settle(ran, `PROMPT_FAILED ${prompt}`, (p) =>
      p.digit === null ? { type: 'done' } : { type: 'digits', digits: p.digit },
    );
  }

  private async getDigits(action: Extract<ChannelAction, { type: 'get-digits' }>): Promise<Input> {
    // GET DATA plays `a&b` one after the other (app.c ast_app_getdata splits on &).
    const file = [...action.before, action.prompt].join('&');
    const ran = await this.run(() => this.agi.getData(file, action.timeoutMs, action.maxDigits));
    return this.settle(ran, `PROMPT_FAILED ${action.prompt}`, (d) =>
      d.digits === '' && d.timedOut ? { type: 'timeout' } : { type: 'digits', digits: d.digits },
    );
  }

  private async say(action: Extract<ChannelAction, { type: 'say' }>): Promise<Input> {
    const { agi } = this;
    const done = (): Input => ({ type: 'done' });
    const failure = `SAY_FAILED ${action.kind}`;
    switch (action.kind) {
      case 'digits':
        return this.settle(await this.run(() => agi.sayDigits(action.value)), failure, done);
      case 'number':
        return this.settle(
          await this.run(() => agi.sayNumber(Number(action.value))),
          failure,
          done,
        );
      case 'date':
        return this.settle(await this.run(() => agi.sayDate(Number(action.value))), failure, done);
      case 'tts':
        return this.speak(action.value, action.engine, action.language);
    }
  }

  private async speak(text: string, engineName: string | null, language: string): Promise<Input> {
    const engine = engineName === null ? undefined : this.options.tts.get(engineName);
    if (engine === undefined) return { type: 'failed', reason: `TTS_ENGINE_UNKNOWN ${engineName}` };
    const ran = await this.run(() => engine.speak(this.agi, text, language));
    return this.settle(ran, `TTS_FAILED ${engineName}`, (r) =>
      // EXEC answers result=-2 when the application is not loaded.
      r.result === -2
        ? { type: 'failed', reason: `TTS_ENGINE_UNAVAILABLE ${engineName}` }
        : { type: 'done' },
    );
  }

  private async record(
    action: Extract<ChannelAction, { type: 'record-voicemail' }>,
    name: string,
  ): Promise<Input> {
    const { greeting } = action;
    if (greeting !== null) await this.run(() => this.agi.streamFile(greeting, ''));
    const path = `${this.options.recordingDir.replace(/\/+$/, '')}/${name}`;
    const ran = await this.run(() =>
      this.agi.recordFile(
        path,
        'wav',
        action.finishDigits,
        action.maxSeconds * 1000,
        0,
        action.beep,
        action.silenceS,
      ),
    );
    if (ran.kind === 'gone') return { type: 'hangup' };
    if (ran.kind === 'failed') return { type: 'failed', reason: ran.reason };
    const rec = ran.value;
    // The usual end of a message is the caller hanging up: RECORD FILE answers
    // result=-1 (hangup) with the samples recorded so far.
    const hungUp = rec.reason === 'hangup' || rec.failed || this.agi.hungUp;
    if (hungUp) this.goneReason ??= 'hangup';
    const durationS = Math.round((rec.endpos ?? 0) / SAMPLES_PER_S);
    return { type: 'recorded', file: name, durationS, hungUp };
  }
}
