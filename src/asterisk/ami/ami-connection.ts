/**
 * One AMI TCP session: framing, the action table, OriginateResponse waiters
 * and event typing. Knows nothing about login, keepalive or reconnects; the
 * client drives those and replaces the whole connection after a drop.
 */
import type { Socket } from 'node:net';
import type { Logger } from '../../app/logger.ts';
import { AmiError } from './ami-errors.ts';
import { parseAmiEvent } from './ami-event-parse.ts';
import type { AmiEvent, AmiOriginateResponse } from './ami-event-types.ts';
import { AmiFrameParser, type AmiParserOutput } from './ami-frame-parser.ts';
import { type AmiFields, type AmiMessage, encodeAction } from './ami-message.ts';
import type { AmiMetrics } from './ami-metrics.ts';
import { type AmiActionResult, PendingActions } from './ami-pending.ts';

/** What a connection needs from its owner. */
export interface AmiConnectionDeps {
  readonly logger: Logger;
  readonly metrics: AmiMetrics;
  /** Every typed event not consumed as an event-list item. */
  readonly onEvent: (event: AmiEvent) => void;
}

/** A registered wait for one OriginateResponse. */
export interface OriginateWait {
  readonly promise: Promise<AmiOriginateResponse>;
  /** Drops the wait without settling it (the Originate itself failed). */
  cancel(): void;
}

interface Waiter {
  resolve: (event: AmiOriginateResponse) => void;
  reject: (err: AmiError) => void;
  timer: NodeJS.Timeout | undefined;
}

/** A live AMI socket. */
export class AmiConnection {
  /** Resolves with the AMI version from the `Asterisk Call Manager/x.y.z` banner. */
  readonly banner: Promise<string>;
  /** Resolves once the socket has fully closed and every waiter was rejected. */
  readonly closed: Promise<void>;
  private readonly parser = new AmiFrameParser();
  private readonly pending: PendingActions;
  private readonly originates = new Map<string, Waiter>();
  private resolveBanner!: (version: string) => void;
  private rejectBanner!: (err: AmiError) => void;
  private resolveClosed!: () => void;
  private isClosed = false;

  constructor(
    private readonly socket: Socket,
    private readonly deps: AmiConnectionDeps,
  ) {
    this.pending = new PendingActions((outcome) => deps.metrics.actions.inc({ outcome }));
    this.banner = new Promise<string>((resolve, reject) => {
      this.resolveBanner = resolve;
      this.rejectBanner = reject;
    });
    // The banner may never be awaited (login aborted); keep its rejection quiet.
    this.banner.catch(() => {});
    this.closed = new Promise<void>((resolve) => {
      this.resolveClosed = resolve;
    });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.handle(this.parser.push(chunk)));
    socket.on('error', (err) => deps.logger.warn({ err: err.message }, 'ami socket error'));
    socket.on('close', () => this.onClose());
  }

  /** True once the socket has closed. */
  get isOpen(): boolean {
    return !this.isClosed;
  }

  /**
   * Writes one action and waits for its reply. Validation happens before any
   * byte is written: a CR/LF anywhere rejects with `AMI_INVALID_VALUE`.
   */
  async send(
    name: string,
    fields: AmiFields,
    actionId: string,
    timeoutMs: number,
  ): Promise<AmiActionResult> {
    const text = encodeAction(name, actionId, fields);
    if (this.isClosed || !this.socket.writable) {
      throw new AmiError('AMI_DISCONNECTED', `${name}: not connected`, { action: name, actionId });
    }
    const reply = this.pending.add(actionId, name, timeoutMs);
    this.deps.logger.debug({ action: name, actionId }, 'ami action');
    this.socket.write(text);
    return reply;
  }

  /**
   * Registers interest in the OriginateResponse for `actionId` BEFORE the
   * Originate is written: the event comes from another Asterisk thread and
   * nothing guarantees it trails the `Response:` by much.
   */
  expectOriginate(actionId: string, timeoutMs: number): OriginateWait {
    const promise = new Promise<AmiOriginateResponse>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, timer: undefined };
      if (timeoutMs > 0) {
        waiter.timer = setTimeout(() => {
          this.originates.delete(actionId);
          reject(
            new AmiError('AMI_TIMEOUT', `no OriginateResponse within ${timeoutMs} ms`, {
              action: 'Originate',
              actionId,
            }),
          );
        }, timeoutMs);
      }
      this.originates.set(actionId, waiter);
    });
    promise.catch(() => {});
    return {
      promise,
      cancel: () => {
        clearTimeout(this.originates.get(actionId)?.timer);
        this.originates.delete(actionId);
      },
    };
  }

  /** Tears the socket down; waiters reject with `AMI_DISCONNECTED` once it closes. */
  destroy(): void {
    this.socket.destroy();
  }

  private handle(outputs: readonly AmiParserOutput[]): void {
    for (const out of outputs) {
      if (out.kind === 'banner') this.resolveBanner(out.version);
      else if (out.kind === 'rejected') this.reject(out.reason, { detail: out.detail });
      else this.dispatch(out.message);
    }
  }

  private dispatch(message: AmiMessage): void {
    // OriginateResponse carries BOTH `Event:` and `Response:`; Event wins.
    if (message.event !== undefined) this.dispatchEvent(message);
    else if (message.response !== undefined) {
      if (!this.pending.onResponse(message)) {
        this.deps.logger.debug(
          { actionId: message.actionId },
          'ami response for no pending action',
        );
      }
    } else this.reject('no_type', { headers: message.pairs.length });
  }

  private dispatchEvent(message: AmiMessage): void {
    if (this.pending.onEvent(message)) return;
    const parsed = parseAmiEvent(message);
    if (!parsed.ok) {
      this.reject(parsed.reason, { event: message.event, problems: parsed.problems });
      return;
    }
    const event = parsed.event;
    if (event.event === 'OriginateResponse' && event.actionId !== undefined) {
      const waiter = this.originates.get(event.actionId);
      if (waiter) {
        clearTimeout(waiter.timer);
        this.originates.delete(event.actionId);
        waiter.resolve(event);
      }
    }
    this.deps.onEvent(event);
  }

  private reject(reason: string, context: object): void {
    this.deps.metrics.framesRejected.inc({ reason });
    this.deps.logger.warn({ reason, ...context }, 'ami frame rejected');
  }

  private onClose(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.handle(this.parser.end());
    this.rejectBanner(new AmiError('AMI_DISCONNECTED', 'socket closed before the AMI banner'));
    this.pending.failAll(
      (name, actionId) =>
        new AmiError('AMI_DISCONNECTED', `${name}: connection lost`, { action: name, actionId }),
    );
    for (const [actionId, waiter] of [...this.originates]) {
      clearTimeout(waiter.timer);
      this.originates.delete(actionId);
      waiter.reject(
        new AmiError('AMI_DISCONNECTED', 'connection lost before OriginateResponse', {
          action: 'Originate',
          actionId,
        }),
      );
    }
    this.socket.removeAllListeners('data');
    this.resolveClosed();
  }
}
