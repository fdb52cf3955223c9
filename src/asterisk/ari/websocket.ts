/**
 * The ARI event WebSocket: `GET <url>/ari/events?app=<app>&subscribeAll=<bool>`
 * with HTTP Basic auth (Asterisk also accepts `api_key=user:pass`; the header
 * keeps the secret out of URLs and logs). Connecting registers the Stasis
 * application, so Asterisk only routes calls to us while a socket is open.
 *
 * It reconnects forever with capped, jittered backoff, runs the reconnect
 * hooks after every (re)connect, and pings the server: a socket whose pong
 * (or any frame) does not come back within one interval is dead and is
 * dropped, which starts a reconnect.
 */
import WebSocket, { type RawData } from 'ws';
import type { Logger } from '../../app/logger.ts';
import { type BackoffOptions, backoffDelay } from './backoff.ts';
import { AriError } from './errors.ts';
import type { EventDispatcher } from './event-dispatch.ts';
import type { FrameIntake } from './frame-intake.ts';
import type { AriMetrics } from './metrics.ts';

/** Connection state of the event WebSocket. */
export type AriConnectionState = 'connecting' | 'connected' | 'disconnected';

/** What the event stream needs. */
export interface EventStreamOptions {
  /** Asterisk's HTTP base URL, e.g. `http://127.0.0.1:8088`. */
  url: string;
  user: string;
  password: string;
  app: string;
  subscribeAll: boolean;
  reconnect: Required<BackoffOptions>;
  /** Ping period; a socket silent for a whole period is dropped. */
  pingIntervalMs: number;
  /** Time allowed for the HTTP upgrade. */
  handshakeTimeoutMs: number;
  /** Time allowed for a clean close before the socket is destroyed. */
  closeTimeoutMs: number;
  logger: Logger;
  metrics: AriMetrics;
  intake: FrameIntake;
  dispatcher: EventDispatcher;
  /** Injected for tests. */
  random?: () => number;
  now?: () => number;
}

/** The running event stream. */
export interface EventStream {
  readonly state: AriConnectionState;
  /** Starts connecting (idempotent); resolves once connected and reconciled. */
  connect(): Promise<void>;
  onStateChange(listener: (state: AriConnectionState) => void): () => void;
  /** Stops reconnecting and closes the socket; resolves when it is closed. */
  close(): Promise<void>;
}

/** `http://host:8088/prefix` -> `ws://host:8088/prefix/ari/events?app=..&subscribeAll=..`. */
export function eventsUrl(url: string, app: string, subscribeAll: boolean): string {
  const target = new URL(`${url.replace(/\/+$/, '')}/ari/events`);
  target.protocol = target.protocol === 'https:' ? 'wss:' : 'ws:';
  target.searchParams.set('app', app);
  target.searchParams.set('subscribeAll', String(subscribeAll));
  return target.toString();
}

function frameText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

const closedError = () => new AriError({ code: 'ARI_CLOSED', operation: 'events.connect' });

/** One socket's liveness: set by any frame or pong, cleared by each ping. */
interface Liveness {
  alive: boolean;
}

class AriEventStream implements EventStream {
  #state: AriConnectionState = 'disconnected';
  #socket: WebSocket | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #pingTimer: NodeJS.Timeout | undefined;
  #started = false;
  #closing: Promise<void> | undefined;
  /** Consecutive short-lived connections, for the backoff. */
  #failures = 0;
  #connections = 0;
  /** True once the current socket's reconciliation has finished. */
  #ready = false;
  #waiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  readonly #listeners = new Set<(state: AriConnectionState) => void>();
  readonly #target: string;
  readonly #authorization: string;
  private readonly options: EventStreamOptions;

  constructor(options: EventStreamOptions) {
    this.options = options;
    this.#target = eventsUrl(options.url, options.app, options.subscribeAll);
    const credentials = Buffer.from(`${options.user}:${options.password}`).toString('base64');
    this.#authorization = `Basic ${credentials}`;
  }

  get state(): AriConnectionState {
    return this.#state;
  }

