/**
 * Short-lived signed links to HTTP resources (a recording to play, an
 * export to download). A browser's `<audio src>` cannot send an
 * Authorization header, so the link carries who asked (`u`), until when it
 * is valid (`exp`, epoch ms) and a signature (`sig`) of path, user and
 * expiry. Serving a link re-reads the user: a user disabled or stripped of
 * a role since the link was made is refused, and visibility is checked again.
 */
import type { User } from '../../domain/directory/entities.ts';
import type { Actor } from '../actor.ts';
import type { Clock } from '../clock.ts';
import type { Store } from '../ports.ts';
import type { UrlSigner } from './ports.ts';

/** How long a link lives unless told otherwise. */
export const LINK_TTL_MS = 10 * 60 * 1000;

const payloadOf = (path: string, userId: string, exp: number) => `${path}\n${userId}\n${exp}`;

function actorOfUser(user: User, source: string | null): Actor | undefined {
  if (user.disabled) return undefined;
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    agentId: user.agentId,
    businessLineIds: user.businessLineIds,
    via: 'api-key',
    source,
  };
}

/** Signed links over `signer`. */
export function createSignedLinks(deps: {
  signer: UrlSigner;
  clock: Clock;
  store: Pick<Store, 'users'>;
}) {
  const { signer, clock, store } = deps;
  return {
    /** `path?u=..&exp=..&sig=..` for `actor`, valid `ttlMs`; `extra` query parameters are kept. */
    sign(actor: Actor, path: string, ttlMs = LINK_TTL_MS, extra: Record<string, string> = {}) {
      const exp = clock.now() + ttlMs;
      const sig = signer.sign(payloadOf(path, actor.userId, exp));
      const query = new URLSearchParams({ ...extra, u: actor.userId, exp: String(exp), sig });
      return `${path}?${query.toString()}`;
    },
    /** The actor a signed link stands for, or undefined when it is forged, expired or its user gone. */
    async actorOf(path: string, query: URLSearchParams, source: string | null) {
      const userId = query.get('u');
      const exp = Number(query.get('exp'));
      const sig = query.get('sig');
      if (!userId || !sig || !Number.isFinite(exp) || exp <= clock.now()) return undefined;
      if (!signer.verify(payloadOf(path, userId, exp), sig)) return undefined;
      const user = await store.users.get(userId);
      return user ? actorOfUser(user, source) : undefined;
    },
  };
}

/** Signed links as the services use them. */
export type SignedLinks = ReturnType<typeof createSignedLinks>;
