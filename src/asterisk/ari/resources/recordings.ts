/**
 * `/recordings` (ARI `recordings.json`): stored recordings on the Asterisk
 * host and recordings in progress. A recording that no longer exists is a
 * {@link Gone} (resource `recording`).
 */
import type { Gone } from '../errors.ts';
import { liveRecordingSchema, storedRecordingSchema } from '../model-schemas.ts';
import type { LiveRecording, StoredRecording } from '../models.ts';
import { binary, goneOn, json, type RestTransport, segment } from '../rest.ts';
import { targetCall } from './common.ts';

/** Stored recordings. */
export interface StoredRecordingsApi {
  list(): Promise<StoredRecording[]>;
  get(recordingName: string): Promise<StoredRecording | Gone>;
  /** The recording's file; throws `ARI_FORBIDDEN` when Asterisk cannot open it. */
  getFile(recordingName: string): Promise<Buffer | Gone>;
  delete(recordingName: string): Promise<Gone | undefined>;
}

/** Recordings in progress. */
export interface LiveRecordingsApi {
  get(recordingName: string): Promise<LiveRecording | Gone>;
  /** Stops and keeps the recording. */
  stop(recordingName: string): Promise<Gone | undefined>;
  /** Stops and discards the recording. */
  cancel(recordingName: string): Promise<Gone | undefined>;
  pause(recordingName: string): Promise<Gone | undefined>;
  unpause(recordingName: string): Promise<Gone | undefined>;
  mute(recordingName: string): Promise<Gone | undefined>;
  unmute(recordingName: string): Promise<Gone | undefined>;
}

/** Recording operations. */
export interface RecordingsApi {
  readonly stored: StoredRecordingsApi;
  readonly live: LiveRecordingsApi;
}

const storedPath = (name: string, tail = '') => `/recordings/stored/${segment(name)}${tail}`;
const livePath = (name: string, tail = '') => `/recordings/live/${segment(name)}${tail}`;

function createStoredApi(rest: RestTransport): StoredRecordingsApi {
  return {
    list: () =>
      rest.request({
        operation: 'recordings.stored.list',
        method: 'GET',
        path: '/recordings/stored',
        decode: json(storedRecordingSchema.array()),
      }),
    get: (name) =>
      rest.request<StoredRecording | Gone>({
        operation: 'recordings.stored.get',
        method: 'GET',
        path: storedPath(name),
        decode: json(storedRecordingSchema),
        recover: goneOn('recording', name),
      }),
    getFile: (name) =>
      rest.request<Buffer | Gone>({
        operation: 'recordings.stored.getFile',
        method: 'GET',
        path: storedPath(name, '/file'),
        decode: binary,
        recover: goneOn('recording', name),
      }),
    delete: (name) =>
      targetCall(rest, {
        operation: 'recordings.stored.delete',
        method: 'DELETE',
        path: storedPath(name),
        resource: 'recording',
        id: name,
      }),
  };
}

function createLiveApi(rest: RestTransport): LiveRecordingsApi {
  const call = (operation: string, name: string, tail: string, method: 'POST' | 'DELETE') =>
    targetCall(rest, {
      operation: `recordings.live.${operation}`,
      method,
      path: livePath(name, tail),
      resource: 'recording',
      id: name,
    });
  return {
    get: (name) =>
      rest.request<LiveRecording | Gone>({
        operation: 'recordings.live.get',
        method: 'GET',
        path: livePath(name),
        decode: json(liveRecordingSchema),
        recover: goneOn('recording', name),
      }),
    stop: (name) => call('stop', name, '/stop', 'POST'),
    cancel: (name) => call('cancel', name, '', 'DELETE'),
    pause: (name) => call('pause', name, '/pause', 'POST'),
    unpause: (name) => call('unpause', name, '/pause', 'DELETE'),
    mute: (name) => call('mute', name, '/mute', 'POST'),
    unmute: (name) => call('unmute', name, '/mute', 'DELETE'),
  };
}

/** Creates the recording operations on `rest`. */
export function createRecordingsApi(rest: RestTransport): RecordingsApi {
  return { stored: createStoredApi(rest), live: createLiveApi(rest) };
}
