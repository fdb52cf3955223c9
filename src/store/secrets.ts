/**
 * Hashing of secrets.
 *
 * Passwords get scrypt (memory-hard, in node:crypto) with a random 16-byte salt,
 * stored as `scrypt$N$r$p$salt$hash` (salt and hash base64), so the cost can be
 * raised later without breaking stored hashes. API keys and session tokens are 32
 * random bytes: guessing one is hopeless, so a plain SHA-256 digest suffices and
 * keeps lookups by digest fast.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { SecretHasher } from '../app/ports.ts';

const COST = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** Refuse stored parameters beyond this, so a tampered row cannot exhaust memory. */
const MAX_N = 2 ** 20;

/** Prefix of every token callwright issues, so leaked keys are easy to recognise. */
export const TOKEN_PREFIX = 'cw_';

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }) {
  return new Promise<Buffer>((resolve, reject) => {
    // maxmem: scrypt needs about 128 * N * r bytes; allow that plus headroom.
    const maxmem = 256 * cost.N * cost.r;
    scrypt(password, salt, KEY_LENGTH, { ...cost, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

interface ParsedHash {
  cost: { N: number; r: number; p: number };
  salt: Buffer;
  hash: Buffer;
}

function parse(stored: string): ParsedHash | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const valid = [N, r, p].every((n) => Number.isInteger(n) && n > 0);
  if (!valid || N > MAX_N || (N & (N - 1)) !== 0 || r > 32 || p > 16) return undefined;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const hash = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length === 0 || hash.length === 0) return undefined;
  return { cost: { N, r, p }, salt, hash };
}

/** The SecretHasher used everywhere. */
export function createSecretHasher(): SecretHasher {
  return {
    async hashPassword(password) {
      const salt = randomBytes(SALT_BYTES);
      const hash = await derive(password, salt, COST);
      const { N, r, p } = COST;
      return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`;
    },

    /** False for a wrong password and for a malformed stored hash alike. */
    async verifyPassword(password, stored) {
      const parsed = parse(stored);
      if (!parsed) return false;
      const candidate = await derive(password, parsed.salt, parsed.cost);
      return candidate.length === parsed.hash.length && timingSafeEqual(candidate, parsed.hash);
    },

    newToken() {
      return TOKEN_PREFIX + randomBytes(32).toString('base64url');
    },

    digest(token) {
      return createHash('sha256').update(token, 'utf8').digest('hex');
    },
  };
}
