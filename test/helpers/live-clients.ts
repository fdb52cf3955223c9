/**
 * Clients of the GraphQL subscriptions for tests: one over Server-Sent
 * Events (yoga's "distinct connections" mode: a POST with
 * `Accept: text/event-stream`) and one over graphql-ws. Both hand out the
 * results one at a time; a wait's time limit only turns a result that
 * never comes into a readable failure.
 */
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { GqlResult } from './api.ts';

/** Longest a test waits for one subscription result. */
const WAIT_LIMIT_MS = 20_000;

/** Rejects with a message naming `what` if `work` takes longer than the limit. */
export function within<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no ${what} within ${WAIT_LIMIT_MS} ms`)),
      WAIT_LIMIT_MS,
    );
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** A subscription being read. */
export interface LiveReader {
  /** The next result; null once the server completed the subscription. */
  next(): Promise<GqlResult | null>;
  /** Reads until a result matches `match`; fails if the subscription ends first. */
  until(what: string, match: (r: GqlResult) => boolean): Promise<GqlResult>;
  close(): void;
}

function readerOf(next: () => Promise<GqlResult | null>, close: () => void): LiveReader {
  return {
    next: () => within('subscription result', next()),
    async until(what, match) {
      return within(
        what,
        (async () => {
          for (;;) {
            const result = await next();
            if (result === null) throw new Error(`subscription ended before ${what}`);
            if (match(result)) return result;
          }
        })(),
      );
    },
    close,
  };
}

/**
 * Subscribes over SSE. Resolves once the server answered, which it does
 * only after the subscription is in place (or refused).
 */
export async function subscribeSse(
  httpUrl: string,
  query: string,
  variables: Record<string, unknown>,
  token: string | undefined,
): Promise<LiveReader> {
  const abort = new AbortController();
  const response = await fetch(`${httpUrl}/graphql`, {
    method: 'POST',
    headers: {
      accept: 'text/event-stream',
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  if (!response.body) throw new Error(`no SSE body (status ${response.status})`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let ended = false;
  const next = async (): Promise<GqlResult | null> => {
    for (;;) {
      const cut = buffer.indexOf('\n\n');
      if (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (\w+)$/m.exec(block)?.[1];
        const data = /^data: ?(.*)$/m.exec(block)?.[1] ?? '';
        if (event === 'complete') ended = true;
        if (event === 'next') return JSON.parse(data) as GqlResult;
        if (ended) return null;
        continue;
      }
      if (ended) return null;
      const chunk = await reader.read();
      if (chunk.done) return null;
      buffer += chunk.value;
    }
  };
  return readerOf(next, () => abort.abort());
}

/** A graphql-ws client connected with `token` in its connection parameters. */
export function wsClient(httpUrl: string, token: string | undefined): Client {
  return createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => {},
  });
}

/** Subscribes over graphql-ws on `client`. */
export function subscribeWs(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): LiveReader {
  const results = client.iterate({ query, variables });
  const next = async () => {
    const item = await results.next();
    return item.done ? null : (item.value as GqlResult);
  };
  return readerOf(next, () => void results.return?.());
}
