/**
 * Time-ordered UUIDs (version 7, RFC 9562) for rows the record writer
 * inserts in bulk. InnoDB keeps a table in primary-key order: random (v4)
 * keys land all over the table, so each batch dirties pages everywhere
 * (and, once the table outgrows the buffer pool, reads them back first);
 * keys that grow with time fill the last pages instead. A counter keeps
 * them growing within a millisecond; the rest is random.
 */
import { randomBytes } from 'node:crypto';

/** Random bytes drawn at a time (one draw serves many ids). */
const POOL_BYTES = 8192;
let pool = randomBytes(POOL_BYTES);
let offset = 0;
let lastMs = -1;
let counter = 0;

function randomHex(bytes: number): string {
  if (offset + bytes > POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  offset += bytes;
  return pool.toString('hex', offset - bytes, offset);
}

const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0');

/** A new UUIDv7; the ids one process makes sort in the order they were made. */
export function orderedId(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (counter === 0xfff) {
    lastMs += 1; // 4,096 ids in one millisecond: go on in the next one
    counter = 0;
  } else {
    counter += 1;
  }
  const tail = randomHex(8);
  const variant = (8 + (Number.parseInt(tail[0]!, 16) & 0x3)).toString(16);
  return `${hex(Math.floor(lastMs / 0x10000), 8)}-${hex(lastMs % 0x10000, 4)}-7${hex(counter, 3)}-${variant}${tail.slice(1, 4)}-${tail.slice(4)}`;
}
