/**
 * GraphQL over WebSocket (the graphql-ws protocol) at /graphql, on the same
 * HTTP server as GraphQL over HTTP and SSE. Each operation runs through the
 * yoga instance's own envelope (schema, validation rules, limits, error
 * masking, context), so a WebSocket client gets exactly what an HTTP one
 * gets. The client authenticates in `connectionParams`
 * (`{ "authorization": "Bearer <token>" }` or `{ "token": "<token>" }`): a
 * connection with a token that is not valid is closed with 4403; without a
 * token, operations that need a caller fail with UNAUTHENTICATED as over HTTP.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import type { Services } from '../app/services.ts';
import type { ApiContext } from './context.ts';

/** The yoga server context: HTTP requests carry `req`, WebSocket operations their `connectionParams`. */
export interface ServerContext {
  req?: IncomingMessage;
  connectionParams?: Readonly<Record<string, unknown>>;
}

/** The bearer token in graphql-ws `connectionParams`, or null. */
export function tokenOfParams(
  params: Readonly<Record<string, unknown>> | undefined,
): string | null {
  if (!params) return null;
  const header = params.authorization ?? params.Authorization;
  if (typeof header === 'string') return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? null;
  return typeof params.token === 'string' && params.token !== '' ? params.token : null;
}

type Envelope = {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
};

/** The WebSocket side of the server; `close()` drops every connection. */
export interface GraphqlWebSocket {
  close(): Promise<void>;
}

/** Serves graphql-ws on `server` at `path`, through `yoga`. */
export function attachGraphqlWs(
  server: Server,
  yoga: YogaServerInstance<ServerContext, ApiContext>,
  services: Services,
  path = '/graphql',
): GraphqlWebSocket {
  const wss = new WebSocketServer({ noServer: true });
  useServer<Record<string, unknown>>(
    {
      execute: (args) => (args.rootValue as Envelope).execute(args) as never,
      subscribe: (args) => (args.rootValue as Envelope).subscribe(args) as never,
      onConnect: async (ctx) => {
        const token = tokenOfParams(ctx.connectionParams);
        if (token === null) return true;
        const source = ctx.extra.request.socket.remoteAddress ?? null;
        return Boolean(await services.auth.authenticate(token, source));
      },
      onSubscribe: async (ctx, _id, payload) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          req: ctx.extra.request,
          connectionParams: ctx.connectionParams ?? {},
        });
        const document = parse(payload.query);
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
      },
    },
    wss,
  );
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((req.url ?? '/').split('?')[0] !== path) {
      // Another upgrade handler may want it; with none, nobody will answer.
      if (server.listenerCount('upgrade') === 1) socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);
  return {
    close() {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
