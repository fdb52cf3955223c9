/**
 * One FastAGI connection from Asterisk: reads the `agi_*` block, then runs
 * commands strictly one at a time (AGI has no request ids: the Nth reply
 * belongs to the Nth command), and tracks the channel's hang-up.
 *
 * Hang-up (README "Observed behaviour", fastagi-session-1.txt): after our
 * HANGUP command Asterisk replies `200 result=1`, then writes bare `HANGUP`
 * lines and closes. When the caller hangs up, Asterisk writes `HANGUP` the
 * next time it waits for a command, and still answers every command line it
 * reads (with `511` on a dead channel). So a command in flight when `HANGUP`
 * arrives is rejected `AGI_HANGUP` at once and its reply, which will still
 * come, is recorded as owed and discarded; the same holds after a timeout.
 * That keeps later replies matched to their own commands.
 */
import type { Socket } from 'node:net';
import type { Logger } from '../../app/logger.ts';
import type { AgiCommandOptions, AgiCommandRunner } from './agi-commands.ts';
import { type AgiEnvironment, buildAgiEnvironment, splitEnvLine } from './agi-environment.ts';
import { AgiError } from './agi-errors.ts';
import { AgiLineSplitter } from './agi-line-splitter.ts';
import { type AgiMetrics, commandLabel } from './agi-metrics.ts';
import { assertSafe } from './agi-quote.ts';
import { type AgiFailure, type AgiLine, AgiReplyReader, type AgiResponse } from './agi-response.ts';

/** What a session needs from the server. */
export interface AgiSessionDeps {
  readonly logger: Logger;
  readonly metrics: AgiMetrics;
  /** Default reply timeout of a command; 0 = none. */
  readonly commandTimeoutMs: number;
  /** How long Asterisk may take to send the whole `agi_*` block. */
  readonly envTimeoutMs: number;
}

interface Job {
  readonly text: string;
  readonly timeoutMs: number;
  readonly resolve: (response: AgiResponse) => void;
  readonly reject: (err: AgiError) => void;
  timer: NodeJS.Timeout | undefined;
  started: number;
}

const FAILURE_CODES = {
  510: 'AGI_UNKNOWN_COMMAND',
  511: 'AGI_DEAD_CHANNEL',
  520: 'AGI_USAGE',
} as const;

/** The socket-level session; handlers see it through `AgiSession`. */
export class AgiSocketSession implements AgiCommandRunner {
  /** Resolves with the environment; rejects if the block never completes. */
  readonly ready: Promise<AgiEnvironment>;
  /** Resolves once the socket has closed and every command was settled. */
  readonly closed: Promise<void>;
  readonly commandTimeoutMs: number;
  hungUp = false;
  isClosed = false;
  private log: Logger;
  private readonly splitter = new AgiLineSplitter();
  private readonly replies = new AgiReplyReader();
  private readonly rawEnv = new Map<string, string>();
  private readonly hangupListeners = new Set<() => void>();
  private readonly queue: Job[] = [];
  private current: Job | undefined;
  private owed = 0;
  private inEnv = true;
  private envTimer: NodeJS.Timeout | undefined;
  private resolveReady!: (env: AgiEnvironment) => void;
  private rejectReady!: (err: AgiError) => void;
  private resolveClosed!: () => void;

