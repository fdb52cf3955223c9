/**
 * The ARI HTTP server (node:http + ws): `/ari/...` REST with Asterisk's
 * authentication, responses and errors, the `/ari/events` WebSocket, and a
 * mount point for the simulator's own control API under `/_sim/` (same
 * port, same credentials). Every `/ari` request is reported to `onRequest`
 * for the request log.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ARI_REALM, type AriCredentials, authorized } from './auth.ts';
import type { AriDeps } from './context.ts';
import { type AriResponse, error, send } from './http.ts';
import { Params } from './params.ts';
import { Router } from './router.ts';
import { applicationRoutes } from './routes/applications.ts';
import { asteriskRoutes } from './routes/asterisk.ts';
import { bridgeRoutes } from './routes/bridges.ts';
import { channelMediaRoutes } from './routes/channel-media.ts';
import { channelRoutes } from './routes/channels.ts';
import { endpointRoutes } from './routes/endpoints.ts';
import { mediaRoutes } from './routes/media.ts';
import { EventSockets } from './websocket.ts';

/** One logged REST request (shape of transcripts/ari-rest-*.jsonl). */
export interface RequestLogEntry {
  ts: string;
  method: string;
  url: string;
  reqBody: unknown;
  status: number;
  resBody: unknown;
}

/** Handles `/_sim/...` requests (the control API). */
export type ControlHandler = (
  method: string,
  url: URL,
  body: unknown,
) => Promise<AriResponse> | AriResponse;

/** Options of {@link AriServer}. */
export interface AriServerOptions {
  deps: AriDeps;
  credentials: AriCredentials;
  serverName: string;
  control?: ControlHandler;
  onRequest?: (entry: RequestLogEntry) => void;
}

const MAX_BODY = 1 << 20;

/** The ARI server. */
export class AriServer {
  readonly http: Server;
  readonly sockets: EventSockets;
  private readonly router = new Router();

  constructor(private readonly o: AriServerOptions) {
    this.sockets = new EventSockets(o.deps.core, o.deps.identity.entityId);
    channelRoutes(this.router, o.deps);
    channelMediaRoutes(this.router, o.deps);
    bridgeRoutes(this.router, o.deps);
    mediaRoutes(this.router, o.deps);
    endpointRoutes(this.router, o.deps);
    applicationRoutes(this.router, o.deps);
    asteriskRoutes(this.router, o.deps);
    this.http = createServer((req, res) => void this.handle(req, res));
    this.http.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
  }

  /** Starts listening; resolves with the bound port. */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        const addr = this.http.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  /** Closes sockets and the server. */
  close(): Promise<void> {
    this.sockets.close();
    this.http.closeAllConnections();
    return new Promise((resolve) => this.http.close(() => resolve()));
  }

  private now(): number {
    return this.o.deps.core.scheduler.now();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    let body: unknown = null;
    let response: AriResponse;
    try {
      body = await readBody(req);
      response = await this.respond(req, method, url, body);
    } catch (e) {
      response =
        e instanceof BodyError ? error(400, e.message) : error(500, 'Internal Server Error');
    }
    send(res, response, this.o.serverName, this.now());
    if (url.pathname.startsWith('/ari/')) {
      this.o.onRequest?.({
        ts: new Date(this.now()).toISOString(),
        method,
        url: `${url.pathname}${url.search}`,
        reqBody: body,
        status: response.status,
        resBody: response.bytes ? null : (response.body ?? null),
      });
    }
  }

  private async respond(
    req: IncomingMessage,
    method: string,
    url: URL,
    body: unknown,
  ): Promise<AriResponse> {
    const isAri = url.pathname.startsWith('/ari/');
    const isControl = url.pathname.startsWith('/_sim/');
    if (!isAri && !isControl) return error(404, 'Not Found');
    if (!authorized(req, url, this.o.credentials)) return unauthorized();
    if (isControl) {
      return this.o.control ? this.o.control(method, url, body) : error(404, 'Not Found');
    }
    const match = this.router.match(method, url.pathname.slice(4));
    if (match === 'no-path') return error(404, 'Resource not found');
    if (match === 'no-method') return error(405, 'Invalid method');
    return match.handler({
      method,
      path: url.pathname,
      pathParams: match.pathParams,
      params: new Params(url, body),
      raw: req,
    });
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ari/events') {
      rawResponse(socket, 404, { message: 'Resource not found' }, this.o.serverName, this.now());
      return;
    }
    if (!authorized(req, url, this.o.credentials)) {
      rawResponse(
        socket,
        401,
        { message: 'Authentication required' },
        this.o.serverName,
        this.now(),
        {
          'WWW-Authenticate': `Basic realm="${ARI_REALM}"`,
        },
      );
      return;
    }
    const apps = (url.searchParams.get('app') ?? '').split(',').filter(Boolean);
    if (apps.length === 0) {
      rawResponse(
        socket,
        400,
        { message: 'HTTP request is missing param: [app]' },
        this.o.serverName,
        this.now(),
      );
      return;
    }
    const subscribeAll = ['true', 'yes', '1'].includes(
      (url.searchParams.get('subscribeAll') ?? '').toLowerCase(),
    );
    this.sockets.wss.handleUpgrade(req, socket, head, (ws) =>
      this.sockets.attach(ws, apps, subscribeAll, socket),
    );
  }
}

/** Asterisk's 401 (ari-unauthorized.http). */
function unauthorized(): AriResponse {
  return {
    status: 401,
    body: { message: 'Authentication required' },
    headers: { 'WWW-Authenticate': `Basic realm="${ARI_REALM}"` },
  };
}

class BodyError extends Error {}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BodyError('Request body too large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return null;
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError('Error parsing request body');
  }
}

function rawResponse(
  socket: Duplex,
  status: number,
  body: unknown,
  serverName: string,
  nowMs: number,
  extra: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  const reason = status === 401 ? 'Unauthorized' : status === 400 ? 'Bad Request' : 'Not Found';
  const lines = [
    `HTTP/1.1 ${status} ${reason}`,
    `Server: ${serverName}`,
    `Date: ${new Date(nowMs).toUTCString()}`,
    'Cache-Control: no-cache, no-store',
    ...Object.entries(extra).map(([k, v]) => `${k}: ${v}`),
    'Content-type: application/json',
    `Content-Length: ${Buffer.byteLength(payload)}`,
    'Connection: close',
    '',
    payload,
  ];
  socket.end(lines.join('\r\n'));
}
