/**
 * ARI playbacks: a playback lasts its media's length in simulated time.
 * Playbacks on one target (channel or bridge) play one after another; the
 * REST response shows `queued`, PlaybackStarted `playing`, PlaybackFinished
 * `done`, and once finished the playback is gone (GET -> 404, as captured).
 */
import type { Sounds } from '../media/sounds.ts';
import type { EventBus, PlaybackSnapshot } from './events.ts';
import type { IdAllocator } from './ids.ts';
import type { Scheduler, TimerHandle } from './scheduler.ts';

/** Playback states as ARI names them. */
export type PlaybackState = 'queued' | 'playing' | 'paused' | 'done' | 'failed' | 'canceled';

/** One playback. */
export class Playback {
  state: PlaybackState = 'queued';
  index = 0;
  timer: TimerHandle | undefined;
  /** Simulated time the current media item (re)started, and ms already played of it. */
  startedAt = 0;
  playedMs = 0;

  constructor(
    readonly id: string,
    readonly media: readonly string[],
    readonly targetUri: string,
    readonly language: string,
    readonly skipMs: number,
  ) {}

  snapshot(): PlaybackSnapshot {
    const next = this.media[this.index + 1];
    return {
      id: this.id,
      mediaUri: this.media[this.index] ?? '',
      ...(next !== undefined && this.media.length > 1 ? { nextMediaUri: next } : {}),
      targetUri: this.targetUri,
      language: this.language,
      state: this.state,
    };
  }
}

/** Result of a playback control operation. */
export type ControlResult = 'ok' | 'invalid-operation' | 'invalid-state';

/** All live playbacks. */
export class Playbacks {
  private readonly byId = new Map<string, Playback>();
  private readonly queues = new Map<string, Playback[]>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly bus: EventBus,
    private readonly ids: IdAllocator,
    private readonly sounds: Sounds,
    private readonly recordingMs: (name: string) => number | undefined,
  ) {}

  get(id: string): Playback | undefined {
    return this.byId.get(id);
  }

  /** True when the id is in use (playbackId must be unique). */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Queues media on a target; returns the playback as it is before it starts (`queued`). */
  play(
    targetUri: string,
    media: readonly string[],
    language: string,
    id?: string,
    skipMs = 3000,
  ): PlaybackSnapshot {
    const pb = new Playback(id ?? this.ids.uuid(), media, targetUri, language, skipMs);
    this.byId.set(pb.id, pb);
    const queue = this.queues.get(targetUri) ?? [];
    queue.push(pb);
    this.queues.set(targetUri, queue);
    const queued = pb.snapshot();
    if (queue.length === 1) this.start(pb);
    return queued;
  }

  /** DELETE /playbacks/{id}. */
  stop(id: string): boolean {
    const pb = this.byId.get(id);
    if (!pb) return false;
    this.finish(pb, pb.state === 'queued' ? 'canceled' : 'done');
    return true;
  }

  /** POST /playbacks/{id}/control. */
  control(id: string, operation: string): ControlResult {
    const pb = this.byId.get(id);
    if (!pb) return 'invalid-state';
    switch (operation) {
      case 'pause':
        if (pb.state !== 'playing') return 'invalid-state';
        this.scheduler.cancel(pb.timer);
        pb.playedMs += this.scheduler.now() - pb.startedAt;
        pb.state = 'paused';
        return 'ok';
      case 'unpause':
        if (pb.state !== 'paused') return 'invalid-state';
        pb.state = 'playing';
        this.arm(pb);
        return 'ok';
      case 'restart':
        return this.seek(pb, () => 0);
      case 'forward':
        return this.seek(pb, (played) => played + pb.skipMs);
      case 'reverse':
        return this.seek(pb, (played) => Math.max(0, played - pb.skipMs));
      default:
        return 'invalid-operation';
    }
  }

  /** Ends every playback on a target (hangup, leaving Stasis, bridge destroyed). */
  stopTarget(targetUri: string): void {
    const queue = this.queues.get(targetUri);
    if (!queue) return;
    this.queues.delete(targetUri);
    for (const pb of queue) {
      this.scheduler.cancel(pb.timer);
      this.byId.delete(pb.id);
      if (pb.state === 'playing' || pb.state === 'paused') {
        pb.state = 'done';
        this.bus.emit({ type: 'PlaybackFinished', playback: pb.snapshot() });
      }
    }
  }

  /** Drops everything without events (reset/close). */
  clear(): void {
    for (const pb of this.byId.values()) this.scheduler.cancel(pb.timer);
    this.byId.clear();
    this.queues.clear();
  }

  private seek(pb: Playback, to: (playedMs: number) => number): ControlResult {
    if (pb.state !== 'playing' && pb.state !== 'paused') return 'invalid-state';
    const played =
      pb.state === 'playing' ? pb.playedMs + this.scheduler.now() - pb.startedAt : pb.playedMs;
    pb.playedMs = Math.max(0, to(played));
    this.scheduler.cancel(pb.timer);
    if (pb.state === 'playing') this.arm(pb);
    return 'ok';
  }

  private start(pb: Playback): void {
    pb.state = 'playing';
    pb.playedMs = 0;
    this.bus.emit({ type: 'PlaybackStarted', playback: pb.snapshot() });
    this.arm(pb);
  }

  private arm(pb: Playback): void {
    const uri = pb.media[pb.index] ?? '';
    const length = this.sounds.lengthOfUri(uri, this.recordingMs);
    pb.startedAt = this.scheduler.now();
    pb.timer = this.scheduler.after(Math.max(0, length - pb.playedMs), () => this.itemDone(pb));
  }

  private itemDone(pb: Playback): void {
    if (pb.index + 1 < pb.media.length) {
      pb.index++;
      pb.playedMs = 0;
      pb.state = 'playing';
      this.bus.emit({ type: 'PlaybackContinuing', playback: pb.snapshot() });
      this.arm(pb);
      return;
    }
    this.finish(pb, 'done');
  }

  private finish(pb: Playback, state: PlaybackState): void {
    this.scheduler.cancel(pb.timer);
    this.byId.delete(pb.id);
    const queue = this.queues.get(pb.targetUri) ?? [];
    const wasHead = queue[0] === pb;
    const i = queue.indexOf(pb);
    if (i >= 0) queue.splice(i, 1);
    if (queue.length === 0) this.queues.delete(pb.targetUri);
    pb.state = state;
    this.bus.emit({ type: 'PlaybackFinished', playback: pb.snapshot() });
    const next = queue[0];
    if (wasHead && next) this.start(next);
  }
}
