/**
 * Signs short-lived URLs with HMAC-SHA256. The key is URL_SIGNING_SECRET
 * when set (several instances behind one address must share it), else a
 * random key per process (URLs then stop working at a restart, which is
 * fine for links that live minutes).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { UrlSigner } from '../../app/records/ports.ts';

/** A signer keyed by `secret` (random when undefined). */
export function createUrlSigner(secret?: string): UrlSigner {
  const key = secret === undefined ? randomBytes(32) : Buffer.from(secret, 'utf8');
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
  return {
    sign: mac,
    verify(payload, signature) {
      const expected = Buffer.from(mac(payload));
      const given = Buffer.from(signature);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
