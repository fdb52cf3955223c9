/** Scalars shared by every type. */
import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder.ts';

function parseDate(value: unknown): Date {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw new GraphQLError('DateTime must be an ISO 8601 string such as 2026-11-23T09:00:00Z', {
      extensions: { code: 'VALIDATION_FAILED' },
    });
  }
  return new Date(value);
}

builder.scalarType('DateTime', {
  description: 'A point in time, as an ISO 8601 string in UTC (e.g. 2026-11-23T09:00:00.000Z).',
  serialize: (ms) => new Date(ms).toISOString(),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

builder.scalarType('JSON', {
  description: 'Any JSON value (used for audit snapshots and error details).',
  serialize: (v) => v,
  parseValue: (v) => v,
});

builder.queryType({ description: 'Everything an integrator can read.' });
builder.mutationType({ description: 'Everything an integrator can change.' });
builder.subscriptionType({
  description:
    'Live feeds, over Server-Sent Events or graphql-ws at /graphql, authenticated like queries.',
});
