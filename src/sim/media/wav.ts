/**
 * A minimal RIFF/WAVE writer: 8 kHz, 16-bit, mono PCM, which is what
 * Asterisk writes for `wav` recordings. The simulator records silence of the
 * right length; the header is written by hand (44 bytes).
 */

/** Sample rate of simulated recordings. */
export const WAV_RATE = 8000;

/** Bytes per second of 8 kHz 16-bit mono audio. */
export const WAV_BYTES_PER_SECOND = WAV_RATE * 2;

/** Builds a WAV file of `durationMs` of silence. */
export function silentWav(durationMs: number): Buffer {
  const samples = Math.max(0, Math.round((durationMs * WAV_RATE) / 1000));
  const dataBytes = samples * 2;
  const buf = Buffer.alloc(44 + dataBytes);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16); // fmt chunk size
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(WAV_RATE, 24);
  buf.writeUInt32LE(WAV_BYTES_PER_SECOND, 28); // byte rate
  buf.writeUInt16LE(2, 32); // block align
  buf.writeUInt16LE(16, 34); // bits per sample
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(dataBytes, 40);
  return buf;
}

/** Duration in ms of a WAV written by {@link silentWav} (or any 16-bit mono 8 kHz PCM WAV). */
export function wavDurationMs(buf: Buffer): number | undefined {
  if (
    buf.length < 44 ||
    buf.toString('ascii', 0, 4) !== 'RIFF' ||
    buf.toString('ascii', 8, 12) !== 'WAVE'
  ) {
    return undefined;
  }
  const byteRate = buf.readUInt32LE(28);
  const dataBytes = buf.readUInt32LE(40);
  return byteRate > 0 ? Math.round((dataBytes * 1000) / byteRate) : undefined;
}

/** Appends silence to an existing WAV (ifExists=append). */
export function appendSilence(existing: Buffer, durationMs: number): Buffer {
  const before = wavDurationMs(existing) ?? 0;
  return silentWav(before + durationMs);
}
