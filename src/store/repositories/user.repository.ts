/** Users (`users`) and the business lines they belong to (`user_business_lines`). */
import type { Knex } from 'knex';
import type { UserRepository, UserWithSecret } from '../../app/ports.ts';
import type { User } from '../../domain/directory/entities.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { ROLES, type Role } from '../../domain/shared/roles.ts';
import { REFERENCED, UNIQUE_KEYS } from '../constraints.ts';
import { type ConstraintRules, withConstraintErrors } from '../db-errors.ts';
import { fromDbTime, toDbTime } from '../db-time.ts';
import { UserModel } from '../models/user.model.ts';
import { UserBusinessLineModel } from '../models/user-business-line.model.ts';
import { insertChildRows, replaceChildRows } from './child-rows.ts';
import { checkOneOf, checkOptionalText, checkText } from './input-checks.ts';
import { checkPage, distinct, inRequestOrder, paged } from './listing.ts';
import { atomically, type RepositoryDeps } from './repository-deps.ts';

/** Fields `create` and `update` accept, all optional for checks. */
type UserFields = Partial<{
  username: string;
  displayName: string;
  role: Role;
  agentId: string | null;
  businessLineIds: readonly string[];
  passwordHash: string | null;
}>;

function toUserWithSecret(row: UserModel): UserWithSecret {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    agentId: row.agent_id,
    businessLineIds: (row.businessLines ?? []).map((link) => link.business_line_id),
    disabled: Boolean(row.disabled),
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
    passwordHash: row.password_hash,
  };
}

/** Drops the secret: only authentication may see it. */
function toUser(row: UserModel): User {
  const { passwordHash: _secret, ...user } = toUserWithSecret(row);
  return user;
}

function checkFields(input: UserFields): void {
  if (input.username !== undefined) checkText('username', input.username, 255);
  if (input.displayName !== undefined) checkText('displayName', input.displayName, 255);
  if (input.role !== undefined) checkOneOf('role', input.role, ROLES);
  if (input.passwordHash !== undefined) checkOptionalText('passwordHash', input.passwordHash, 255);
}

function rulesFor(input: UserFields): ConstraintRules {
  return {
    unique:
      input.username === undefined ? [] : [{ key: UNIQUE_KEYS.username, value: input.username }],
    references: [
      { field: 'agentId', target: REFERENCED.agent, ids: [input.agentId] },
      {
        field: 'businessLineIds',
        target: REFERENCED.businessLine,
        ids: input.businessLineIds ?? [],
      },
    ],
  };
}

/** Users with their business lines, lines in a stable order. */
function withLines(db: Knex) {
  return UserModel.query(db)
    .withGraphFetched('businessLines')
    .modifyGraph('businessLines', (qb) => qb.orderBy('business_line_id'));
}

/** A user's business-line rows. */
const lineRows = (userId: string, lineIds: readonly string[]) =>
  distinct(lineIds).map((id) => ({ user_id: userId, business_line_id: id }));

/** The user repository over `deps.db`. */
export function createUserRepository({ db, clock }: RepositoryDeps): UserRepository {
  const load = async (executor: Knex, id: string) => {
    const row = await withLines(executor).findById(id);
    return row ? toUser(row) : undefined;
  };

  return {
    get: (id) => load(db, id),

    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await withLines(db).findByIds(distinct(ids));
      return inRequestOrder(ids, rows.map(toUser));
    },

    async getByUsernameWithSecret(username) {
      const row = await withLines(db).findOne({ username });
      return row ? toUserWithSecret(row) : undefined;
    },

    async list(filter, page) {
      checkPage(page);
      if (filter.businessLineIds?.length === 0) return [];
      const rows = await withLines(db)
        .modify((qb) => {
          if (filter.role) qb.where('role', filter.role);
          if (filter.businessLineIds) {
            const inLines = db(UserBusinessLineModel.tableName)
              .select('user_id')
              .whereIn('business_line_id', [...filter.businessLineIds]);
            qb.whereIn('id', inLines);
          }
        })
        .orderBy('username')
        .orderBy('id')
        .modify(paged(page));
      return rows.map(toUser);
    },

    async count() {
      const [row] = await db(UserModel.tableName).count({ n: '*' });
      return Number(row?.n ?? 0);
    },

    async create(input) {
      checkFields(input);
      const now = toDbTime(clock.now());
      const id = crypto.randomUUID();
      await withConstraintErrors(db, rulesFor(input), () =>
        atomically(db, async (trx) => {
          await UserModel.query(trx).insert({
            id,
            username: input.username,
            display_name: input.displayName,
            role: input.role,
            agent_id: input.agentId,
            password_hash: input.passwordHash,
            disabled: false,
            created_at: now,
            updated_at: now,
          });
          await insertChildRows(
            trx,
            UserBusinessLineModel.tableName,
            lineRows(id, input.businessLineIds),
          );
        }),
      );
      return (await load(db, id))!;
    },

    async update(id, patch) {
      checkFields(patch);
      const changes = {
        ...(patch.displayName === undefined ? {} : { display_name: patch.displayName }),
        ...(patch.role === undefined ? {} : { role: patch.role }),
        ...(patch.agentId === undefined ? {} : { agent_id: patch.agentId }),
        ...(patch.disabled === undefined ? {} : { disabled: patch.disabled }),
        ...(patch.passwordHash === undefined ? {} : { password_hash: patch.passwordHash }),
        updated_at: toDbTime(clock.now()),
      };
      return withConstraintErrors(db, rulesFor(patch), () =>
        atomically(db, async (trx) => {
          const patched = await UserModel.query(trx).patch(changes).where('id', id);
          if (patched === 0) throw notFound('User', id);
          if (patch.businessLineIds) {
            const rows = lineRows(id, patch.businessLineIds);
            await replaceChildRows(trx, UserBusinessLineModel.tableName, 'user_id', id, rows);
          }
          return (await load(trx, id))!;
        }),
      );
    },
  };
}
