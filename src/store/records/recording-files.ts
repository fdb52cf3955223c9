/**
 * Recording files under the recordings directory (RECORDINGS_DIR, where
 * Asterisk writes them: `<dir>/<name>.<format>`, subdirectories allowed).
 * A name that would leave the directory (`..`, absolute paths) is treated
 * as missing, so an index row can never make us serve another file.
 */
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { RecordingFiles } from '../../app/records/ports.ts';

/** Recording files in `dir`. */
export function recordingFilesIn(dir: string): RecordingFiles {
  const root = resolve(dir);
  const pathOf = (name: string, format: string): string | undefined => {
    if (name === '' || name.includes('\0') || format.includes('/') || format.includes('\0')) {
      return undefined;
    }
    const path = resolve(root, `${name}.${format}`);
    return path.startsWith(root + sep) ? path : undefined;
  };
  return {
    async size(name, format) {
      const path = pathOf(name, format);
      if (!path) return undefined;
      try {
        const info = await stat(path);
        return info.isFile() ? info.size : undefined;
      } catch {
        return undefined;
      }
    },
    read(name, format, start, end) {
      const path = pathOf(name, format);
      if (!path) throw new Error(`recording ${name}.${format} is outside the recordings directory`);
      return createReadStream(path, { start, end });
    },
    async remove(name, format) {
      const path = pathOf(name, format);
      if (!path) return false;
      try {
        await stat(path);
      } catch {
        return false;
      }
      await rm(path, { force: true });
      return true;
    },
  };
}
