/**
 * The simulator's Asterisk Manager Interface: a TCP server that speaks AMI
 * exactly as the lab Asterisk 22 did (banner `Asterisk Call Manager/11.0.0`,
 * CRLF framing, the responses in transcripts/ami-samples). Actions become
 * AmiBackend calls; the backend's events are broadcast to every logged-in
 * session whose event mask wants their class.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AmiServerContext, SimLogger } from './action-types.ts';
import type { AmiBackend, AmiFields } from './backend.ts';
import { eventCategory } from './permissions.ts';
import { AmiSession } from './session.ts';

/** AMI_VERSION of Asterisk 22 (main/manager.c). */
export const AMI_VERSION = '11.0.0';

/** Options of {@link createAmiServer}. */
export interface AmiServerOptions {
  /** Listen address; default 127.0.0.1 (manager.conf `bindaddr`). */
  host?: string;
  /** Listen port; 0 picks a free one (tests). Asterisk's default is 5038. */
  port: number;
  /** manager.conf users: name -> secret. Every user may read and write everything. */
  users: Record<string, string>;
  backend: AmiBackend;
  logger: SimLogger;
  /** Time source (simulated clock); default Date.now. */
  now?: () => number;
  /** manager.c sleeps 1 s before `Authentication failed`; tests pass 0. */
  authFailDelayMs?: number;
  /** authtimeout: unauthenticated sessions are dropped after 30 s. */
  authTimeoutMs?: number;
}

/** A running (or ready to run) AMI server. */
export interface AmiServer {
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  /** Closes every session and the listener. */
  close(): Promise<void>;
  /** Sends an event to every session that wants it (the backend's events go through here). */
  broadcast(fields: AmiFields): void;
  /** Open sessions (for the control API and tests). */
  sessionCount(): number;
}

/** Creates the AMI server; call listen() to start it. */
export function createAmiServer(opts: AmiServerOptions): AmiServer {
  const now = opts.now ?? Date.now;
  const sessions = new Set<AmiSession>();
  const sockets = new Set<Socket>();
  let nextSession = 1;
  let unsubscribe: (() => void) | undefined;

  const broadcast = (fields: AmiFields): void => {
    const category = eventCategory(fields);
    for (const s of sessions) s.deliver(fields, category);
  };
  const context: AmiServerContext = {
    backend: opts.backend,
    users: opts.users,
    now,
    startedAtMs: now(),
    authFailDelayMs: opts.authFailDelayMs ?? 1000,
    broadcast,
    logger: opts.logger,
  };

  const server: Server = createServer((socket) => {
    // A made-up but stable-looking session pointer for security events.
    const sessionId = `0x7f36${(0x78000000 + nextSession++ * 0x1230).toString(16)}`;
    const session = new AmiSession(
      socket,
      context,
      sessionId,
      `Asterisk Call Manager/${AMI_VERSION}`,
      opts.authTimeoutMs ?? 30_000,
    );
    sessions.add(session);
    sockets.add(socket);
    socket.on('close', () => {
      sessions.delete(session);
      sockets.delete(socket);
    });
    opts.logger.debug({ remote: socket.remoteAddress, sessionId }, 'AMI connection');
  });

  return {
    async listen() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
      unsubscribe = opts.backend.onEvent(broadcast);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : opts.port;
      opts.logger.info({ port }, 'AMI listening');
      return port;
    },
    async close() {
      unsubscribe?.();
      for (const s of sessions) s.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    broadcast,
    sessionCount: () => [...sessions].filter((s) => !s.isClosed).length,
  };
}
