/**
 * Stable error codes of the agent machine. An illegal transition is a typed
 * result the API shows as `extensions.code`, never an exception.
 */
import { type AcdError, acdError } from './acd.types.ts';
import type { AgentStatus } from './agent.state.ts';

/** Codes the agent machine can return. */
export type AgentErrorCode =
  | 'AGENT_NOT_LOGGED_IN'
  | 'AGENT_ALREADY_LOGGED_IN'
  | 'AGENT_PHONE_UNREGISTERED'
  | 'AGENT_NOT_AVAILABLE'
  | 'AGENT_NOT_PAUSED'
  | 'AGENT_ON_CALL'
  | 'OFFER_MISMATCH'
  | 'ILLEGAL_TRANSITION';

/** An agent machine error. */
export type AgentError = AcdError<AgentErrorCode>;

/** The agent is logged out and cannot do `action`. */
export const notLoggedIn = (agentId: string, action: string): AgentError =>
  acdError('AGENT_NOT_LOGGED_IN', `agent ${agentId} is not logged in`, { agentId, action });

/** Login refused: the phone is not registered, so offers would only time out. */
export const phoneUnregistered = (agentId: string): AgentError =>
  acdError('AGENT_PHONE_UNREGISTERED', `agent ${agentId} cannot log in: phone not registered`, {
    agentId,
  });

/** An event that makes no sense in the agent's current status. */
export const illegal = (
  code: AgentErrorCode,
  agentId: string,
  status: AgentStatus,
  event: string,
): AgentError =>
  acdError(code, `agent ${agentId} cannot ${event} while ${status}`, { agentId, status, event });

/** The event names a call the agent is not being offered. */
export const offerMismatch = (agentId: string, expected: string | null, got: string): AgentError =>
  acdError('OFFER_MISMATCH', `agent ${agentId} is not offered call ${got}`, {
    agentId,
    expected,
    got,
  });