  constructor(
    private readonly socket: Socket,
    private readonly deps: AgiSessionDeps,
  ) {
    this.commandTimeoutMs = deps.commandTimeoutMs;
    this.log = deps.logger.child({ remote: `${socket.remoteAddress}:${socket.remotePort}` });
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {});
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    this.envTimer = setTimeout(() => this.abortEnv('env_timeout'), deps.envTimeoutMs);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.log.debug({ err: err.message }, 'agi socket error'));
    socket.on('close', () => this.onClose());
  }

  /** Calls `listener` once the channel hung up (at once if it already has). */
  onHangup(listener: () => void): () => void {
    if (this.hungUp) queueMicrotask(() => this.notify(listener));
    else this.hangupListeners.add(listener);
    return () => this.hangupListeners.delete(listener);
  }

  /** Queues one command line; see the class comment for hang-up and timeout rules. */
  command(text: string, options: AgiCommandOptions = {}): Promise<AgiResponse> {
    try {
      assertSafe(text);
    } catch (err) {
      return Promise.reject(err);
    }
    if (this.isClosed) {
      return Promise.reject(new AgiError('AGI_CLOSED', 'AGI session closed', { command: text }));
    }
    return new Promise((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? this.commandTimeoutMs;
      this.queue.push({ text, timeoutMs, resolve, reject, timer: undefined, started: 0 });
      this.pump();
    });
  }

  /** Ends the session: Asterisk sees the socket close and continues its dialplan. */
  close(): void {
    this.socket.destroy();
  }

  private pump(): void {
    if (this.current || this.isClosed) return;
    const job = this.queue.shift();
    if (!job) return;
    this.current = job;
    job.started = performance.now();
    if (job.timeoutMs > 0) job.timer = setTimeout(() => this.onTimeout(job), job.timeoutMs);
    this.log.debug({ command: commandLabel(job.text) }, 'agi command');
    this.socket.write(`${job.text}\n`);
  }

  private settle(job: Job, outcome: string, finish: () => void): void {
    clearTimeout(job.timer);
    if (this.current === job) this.current = undefined;
    if (job.started > 0) {
      const seconds = (performance.now() - job.started) / 1000;
      this.deps.metrics.commandLatency.observe(
        { command: commandLabel(job.text), outcome },
        seconds,
      );
    }
    finish();
    this.pump();
  }

  private onData(chunk: Buffer): void {
    for (const item of this.splitter.push(chunk)) {
      if ('tooLong' in item) this.rejectLine('too_long', '');
      else if (this.inEnv) this.onEnvLine(item.line);
      else this.onLine(this.replies.feed(item.line));
    }
  }

  private onEnvLine(line: string): void {
    const pair = line === '' ? null : splitEnvLine(line);
    if (line === '') this.finishEnv();
    else if (!pair) this.rejectLine('garbage', line);
    else if (!this.rawEnv.has(pair[0])) this.rawEnv.set(pair[0], pair[1]);
  }

  private finishEnv(): void {
    clearTimeout(this.envTimer);
    this.inEnv = false;
    const built = buildAgiEnvironment(Object.fromEntries(this.rawEnv));
    if (!built.ok) {
      this.log.warn({ missing: built.missing }, 'agi environment incomplete');
      this.abortEnv('env_incomplete');
      return;
    }
    this.log = this.log.child({ uniqueid: built.env.uniqueid, channel: built.env.channel });
    this.resolveReady(built.env);
  }

  private abortEnv(reason: 'env_timeout' | 'env_incomplete'): void {
    this.deps.metrics.sessionsFailed.inc({ reason });
    this.rejectReady(new AgiError('AGI_CLOSED', `AGI session aborted: ${reason}`));
    this.close();
  }

  private onLine(line: AgiLine): void {
    switch (line.kind) {
      case 'partial':
        break;
      case 'garbage':
        this.rejectLine('garbage', line.line);
        break;
      case 'hangup':
        this.onHangupLine();
        break;
      case 'success':
      case 'failure':
        this.onReply(line);
        break;
    }
  }

  private onReply(line: Extract<AgiLine, { kind: 'success' | 'failure' }>): void {
    if (this.owed > 0) {
      this.owed -= 1;
      this.log.debug('late agi reply discarded');
      return;
    }
    const job = this.current;
    if (!job) this.rejectLine('unsolicited', line.kind === 'success' ? line.response.raw : '');
    else if (line.kind === 'success') this.settle(job, 'success', () => job.resolve(line.response));
    else this.settle(job, 'error', () => job.reject(failureError(line.failure, job.text)));
  }

  private onHangupLine(): void {
    // Asterisk may repeat the notice (two HANGUP lines in the capture).
    if (this.hungUp) return;
    this.hungUp = true;
    this.log.info('agi channel hung up');
    const job = this.current;
    if (job) {
      this.owed += 1;
      const err = new AgiError('AGI_HANGUP', 'channel hung up during the command', {
        command: job.text,
      });
      this.settle(job, 'hangup', () => job.reject(err));
    }
    for (const listener of [...this.hangupListeners]) this.notify(listener);
    this.hangupListeners.clear();
  }

  private notify(listener: () => void): void {
    try {
      listener();
    } catch (err) {
      this.log.error({ err }, 'agi hangup listener threw');
    }
  }

  private onTimeout(job: Job): void {
    if (this.current !== job) return;
    this.owed += 1;
    const err = new AgiError('AGI_TIMEOUT', `no AGI reply within ${job.timeoutMs} ms`, {
      command: job.text,
    });
    this.settle(job, 'timeout', () => job.reject(err));
  }

  private rejectLine(reason: 'garbage' | 'too_long' | 'unsolicited', line: string): void {
    this.deps.metrics.linesRejected.inc({ reason });
    this.log.warn({ reason, line: line.slice(0, 120) }, 'agi line rejected');
  }

  private onClose(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    clearTimeout(this.envTimer);
    this.rejectReady(new AgiError('AGI_CLOSED', 'socket closed before the AGI environment'));
    const jobs = this.current ? [this.current, ...this.queue.splice(0)] : this.queue.splice(0);
    for (const job of jobs) {
      const err = new AgiError('AGI_CLOSED', 'AGI socket closed', { command: job.text });
      this.settle(job, 'closed', () => job.reject(err));
    }
    this.hangupListeners.clear();
    this.socket.removeAllListeners('data');
    this.resolveClosed();
  }
}

function failureError(failure: AgiFailure, command: string): AgiError {
  const code =
    FAILURE_CODES[failure.status as keyof typeof FAILURE_CODES] ?? 'AGI_UNEXPECTED_STATUS';
  return new AgiError(code, `${failure.status} ${failure.text}`, {
    command,
    status: failure.status,
    ...(failure.usage !== undefined ? { usage: failure.usage } : {}),
  });
}
