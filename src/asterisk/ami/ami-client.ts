/**
 * The AMI client: one logged-in session at a time, kept alive with Ping,
 * re-established forever with capped, jittered backoff.
 *
 * Life of a session: TCP connect -> wait for the `Asterisk Call Manager/x.y.z`
 * banner -> `Action: Login` -> logged in (gauge 1, reconnect hooks run) ->
 * ... -> socket closes or a Ping goes unanswered -> every pending action
 * rejects `AMI_DISCONNECTED` -> next attempt after the backoff delay.
 * A refused login (`Response: Error` / `Message: Authentication failed`,
 * ami-nc-bad-login.txt) surfaces as `AMI_AUTH_FAILED` and the next attempt
 * waits the slow auth retry delay (at least 30 s): retrying bad credentials
 * quickly only floods the Asterisk security log. Network failures retry fast
 * (100 ms .. 1 s) so a reachable Asterisk is found again within a second.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import type { Logger } from '../../app/logger.ts';
import { type BackoffOptions, backoffDelay } from './ami-backoff.ts';
import type {
  AmiCallOptions,
  AmiClient,
  AmiClientOptions,
  AmiClientStatus,
} from './ami-client-types.ts';
import { AmiConnection } from './ami-connection.ts';
import { AmiError, isAmiError } from './ami-errors.ts';
import type { AmiEvent } from './ami-event-types.ts';
import { type AmiFields, checkedPairs, fieldPairs } from './ami-message.ts';
import { type AmiMetrics, createAmiMetrics } from './ami-metrics.ts';
import { withTimeout } from './ami-timeout.ts';

export type { AmiCallOptions, AmiClient, AmiClientOptions, AmiClientStatus };

/**
 * Reconnect delays after a network failure: 100 ms doubling to 1 s (equal
 * jitter keeps each within [step/2, step]), so the wait once Asterisk is
 * back never exceeds a second; events missed meanwhile are gone for good.
 */
export const DEFAULT_AMI_BACKOFF: BackoffOptions = { minMs: 100, maxMs: 1_000 };
/** Bad credentials are retried no faster than this. */
const MIN_AUTH_RETRY_MS = 30_000;

/** Creates the client and starts connecting right away. */
export function createAmiClient(options: AmiClientOptions): AmiClient {
  return new AmiClientImpl(options);
}

interface ConnectWaiter {
  resolve: () => void;
  reject: (err: AmiError) => void;
}

class AmiClientImpl implements AmiClient {
  private readonly log: Logger;
  private readonly metrics: AmiMetrics;
  private readonly actionTimeoutMs: number;
  private readonly pingIntervalMs: number;
  private readonly originateTimeoutMs: number;
  private readonly backoff: BackoffOptions;
  private readonly authRetryMs: number;
  private readonly random: () => number;
  private readonly idPrefix = randomUUID().slice(0, 8);
  private readonly handlers = new Set<(event: AmiEvent) => void>();
  private readonly hooks = new Set<() => void | Promise<void>>();
  private waiters: ConnectWaiter[] = [];
  private seq = 0;
  private conn: AmiConnection | undefined;
  private loggedIn: AmiConnection | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private authFailed = false;
  private everConnected = false;
  private closing: Promise<void> | undefined;
  private amiVersion: string | undefined;
  private nextRetryMs: number | undefined;
  private lastError: AmiError | undefined;

  constructor(private readonly options: AmiClientOptions) {
    this.log = options.logger.child({ component: 'ami' });
    this.metrics = createAmiMetrics(options.registry);
    this.metrics.connected.set(0);
    this.actionTimeoutMs = options.actionTimeoutMs ?? 10_000;
    this.pingIntervalMs = options.pingIntervalMs ?? 30_000;
    this.originateTimeoutMs = options.originateTimeoutMs ?? 60_000;
    this.backoff = options.reconnect ?? DEFAULT_AMI_BACKOFF;
    this.authRetryMs = options.authRetryMs ?? Math.max(this.backoff.maxMs, MIN_AUTH_RETRY_MS);
    this.random = options.random ?? Math.random;
    this.connect();
  }

