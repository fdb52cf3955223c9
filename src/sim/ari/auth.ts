/**
 * ARI authentication: HTTP Basic or `?api_key=user:password`, checked
 * against the configured ARI user. Failures get exactly Asterisk's 401
 * (transcripts/ari-unauthorized.http): WWW-Authenticate Basic realm
 * "Asterisk REST Interface" and {"message":"Authentication required"}.
 */

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Configured ARI credentials. */
export interface AriCredentials {
  user: string;
  password: string;
}

/** The realm Asterisk's http server announces for ARI. */
export const ARI_REALM = 'Asterisk REST Interface';

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** True when the request carries the right credentials. */
export function authorized(req: IncomingMessage, url: URL, creds: AriCredentials): boolean {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (
      colon >= 0 &&
      same(decoded.slice(0, colon), creds.user) &&
      same(decoded.slice(colon + 1), creds.password)
    ) {
      return true;
    }
  }
  const key = url.searchParams.get('api_key');
  if (key) {
    const colon = key.indexOf(':');
    if (
      colon >= 0 &&
      same(key.slice(0, colon), creds.user) &&
      same(key.slice(colon + 1), creds.password)
    ) {
      return true;
    }
  }
  return false;
}
