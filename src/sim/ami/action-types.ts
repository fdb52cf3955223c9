/**
 * What an AMI action handler sees: the message, its session and the server.
 */
import type { AmiBackend, AmiFields } from './backend.ts';
import type { AmiMessage } from './codec.ts';

/** Minimal pino-compatible logger (the simulator imports nothing from the app). */
export interface SimLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** The per-connection state an action may read or change. */
export interface AmiSessionState {
  authenticated: boolean;
  username: string;
  /** send_events: the classes this session wants (all until Login/Events says otherwise). */
  eventMask: number;
  /** Pseudo pointer printed as SessionID in security events (`0x7f3678009e70`). */
  readonly sessionId: string;
  /** `IPV4/TCP/127.0.0.1/5038` style addresses for security events. */
  readonly localAddress: string;
  readonly remoteAddress: string;
  readonly startedAtMs: number;
  /** Writes one message to this session. */
  send(fields: AmiFields): void;
}

/** Server-wide things an action may use. */
export interface AmiServerContext {
  backend: AmiBackend;
  users: Readonly<Record<string, string>>;
  now(): number;
  /** When the simulated Asterisk started (FullyBooted Uptime/LastReload). */
  startedAtMs: number;
  /** manager.c sleeps 1 s before refusing a login. */
  authFailDelayMs: number;
  /** Sends an event to every session that wants its class. */
  broadcast(fields: AmiFields): void;
  logger: SimLogger;
}

/** Everything a handler gets. */
export interface ActionEnv {
  msg: AmiMessage;
  session: AmiSessionState;
  server: AmiServerContext;
}

/** `close` ends the session after the reply (Logoff, failed Login). */
export type ActionResult = 'keep' | 'close';

/** An AMI action. */
export type ActionHandler = (env: ActionEnv) => ActionResult | Promise<ActionResult>;
