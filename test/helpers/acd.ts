/**
 * Fakes for the ACD runtime's ports: a call control that records every
 * request and answers as told, timers driven by a settable clock, and
 * metrics that count in memory. Unit tests drive the runtime with these;
 * the API tests get a runtime with no PBX behind it.
 */
import pino from 'pino';
import { type DidTable, seedDidTable } from '../../src/app/acd/did-seed.ts';
import type {
  AcdGauges,
  AcdMetrics,
  CallControl,
  ControlOutcome,
  LegRequest,
  OfferRequest,
  SnoopRequest,
  Timers,
} from '../../src/app/acd/ports.ts';
import { type AcdRuntime, createAcdRuntime } from '../../src/app/acd/runtime.ts';
import type { Clock } from '../../src/app/clock.ts';
import type { Store } from '../../src/app/ports.ts';

/** One request the fake call control received. */
export type ControlRequest =
  | { op: 'answer'; channelId: string }
  | { op: 'startHold'; holdId: string; channelId: string }
  | { op: 'stopHold'; holdId: string }
  | { op: 'startMusic'; channelId: string }
  | { op: 'stopMusic'; channelId: string }
  | { op: 'originate'; offer: OfferRequest }
  | { op: 'connect'; bridgeId: string; channelIds: readonly string[] }
  | { op: 'record'; bridgeId: string; name: string }
  | { op: 'hangup'; channelId: string; cause: number }
  | { op: 'destroyBridge'; bridgeId: string }
  | { op: 'originateLeg'; leg: LegRequest }
  | { op: 'snoop'; snoop: SnoopRequest }
  | { op: 'play'; channelId: string; playbackId: string; media: readonly string[] }
  | { op: 'toIvr'; channelId: string; flowId: string }
  | { op: 'playToEnd'; channelId: string; playbackId: string; media: readonly string[] };

const OK: ControlOutcome = { ok: true };

/** A call control that records requests; `answerWith` decides each outcome (default ok). */
export class FakeCallControl implements CallControl {
  readonly requests: ControlRequest[] = [];
  /** Endpoints whose phone counts as unregistered. */
  readonly unregistered = new Set<string>();
  answerWith: (request: ControlRequest) => ControlOutcome = () => OK;
  private readonly waiters: Array<{
    match: (r: ControlRequest) => boolean;
    resolve: (r: ControlRequest) => void;
  }> = [];

  private take(request: ControlRequest): Promise<ControlOutcome> {
    this.requests.push(request);
    for (const w of [...this.waiters]) {
      if (!w.match(request)) continue;
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve(request);
    }
    return Promise.resolve(this.answerWith(request));
  }

  /** Resolves with the first request (already received or still to come) matching `match`. */
  waitFor(match: (r: ControlRequest) => boolean): Promise<ControlRequest> {
    const seen = this.requests.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  answer = (channelId: string) => this.take({ op: 'answer', channelId });
  startHold = (holdId: string, channelId: string) =>
    this.take({ op: 'startHold', holdId, channelId });
  stopHold = (holdId: string) => this.take({ op: 'stopHold', holdId });
  startMusic = (channelId: string) => this.take({ op: 'startMusic', channelId });
  stopMusic = (channelId: string) => this.take({ op: 'stopMusic', channelId });
  originateOffer = (offer: OfferRequest) => this.take({ op: 'originate', offer });
  connect = (bridgeId: string, channelIds: readonly string[]) =>
    this.take({ op: 'connect', bridgeId, channelIds });
  record = (bridgeId: string, name: string) => this.take({ op: 'record', bridgeId, name });
  hangup = (channelId: string, cause: number) => this.take({ op: 'hangup', channelId, cause });
  destroyBridge = (bridgeId: string) => this.take({ op: 'destroyBridge', bridgeId });
  reachable = (endpoint: string) => Promise.resolve(!this.unregistered.has(endpoint));
  originateLeg = (leg: LegRequest) => this.take({ op: 'originateLeg', leg });
  snoop = (snoop: SnoopRequest) => this.take({ op: 'snoop', snoop });
  play = (channelId: string, playbackId: string, media: readonly string[]) =>
    this.take({ op: 'play', channelId, playbackId, media });
  toIvr = (channelId: string, flowId: string) => this.take({ op: 'toIvr', channelId, flowId });
  playToEnd = (channelId: string, playbackId: string, media: readonly string[]) =>
    this.take({ op: 'playToEnd', channelId, playbackId, media });

  /** Requests of one kind. */
  of<K extends ControlRequest['op']>(op: K): Extract<ControlRequest, { op: K }>[] {
    return this.requests.filter((r): r is Extract<ControlRequest, { op: K }> => r.op === op);
  }
}

/** A clock and timers that only move when the test says so. */
export class FakeTime implements Clock, Timers {
  private current: number;
  private readonly pending = new Map<string, { at: number; fire: () => void }>();

  constructor(start = Date.UTC(2026, 10, 23, 9, 0, 0)) {
    this.current = start;
  }

  now = (): number => this.current;

  set(key: string, at: number, fire: () => void): void {
    this.pending.set(key, { at, fire });
  }

  cancel(key: string): void {
    this.pending.delete(key);
  }

  clear(): void {
    this.pending.clear();
  }

  /** Keys of the pending timers. */
  keys(): string[] {
    return [...this.pending.keys()];
  }

  /** Moves time on by `ms`, firing due timers in time order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = [...this.pending.entries()]
        .filter(([, t]) => t.at <= target)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      this.pending.delete(due[0]);
      this.current = Math.max(this.current, due[1].at);
      due[1].fire();
    }
    this.current = target;
  }
}

/** Metrics counted in memory. */
export class FakeMetrics implements AcdMetrics {
  readonly counts = { offered: 0, answered: 0, abandoned: 0 };
  read: (() => AcdGauges) | null = null;
  offered = () => void this.counts.offered++;
  answered = () => void this.counts.answered++;
  abandoned = () => void this.counts.abandoned++;
  observe(read: () => AcdGauges): void {
    this.read = read;
  }
}

/** A runtime over fakes, not started. */
export function fakeAcdRuntime(
  store: Store,
  options: { time?: FakeTime; control?: FakeCallControl; didTable?: DidTable } = {},
): { runtime: AcdRuntime; time: FakeTime; control: FakeCallControl; metrics: FakeMetrics } {
  const time = options.time ?? new FakeTime();
  const control = options.control ?? new FakeCallControl();
  const metrics = new FakeMetrics();
  const runtime = createAcdRuntime({
    store,
    control,
    timers: time,
    clock: time,
    logger: pino({ level: 'silent' }),
    metrics,
    rng: () => 0.5,
  });
  const { didTable } = options;
  if (didTable !== undefined) {
    // The DID table lives in the store: write the given rows before the runtime reads it.
    const start = runtime.start.bind(runtime);
    runtime.start = async () => {
      const problems = await seedDidTable(store, didTable);
      if (problems.length > 0) throw new Error(`DID table not seeded: ${problems.join('; ')}`);
      await start();
    };
  }
  return { runtime, time, control, metrics };
}