  get connected(): boolean {
    return this.loggedIn !== undefined;
  }

  async action(name: string, fields: AmiFields = {}, options: AmiCallOptions = {}) {
    const conn = this.usable(name, fields);
    return conn.send(name, fields, this.nextId(), options.timeoutMs ?? this.actionTimeoutMs);
  }

  async originate(fields: AmiFields, options: AmiCallOptions = {}) {
    // The client owns Async: without it the Response only comes after the call is answered.
    const pairs = fieldPairs(fields).filter(([k]) => k.toLowerCase() !== 'async');
    const withAsync: AmiFields = [...pairs, ['Async', 'true']];
    const conn = this.usable('Originate', withAsync);
    const actionId = this.nextId();
    const wait = conn.expectOriginate(actionId, options.timeoutMs ?? this.originateTimeoutMs);
    try {
      await conn.send('Originate', withAsync, actionId, this.actionTimeoutMs);
    } catch (err) {
      wait.cancel();
      throw err;
    }
    return wait.promise;
  }

  onEvent(handler: (event: AmiEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  onReconnect(hook: () => void | Promise<void>): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  whenConnected(): Promise<void> {
    if (this.closing) return Promise.reject(new AmiError('AMI_CLOSED', 'AMI client closed'));
    if (this.loggedIn) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  status(): AmiClientStatus {
    return {
      connected: this.connected,
      amiVersion: this.amiVersion,
      consecutiveFailures: this.failures,
      nextRetryMs: this.reconnectTimer ? this.nextRetryMs : undefined,
      lastError: this.lastError,
    };
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  /** Validates first (so injection is rejected even while offline), then needs a session. */
  private usable(name: string, fields: AmiFields): AmiConnection {
    checkedPairs(name, fields);
    if (this.closing)
      throw new AmiError('AMI_CLOSED', `${name}: AMI client closed`, { action: name });
    if (!this.loggedIn) {
      throw new AmiError('AMI_DISCONNECTED', `${name}: not logged in to AMI`, { action: name });
    }
    return this.loggedIn;
  }

  private nextId(): string {
    this.seq += 1;
    return `cw-${this.idPrefix}-${this.seq}`;
  }

  private connect(): void {
    this.reconnectTimer = undefined;
    this.authFailed = false;
    if (this.closing) return;
    const { host, port } = this.options;
    const socket = connect({ host, port });
    const conn = new AmiConnection(socket, {
      logger: this.log,
      metrics: this.metrics,
      onEvent: (event) => this.emit(event),
    });
    this.conn = conn;
    void conn.closed.then(() => this.onClosed(conn));
    socket.once('connect', () => void this.establish(conn));
  }

  private async establish(conn: AmiConnection): Promise<void> {
    try {
      this.amiVersion = await withTimeout(conn.banner, this.actionTimeoutMs, () => {
        return new AmiError('AMI_PROTOCOL', 'no "Asterisk Call Manager" banner from the peer');
      });
      await this.login(conn);
    } catch (err) {
      this.loginFailed(conn, err);
      return;
    }
    if (this.closing || !conn.isOpen) return;
    this.loggedIn = conn;
    this.metrics.connected.set(1);
    if (this.everConnected) this.metrics.reconnects.inc();
    this.everConnected = true;
    this.failures = 0;
    this.authFailed = false;
    this.lastError = undefined;
    this.log.info({ amiVersion: this.amiVersion }, 'ami logged in');
    for (const w of this.takeWaiters()) w.resolve();
    this.schedulePing(conn);
    await this.runHooks();
  }

  private async login(conn: AmiConnection): Promise<void> {
    const { username, secret } = this.options;
    const fields = { Username: username, Secret: secret, Events: 'on' };
    try {
      await conn.send('Login', fields, this.nextId(), this.actionTimeoutMs);
    } catch (err) {
      if (!isAmiError(err, 'AMI_ACTION_FAILED')) throw err;
      const message = err.details.response?.get('Message') ?? 'login refused';
      throw new AmiError('AMI_AUTH_FAILED', `AMI login as ${username} failed: ${message}`, {
        action: 'Login',
        ...(err.details.response ? { response: err.details.response } : {}),
      });
    }
  }

  private loginFailed(conn: AmiConnection, err: unknown): void {
    const error = isAmiError(err) ? err : new AmiError('AMI_PROTOCOL', String(err));
    this.lastError = error;
    if (error.code === 'AMI_AUTH_FAILED') {
      // Waiters are told in onClosed, once the (slow) retry is scheduled.
      this.authFailed = true;
      this.log.error({ code: error.code }, error.message);
    } else if (!this.closing) {
      this.log.warn({ code: error.code, err: error.message }, 'ami login did not complete');
    }
    conn.destroy();
  }

  private onClosed(conn: AmiConnection): void {
    if (this.conn !== conn) return;
    const wasLoggedIn = this.loggedIn === conn;
    this.conn = undefined;
    this.loggedIn = undefined;
    clearTimeout(this.pingTimer);
    this.pingTimer = undefined;
    this.metrics.connected.set(0);
    if (this.closing) return;
    const delay = this.authFailed
      ? this.authRetryMs
      : backoffDelay(this.failures, this.backoff, this.random);
    this.failures += 1;
    this.nextRetryMs = delay;
    if (wasLoggedIn) this.log.warn({ retryInMs: delay }, 'ami connection lost');
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
    const authError = this.authFailed ? this.lastError : undefined;
    if (authError) for (const w of this.takeWaiters()) w.reject(authError);
  }

  /** Keepalive: a Ping that goes unanswered means a dead peer; drop the socket and reconnect. */
  private schedulePing(conn: AmiConnection): void {
    if (this.pingIntervalMs <= 0 || this.closing || this.loggedIn !== conn) return;
    this.pingTimer = setTimeout(() => {
      this.pingTimer = undefined;
      conn.send('Ping', {}, this.nextId(), this.actionTimeoutMs).then(
        () => this.schedulePing(conn),
        (err: unknown) => {
          if (!isAmiError(err, 'AMI_TIMEOUT')) return this.schedulePing(conn);
          this.log.warn({ timeoutMs: this.actionTimeoutMs }, 'ami ping unanswered; reconnecting');
          conn.destroy();
        },
      );
    }, this.pingIntervalMs);
  }

  private async runHooks(): Promise<void> {
    for (const hook of [...this.hooks]) {
      try {
        await hook();
      } catch (err) {
        this.log.error({ err }, 'ami reconnect hook failed');
      }
    }
  }

  private emit(event: AmiEvent): void {
    for (const handler of [...this.handlers]) {
      try {
        handler(event);
      } catch (err) {
        this.log.error({ err, event: event.event }, 'ami event handler threw');
      }
    }
  }

  private takeWaiters(): ConnectWaiter[] {
    const waiters = this.waiters;
    this.waiters = [];
    return waiters;
  }

  private async shutdown(): Promise<void> {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.pingTimer);
    this.reconnectTimer = undefined;
    this.pingTimer = undefined;
    const closed = new AmiError('AMI_CLOSED', 'AMI client closed');
    for (const w of this.takeWaiters()) w.reject(closed);
    const conn = this.conn;
    if (conn) {
      if (this.loggedIn === conn) {
        // Best effort: Asterisk answers `Response: Goodbye` and closes its side.
        await conn
          .send('Logoff', {}, this.nextId(), Math.min(this.actionTimeoutMs, 2_000))
          .catch(() => {});
      }
      conn.destroy();
      await conn.closed;
    }
    this.metrics.connected.set(0);
    this.log.info('ami client closed');
  }
}
