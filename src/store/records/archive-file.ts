/**
 * The retention archive on local disk: JSON Lines files per kind and month
 * of deletion (`calls-2026-11.jsonl`, `recordings-2026-11.jsonl`) under
 * RECORD_ARCHIVE_DIR, fsynced before the rows are deleted from the database.
 */
import { mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Clock } from '../../app/clock.ts';
import type { RecordArchive } from '../../app/records/ports.ts';

/** An archive in `dir`. */
export function openArchiveDir(dir: string, clock: Clock): RecordArchive {
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  return {
    async append(kind, rows) {
      if (rows.length === 0) return;
      const month = new Date(clock.now()).toISOString().slice(0, 7);
      const handle = await open(join(root, `${kind}-${month}.jsonl`), 'a');
      try {
        await handle.write(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
        await handle.datasync();
      } finally {
        await handle.close();
      }
    },
  };
}
