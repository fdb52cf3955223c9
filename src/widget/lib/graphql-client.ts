/**
 * The widget's only way to callwright: GraphQL. Queries and mutations go
 * over `fetch` (POST /graphql with the bearer token); subscriptions over one
 * graphql-ws WebSocket per client, which reconnects by itself (each feed
 * then starts again with the current state, so nothing is left stale).
 */
import { type Client, createClient } from 'graphql-ws';

/** A GraphQL error (not authenticated, forbidden, bad query...) with its `extensions.code`. */
export class GraphqlError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'GraphqlError';
  }
}

/** A mutation answered with a `Problem` (nothing was written). */
export class ProblemError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ProblemError';
  }
}

interface GraphqlResponse {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{ message: string; extensions?: { code?: string } }>;
}

type Variables = Record<string, unknown>;

function firstError(body: GraphqlResponse): GraphqlError | null {
  const error = body.errors?.[0];
  return error ? new GraphqlError(error.message, error.extensions?.code ?? null) : null;
}

/** The `data` of a `Success | Problem` mutation result; throws the Problem. */
export function successOf<T>(result: unknown): T {
  const r = result as { __typename?: string; code?: string; message?: string; data?: T } | null;
  if (r === null || r === undefined) throw new GraphqlError('empty result', null);
  if (r.__typename === 'Problem') throw new ProblemError(r.message ?? 'refused', r.code ?? '');
  return r.data as T;
}

/** The GraphQL endpoint under `server` (a base URL; relative URLs resolve against the page). */
export function graphqlUrl(server: string): URL {
  return new URL('graphql', new URL(server.endsWith('/') ? server : `${server}/`, location.href));
}

/** A client of one callwright server with one token. */
export class CallwrightClient {
  readonly #url: URL;
  readonly #token: string | null;
  #ws: Client | null = null;

  constructor(server: string, token: string | null) {
    this.#url = graphqlUrl(server);
    this.#token = token;
  }

  /** Runs a query or mutation; resolves with `data`, rejects with the first error. */
  async request<T = Record<string, unknown>>(query: string, variables: Variables = {}): Promise<T> {
    const response = await fetch(this.#url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(this.#token ? { authorization: `Bearer ${this.#token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as GraphqlResponse;
    const error = firstError(body);
    if (error) throw error;
    return (body.data ?? {}) as T;
  }

  /**
   * Follows a subscription: `onData` gets each result's `data`, `onError`
   * the errors (the feed then ends). Returns the function that stops it.
   */
  subscribe<T = Record<string, unknown>>(
    query: string,
    variables: Variables,
    onData: (data: T) => void,
    onError: (error: Error) => void,
  ): () => void {
    return this.#socket().subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          const error = firstError(result as GraphqlResponse);
          if (error) onError(error);
          else if (result.data) onData(result.data as T);
        },
        error: (error) => onError(error instanceof Error ? error : new Error(describe(error))),
        complete: () => {},
      },
    );
  }

  /** Closes the WebSocket (every subscription ends). */
  close(): void {
    void this.#ws?.dispose();
    this.#ws = null;
  }

  #socket(): Client {
    if (this.#ws) return this.#ws;
    const url = new URL(this.#url);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const token = this.#token;
    this.#ws = createClient({
      url: url.href,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      lazy: true,
      // A wall screen or an agent's desk stays open for hours: come back after any
      // drop, except when the server refused the token (4403): retrying cannot help.
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: (event) => closeCodeOf(event) !== 4403,
    });
    return this.#ws;
  }
}

function closeCodeOf(event: unknown): number | null {
  return event && typeof event === 'object' && 'code' in event && typeof event.code === 'number'
    ? event.code
    : null;
}

/** A readable message for what a WebSocket error handler received (a CloseEvent, an Event...). */
function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && 'reason' in error) {
    return `connection closed (${String(error.code)}${error.reason ? `: ${String(error.reason)}` : ''})`;
  }
  return 'connection failed';
}
