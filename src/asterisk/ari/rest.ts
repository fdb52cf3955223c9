/**
 * The ARI REST transport: node:http over a keep-alive agent, HTTP Basic
 * auth, a per-request timeout, metrics, and the translation of answers into
 * values, {@link Gone} results or {@link AriError}s. Resource modules
 * (`resources/*.ts`) describe each operation as a {@link RestRequest}.
 *
 * Not `fetch`: a call takes about ten REST requests, and under load the
 * WHATWG stack (streams, AbortSignals, Response objects) cost several times
 * what a plain request on a kept-alive socket does.
 */
import http from 'node:http';
import https from 'node:https';
import type { z } from 'zod';
import type { Logger } from '../../app/logger.ts';
import {
  AriError,
  type AriErrorCode,
  codeForStatus,
  type Gone,
  type GoneResource,
  isGone,
} from './errors.ts';
import type { AriMetrics } from './metrics.ts';

/** HTTP methods ARI uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * A query parameter value. Arrays are for the spec's `allowMultiple`
 * parameters: Asterisk takes them comma-separated in ONE parameter (a repeated
 * parameter replaces the earlier one), e.g. `media=sound:a,sound:b`.
 */
export type QueryValue = string | number | boolean | readonly string[] | undefined;

/** A non-2xx answer, for {@link RestRequest.recover}. */
export interface ErrorAnswer {
  status: number;
  /** Asterisk's `message` (or the raw body text when it sent no JSON). */
  message: string;
}

/** Turns a 2xx body into the operation's result; throws when it does not fit. */
export type Decoder<T> = (body: Buffer) => T;

/** One REST operation, as resource modules describe it. */
export interface RestRequest<T> {
  /** Stable operation name for logs, metrics and errors, e.g. `channels.hangup`. */
  operation: string;
  method: HttpMethod;
  /** Path below `/ari`, with each segment encoded by {@link segment}. */
  path: string;
  query?: Readonly<Record<string, QueryValue>>;
  /** JSON body; ARI takes only `variables` (and `fields`, `filter`) in the body. */
  body?: Readonly<Record<string, unknown>>;
  decode: Decoder<T>;
  /** Maps an expected non-2xx answer to a result (e.g. 404 -> Gone); `undefined` means throw. */
  recover?: (answer: ErrorAnswer) => { value: T } | undefined;
}

/** Sends {@link RestRequest}s. */
export interface RestTransport {
  request<T>(req: RestRequest<T>): Promise<T>;
  /** Aborts in-flight requests; later requests fail with `ARI_CLOSED`. */
  close(): void;
}

/** What the transport needs. */
export interface RestTransportOptions {
  /** Asterisk's HTTP base URL, e.g. `http://127.0.0.1:8088` (without `/ari`). */
  url: string;
  user: string;
  password: string;
  logger: Logger;
  metrics: AriMetrics;
  /** Per-request timeout; default 10 s. */
  requestTimeoutMs?: number;
  /** Most sockets kept open to Asterisk at once (default 64). */
  maxSockets?: number;
}

/**
 * Encodes one path segment. `:` and `@` stay literal: they are legal in a
 * path segment (RFC 3986 pchar) and common in ARI ids such as
 * `Stasis:agent-1001` or `Local/100@ctx`.
 */
export function segment(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ':').replace(/%40/gi, '@');
}

