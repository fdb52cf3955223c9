/**
 * Parameters of play and record, shared by channels and bridges (ARI
 * `channels.json` / `bridges.json`, same names on both).
 */
import type { QueryValue } from '../rest.ts';

/** `POST /{channels|bridges}/{id}/play`. */
export interface PlayParams {
  /**
   * What to play, in order: `sound:hello-world`, `recording:name`,
   * `digits:123`, `number:42`, `tone:ring`, ... (sent comma-separated).
   */
  media: string | readonly string[];
  /** Id for the playback, so its events can be matched before the answer arrives. */
  playbackId?: string;
  lang?: string;
  offsetms?: number;
  skipms?: number;
}

/** `POST /{channels|bridges}/{id}/record`. */
export interface RecordParams {
  /** Recording name; also the stored recording's name afterwards. */
  name: string;
  /** File format, e.g. `wav`. */
  format: string;
  maxDurationSeconds?: number;
  maxSilenceSeconds?: number;
  ifExists?: 'fail' | 'overwrite' | 'append';
  beep?: boolean;
  terminateOn?: 'none' | 'any' | '*' | '#';
}

/** Query parameters of a play request. */
export function playQuery(p: PlayParams): Record<string, QueryValue> {
  return {
    media: p.media,
    lang: p.lang,
    offsetms: p.offsetms,
    skipms: p.skipms,
    playbackId: p.playbackId,
  };
}

/** Query parameters of a record request. */
export function recordQuery(p: RecordParams): Record<string, QueryValue> {
  return {
    name: p.name,
    format: p.format,
    maxDurationSeconds: p.maxDurationSeconds,
    maxSilenceSeconds: p.maxSilenceSeconds,
    ifExists: p.ifExists,
    beep: p.beep,
    terminateOn: p.terminateOn,
  };
}
