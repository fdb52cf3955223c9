/**
 * `/playbacks` (ARI `playbacks.json`). A playback's id disappears as soon as
 * it finishes: `GET /playbacks/{id}` after PlaybackFinished answers 404
 * `{"message":"Playback not found"}`, which is a {@link Gone} here.
 */
import type { Gone } from '../errors.ts';
import { playbackSchema } from '../model-schemas.ts';
import type { Playback } from '../models.ts';
import { goneOn, json, type RestTransport, segment } from '../rest.ts';
import { targetCall } from './common.ts';

/** Operations of `POST /playbacks/{id}/control`. */
export type PlaybackOperation = 'restart' | 'pause' | 'unpause' | 'reverse' | 'forward';

/** Playback operations. */
export interface PlaybacksApi {
  get(playbackId: string): Promise<Playback | Gone>;
  stop(playbackId: string): Promise<Gone | undefined>;
  /** Throws `ARI_CONFLICT` when the operation does not fit the playback's state. */
  control(playbackId: string, operation: PlaybackOperation): Promise<Gone | undefined>;
}

const path = (id: string, tail = '') => `/playbacks/${segment(id)}${tail}`;

/** Creates the playback operations on `rest`. */
export function createPlaybacksApi(rest: RestTransport): PlaybacksApi {
  return {
    get: (id) =>
      rest.request<Playback | Gone>({
        operation: 'playbacks.get',
        method: 'GET',
        path: path(id),
        decode: json(playbackSchema),
        recover: goneOn('playback', id),
      }),
    stop: (id) =>
      targetCall(rest, {
        operation: 'playbacks.stop',
        method: 'DELETE',
        path: path(id),
        resource: 'playback',
        id,
      }),
    control: (id, operation) =>
      targetCall(rest, {
        operation: 'playbacks.control',
        method: 'POST',
        path: path(id, '/control'),
        query: { operation },
        resource: 'playback',
        id,
      }),
  };
}
