/** User: someone (or some system) that calls the API, with a role. */
import { z } from 'zod';
import type { ApiKey, User } from '../../domain/directory/entities.ts';
import type { ROLES } from '../../domain/shared/roles.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { AgentRef } from './agent.ts';
import { BusinessLineRef } from './business-line.ts';
import { loadVisible } from './loading.ts';
import { pageOf } from './pagination.ts';
import { RESULT } from './problem.ts';

/** The Role enum (SEC-1). */
export const RoleEnum = builder.enumType('Role', {
  description: 'What a user may see and do (SEC-1).',
  values: {
    ADMIN: { value: 'admin', description: 'Everything, in every business line.' },
    SUPERVISOR: {
      value: 'supervisor',
      description: 'Manages queues and agents of its business lines; reads their calls.',
    },
    QA: { value: 'qa', description: 'Reads calls and recordings of its business lines.' },
    AGENT: { value: 'agent', description: 'Takes calls; sees its own agent record and calls.' },
  } as const satisfies Record<string, { value: (typeof ROLES)[number]; description: string }>,
});

/** API key metadata; the secret is shown once at creation and never again. */
export const ApiKeyRef = builder.objectRef<ApiKey>('ApiKey').implement({
  description: 'An API key. Only its metadata is readable: the secret is stored hashed.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Key id (not the secret).' }),
    name: t.exposeString('name', { description: 'What the key is for.' }),
    prefix: t.exposeString('prefix', {
      description: 'First characters of the secret, to tell keys apart.',
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was issued.',
      resolve: (k) => k.createdAt,
    }),
    lastUsedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Last authenticated request.',
      resolve: (k) => k.lastUsedAt,
    }),
    revokedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was revoked; null while valid.',
      resolve: (k) => k.revokedAt,
    }),
  }),
});

/** The User node. */
export const UserRef = builder.loadableNode('User', {
  description: 'A user of the API: a person who logs in, or an integration with an API key.',
  id: { resolve: (u: User) => u.id },
  load: loadVisible<User>('User', (s) => s.users),
  fields: (t) => ({
    username: t.exposeString('username', { description: 'Unique login name.' }),
    displayName: t.exposeString('displayName', { description: 'Name shown to people.' }),
    role: t.field({ type: RoleEnum, description: 'The role.', resolve: (u) => u.role }),
    disabled: t.exposeBoolean('disabled', { description: 'A disabled user cannot authenticate.' }),
    agent: t.field({
      type: AgentRef,
      nullable: true,
      description: 'The agent this user works as.',
      resolve: (u) => u.agentId,
    }),
    businessLines: t.field({
      type: [BusinessLineRef],
      description: 'Business lines the user belongs to (admins see all regardless).',
      resolve: (u) => u.businessLineIds,
    }),
    apiKeys: t.field({
      type: [ApiKeyRef],
      description: "The user's API keys (metadata only). The user itself or an admin.",
      resolve: (u, _args, ctx) => ctx.services.auth.listApiKeys(actorOf(ctx), u.id),
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was created.',
      resolve: (u) => u.createdAt,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change.',
      resolve: (u) => u.updatedAt,
    }),
  }),
});

builder.queryField('users', (t) =>
  t.connection({
    type: UserRef,
    description: 'Users, by name. Roles: admin (all), supervisor (its business lines).',
    authScopes: { permission: 'users:read' },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) => ctx.services.users.list(actorOf(ctx), page)),
  }),
);

const UserInput = builder.inputType('UserInput', {
  description: 'Fields of a new user.',
  fields: (t) => ({
    username: t.string({
      required: true,
      description: 'Unique login name (letters, digits, . _ @ -).',
    }),
    displayName: t.string({
      required: true,
      description: 'Name shown to people.',
    }),
    role: t.field({ type: RoleEnum, required: true, description: 'The role.' }),
    agentId: t.globalID({ for: AgentRef, description: 'The agent this user works as.' }),
    businessLineIds: t.globalIDList({
      for: BusinessLineRef,
      description: 'Business lines the user belongs to.',
    }),
    password: t.string({
      description:
        'Password for interactive login (10 to 200 characters). Omit for API-only users.',
    }),
  }),
  validate: z.looseObject({
    username: z
      .string()
      .trim()
      .regex(/^[a-zA-Z0-9._@-]{2,64}$/, 'must be 2 to 64 letters, digits, or . _ @ -'),
    displayName: z.string().trim().min(1).max(120),
    password: z.string().min(10, 'at least 10 characters').max(200).nullish(),
  }),
});

const UserPatch = builder.inputType('UserPatch', {
  description: 'Fields to change; omitted fields stay.',
  fields: (t) => ({
    displayName: t.string({
      description: 'Name shown to people.',
    }),
    role: t.field({ type: RoleEnum, description: 'New role.' }),
    agentId: t.globalID({
      for: AgentRef,
      description: 'The agent this user works as; null to unlink.',
    }),
    businessLineIds: t.globalIDList({
      for: BusinessLineRef,
      description: 'The new set of business lines.',
    }),
    disabled: t.boolean({ description: 'Disable or enable the user.' }),
  }),
  validate: z.looseObject({ displayName: z.string().trim().min(1).max(120).nullish() }),
});

builder.mutationFields((t) => ({
  createUser: t.field({
    type: UserRef,
    description: 'Creates a user. Role: admin.',
    authScopes: { permission: 'users:write' },
    errors: RESULT,
    args: { input: t.arg({ type: UserInput, required: true, description: 'The new record.' }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.users.create(actorOf(ctx), {
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        agentId: input.agentId?.id ?? null,
        businessLineIds: input.businessLineIds?.map((b) => b.id) ?? [],
        password: input.password,
      }),
  }),
  updateUser: t.field({
    type: UserRef,
    description: 'Changes a user. Role: admin.',
    authScopes: { permission: 'users:write' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: UserRef, required: true, description: 'The user.' }),
      input: t.arg({ type: UserPatch, required: true, description: 'The changes.' }),
    },
    resolve: (_root, { id, input }, ctx) =>
      ctx.services.users.update(actorOf(ctx), id.id, {
        displayName: input.displayName ?? undefined,
        role: input.role ?? undefined,
        agentId: input.agentId === undefined ? undefined : (input.agentId?.id ?? null),
        businessLineIds: input.businessLineIds?.map((b) => b.id),
        disabled: input.disabled,
      }),
  }),
  setPassword: t.field({
    type: 'Boolean',
    description: "Sets a password: your own (any role) or anyone's (admin).",
    authScopes: { authenticated: true },
    errors: RESULT,
    args: {
      userId: t.arg.globalID({ for: UserRef, required: true, description: 'The user.' }),
      password: t.arg.string({
        required: true,
        description: 'New password, 10 to 200 characters.',
        validate: z.string().min(10, 'at least 10 characters').max(200),
      }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.users.setPassword(actorOf(ctx), args.userId.id, args.password),
  }),
}));