/** Decoder for a JSON body checked against `schema`. */
export function json<T>(schema: z.ZodType<T>): Decoder<T> {
  return (body) => {
    const result = schema.safeParse(JSON.parse(body.toString('utf8')));
    if (!result.success) {
      const first = result.error.issues[0];
      throw new Error(`${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
    }
    return result.data;
  };
}

/** Decoder for 204 No Content operations. */
export const noContent: Decoder<undefined> = () => undefined;

/** Decoder for binary bodies (stored recording files). */
export const binary: Decoder<Buffer> = (body) => body;

/**
 * Recovery that turns a 404 (or `status`) into {@link Gone}. ARI's generic
 * 404 for an unknown URL, `{"message":"Resource not found"}`, is NOT a gone
 * resource: it means the server lacks the operation, so it still throws.
 */
export function goneOn(
  resource: GoneResource,
  id: string,
  options: { status?: number; message?: RegExp } = {},
): (answer: ErrorAnswer) => { value: Gone } | undefined {
  const status = options.status ?? 404;
  return (answer) => {
    if (answer.status !== status || answer.message === 'Resource not found') return undefined;
    if (options.message && !options.message.test(answer.message)) return undefined;
    return { value: { gone: true, resource, id, message: answer.message } };
  };
}

function buildQuery(query: Readonly<Record<string, QueryValue>> | undefined): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    const text = typeof value === 'object' ? value.join(',') : String(value);
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** Asterisk answers errors as `{"message": "..."}`; anything else is quoted raw. */
function errorMessage(body: Buffer): string {
  const text = body.toString('utf8').trim();
  try {
    const parsed: unknown = JSON.parse(text);
    const message = (parsed as { message?: unknown } | null)?.message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 200);
}

/** Why a request failed. */
class SendFailure extends Error {
  constructor(
    readonly code: AriErrorCode,
    cause: unknown,
  ) {
    super(code, { cause });
  }
}

/** A kept-alive socket the server had closed: the request never reached it. */
class StaleSocket extends Error {
  constructor(cause: unknown) {
    super('stale keep-alive socket', { cause });
  }
}

class HttpTransport implements RestTransport {
  readonly #base: URL;
  readonly #authorization: string;
  readonly #timeoutMs: number;
  readonly #agent: http.Agent;
  readonly #request: typeof http.request;
  /** Requests in flight: close() destroys them. */
  readonly #inFlight = new Set<http.ClientRequest>();
  #closed = false;
  private readonly logger: Logger;
  private readonly metrics: AriMetrics;

  constructor(options: RestTransportOptions) {
    this.#base = new URL(`${options.url.replace(/\/+$/, '')}/ari`);
    const credentials = Buffer.from(`${options.user}:${options.password}`).toString('base64');
    this.#authorization = `Basic ${credentials}`;
    this.#timeoutMs = options.requestTimeoutMs ?? 10_000;
    const secure = this.#base.protocol === 'https:';
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64 };
    this.#agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.#request = secure ? https.request : http.request;
    this.logger = options.logger;
    this.metrics = options.metrics;
  }

  close(): void {
    this.#closed = true;
    for (const req of this.#inFlight) req.destroy(new SendFailure('ARI_CLOSED', null));
    this.#agent.destroy();
  }

  async request<T>(req: RestRequest<T>): Promise<T> {
    const { operation } = req;
    if (this.#closed) throw new AriError({ code: 'ARI_CLOSED', operation });
    const stopTimer = this.metrics.restDuration.startTimer({ operation });
    try {
      const value = await this.#perform(req);
      const outcome = isGone(value) ? 'gone' : 'ok';
      stopTimer({ outcome });
      this.logger.debug({ operation, outcome }, 'ARI REST call');
      return value;
    } catch (error) {
      const failure =
        error instanceof AriError
          ? error
          : new AriError({ code: 'ARI_UNREACHABLE', operation }, { cause: error });
      stopTimer({ outcome: 'error' });
      this.metrics.restErrors.inc({ operation, code: failure.code });
      const { code, status } = failure;
      this.logger.debug({ operation, code, status }, 'ARI REST call failed');
      throw failure;
    }
  }

  async #perform<T>(req: RestRequest<T>): Promise<T> {
    const { status, body } = await this.#sendOrFail(req);
    const { operation } = req;
    if (status >= 200 && status < 300) {
      try {
        return req.decode(body);
      } catch (error) {
        const detail = (error as Error).message;
        throw new AriError({ code: 'ARI_BAD_RESPONSE', operation, status, detail });
      }
    }
    const message = errorMessage(body);
    const recovered = req.recover?.({ status, message });
    if (recovered) return recovered.value;
    throw new AriError({ code: codeForStatus(status), operation, status, serverMessage: message });
  }

  async #sendOrFail(req: RestRequest<unknown>): Promise<{ status: number; body: Buffer }> {
    try {
      try {
        return await this.#send(req);
      } catch (error) {
        // The server closed a kept-alive socket as we reused it: it saw nothing, send again.
        if (error instanceof StaleSocket) return await this.#send(req);
        throw error;
      }
    } catch (error) {
      const code = error instanceof SendFailure ? error.code : 'ARI_UNREACHABLE';
      const cause = error instanceof SendFailure ? error.cause : error;
      throw new AriError({ code, operation: req.operation }, { cause });
    }
  }

  #send(req: RestRequest<unknown>): Promise<{ status: number; body: Buffer }> {
    const payload = req.body ? JSON.stringify(req.body) : undefined;
    const headers: http.OutgoingHttpHeaders = {
      authorization: this.#authorization,
      accept: 'application/json',
    };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const request = this.#request(
        {
          protocol: this.#base.protocol,
          hostname: this.#base.hostname,
          port: this.#base.port,
          path: `${this.#base.pathname}${req.path}${buildQuery(req.query)}`,
          method: req.method,
          headers,
          agent: this.#agent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            done();
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) });
          });
          response.on('error', (error) => {
            done();
            reject(error);
          });
        },
      );
      const timer = setTimeout(
        () => request.destroy(new SendFailure('ARI_TIMEOUT', null)),
        this.#timeoutMs,
      );
      const done = () => {
        clearTimeout(timer);
        this.#inFlight.delete(request);
      };
      this.#inFlight.add(request);
      request.on('error', (error) => {
        done();
        const reset = (error as NodeJS.ErrnoException).code === 'ECONNRESET';
        reject(reset && request.reusedSocket ? new StaleSocket(error) : error);
      });
      request.end(payload);
    });
  }
}

/** Creates the transport. */
export function createRestTransport(options: RestTransportOptions): RestTransport {
  return new HttpTransport(options);
}
