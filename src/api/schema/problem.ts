/**
 * Expected failures of mutations, returned as data (`... on Problem`) rather
 * than as GraphQL errors: validation, duplicates, not found, conflicts.
 * Authentication and role denials stay GraphQL errors with
 * `extensions.code` UNAUTHENTICATED / FORBIDDEN.
 */
import { DomainError } from '../../domain/shared/errors.ts';
import { builder } from '../builder.ts';

const FieldProblem = builder.simpleObject('FieldProblem', {
  description: 'One invalid input field.',
  fields: (t) => ({
    path: t.string({ description: 'Dotted path of the field in the input, e.g. `input.name`.' }),
    message: t.string({ description: 'What is wrong with it.' }),
  }),
});

builder.objectType(DomainError, {
  name: 'Problem',
  description: 'Why a mutation did not happen. Nothing was written.',
  fields: (t) => ({
    code: t.string({
      description:
        'Stable code: VALIDATION_FAILED, DUPLICATE, NOT_FOUND, CONFLICT, INVALID_PHONE_NUMBER, INVALID_CREDENTIALS, FORBIDDEN, UNAVAILABLE, RATE_LIMITED (details.retryAfterS), and the ACD agent codes (AGENT_NOT_LOGGED_IN, AGENT_ALREADY_LOGGED_IN, AGENT_PHONE_UNREGISTERED, AGENT_ON_CALL...).',
      resolve: (e) => e.code,
    }),
    message: t.exposeString('message', { description: 'Human-readable explanation.' }),
    fields: t.field({
      type: [FieldProblem],
      description: 'The invalid fields, when the problem is about the input.',
      resolve: (e) => {
        const listed = e.details.fields;
        if (Array.isArray(listed)) return listed as Array<{ path: string; message: string }>;
        const field = e.details.field;
        return typeof field === 'string'
          ? [{ path: field, message: String(e.details.reason ?? e.message) }]
          : [];
      },
    }),
    details: t.field({
      type: 'JSON',
      description: 'Machine-readable details (entity, field, value...).',
      resolve: (e) => e.details,
    }),
  }),
});

/** `errors` option of every mutation: describes the generated `data` field. */
export const RESULT = { dataField: { description: 'What the mutation produced.' } };
