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
  /** Starts connecting (idempotent); resolves after the next reconciliation. */
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

/** Creates the event stream; nothing happens until `connect()`. */
export function createEventStream(options: EventStreamOptions): EventStream {
  const { logger, metrics, dispatcher, intake } = options;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const target = eventsUrl(options.url, options.app, options.subscribeAll);
  const authorization = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
  const listeners = new Set<(state: AriConnectionState) => void>();
  let waiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  let state: AriConnectionState = 'disconnected';
  let socket: WebSocket | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let pingTimer: NodeJS.Timeout | undefined;
  let started = false;
  let closing: Promise<void> | undefined;
  let failures = 0;
  let connections = 0;
  /** True once the current socket's reconciliation has finished. */
  let ready = false;

  function setState(next: AriConnectionState): void {
    if (state === next) return;
    state = next;
    metrics.connected.set(next === 'connected' ? 1 : 0);
    for (const listener of [...listeners]) listener(next);
  }

  function settleWaiters(error?: Error): void {
    const pending = waiters;
    waiters = [];
    for (const waiter of pending) error ? waiter.reject(error) : waiter.resolve();
  }

  function startPing(ws: WebSocket, alive: { value: boolean }): void {
    pingTimer = setInterval(() => {
      if (!alive.value) {
        logger.warn({ intervalMs: options.pingIntervalMs }, 'ARI WebSocket silent; dropping it');
        ws.terminate();
        return;
      }
      alive.value = false;
      ws.ping();
    }, options.pingIntervalMs);
  }

  function onOpen(ws: WebSocket, alive: { value: boolean }): void {
    connections += 1;
    const info = { connection: connections };
    metrics.connects.inc();
    setState('connected');
    logger.info({ app: options.app, connection: info.connection }, 'ARI WebSocket connected');
    startPing(ws, alive);
    void dispatcher.reconcile(info).then(() => {
      if (socket !== ws || closing) return;
      ready = true;
      settleWaiters();
    });
  }

  function onClose(ws: WebSocket, openedAt: number | undefined, code: number): void {
    clearInterval(pingTimer);
    pingTimer = undefined;
    ready = false;
    if (socket === ws) socket = undefined;
    setState('disconnected');
    if (closing) return;
    // A connection that stayed up for a full backoff cap was healthy: start
    // over from minMs. One that died sooner (flapping) keeps growing the delay.
    if (openedAt !== undefined && now() - openedAt >= options.reconnect.maxMs) failures = 0;
    const delay = backoffDelay(failures, options.reconnect, random);
    failures += 1;
    logger.warn(
      { code, retryInMs: delay, attempt: failures },
      'ARI WebSocket closed; reconnecting',
    );
    retryTimer = setTimeout(open, delay);
  }

  function open(): void {
    retryTimer = undefined;
    setState('connecting');
    const ws = new WebSocket(target, {
      headers: { authorization },
      handshakeTimeout: options.handshakeTimeoutMs,
      perMessageDeflate: false,
    });
    socket = ws;
    const alive = { value: true };
    let openedAt: number | undefined;
    ws.on('open', () => {
      openedAt = now();
      onOpen(ws, alive);
    });
    ws.on('message', (data: RawData) => {
      alive.value = true;
      const event = intake(frameText(data));
      if (event) dispatcher.deliver(event);
    });
    ws.on('pong', () => {
      alive.value = true;
    });
    ws.on('error', (error) => {
      const level = closing ? 'debug' : 'warn';
      logger[level]({ err: error.message }, 'ARI WebSocket error');
    });
    ws.on('close', (code) => onClose(ws, openedAt, code));
  }

  async function shutDown(): Promise<void> {

    clearInterval(pingTimer);
    retryTimer = undefined;
    pingTimer = undefined;
    dispatcher.dispose();
    settleWaiters(new AriError({ code: 'ARI_CLOSED', operation: 'events.connect' }));
    const ws = socket;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        if (ws.readyState !== WebSocket.OPEN) return ws.terminate();
        ws.close(1000, 'client closing');
        const kill = setTimeout(() => ws.terminate(), options.closeTimeoutMs);
        ws.once('close', () => clearTimeout(kill));
      });
    }
    setState('disconnected');
    logger.info({ app: options.app }, 'ARI WebSocket closed by client');
  }

  return {
    get state() {
      return state;
    },
    connect() {
      if (closing) {
        return Promise.reject(new AriError({ code: 'ARI_CLOSED', operation: 'events.connect' }));
      }
      if (ready) return Promise.resolve();
      const reconciled = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      if (!started) {
        started = true;
        open();
      }
      return reconciled;
    },
    onStateChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closing ??= shutDown();
      return closing;
    },
  };
}
