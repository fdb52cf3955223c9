/**
 * The records feature over plain HTTP:
 *
 * - `GET /recordings/<id>/audio`: a recording's file, streamed, with byte
 *   ranges (RFC 9110 §14: `bytes=a-b`, `bytes=a-`, `bytes=-n` get 206, an
 *   unsatisfiable one 416) so a browser's `<audio>` can seek; `?download=1`
 *   makes it an attachment.
 * - `GET /exports/<kind>.csv?...`: a report or the call records as CSV,
 *   streamed row by row (see report-csv.ts).
 *
 * Callers authenticate with `Authorization: Bearer <token>` like GraphQL,
 * or with the short-lived signed link GraphQL hands out (`playUrl`,
 * `downloadUrl`, `exportUrl`), since a browser cannot add a header to a
 * link. Visibility is the services' (SEC-1): a recording or call the caller
 * may not see is 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { Actor } from '../app/actor.ts';
import type { Logger } from '../app/logger.ts';
import type { Services } from '../app/services.ts';
import { DomainError } from '../domain/shared/errors.ts';
import { parseRange } from './ivr-voicemail-audio.ts';
import { isExportPath, serveExport } from './report-csv.ts';

const AUDIO = /^\/recordings\/([^/]+)\/audio$/;

/** True for a path this module serves. */
export const isRecordsPath = (path: string): boolean => AUDIO.test(path) || isExportPath(path);

function send(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const STATUS: Partial<Record<string, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNAVAILABLE: 503,
};

/** The caller: a bearer token, or a valid signed link for exactly this path. */
export async function callerOf(
  req: IncomingMessage,
  services: Services,
): Promise<Actor | undefined> {
  const source = req.socket.remoteAddress ?? null;
  const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  if (token) return services.auth.authenticate(token, source);
  const url = new URL(req.url ?? '/', 'http://callwright.invalid');
  return services.links.actorOf(url.pathname, url.searchParams, source);
}

function idOf(raw: string, typename: string): string {
  try {
    const decoded = decodeGlobalID(raw);
    return decoded.typename === typename ? decoded.id : raw;
  } catch {
    return raw;
  }
}

async function serveAudio(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
  actor: Actor,
) {
  const url = new URL(req.url ?? '/', 'http://callwright.invalid');
  const id = idOf(decodeURIComponent(AUDIO.exec(url.pathname)?.[1] ?? ''), 'Recording');
  const file = await services.recordings.file(actor, id);
  const range = parseRange(req.headers.range, file.size);
  const disposition = url.searchParams.get('download') === '1' ? 'attachment' : 'inline';
  const headers = {
    'content-type': file.mimeType,
    'accept-ranges': 'bytes',
    'cache-control': 'private, no-store',
    'content-disposition': `${disposition}; filename="${file.fileName.replace(/["\\\r\n]/g, '_')}"`,
  };
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${file.size}` });
    res.end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: file.size - 1 };
  res.writeHead(range === null ? 200 : 206, {
    ...headers,
    'content-length': file.size === 0 ? 0 : end - start + 1,
    ...(range !== null && { 'content-range': `bytes ${start}-${end}/${file.size}` }),
  });
  if (req.method === 'HEAD' || file.size === 0) {
    res.end();
    return;
  }
  for await (const chunk of file.read(start, end)) {
    if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}

/** Serves a recording or an export. */
export async function serveRecords(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
  log: Logger,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' });
    res.end();
    return;
  }
  try {
    const actor = await callerOf(req, services);
    if (!actor) {
      send(res, 401, {
        code: 'UNAUTHENTICATED',
        message: 'send "Authorization: Bearer <token>" or use a signed link from the API',
      });
      return;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (AUDIO.test(path)) await serveAudio(req, res, services, actor);
    else await serveExport(req, res, services, actor);
  } catch (error) {
    if (res.headersSent) {
      log.error({ err: error }, 'records download broke off');
      res.destroy();
      return;
    }
    if (error instanceof DomainError) {
      send(res, STATUS[error.code] ?? 400, { code: error.code, message: error.message });
      return;
    }
    log.error({ err: error }, 'records download failed');
    send(res, 500, { code: 'INTERNAL', message: 'internal error' });
  }
}
