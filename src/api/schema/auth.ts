/** Authentication: login/logout for people, API keys for integrations, `me`. */
import { z } from 'zod';
import type { ApiKey, User } from '../../domain/directory/entities.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { RESULT } from './problem.ts';
import { ApiKeyRef, UserRef } from './user.ts';

const LoginPayload = builder
  .objectRef<{ token: string; expiresAt: number; user: User }>('LoginPayload')
  .implement({
    description: 'A new session. Send the token as `Authorization: Bearer <token>`.',
    fields: (t) => ({
      token: t.exposeString('token', {
        description: 'Session token; shown once, stored only hashed.',
      }),
      expiresAt: t.field({
        type: 'DateTime',
        description: 'When the session ends.',
        resolve: (p) => p.expiresAt,
      }),
      user: t.field({ type: UserRef, description: 'Who logged in.', resolve: (p) => p.user }),
    }),
  });

const NewApiKeyPayload = builder.objectRef<{ key: ApiKey; secret: string }>('NewApiKey').implement({
  description: 'A freshly issued API key. The secret is shown this once and never again.',
  fields: (t) => ({
    secret: t.exposeString('secret', {
      description: 'The key to send as `Authorization: Bearer <secret>`.',
    }),
    apiKey: t.field({ type: ApiKeyRef, description: 'Its metadata.', resolve: (p) => p.key }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: UserRef,
    description: 'The authenticated caller.',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => actorOf(ctx).userId,
  }),
);

builder.mutationFields((t) => ({
  login: t.field({
    type: LoginPayload,
    description:
      'Logs a person in with user name and password and opens a session. Needs no token.',
    errors: RESULT,
    args: {
      username: t.arg.string({ required: true, description: 'Login name.' }),
      password: t.arg.string({
        required: true,
        description: 'Password.',
        validate: z.string().min(1, 'must not be empty'),
      }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.auth.login(args.username, args.password, ctx.source),
  }),
  logout: t.field({
    type: 'Boolean',
    description: 'Ends the session whose token authenticated this request.',
    authScopes: { authenticated: true },
    resolve: async (_root, _args, ctx) => {
      await ctx.services.auth.logout(actorOf(ctx), ctx.token ?? '');
      return true;
    },
  }),
  createApiKey: t.field({
    type: NewApiKeyPayload,
    description: 'Issues an API key for yourself (any role) or for any user (admin).',
    authScopes: { authenticated: true },
    errors: RESULT,
    args: {
      userId: t.arg.globalID({ for: UserRef, description: 'Whose key; defaults to yourself.' }),
      name: t.arg.string({
        required: true,
        description: 'What the key is for, e.g. "ERP sync".',
        validate: z.string().trim().min(1).max(120),
      }),
    },
    resolve: (_root, args, ctx) => {
      const actor = actorOf(ctx);
      return ctx.services.auth.createApiKey(actor, args.userId?.id ?? actor.userId, args.name);
    },
  }),
  revokeApiKey: t.field({
    type: ApiKeyRef,
    description: "Revokes an API key: your own (any role) or anyone's (admin).",
    authScopes: { authenticated: true },
    errors: RESULT,
    args: { id: t.arg.id({ required: true, description: 'The key id (ApiKey.id).' }) },
    resolve: (_root, args, ctx) => ctx.services.auth.revokeApiKey(actorOf(ctx), String(args.id)),
  }),
}));
