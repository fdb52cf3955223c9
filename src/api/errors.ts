/**
 * How errors leave the API. Domain failures keep their stable code in
 * `extensions.code` (and details); anything unexpected is logged and masked
 * so internals never reach a client.
 */
import { GraphQLError } from 'graphql';
import type { Logger } from '../app/logger.ts';
import { DomainError } from '../domain/shared/errors.ts';

function domainCause(error: unknown): DomainError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof DomainError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/** Builds yoga's `maskedErrors.maskError`. */
export function createErrorMasker(logger: Logger) {
  return (error: unknown, message: string): Error => {
    const domain = domainCause(error);
    const graphqlError = error instanceof GraphQLError ? error : undefined;
    if (domain) {
      return new GraphQLError(domain.message, {
        nodes: graphqlError?.nodes,
        path: graphqlError?.path,
        extensions: { code: domain.code, details: domain.details },
      });
    }
    // Errors we raised on purpose (auth, NOT_FOUND from loaders, bad scalars) carry a code.
    if (graphqlError && (graphqlError.extensions.code || !graphqlError.originalError)) {
      return graphqlError;
    }
    logger.error({ err: graphqlError?.originalError ?? error }, 'unexpected error in resolver');
    return new GraphQLError(message, {
      nodes: graphqlError?.nodes,
      path: graphqlError?.path,
      extensions: { code: 'INTERNAL' },
    });
  };
}
