/**
 * A call recording as the index knows it (REC-1..3). The file itself stays
 * where Asterisk wrote it (`<recordings dir>/<name>.<format>`); the index
 * links it to its call by the call's linkedid. Times are epoch ms UTC.
 */

/** One indexed recording. */
export interface Recording {
  id: string;
  /** The recorded call's Asterisk linkedid. */
  linkedId: string;
  /** Name as Asterisk stores it: the path under the recordings directory, without extension. */
  name: string;
  /** File format (extension), e.g. `wav`. */
  format: string;
  startedAt: number | null;
  endedAt: number;
  durationMs: number;
  sizeBytes: number | null;
  /** When the file was removed (retention); the index row stays as an audit trail. */
  deletedAt: number | null;
  createdAt: number;
}

/** What the indexer writes for a finished recording. */
export type RecordingInput = Omit<Recording, 'id' | 'deletedAt' | 'createdAt'>;

/** MIME type of a recording format, for playing it in a browser. */
export function mimeTypeOf(format: string): string {
  switch (format.toLowerCase()) {
    case 'wav':
    case 'wav16':
      return 'audio/wav';
    case 'gsm':
      return 'audio/gsm';
    case 'ogg':
      return 'audio/ogg';
    case 'mp3':
      return 'audio/mpeg';
    case 'ulaw':
      return 'audio/basic';
    default:
      return 'application/octet-stream';
  }
}

/**
 * The linkedid a recording belongs to, from how it was made: the ACD names
 * call recordings `call-<linkedid>`; a recording of one channel
 * (`channel:<id>`) belongs to that channel's call. Null when neither tells.
 */
export function linkedIdOfRecording(name: string, targetUri: string): string | null {
  const byName = /^(?:.*\/)?call-(.+)$/.exec(name);
  if (byName?.[1]) return byName[1];
  const byChannel = /^channel:(.+)$/.exec(targetUri);
  return byChannel?.[1] ?? null;
}
