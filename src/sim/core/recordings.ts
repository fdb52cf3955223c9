/**
 * Live recordings (ARI record on a channel or bridge, and MixMonitor). The
 * simulated audio is silence, but the file is real: when a recording ends a
 * WAV of the recorded length is written to the recordings directory and shows
 * up as a stored recording. RecordingStarted/RecordingFinished as captured.
 */
import type { RecordingStore } from '../media/recording-store.ts';
import { appendSilence, silentWav, WAV_RATE } from '../media/wav.ts';
import type { EventBus, RecordingSnapshot } from './events.ts';
import type { Scheduler, TimerHandle } from './scheduler.ts';

/** Formats Asterisk knows how to write (ast_get_format_for_file_ext). */
export const RECORDING_FORMATS = new Set([
  'wav',
  'WAV',
  'wav16',
  'gsm',
  'ulaw',
  'alaw',
  'sln',
  'sln16',
  'g722',
  'g729',
  'wav49',
  'ilbc',
  'siren7',
  'siren14',
  'vox',
  'au',
  'ogg',
]);

/** Options of an ARI record request. */
export interface RecordOptions {
  name: string;
  format: string;
  maxDurationSeconds: number;
  ifExists: 'fail' | 'overwrite' | 'append';
  terminateOn: 'none' | 'any' | '*' | '#';
  /** MixMonitor recordings are not ARI objects: no events, not listed as live. */
  silent?: boolean;
}

/** A recording in progress. */
export class LiveRecording {
  state = 'recording';
  recordedMs = 0;
  segmentStart: number;
  timer: TimerHandle | undefined;
  muted = false;

  constructor(
    readonly opts: RecordOptions,
    readonly targetUri: string,
    now: number,
  ) {
    this.segmentStart = now;
  }

  snapshot(withDuration = false): RecordingSnapshot {
    return {
      name: this.opts.name,
      format: this.opts.format,
      state: this.state,
      targetUri: this.targetUri,
      ...(withDuration ? { duration: Math.floor(this.recordedMs / 1000) } : {}),
    };
  }
}

/** Why a recording could not start. */
export type RecordError = 'exists' | 'invalid-name' | 'unknown-format';

/** All live recordings. */
export class Recordings {
  private readonly live = new Map<string, LiveRecording>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly bus: EventBus,
    private readonly store: RecordingStore,
  ) {}

  /** Starts recording a target; emits RecordingStarted. */
  start(
    targetUri: string,
    opts: RecordOptions,
  ): { rec: RecordingSnapshot } | { error: RecordError } {
    if (!RECORDING_FORMATS.has(opts.format)) return { error: 'unknown-format' };
    if (!this.store.validName(opts.name)) return { error: 'invalid-name' };
    if (this.live.has(opts.name)) return { error: 'exists' };
    if (opts.ifExists === 'fail' && this.store.existing(opts.name, opts.format))
      return { error: 'exists' };
    const rec = new LiveRecording(opts, targetUri, this.scheduler.now());
    this.live.set(opts.name, rec);
    if (opts.maxDurationSeconds > 0) {
      rec.timer = this.scheduler.after(opts.maxDurationSeconds * 1000, () =>
        this.finish(rec, 'done'),
      );
    }
    const snap = rec.snapshot();
    if (!opts.silent) this.bus.emit({ type: 'RecordingStarted', recording: snap });
    return { rec: snap };
  }

  /** A live ARI recording by name. */
  get(name: string): LiveRecording | undefined {
    const rec = this.live.get(name);
    return rec && !rec.opts.silent ? rec : undefined;
  }

  /** POST /recordings/live/{name}/stop. */
  stop(name: string): boolean {
    const rec = this.get(name);
    if (!rec) return false;
    this.finish(rec, 'done');
    return true;
  }

  /** DELETE /recordings/live/{name}: stops and discards the file. */
  cancel(name: string): boolean {
    const rec = this.get(name);
    if (!rec) return false;
    this.finish(rec, 'canceled');
    return true;
  }

  /** Pause/unpause/mute/unmute; false when the recording is unknown. */
  setPaused(name: string, paused: boolean): boolean {
    const rec = this.get(name);
    if (!rec) return false;
    const now = this.scheduler.now();
    if (paused && rec.state === 'recording') {
      rec.recordedMs += now - rec.segmentStart;
      rec.state = 'paused';
    } else if (!paused && rec.state === 'paused') {
      rec.segmentStart = now;
      rec.state = 'recording';
    }
    return true;
  }

  setMuted(name: string, muted: boolean): boolean {
    const rec = this.get(name);
    if (!rec) return false;
    rec.muted = muted;
    return true;
  }

  /** A DTMF digit on a target: ends recordings whose terminateOn matches. */
  dtmf(targetUri: string, digit: string): void {
    for (const rec of [...this.live.values()]) {
      if (rec.targetUri !== targetUri) continue;
      const t = rec.opts.terminateOn;
      if (t === 'any' || t === digit) this.finish(rec, 'done');
    }
  }

  /** Ends every recording on a target (hangup, leaving Stasis, bridge gone). */
  stopTarget(targetUri: string): void {
    for (const rec of [...this.live.values()])
      if (rec.targetUri === targetUri) this.finish(rec, 'done');
  }

  /**
   * Writes a finished recording made outside ARI (AGI RECORD FILE) as a
   * stored recording of `durationMs` of silence; false for a name outside
   * the directory or a format Asterisk cannot write.
   */
  writeFile(name: string, format: string, durationMs: number): boolean {
    if (!RECORDING_FORMATS.has(format) || !this.store.validName(name)) return false;
    const rec = new LiveRecording(
      {
        name,
        format,
        maxDurationSeconds: 0,
        ifExists: 'overwrite',
        terminateOn: 'none',
        silent: true,
      },
      '',
      0,
    );
    rec.recordedMs = Math.max(0, durationMs);
    this.write(rec);
    return true;
  }

  /** Drops every live recording without writing (reset/close). */
  clear(): void {
    for (const rec of this.live.values()) this.scheduler.cancel(rec.timer);
    this.live.clear();
  }

  private finish(rec: LiveRecording, state: 'done' | 'canceled'): void {
    if (!this.live.has(rec.opts.name)) return;
    this.live.delete(rec.opts.name);
    this.scheduler.cancel(rec.timer);
    if (rec.state === 'recording') rec.recordedMs += this.scheduler.now() - rec.segmentStart;
    rec.state = state;
    if (state === 'done') this.write(rec);
    if (!rec.opts.silent)
      this.bus.emit({ type: 'RecordingFinished', recording: rec.snapshot(true) });
  }

  private write(rec: LiveRecording): void {
    const { name, format, ifExists } = rec.opts;
    const old = ifExists === 'append' ? this.store.existing(name, format) : undefined;
    if (format === 'wav' || format === 'WAV') {
      this.store.write(
        name,
        format,
        old ? appendSilence(old, rec.recordedMs) : silentWav(rec.recordedMs),
      );
      return;
    }
    // Other formats: 8 kHz of codec silence (0xFF is silence in mu-law; zero elsewhere).
    const bytes = Buffer.alloc(
      Math.round((rec.recordedMs * WAV_RATE) / 1000),
      format === 'ulaw' ? 0xff : 0,
    );
    this.store.write(name, format, old ? Buffer.concat([old, bytes]) : bytes);
  }
}
