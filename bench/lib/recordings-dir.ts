/**
 * Where a bench's simulator keeps its recording files. Asterisk writes
 * recordings from its own threads, never from the one that sends ARI
 * events; the simulator writes them synchronously on its only thread, so on
 * a disk-backed temp directory each recording would hold its events and
 * answers up (about 0.3 ms per file on this kind of machine) and its CPU
 * would crowd the process being measured. A memory-backed directory
 * (`/dev/shm`) is used when there is one.
 */
import { accessSync, constants, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MEMORY_DIR = '/dev/shm';

/** A new empty directory for recordings, in memory when the machine has /dev/shm. */
export function benchRecordingsDir(prefix: string): string {
  let base = tmpdir();
  try {
    accessSync(MEMORY_DIR, constants.W_OK);
    base = MEMORY_DIR;
  } catch {
    // no writable /dev/shm: the temp directory will do
  }
  return mkdtempSync(join(base, prefix));
}
