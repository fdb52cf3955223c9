/**
 * The FastAGI server: Asterisk's `AGI(agi://host:4573/path?query,args)`
 * connects here, one TCP connection per call. Each connection becomes an
 * {@link AgiSession} handed to `onSession` once its environment is read.
 * When the handler returns or throws, or the peer goes away, the socket is
 * destroyed and every pending command is rejected, so nothing lingers.
 */
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../../app/logger.ts';
import { type AgiCommandOptions, type AgiCommands, agiCommands } from './agi-commands.ts';
import type { AgiEnvironment } from './agi-environment.ts';
import { type AgiMetrics, createAgiMetrics } from './agi-metrics.ts';
import type { AgiResponse } from './agi-response.ts';
import { AgiSocketSession } from './agi-session.ts';

/** What a handler gets for one call. */
export interface AgiSession extends AgiCommands {
  /** The `agi_*` variables, typed. */
  readonly env: AgiEnvironment;
  /** True once Asterisk reported the hang-up with a bare `HANGUP` line. */
  readonly hungUp: boolean;
  /** Resolves when the socket has closed. */
  readonly closed: Promise<void>;
  /** Calls `listener` when the channel hangs up; returns the unsubscribe function. */
  onHangup(listener: () => void): () => void;
  /** Sends one raw command line (no line break) and resolves with its 200 reply. */
  command(text: string, options?: AgiCommandOptions): Promise<AgiResponse>;
  /** Ends the session early; the dialplan continues after AGI(). */
  close(): void;
}

/** Settings of {@link createAgiServer}. */
export interface AgiServerOptions {
  /** Interface to listen on, e.g. `0.0.0.0`. */
  readonly host: string;
  /** TCP port; the configuration's default is 4573, tests pass 0. */
  readonly port: number;
  readonly logger: Logger;
  readonly registry: Registry;
  /** Default reply timeout of one command; 0 = none. Default 60 s. */
  readonly commandTimeoutMs?: number;
  /** Time allowed for the `agi_*` block. Default 10 s. */
  readonly envTimeoutMs?: number;
  /** Runs the call; the session is closed when it settles. */
  readonly onSession: (session: AgiSession) => Promise<void> | void;
}

/** A listening FastAGI server. */
export interface AgiServer {
  /** The bound address. */
  address(): AddressInfo;
  /** The bound port (useful with port 0). */
  readonly port: number;
  /** Stops listening, closes every open session and resolves when all sockets are gone. */
  close(): Promise<void>;
}

/** Starts listening; resolves once the port is bound. */
export async function createAgiServer(options: AgiServerOptions): Promise<AgiServer> {
  const log = options.logger.child({ component: 'agi' });
  const metrics = createAgiMetrics(options.registry);
  const sessions = new Set<AgiSocketSession>();
  const server = createServer((socket) => {
    const session = accept(socket, options, log, metrics);
    sessions.add(session);
    void session.closed.then(() => sessions.delete(session));
  });
  await listen(server, options.host, options.port);
  const address = server.address() as AddressInfo;
  log.info({ host: address.address, port: address.port }, 'fastagi listening');
  return {
    address: () => address,
    port: address.port,
    close: async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions) session.close();
      await Promise.all([...sessions].map((s) => s.closed));
      await stopped;
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function accept(
  socket: Socket,
  options: AgiServerOptions,
  log: Logger,
  metrics: AgiMetrics,
): AgiSocketSession {
  const session = new AgiSocketSession(socket, {
    logger: log,
    metrics,
    commandTimeoutMs: options.commandTimeoutMs ?? 60_000,
    envTimeoutMs: options.envTimeoutMs ?? 10_000,
  });
  metrics.sessionsStarted.inc();
  metrics.sessionsActive.inc();
  void session.closed.then(() => metrics.sessionsActive.dec());
  void run(session, options, log, metrics);
  return session;
}

async function run(
  core: AgiSocketSession,
  options: AgiServerOptions,
  log: Logger,
  metrics: AgiMetrics,
): Promise<void> {
  let env: AgiEnvironment;
  try {
    env = await core.ready;
  } catch {
    return; // aborted or closed before the environment: already logged and counted
  }
  try {
    await options.onSession(toSession(core, env));
  } catch (err) {
    metrics.sessionsFailed.inc({ reason: 'handler_error' });
    log.error({ err, uniqueid: env.uniqueid, path: env.path }, 'agi session handler failed');
  } finally {
    core.close();
  }
}

function toSession(core: AgiSocketSession, env: AgiEnvironment): AgiSession {
  return {
    ...agiCommands(core),
    env,
    get hungUp() {
      return core.hungUp;
    },
    closed: core.closed,
    onHangup: (listener) => core.onHangup(listener),
    command: (text, opts) => core.command(text, opts),
    close: () => core.close(),
  };
}
