/**
 * /ari/playbacks and /ari/recordings. A finished playback is gone (GET ->
 * 404 "Playback not found", captured); stored recordings are the files in
 * the recordings directory, served as bytes by /file.
 */
import type { AriDeps } from '../context.ts';
import { type AriResponse, error, noContent, ok } from '../http.ts';
import { liveRecordingJson, playbackJson } from '../json.ts';
import type { AriRequest, Router } from '../router.ts';

const CONTENT_TYPES: Record<string, string> = {
  wav: 'audio/wav',
  WAV: 'audio/wav',
  gsm: 'audio/gsm',
  ulaw: 'audio/basic',
  alaw: 'audio/x-alaw-basic',
};

function control(d: AriDeps, r: AriRequest): AriResponse {
  const id = r.pathParams.playbackId ?? '';
  if (!d.core.playbacks.get(id)) return error(404, 'Playback not found');
  const op = r.params.str('operation') ?? '';
  const res = d.core.playbacks.control(id, op);
  if (res === 'invalid-operation') return error(400, `Invalid operation ${op}`);
  if (res === 'invalid-state') return error(409, `Can only ${op} while media is playing`);
  return noContent();
}

function liveOp(
  d: AriDeps,
  r: AriRequest,
  op: (name: string) => boolean,
  needsSession = false,
): AriResponse {
  const name = r.pathParams.recordingName ?? '';
  const rec = d.core.recordings.get(name);
  if (!rec) return error(404, 'Recording not found');
  if (needsSession && rec.state !== 'recording' && rec.state !== 'paused')
    return error(409, 'Recording not in session');
  op(name);
  return noContent();
}

/** Registers playback and recording routes. */
export function mediaRoutes(router: Router, d: AriDeps): void {
  const rec = d.core.recordings;
  const store = d.core.store;
  router
    .on('GET', '/playbacks/{playbackId}', (r) => {
      const pb = d.core.playbacks.get(r.pathParams.playbackId ?? '');
      return pb ? ok(playbackJson(pb.snapshot())) : error(404, 'Playback not found');
    })
    .on('DELETE', '/playbacks/{playbackId}', (r) =>
      d.core.playbacks.stop(r.pathParams.playbackId ?? '')
        ? noContent()
        : error(404, 'Playback not found'),
    )
    .on('POST', '/playbacks/{playbackId}/control', (r) => control(d, r))
    .on('GET', '/recordings/stored', () => ok(store.list()))
    .on('GET', '/recordings/stored/{recordingName}', (r) => {
      const found = store.find(r.pathParams.recordingName ?? '');
      return found ? ok(found) : error(404, 'Recording not found');
    })
    .on('DELETE', '/recordings/stored/{recordingName}', (r) =>
      store.delete(r.pathParams.recordingName ?? '')
        ? noContent()
        : error(404, 'Recording not found'),
    )
    .on('GET', '/recordings/stored/{recordingName}/file', (r) => {
      const file = store.read(r.pathParams.recordingName ?? '');
      if (!file) return error(404, 'Recording not found');
      const contentType = CONTENT_TYPES[file.rec.format] ?? 'application/octet-stream';
      return {
        status: 200,
        bytes: { data: file.bytes, contentType },
        headers: {
          'Content-Disposition': `attachment; filename="${file.rec.name.split('/').pop()}.${file.rec.format}"`,
        },
      };
    })
    .on('POST', '/recordings/stored/{recordingName}/copy', (r) => {
      const from = store.find(r.pathParams.recordingName ?? '');
      if (!from) return error(404, 'Recording not found');
      const to = r.params.str('destinationRecordingName') ?? '';
      if (!store.validName(to)) return error(400, 'Destination recording name invalid');
      if (store.find(to))
        return error(409, 'A recording with the same name already exists on the system');
      return ok(store.copy(from, to));
    })
    .on('GET', '/recordings/live/{recordingName}', (r) => {
      const live = rec.get(r.pathParams.recordingName ?? '');
      return live ? ok(liveRecordingJson(live.snapshot())) : error(404, 'Recording not found');
    })
    .on('DELETE', '/recordings/live/{recordingName}', (r) => liveOp(d, r, (n) => rec.cancel(n)))
    .on('POST', '/recordings/live/{recordingName}/stop', (r) => liveOp(d, r, (n) => rec.stop(n)))
    .on('POST', '/recordings/live/{recordingName}/pause', (r) =>
      liveOp(d, r, (n) => rec.setPaused(n, true), true),
    )
    .on('DELETE', '/recordings/live/{recordingName}/pause', (r) =>
      liveOp(d, r, (n) => rec.setPaused(n, false), true),
    )
    .on('POST', '/recordings/live/{recordingName}/mute', (r) =>
      liveOp(d, r, (n) => rec.setMuted(n, true), true),
    )
    .on('DELETE', '/recordings/live/{recordingName}/mute', (r) =>
      liveOp(d, r, (n) => rec.setMuted(n, false), true),
    );
}