  connect(): Promise<void> {
    if (this.#closing) return Promise.reject(closedError());
    if (this.#ready) return Promise.resolve();
    const reconciled = new Promise<void>((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
    });
    if (!this.#started) {
      this.#started = true;
      this.#open();
    }
    return reconciled;
  }

  onStateChange(listener: (state: AriConnectionState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  #setState(next: AriConnectionState): void {
    if (this.#state === next) return;
    this.#state = next;
    this.options.metrics.connected.set(next === 'connected' ? 1 : 0);
    for (const listener of [...this.#listeners]) listener(next);
  }

  #settleWaiters(error?: Error): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) error ? waiter.reject(error) : waiter.resolve();
  }

  #open(): void {
    this.#retryTimer = undefined;
    this.#setState('connecting');
    const ws = new WebSocket(this.#target, {
      headers: { authorization: this.#authorization },
      handshakeTimeout: this.options.handshakeTimeoutMs,
      perMessageDeflate: false,
      // One event per turn of the event loop: the requests an event's handling makes
      // (an agent's originate...) go out before the next event of the same TCP read is
      // handled, instead of after all of them. Order is kept either way.
      allowSynchronousEvents: false,
    });
    this.#socket = ws;
    const liveness: Liveness = { alive: true };
    let openedAt: number | undefined;
    ws.on('open', () => {
      openedAt = (this.options.now ?? Date.now)();
      this.#onOpen(ws, liveness);
    });
    ws.on('message', (data: RawData) => this.#onFrame(frameText(data), liveness));
    ws.on('pong', () => {
      liveness.alive = true;
    });
    ws.on('error', (error) => {
      const level = this.#closing ? 'debug' : 'warn';
      this.options.logger[level]({ err: error.message }, 'ARI WebSocket error');
    });
    ws.on('close', (code) => this.#onClose(ws, openedAt, code));
  }

  #onOpen(ws: WebSocket, liveness: Liveness): void {
    this.#connections += 1;
    const info = { connection: this.#connections };
    this.options.metrics.connects.inc();
    this.#setState('connected');
    this.options.logger.info({ app: this.options.app, ...info }, 'ARI WebSocket connected');
    this.#startPing(ws, liveness);
    void this.options.dispatcher.reconcile(info).then(() => {
      if (this.#socket !== ws || this.#closing) return;
      this.#ready = true;
      this.#settleWaiters();
    });
  }

  #onFrame(raw: string, liveness: Liveness): void {
    liveness.alive = true;
    const event = this.options.intake(raw);
    if (!event) return;
    if (event.type === 'ApplicationReplaced') {
      // Another client registered the same app name: Asterisk now sends it
      // our calls and us nothing more (see ARI events.json).
      this.options.logger.error({ app: this.options.app }, 'ARI application taken over');
    }
    this.options.dispatcher.deliver(event);
  }

  #startPing(ws: WebSocket, liveness: Liveness): void {
    this.#pingTimer = setInterval(() => {
      if (!liveness.alive) {
        const intervalMs = this.options.pingIntervalMs;
        this.options.logger.warn({ intervalMs }, 'ARI WebSocket silent; dropping it');
        ws.terminate();
        return;
      }
      liveness.alive = false;
      ws.ping();
    }, this.options.pingIntervalMs);
  }

  #onClose(ws: WebSocket, openedAt: number | undefined, code: number): void {
    clearInterval(this.#pingTimer);
    this.#pingTimer = undefined;
    this.#ready = false;
    if (this.#socket === ws) this.#socket = undefined;
    this.#setState('disconnected');
    if (this.#closing) return;
    const { reconnect } = this.options;
    // A connection that stayed up for a full backoff cap was healthy: start
    // over from minMs. One that died sooner (flapping) keeps growing the delay.
    const now = (this.options.now ?? Date.now)();
    if (openedAt !== undefined && now - openedAt >= reconnect.maxMs) this.#failures = 0;
    const delay = backoffDelay(this.#failures, reconnect, this.options.random ?? Math.random);
    this.#failures += 1;
    const attempt = this.#failures;
    this.options.logger.warn({ code, retryInMs: delay, attempt }, 'ARI WebSocket closed; retrying');
    this.#retryTimer = setTimeout(() => this.#open(), delay);
  }

  async #shutDown(): Promise<void> {
    clearTimeout(this.#retryTimer);
    clearInterval(this.#pingTimer);
    this.options.dispatcher.dispose();
    this.#settleWaiters(closedError());
    const ws = this.#socket;
    if (ws && ws.readyState !== WebSocket.CLOSED) await this.#closeSocket(ws);
    this.#setState('disconnected');
    this.options.logger.info({ app: this.options.app }, 'ARI WebSocket closed by client');
  }

  /** Closes cleanly, or destroys the socket if the server does not answer in time. */
  #closeSocket(ws: WebSocket): Promise<void> {
    return new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      if (ws.readyState !== WebSocket.OPEN) return ws.terminate();
      const kill = setTimeout(() => ws.terminate(), this.options.closeTimeoutMs);
      ws.once('close', () => clearTimeout(kill));
      ws.close(1000, 'client closing');
    });
  }
}

/** Creates the event stream; nothing happens until `connect()`. */
export function createEventStream(options: EventStreamOptions): EventStream {
  return new AriEventStream(options);
}
