/**
 * Inbound traffic: Poisson arrivals per DID, each caller with a patience, a
 * talk time and (optionally) an IVR digit script, all drawn from seeded
 * streams. Each DID has its own streams (derived from the seed and the
 * DID), so a run is reproducible for a fixed seed whatever the order in
 * which timers of different DIDs fire.
 */
import type { DtmfStep } from '../core/dtmf.ts';
import type { PlaceCall } from '../core/inbound.ts';
import { type Distribution, deriveRng, draw, exponential, type Rng } from '../core/rng.ts';
import type { Scheduler, TimerHandle } from '../core/scheduler.ts';

/** One weighted IVR script callers may follow. */
export interface IvrScript {
  weight: number;
  steps: DtmfStep[];
}

/** Traffic for one DID. */
export interface DidTraffic {
  did: string;
  ratePerMinute: number;
  /** Scripts for this DID (default: the global ones). */
  ivr?: IvrScript[];
  /** Numbers that call again and again (known customers); the others are random. */
  callers?: readonly string[];
}

/** Options of a traffic run. */
export interface TrafficOptions {
  seed: number;
  dids: DidTraffic[];
  /** Seconds a caller waits for an agent (default exponential, mean 90 s). */
  patience?: Distribution;
  /** Seconds a connected caller talks (default log-normal, median 120 s). */
  talk?: Distribution;
  /** Default IVR scripts (none: callers press nothing). */
  ivr?: IvrScript[];
  /** Caller numbers are this prefix plus random digits up to 10 digits. */
  callerPrefix?: string;
  /** Stops after this many calls in total. */
  maxCalls?: number;
  /** Share (0..1) of calls placed from a DID's `callers` when it lists some; default 0.3. */
  knownCallerShare?: number;
}

/** A call the generator placed (for the history and reproducibility checks). */
export interface GeneratedCall extends PlaceCall {
  at: number;
  channelId: string;
}

/** Calls kept in the history (GET /_sim/traffic). */
const HISTORY_LIMIT = 10_000;

const DEFAULT_PATIENCE: Distribution = { kind: 'exponential', mean: 90 };
const DEFAULT_TALK: Distribution = { kind: 'lognormal', median: 120, sigma: 0.5 };

interface DidStream {
  traffic: DidTraffic;
  arrivals: Rng;
  attributes: Rng;
  timer: TimerHandle | undefined;
}

/** Runs traffic against a call-placing function. */
export class TrafficGenerator {
  private streams: DidStream[] = [];
  private opts: TrafficOptions | undefined;
  private placed = 0;
  readonly history: GeneratedCall[] = [];

  constructor(
    private readonly scheduler: Scheduler,
    private readonly place: (req: PlaceCall) => string,
  ) {}

  /** True while running. */
  get running(): boolean {
    return this.opts !== undefined;
  }

  /** Starts (or restarts) traffic. */
  start(opts: TrafficOptions): void {
    this.stop();
    this.opts = opts;
    this.placed = 0;
    this.history.length = 0;
    this.streams = opts.dids
      .filter((d) => d.ratePerMinute > 0)
      .map((traffic) => ({
        traffic,
        arrivals: deriveRng(opts.seed, `arrivals:${traffic.did}`),
        attributes: deriveRng(opts.seed, `callers:${traffic.did}`),
        timer: undefined,
      }));
    for (const s of this.streams) this.schedule(s);
  }

  /** Stops generating calls (calls in progress go on). */
  stop(): void {
    for (const s of this.streams) this.scheduler.cancel(s.timer);
    this.streams = [];
    this.opts = undefined;
  }

  private schedule(s: DidStream): void {
    const meanMs = 60_000 / s.traffic.ratePerMinute;
    s.timer = this.scheduler.after(exponential(s.arrivals, meanMs), () => this.arrive(s));
  }

  private arrive(s: DidStream): void {
    const opts = this.opts;
    if (!opts) return;
    const req = this.caller(s, opts);
    const channelId = this.place(req);
    this.history.push({ ...req, at: this.scheduler.now(), channelId });
    // A long demo run keeps only the most recent calls.
    if (this.history.length > HISTORY_LIMIT * 1.25)
      this.history.splice(0, this.history.length - HISTORY_LIMIT);
    this.placed++;
    if (opts.maxCalls !== undefined && this.placed >= opts.maxCalls) {
      this.stop();
      return;
    }
    this.schedule(s);
  }

  private caller(s: DidStream, opts: TrafficOptions): PlaceCall {
    const rng = s.attributes;
    const from = callerNumberOf(s.traffic.callers ?? [], opts, rng);
    const patienceS = Math.round(draw(rng, opts.patience ?? DEFAULT_PATIENCE) * 10) / 10;
    const talkS = Math.round(draw(rng, opts.talk ?? DEFAULT_TALK) * 10) / 10;
    const scripts = s.traffic.ivr ?? opts.ivr ?? [];
    const script = pick(rng, scripts);
    return { from, to: s.traffic.did, patienceS, talkS, ...(script ? { dtmf: script.steps } : {}) };
  }
}

/** A known caller's number (some of the time, when the DID lists some), else a random one. */
function callerNumberOf(known: readonly string[], opts: TrafficOptions, rng: Rng): string {
  if (known.length > 0 && rng.next() < (opts.knownCallerShare ?? 0.3)) {
    return known[Math.floor(rng.next() * known.length)] ?? known[0]!;
  }
  let from = opts.callerPrefix ?? '555';
  while (from.length < 10) from += String(Math.floor(rng.next() * 10));
  return from;
}

function pick(rng: Rng, scripts: readonly IvrScript[]): IvrScript | undefined {
  const total = scripts.reduce((sum, s) => sum + Math.max(0, s.weight), 0);
  if (total <= 0) return undefined;
  let r = rng.next() * total;
  for (const s of scripts) {
    r -= Math.max(0, s.weight);
    if (r < 0) return s;
  }
  return scripts[scripts.length - 1];
}
