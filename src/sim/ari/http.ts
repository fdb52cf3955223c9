/**
 * Writing responses the way Asterisk's HTTP server does: `Server`, `Date`,
 * `Cache-Control: no-cache, no-store`, `Content-type: application/json`
 * (lower-case t, as captured in ari-asterisk-info.http), compact JSON, and
 * errors as `{"message": "..."}`.
 */
import type { ServerResponse } from 'node:http';
import { httpDate } from '../core/time-format.ts';

/** A handler's answer. */
export interface AriResponse {
  status: number;
  /** JSON body (omitted for 204). */
  body?: unknown;
  /** Raw bytes (stored recording files) with their content type. */
  bytes?: { data: Buffer; contentType: string };
  headers?: Record<string, string>;
}

/** Shorthands for common answers. */
export const ok = (body: unknown): AriResponse => ({ status: 200, body });
export const noContent = (): AriResponse => ({ status: 204 });
export const created = (body: unknown, location: string): AriResponse => ({
  status: 201,
  body,
  headers: { Location: location },
});
export const error = (status: number, message: string): AriResponse => ({
  status,
  body: { message },
});

/** Asterisk's reason phrases for the statuses ARI uses. */
const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  501: 'Not Implemented',
};

/** Writes an AriResponse. */
export function send(res: ServerResponse, r: AriResponse, serverName: string, nowMs: number): void {
  const headers: Record<string, string> = {
    Server: serverName,
    Date: httpDate(nowMs),
    'Cache-Control': 'no-cache, no-store',
    ...r.headers,
  };
  let payload: Buffer | undefined;
  if (r.bytes) {
    headers['Content-type'] = r.bytes.contentType;
    payload = r.bytes.data;
  } else if (r.body !== undefined && r.status !== 204) {
    headers['Content-type'] = 'application/json';
    payload = Buffer.from(JSON.stringify(r.body));
  }
  headers['Content-Length'] = String(payload?.length ?? 0);
  res.writeHead(r.status, REASONS[r.status] ?? '', headers);
  res.end(payload);
}
