/**
 * One AMI connection (manager.c session_do / do_message / process_message):
 * banner first, then one action at a time in arrival order. Before Login
 * only Login, Logoff and Challenge pass (`Permission denied` otherwise).
 * Events raised while an action runs are held back and written after its
 * reply, as Asterisk queues them until the action returns.
 */
import type { Socket } from 'node:net';
import type { AmiServerContext, AmiSessionState } from './action-types.ts';
import { findAction } from './actions.ts';
import type { AmiFields } from './backend.ts';
import { type AmiMessage, AmiMessageReader, formatMessage, header } from './codec.ts';
import { ALL_EVENTS } from './permissions.ts';
import { error } from './responses.ts';

const UNAUTHENTICATED_ACTIONS = new Set(['login', 'logoff', 'challenge']);

/** `IPV4/TCP/127.0.0.1/5038` as security events print addresses. */
function securityAddress(address: string | undefined, port: number | undefined): string {
  const ip = (address ?? '').replace(/^::ffff:/, '');
  return `${ip.includes(':') ? 'IPV6' : 'IPV4'}/TCP/${ip}/${port ?? 0}`;
}

/** One client connection. */
export class AmiSession implements AmiSessionState {
  authenticated = false;
  username = '';
  // send_events starts as -1 (every class) until Login's Events: says otherwise.
  eventMask = ALL_EVENTS;
  readonly localAddress: string;
  readonly remoteAddress: string;
  readonly startedAtMs: number;
  private readonly reader = new AmiMessageReader();
  private chain: Promise<void> = Promise.resolve();
  private busy = false;
  private held: AmiFields[] = [];
  private closed = false;
  private authTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly server: AmiServerContext,
    readonly sessionId: string,
    banner: string,
    authTimeoutMs: number,
  ) {
    this.localAddress = securityAddress(socket.localAddress, socket.localPort);
    this.remoteAddress = securityAddress(socket.remoteAddress, socket.remotePort);
    this.startedAtMs = server.now();
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      for (const msg of this.reader.feed(chunk)) {
        this.chain = this.chain
          .then(() => this.process(msg))
          .catch((e: unknown) => {
            this.server.logger.error({ err: (e as Error).message }, 'AMI session failed');
            this.close();
          });
      }
    });
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
    this.write(`${banner}\r\n`);
    // authtimeout: an unauthenticated session is dropped after a while.
    this.authTimer = setTimeout(() => {
      if (!this.authenticated) this.close();
    }, authTimeoutMs);
    this.authTimer.unref();
  }

  /** Writes one message. */
  send(fields: AmiFields): void {
    this.write(formatMessage(fields));
  }

  /** Offers a broadcast event; `category` is its Privilege classes. */
  deliver(fields: AmiFields, category: number): void {
    if (this.closed || !this.authenticated || (this.eventMask & category) !== category) return;
    if (this.busy) this.held.push(fields);
    else this.send(fields);
  }

  /** Ends the session (server shutdown, socket loss, Logoff). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.authTimer);
    this.socket.end();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private write(text: string): void {
    if (!this.closed && !this.socket.destroyed) this.socket.write(text);
  }

  private async process(msg: AmiMessage): Promise<void> {
    if (this.closed) return;
    this.busy = true;
    const result = await this.dispatch(msg);
    this.busy = false;
    if (result === 'close') {
      // process_message() returned -1: held events are not sent any more.
      this.close();
      return;
    }
    const held = this.held;
    this.held = [];
    for (const fields of held) this.send(fields);
  }

  private async dispatch(msg: AmiMessage): Promise<'keep' | 'close'> {
    const action = header(msg, 'Action', true);
    if (action === '') {
      this.send(error(msg, 'Missing action in request'));
      return 'keep';
    }
    if (!this.authenticated && !UNAUTHENTICATED_ACTIONS.has(action.toLowerCase())) {
      this.send(error(msg, 'Permission denied'));
      return 'keep';
    }
    const handler = findAction(action);
    if (!handler) {
      this.send(
        error(
          msg,
          `Invalid/unknown command: ${action}. Use Action: ListCommands to show available commands.`,
        ),
      );
      return 'keep';
    }
    try {
      return await handler({ msg, session: this, server: this.server });
    } catch (e) {
      this.server.logger.error({ err: (e as Error).message, action }, 'AMI action failed');
      this.send(error(msg, (e as Error).message));
      return 'keep';
    }
  }
}
