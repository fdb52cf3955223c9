/**
 * The Pothos schema builder and its plugins. Types live one per file under
 * `schema/`; this file holds only the builder and its configuration.
 */
import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import ValidationPlugin from '@pothos/plugin-validation';
import { GraphQLError } from 'graphql';
import { DomainError } from '../domain/shared/errors.ts';
import { can, type Permission } from '../domain/shared/roles.ts';
import type { ApiContext } from './context.ts';

/** The builder every schema file registers its types on. */
export const builder = new SchemaBuilder<{
  Context: ApiContext;
  AuthScopes: { authenticated: boolean; permission: Permission };
  Scalars: {
    DateTime: { Input: Date; Output: number };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultEdgesNullability: false;
}>({
  plugins: [
    RelayPlugin,
    ScopeAuthPlugin,
    ErrorsPlugin,
    ValidationPlugin,
    DataloaderPlugin,
    SimpleObjectsPlugin,
  ],
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: {
      description: 'Fetches any object by its global ID (null when missing or not visible).',
      args: { id: { description: 'A global ID, as returned in any `id` field.' } },
    },
    nodesQueryOptions: {
      description: 'Fetches several objects by their global IDs.',
      args: { ids: { description: 'Global IDs, as returned in `id` fields.' } },
    },
    idFieldOptions: { description: 'Global ID: pass it back to `node(id:)` and mutations.' },
    nodeTypeOptions: { description: 'An object that can be fetched by its global ID.' },
    pageInfoTypeOptions: { description: 'Where a page of a connection sits in the full list.' },
    hasNextPageFieldOptions: { description: 'More items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Items precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first item of the page.' },
    endCursorFieldOptions: {
      description: 'Cursor of the last item; pass it as `after` for the next page.',
    },
    defaultConnectionTypeOptions: { description: 'A page of results (Relay connection).' },
    defaultEdgeTypeOptions: { description: 'One item of a page, with its cursor.' },
    edgesFieldOptions: { nullable: false, description: 'The items of this page.' },
    pageInfoFieldOptions: { description: 'Paging information.' },
    cursorFieldOptions: { description: 'Opaque cursor of this item.' },
    nodeFieldOptions: { description: 'The item.' },
    firstArgOptions: { description: 'Page size from the start (default 50, at most 200).' },
    afterArgOptions: { description: 'Return items after this cursor.' },
    lastArgOptions: { description: 'Page size from the end (at most 200).' },
    beforeArgOptions: { description: 'Return items before this cursor.' },
  },
  scopeAuth: {
    // Subscriptions are checked once, when they start (not on every event).
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      authenticated: ctx.actor !== null,
      permission: (p: Permission) => ctx.actor !== null && can(ctx.actor.role, p),
    }),
    unauthorizedError: (_parent, ctx) =>
      ctx.actor
        ? new GraphQLError(`role ${ctx.actor.role} is not allowed to do this`, {
            extensions: { code: 'FORBIDDEN' },
          })
        : new GraphQLError(
            'authentication required: send "Authorization: Bearer <API key or session token>"',
            { extensions: { code: 'UNAUTHENTICATED' } },
          ),
  },
  // Mutations list `errors: {}` to return DomainError as a `Problem` union member.
  errors: {
    defaultTypes: [DomainError],
    defaultResultOptions: { description: 'The mutation succeeded; `data` holds its result.' },
    defaultUnionOptions: {
      description: 'Either the result, or a Problem saying why nothing was written.',
    },
  },
  validation: {
    validationError: (result) => {
      const fields = result.issues.map((issue) => ({
        path: (issue.path ?? [])
          .map((p) =>
            typeof p === 'object' && p !== null && 'key' in p ? String(p.key) : String(p),
          )
          .join('.'),
        message: issue.message,
      }));
      return new DomainError(
        'VALIDATION_FAILED',
        fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('; '),
        { fields },
      );
    },
  },
});

/** The builder's resolved type parameters, for helpers that take a field builder. */
export type BuilderTypes =
  typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
