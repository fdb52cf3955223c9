/**
 * Voicemail messages are recorded by Asterisk (AGI RECORD FILE) into its
 * recording directory; ARI serves them as stored recordings. This reads
 * one for playback through callwright's HTTP API.
 */
import type { RecordingFiles } from '../../app/ivr/ports.ts';
import type { AriClient } from '../ari/client.ts';
import { isGone } from '../ari/errors.ts';

/** Stored recordings over ARI. */
export function ariRecordingFiles(ari: Pick<AriClient, 'recordings'>): RecordingFiles {
  return {
    async read(name) {
      const file = await ari.recordings.stored.getFile(name);
      return isGone(file) ? null : file;
    },
  };
}
