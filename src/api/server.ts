/**
 * The HTTP face of callwright: GraphQL (with GraphiQL) at /graphql, also
 * subscriptions over Server-Sent Events and graphql-ws on the same path,
 * health and readiness probes, Prometheus metrics, the agent widget
 * (/widget.js) and the wallboard (/wallboard). Every GraphQL request
 * gets a fresh context with the caller resolved from its bearer token.
 */
import { Server, type ServerResponse } from 'node:http';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { createYoga } from 'graphql-yoga';
import type { Registry } from 'prom-client';
import type { Logger } from '../app/logger.ts';
import type { Services } from '../app/services.ts';
import type { ApiContext } from './context.ts';
import { createErrorMasker } from './errors.ts';
import { isVoicemailAudioPath, serveVoicemailAudio } from './ivr-voicemail-audio.ts';
import { isRecordsPath, serveRecords } from './records-http.ts';
import { schema } from './schema.ts';
import { attachGraphqlWs, type ServerContext, tokenOfParams } from './websocket.ts';
import { createWidgetRoutes, isWidgetPath } from './widget-http.ts';

/** Readiness of one dependency, shown at /readyz. */
export interface Readiness {
  name: string;
  ok: boolean;
  detail?: string | undefined;
}

/** Checks one or several dependencies. */
export type ReadinessCheck = () => Promise<Readiness | Readiness[]>;

/** What the HTTP server is built from. */
export interface HttpDeps {
  services: Services;
  logger: Logger;
  registry: Registry;
  readiness: ReadinessCheck[];
}

function bearerOf(req: Request | undefined): string | null {
  const header = req?.headers.get('authorization');
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

/** Creates the yoga instance (also used directly by tests through `fetch`). */
export function createGraphqlHandler(deps: Omit<HttpDeps, 'readiness' | 'registry'>) {
  return createYoga<ServerContext, ApiContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'callwright GraphQL' },
    logging: false,
    maskedErrors: { maskError: createErrorMasker(deps.logger) },
    plugins: [
      maxDepthPlugin({ n: 12, exposeLimits: true }),
      maxAliasesPlugin({ n: 30, exposeLimits: true }),
      costLimitPlugin({ maxCost: 20_000, exposeLimits: true }),
    ],
    // A WebSocket operation has no Fetch request: its token is in connectionParams.
    context: async ({ request, req, connectionParams }) => {
      const token = connectionParams ? tokenOfParams(connectionParams) : bearerOf(request);
      const source = req?.socket.remoteAddress ?? request?.headers.get('x-forwarded-for') ?? null;
      const actor = token ? await deps.services.auth.authenticate(token, source) : null;
      return { actor: actor ?? null, token, source, services: deps.services };
    },
  });
}

async function probe(res: ServerResponse, checks: ReadinessCheck[]): Promise<void> {
  const results = await Promise.all(
    checks.map((check) =>
      check().catch(
        (error: unknown): Readiness => ({ name: 'check', ok: false, detail: String(error) }),
      ),
    ),
  ).then((lists) => lists.flat());
  const ok = results.every((r) => r.ok);
  res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok, checks: results }));
}

/** The HTTP server, with a shutdown that also ends the long-lived subscriptions. */
export class HttpServer extends Server {
  shutdownHooks: Array<() => Promise<void> | void> = [];

  /**
   * Ends every subscription (SSE streams complete, WebSockets close), stops
   * listening and closes the remaining connections; resolves once closed.
   */
  async shutdown(): Promise<void> {
    for (const hook of this.shutdownHooks) await hook();
    const closed = new Promise<void>((resolve) => this.close(() => resolve()));
    this.closeAllConnections();
    await closed;
  }
}

/** Creates the HTTP server (not yet listening). */
export function createHttpServer(deps: HttpDeps): HttpServer {
  const yoga = createGraphqlHandler(deps);
  const widget = createWidgetRoutes(deps.logger);
  const server = new HttpServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    } else if (path === '/readyz') {
      void probe(res, deps.readiness);
    } else if (path === '/metrics') {
      deps.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': deps.registry.contentType });
          res.end(text);
        },
        (error: unknown) => {
          res.writeHead(500);
          res.end(String(error));
        },
      );
    } else if (path === '/') {
      res.writeHead(302, { location: '/graphql' });
      res.end();
    } else if (isWidgetPath(path ?? '')) {
      widget(req, res, path ?? '');
    } else if (isVoicemailAudioPath(path ?? '')) {
      void serveVoicemailAudio(req, res, deps.services, deps.logger);
    } else if (isRecordsPath(path ?? '')) {
      void serveRecords(req, res, deps.services, deps.logger);
    } else {
      void yoga(req, res, { req });
    }
  });
  const ws = attachGraphqlWs(server, yoga, deps.services);
  server.shutdownHooks.push(
    () => deps.services.live.close(),
    () => ws.close(),
  );
  return server;
}
