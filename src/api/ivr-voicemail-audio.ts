/**
 * Voicemail playback over HTTP (IVR-4): `GET /ivr/voicemails/<id>/audio`
 * with the same `Authorization: Bearer` token as GraphQL. Byte ranges
 * (RFC 9110 §14) let a player seek: one `bytes=a-b`, `bytes=a-` or
 * `bytes=-n` range gets 206, an unsatisfiable one 416, anything else the
 * whole file. Who may listen is the voicemail service's rule: staff who
 * read the line's calls, or the user the message is assigned to.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { Logger } from '../app/logger.ts';
import type { Services } from '../app/services.ts';
import { DomainError } from '../domain/shared/errors.ts';

const PATH = /^\/ivr\/voicemails\/([^/]+)\/audio$/;

/** True for the audio path of a message. */
export const isVoicemailAudioPath = (path: string): boolean => PATH.test(path);

/** The byte range asked for: a range, 'unsatisfiable', or null for the whole file. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  const m = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

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

/** Serves one message's audio. */
export async function serveVoicemailAudio(
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
  const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  const actor = token
    ? await services.auth.authenticate(token, req.socket.remoteAddress ?? null)
    : null;
  if (!actor) {
    send(res, 401, { code: 'UNAUTHENTICATED', message: 'send "Authorization: Bearer <token>"' });
    return;
  }
  const raw = decodeURIComponent(PATH.exec((req.url ?? '').split('?')[0] ?? '')?.[1] ?? '');
  let id = raw;
  try {
    const decoded = decodeGlobalID(raw);
    if (decoded.typename === 'IvrVoicemail') id = decoded.id;
  } catch {
    // Not a global ID: taken as the message's own id.
  }
  try {
    const { voicemail, bytes } = await services.ivr.voicemail.audio(actor, id);
    const range = parseRange(req.headers.range, bytes.length);
    const headers = {
      'content-type': voicemail.format === 'wav' ? 'audio/wav' : 'application/octet-stream',
      'accept-ranges': 'bytes',
      'cache-control': 'private, no-store',
    };
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${bytes.length}` });
      res.end();
      return;
    }
    const part = range === null ? bytes : bytes.subarray(range.start, range.end + 1);
    res.writeHead(range === null ? 200 : 206, {
      ...headers,
      'content-length': part.length,
      ...(range !== null && {
        'content-range': `bytes ${range.start}-${range.end}/${bytes.length}`,
      }),
    });
    res.end(req.method === 'HEAD' ? undefined : part);
  } catch (error) {
    if (error instanceof DomainError) {
      send(res, STATUS[error.code] ?? 400, { code: error.code, message: error.message });
      return;
    }
    log.error({ err: error }, 'voicemail audio failed');
    send(res, 500, { code: 'INTERNAL', message: 'internal error' });
  }
}
