/**
 * Authentication: API keys for integrations, username + password sessions
 * for people. Secrets are only ever stored as hashes (SecretHasher).
 */
import type { ApiKey, User } from '../domain/directory/entities.ts';
import { DomainError } from '../domain/shared/errors.ts';
import type { Actor } from './actor.ts';
import { requirePermission } from './actor.ts';
import { audit } from './audit.ts';
import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';
import type { SecretHasher, Store } from './ports.ts';
import { loginKeys, type RateLimits } from './rate-limits.ts';

/** Sessions last a working day and a half; people log in again after. */
const SESSION_TTL_MS = 36 * 3600_000;

/** Dependencies of the auth service. */
export interface AuthDeps {
  store: Store;
  hasher: SecretHasher;
  clock: Clock;
  logger: Logger;
  /** Login attempts per user name and address; default: unlimited. */
  limits?: Pick<RateLimits, 'login'> | undefined;
}

const invalid = () => new DomainError('INVALID_CREDENTIALS', 'unknown user name or wrong password');

/** Builds the actor for a user; disabled users cannot act. */
function actorOf(user: User, via: Actor['via'], source: string | null): Actor | undefined {
  if (user.disabled) return undefined;
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    agentId: user.agentId,
    businessLineIds: user.businessLineIds,
    via,
    source,
  };
}

/** Creates the auth service. */
export function createAuthService(deps: AuthDeps) {
  const { store, hasher, clock } = deps;
  const log = deps.logger.child({ component: 'auth' });

  /** Resolves a bearer token (API key or session token) to an actor, or undefined. */
  async function authenticate(token: string, source: string | null): Promise<Actor | undefined> {
    const hash = hasher.digest(token);
    const key = await store.credentials.findApiKeyByHash(hash);
    if (key) {
      if (key.revokedAt !== null) return undefined;
      const user = await store.users.get(key.userId);
      if (!user) return undefined;
      await store.credentials.touchApiKey(key.id);
      return actorOf(user, 'api-key', source);
    }
    const session = await store.credentials.findSessionByHash(hash);
    if (!session || session.expiresAt <= clock.now()) return undefined;
    const user = await store.users.get(session.userId);
    return user ? actorOf(user, 'session', source) : undefined;
  }

  /** Checks a password and opens a session; the clear token is returned once. */
  async function login(username: string, password: string, source: string | null) {
    // Every attempt takes a point before the password is checked (so guessing is slowed
    // even while it fails); a successful one gives its points back.
    const keys = loginKeys(username, source);
    for (const key of keys) await deps.limits?.login.consume(key);
    const user = await store.users.getByUsernameWithSecret(username);
    // Verify against a dummy hash for unknown users too, so timing does not reveal names.
    const stored = user?.passwordHash ?? (await hasher.hashPassword('not-a-password'));
    const ok = await hasher.verifyPassword(password, stored);
    if (!user?.passwordHash || !ok || user.disabled) {
      await store.transaction((tx) =>
        audit(tx, clock, null, {
          action: 'auth.login-failed',
          entity: 'User',
          entityId: user?.id ?? null,
          after: { username, source },
        }),
      );
      // Who tried, from where; never what they typed.
      log.warn({ username, source }, 'login refused');
      throw invalid();
    }
    const token = hasher.newToken();
    const expiresAt = clock.now() + SESSION_TTL_MS;
    const actor = actorOf(user, 'session', source)!;
    await store.transaction(async (tx) => {
      await tx.credentials.createSession({
        userId: user.id,
        hash: hasher.digest(token),
        expiresAt,
      });
      await audit(tx, clock, actor, { action: 'auth.login', entity: 'User', entityId: user.id });
    });
    for (const key of keys) await deps.limits?.login.refund(key);
    log.info({ userId: user.id, username, source }, 'logged in');
    return { token, expiresAt, user: (await store.users.get(user.id))! };
  }

  /** Ends the session of `token`. */
  async function logout(actor: Actor, token: string): Promise<void> {
    await store.transaction(async (tx) => {
      await tx.credentials.deleteSession(hasher.digest(token));
      await audit(tx, clock, actor, {
        action: 'auth.logout',
        entity: 'User',
        entityId: actor.userId,
      });
    });
  }

  /** Issues an API key for `userId`; admins for anyone, others for themselves. */
  async function createApiKey(actor: Actor, userId: string, name: string) {
    if (userId !== actor.userId) requirePermission(actor, 'users:write');
    const user = await store.users.get(userId);
    if (!user) throw new DomainError('NOT_FOUND', `User ${userId} not found`, { entity: 'User' });
    const secret = hasher.newToken();
    const key = await store.transaction(async (tx) => {
      const created = await tx.credentials.createApiKey({
        userId,
        name,
        prefix: secret.slice(0, 10),
        hash: hasher.digest(secret),
      });
      await audit(tx, clock, actor, {
        action: 'apiKey.create',
        entity: 'ApiKey',
        entityId: created.id,
        after: { userId, name, prefix: created.prefix },
      });
      return created;
    });
    return { key, secret };
  }

  /** Revokes a key; admins any, others their own. */
  async function revokeApiKey(actor: Actor, keyId: string): Promise<ApiKey> {
    const key = await store.credentials.getApiKey(keyId);
    if (!key || (key.userId !== actor.userId && actor.role !== 'admin')) {
      throw new DomainError('NOT_FOUND', `ApiKey ${keyId} not found`, { entity: 'ApiKey' });
    }
    return store.transaction(async (tx) => {
      const revoked = await tx.credentials.revokeApiKey(keyId);
      await audit(tx, clock, actor, { action: 'apiKey.revoke', entity: 'ApiKey', entityId: keyId });
      return revoked;
    });
  }

  /** API keys of a user, for the user or an admin. */
  async function listApiKeys(actor: Actor, userId: string): Promise<ApiKey[]> {
    if (userId !== actor.userId) requirePermission(actor, 'users:read');
    return store.credentials.listApiKeys(userId);
  }

  /**
   * On first start (no users), creates the `admin` user with an API key: the
   * given one (ADMIN_API_KEY) or a new one returned so start-up prints it once.
   */
  async function bootstrapAdmin(givenKey: string | undefined): Promise<string | undefined> {
    if ((await store.users.count()) > 0) return undefined;
    const secret = givenKey ?? hasher.newToken();
    await store.transaction(async (tx) => {
      const admin = await tx.users.create({
        username: 'admin',
        displayName: 'Administrator',
        role: 'admin',
        agentId: null,
        businessLineIds: [],
        passwordHash: null,
      });
      await tx.credentials.createApiKey({
        userId: admin.id,
        name: 'bootstrap',
        prefix: secret.slice(0, 10),
        hash: hasher.digest(secret),
      });
      await audit(tx, clock, null, {
        action: 'auth.bootstrap',
        entity: 'User',
        entityId: admin.id,
      });
    });
    return givenKey ? undefined : secret;
  }

  return { authenticate, login, logout, createApiKey, revokeApiKey, listApiKeys, bootstrapAdmin };
}

/** The auth service's operations. */
export type AuthService = ReturnType<typeof createAuthService>;
