/**
 * API keys (`api_keys`) and login sessions (`sessions`). Only digests of the
 * secrets are stored (see secrets.ts); lookups are by digest.
 */
import type { CredentialRepository } from '../../app/ports.ts';
import type { ApiKey } from '../../domain/directory/entities.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { REFERENCED, UNIQUE_KEYS } from '../constraints.ts';
import { withConstraintErrors } from '../db-errors.ts';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../db-time.ts';
import { ApiKeyModel } from '../models/api-key.model.ts';
import { SessionModel } from '../models/session.model.ts';
import { checkText, checkTime } from './input-checks.ts';
import { atomically, type RepositoryDeps } from './repository-deps.ts';

type ApiKeyRow = Pick<
  ApiKeyModel,
  'id' | 'user_id' | 'name' | 'prefix' | 'created_at' | 'last_used_at' | 'revoked_at'
>;

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    createdAt: fromDbTime(row.created_at),
    lastUsedAt: fromDbTimeOrNull(row.last_used_at),
    revokedAt: fromDbTimeOrNull(row.revoked_at),
  };
}

const userRef = (userId: string) => [{ field: 'userId', target: REFERENCED.user, ids: [userId] }];

/** The credential repository over `deps.db`. */
export function createCredentialRepository({ db, clock }: RepositoryDeps): CredentialRepository {
  return {
    async createApiKey(input) {
      checkText('name', input.name, 255);
      checkText('prefix', input.prefix, 32);
      checkText('hash', input.hash, 128);
      const row = {
        id: crypto.randomUUID(),
        user_id: input.userId,
        name: input.name,
        prefix: input.prefix,
        hash: input.hash,
        created_at: toDbTime(clock.now()),
        last_used_at: null,
        revoked_at: null,
      };
      const rules = {
        // Name the key by its prefix: an error must never echo the digest.
        unique: [{ key: UNIQUE_KEYS.apiKeyHash, value: input.prefix }],
        references: userRef(input.userId),
      };
      await withConstraintErrors(db, rules, () => ApiKeyModel.query(db).insert(row));
      return toApiKey(row);
    },

    async findApiKeyByHash(hash) {
      const row = await ApiKeyModel.query(db).findOne({ hash });
      return row ? toApiKey(row) : undefined;
    },

    async listApiKeys(userId) {
      const rows = await ApiKeyModel.query(db)
        .where('user_id', userId)
        .orderBy('created_at')
        .orderBy('id');
      return rows.map(toApiKey);
    },

    async getApiKey(id) {
      const row = await ApiKeyModel.query(db).findById(id);
      return row ? toApiKey(row) : undefined;
    },

    /** Revoking twice keeps the first revocation time. */
    revokeApiKey(id) {
      return atomically(db, async (trx) => {
        const row = await ApiKeyModel.query(trx).findById(id);
        if (!row) throw notFound('ApiKey', id);
        if (row.revoked_at !== null) return toApiKey(row);
        const revokedAt = toDbTime(clock.now());
        await ApiKeyModel.query(trx).patch({ revoked_at: revokedAt }).where('id', id);
        return toApiKey({ ...row, revoked_at: revokedAt });
      });
    },

    async touchApiKey(id) {
      const touched = await ApiKeyModel.query(db)
        .patch({ last_used_at: toDbTime(clock.now()) })
        .where('id', id);
      if (touched === 0) throw notFound('ApiKey', id);
    },

    async createSession(input) {
      checkText('hash', input.hash, 128);
      checkTime('expiresAt', input.expiresAt);
      const rules = {
        unique: [{ key: UNIQUE_KEYS.sessionHash, value: '(token)' }],
        references: userRef(input.userId),
      };
      await withConstraintErrors(db, rules, () =>
        SessionModel.query(db).insert({
          hash: input.hash,
          user_id: input.userId,
          created_at: toDbTime(clock.now()),
          expires_at: toDbTime(input.expiresAt),
        }),
      );
    },

    /** Expired sessions are returned too: the caller compares `expiresAt` with its clock. */
    async findSessionByHash(hash) {
      const row = await SessionModel.query(db).findById(hash);
      return row ? { userId: row.user_id, expiresAt: fromDbTime(row.expires_at) } : undefined;
    },

    /** Deleting a session that is already gone is not an error (logging out twice). */
    async deleteSession(hash) {
      await SessionModel.query(db).deleteById(hash);
    },
  };
}
