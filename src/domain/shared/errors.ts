/**
 * Errors with stable codes. The API shows `code` as `extensions.code`; the
 * message is for humans, `details` for machines (e.g. which field).
 */
import type { AgentErrorCode } from '../acd/agent.errors.ts';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'VALIDATION_FAILED'
  | 'DUPLICATE'
  | 'CONFLICT'
  | 'INVALID_PHONE_NUMBER'
  | 'INVALID_CREDENTIALS'
  | 'UNAVAILABLE'
  /** Too many attempts (login, click-to-dial); `details.retryAfterS` says when to try again. */
  | 'RATE_LIMITED'
  /** The ACD agent machine's refusals: AGENT_NOT_LOGGED_IN, AGENT_ON_CALL... */
  | AgentErrorCode;

/** A failure the caller can act on; anything else is an internal error. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A named entity was not found (or is not visible to the caller). */
export const notFound = (entity: string, id: string): DomainError =>
  new DomainError('NOT_FOUND', `${entity} ${id} not found`, { entity, id });

/** A unique name/extension/number is already taken. */
export const duplicate = (entity: string, field: string, value: string): DomainError =>
  new DomainError('DUPLICATE', `${entity} with ${field} "${value}" already exists`, {
    entity,
    field,
    value,
  });

/** One field of an input is invalid. */
export const invalidField = (field: string, reason: string): DomainError =>
  new DomainError('VALIDATION_FAILED', `${field}: ${reason}`, { field, reason });
