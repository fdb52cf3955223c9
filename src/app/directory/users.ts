/**
 * Users and their roles (SEC-1). Admins manage users; everyone may read
 * themselves and change their own password.
 */
import type { User } from '../../domain/directory/entities.ts';
import { normaliseName } from '../../domain/directory/validation.ts';
import { invalidField, notFound } from '../../domain/shared/errors.ts';
import { can, type Role } from '../../domain/shared/roles.ts';
import { type Actor, requirePermission, scopeOf, seesLine } from '../actor.ts';
import type { PageRequest, SecretHasher } from '../ports.ts';
import { auditedChange, type DirectoryDeps } from './deps.ts';

/** Fields a user is created with. */
export interface UserInputRaw {
  username: string;
  displayName: string;
  role: Role;
  agentId?: string | null;
  businessLineIds?: readonly string[];
  password?: string | null;
}

function checkPassword(password: string): string {
  if (password.length < 10 || password.length > 200) {
    throw invalidField('password', 'must be 10 to 200 characters');
  }
  return password;
}

function checkUsername(username: string): string {
  const trimmed = username.trim();
  if (!/^[a-zA-Z0-9._@-]{2,64}$/.test(trimmed)) {
    throw invalidField('username', 'must be 2 to 64 letters, digits, or . _ @ -');
  }
  return trimmed;
}

/** True when the actor may read this user. */
const seesUser = (actor: Actor, user: User): boolean =>
  user.id === actor.userId ||
  (can(actor.role, 'users:read') &&
    (actor.role === 'admin' || user.businessLineIds.some((id) => seesLine(actor, id))));

/** Creates the user service. */
export function createUserService(deps: DirectoryDeps & { hasher: SecretHasher }) {
  const { store, hasher } = deps;
  return {
    async list(actor: Actor, page: PageRequest) {
      requirePermission(actor, 'users:read');
      return store.users.list(scopeOf(actor), page);
    },
    async load(actor: Actor, ids: readonly string[]) {
      const rows = await store.users.getMany(ids);
      return ids.map((id) => rows.find((u) => u.id === id && seesUser(actor, u)));
    },
    async create(actor: Actor, raw: UserInputRaw) {
      requirePermission(actor, 'users:write');
      const passwordHash = raw.password
        ? await hasher.hashPassword(checkPassword(raw.password))
        : null;
      return (await auditedChange<User>(deps, actor, 'user.create', 'User', async (tx) => {
        const lines = await tx.businessLines.getMany(raw.businessLineIds ?? []);
        const missing = (raw.businessLineIds ?? []).find((id) => !lines.some((l) => l.id === id));
        if (missing) throw invalidField('businessLineIds', `business line ${missing} not found`);
        if (raw.agentId && !(await tx.agents.get(raw.agentId))) {
          throw invalidField('agentId', `agent ${raw.agentId} not found`);
        }
        return {
          after: await tx.users.create({
            username: checkUsername(raw.username),
            displayName: normaliseName('displayName', raw.displayName),
            role: raw.role,
            agentId: raw.agentId ?? null,
            businessLineIds: raw.businessLineIds ?? [],
            passwordHash,
          }),
        };
      }))!;
    },
    async update(
      actor: Actor,
      id: string,
      patch: Partial<Omit<UserInputRaw, 'username' | 'password'>> & { disabled?: boolean | null },
    ) {
      requirePermission(actor, 'users:write');
      return (await auditedChange<User>(deps, actor, 'user.update', 'User', async (tx) => {
        const before = await tx.users.get(id);
        if (!before) throw notFound('User', id);
        if (patch.agentId && !(await tx.agents.get(patch.agentId))) {
          throw invalidField('agentId', `agent ${patch.agentId} not found`);
        }
        const after = await tx.users.update(id, {
          ...(patch.displayName != null && {
            displayName: normaliseName('displayName', patch.displayName),
          }),
          ...(patch.role != null && { role: patch.role }),
          ...(patch.agentId !== undefined && { agentId: patch.agentId }),
          ...(patch.businessLineIds != null && { businessLineIds: patch.businessLineIds }),
          ...(patch.disabled != null && { disabled: patch.disabled }),
        });
        return { before, after };
      }))!;
    },
    /** Sets a password: one's own, or anyone's for an admin. */
    async setPassword(actor: Actor, id: string, password: string): Promise<boolean> {
      if (id !== actor.userId) requirePermission(actor, 'users:write');
      const passwordHash = await hasher.hashPassword(checkPassword(password));
      await auditedChange<User>(deps, actor, 'user.setPassword', 'User', async (tx) => {
        if (!(await tx.users.get(id))) throw notFound('User', id);
        await tx.users.update(id, { passwordHash });
        return { after: null, id };
      });
      return true;
    },
  };
}

/** The user service's operations. */
export type UserService = ReturnType<typeof createUserService>;
