import test from 'ava';
import { createSecretHasher, TOKEN_PREFIX } from '../../src/store/secrets.ts';

const hasher = createSecretHasher();

test('a password hash verifies that password and no other', async (t) => {
  const stored = await hasher.hashPassword('S3cret! pässwörd');
  t.regex(stored, /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
  t.false(stored.includes('S3cret'));
  t.true(await hasher.verifyPassword('S3cret! pässwörd', stored));
  t.false(await hasher.verifyPassword('S3cret! passwörd', stored));
  t.false(await hasher.verifyPassword('', stored));
});

test('the same password hashes differently each time (random salt)', async (t) => {
  const [a, b] = [await hasher.hashPassword('same'), await hasher.hashPassword('same')];
  t.not(a, b);
  t.true(await hasher.verifyPassword('same', a));
  t.true(await hasher.verifyPassword('same', b));
});

test('a malformed or tampered stored hash never verifies', async (t) => {
  const stored = await hasher.hashPassword('pw');
  const parts = stored.split('$');
  const tamperedHash = [...parts.slice(0, 5), Buffer.alloc(32, 1).toString('base64')].join('$');
  for (const bad of [
    '',
    'pw',
    'bcrypt$2b$10$abc',
    tamperedHash,
    stored.replace('scrypt$16384', 'scrypt$1073741824'), // absurd cost: refused, not computed
    stored.replace('scrypt$16384', 'scrypt$1000'), // N must be a power of two
    `${parts.slice(0, 5).join('$')}$`,
  ]) {
    t.false(await hasher.verifyPassword('pw', bad), bad);
  }
});

test('tokens are prefixed, long and unique; digests are stable SHA-256', (t) => {
  const tokens = new Set(Array.from({ length: 100 }, () => hasher.newToken()));
  t.is(tokens.size, 100);
  for (const token of tokens) {
    t.true(token.startsWith(TOKEN_PREFIX));
    t.regex(token.slice(TOKEN_PREFIX.length), /^[A-Za-z0-9_-]{43}$/); // 32 bytes, base64url
  }
  t.is(hasher.digest('cw_example'), hasher.digest('cw_example'));
  // The FIPS 180-2 test vector.
  t.is(hasher.digest('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  t.not(hasher.digest('cw_a'), hasher.digest('cw_b'));
});
