/**
 * The record outbox on local disk: an append-only JSON Lines file, one call
 * picture per line. `append` fsyncs before it resolves, so an entry handed
 * back as durable survives a crash or power loss. The read cursor is a byte
 * offset; a line cut short by a crash in the middle of an append (the only
 * place a torn write can be: the end) is skipped with an error log.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Logger } from '../../app/logger.ts';
import type { RecordOutbox } from '../../app/records/ports.ts';
import type { RecordEntry } from '../../domain/call/record-entry.ts';

/** Bytes read at a time while looking for whole lines. */
const CHUNK = 1 << 20;

function isEntry(value: unknown): value is RecordEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { record?: { linkedId?: unknown }; legs?: unknown };
  return typeof v.record?.linkedId === 'string' && Array.isArray(v.legs);
}

function countLines(path: string): number {
  if (!existsSync(path)) return 0;
  const text = readFileSync(path, 'utf8');
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}

/** Opens (creating its directory) the outbox at `path`. */
export function openOutboxFile(path: string, logger: Logger): RecordOutbox {
  const file = resolve(path);
  const log = logger.child({ component: 'record-outbox', file });
  mkdirSync(dirname(file), { recursive: true });
  // Lines in the file, and lines before the cursor the writer last came back with
  // (it reads from a cursor only once everything before it is written): size() is the difference.
  let lines = countLines(file);
  let committed = 0;
  let lastRead = { next: -1, linesBefore: 0 };

  async function fileSize(): Promise<number> {
    try {
      return (await stat(file)).size;
    } catch {
      return 0;
    }
  }

  async function readChunk(position: number, length: number): Promise<Buffer> {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  return {
    async append(entries) {
      if (entries.length === 0) return;
      const text = entries.map((e) => `${JSON.stringify(e)}\n`).join('');
      const handle = await open(file, 'a');
      try {
        await handle.write(text);
        await handle.datasync();
      } finally {
        await handle.close();
      }
      lines += entries.length;
    },

    async read(cursor, max) {
      if (cursor === 0) committed = 0;
      else if (cursor === lastRead.next) committed = lastRead.linesBefore;
      let counted = committed;
      const size = await fileSize();
      const entries: RecordEntry[] = [];
      let position = cursor;
      let length = CHUNK;
      while (entries.length < max && position < size) {
        const chunk = await readChunk(position, Math.min(length, size - position));
        const end = chunk.lastIndexOf(0x0a);
        if (end === -1) {
          if (position + chunk.length < size) {
            length *= 2; // a line longer than the chunk: read more at once
            continue;
          }
          log.error({ offset: position, bytes: chunk.length }, 'skipping a torn outbox line');
          position = size;
          break;
        }
        let start = 0;
        while (start <= end && entries.length < max) {
          const nl = chunk.indexOf(0x0a, start);
          const line = chunk.subarray(start, nl).toString('utf8');
          start = nl + 1;
          counted += 1;
          try {
            const parsed: unknown = JSON.parse(line);
            if (isEntry(parsed)) entries.push(parsed);
            else log.error({ offset: position + start }, 'skipping an unreadable outbox line');
          } catch {
            log.error({ offset: position + start }, 'skipping an unreadable outbox line');
          }
        }
        position += start;
      }
      lastRead = { next: position, linesBefore: counted };
      return { entries, next: position };
    },

    async exhausted(cursor) {
      return cursor >= (await fileSize());
    },

    async clear() {
      await rm(file, { force: true });
      lines = 0;
      committed = 0;
      lastRead = { next: -1, linesBefore: 0 };
    },

    size: () => Math.max(0, lines - committed),
  };
}
