/**
 * Typed errors of the AMI adapter. Codes are stable: callers branch on
 * `code`, never on the message text.
 */
import type { AmiMessage } from './ami-message.ts';

/** Stable error codes raised by the AMI client. */
export type AmiErrorCode =
  /** `Action: Login` answered `Response: Error` (`Message: Authentication failed`). */
  | 'AMI_AUTH_FAILED'
  /** No response (or no next list item) within the action's timeout. */
  | 'AMI_TIMEOUT'
  /** The socket closed (or was never logged in) while the action was pending. */
  | 'AMI_DISCONNECTED'
  /** A key or value contained CR or LF (header injection) or was otherwise unusable. */
  | 'AMI_INVALID_VALUE'
  /** Asterisk answered the action with `Response: Error`. */
  | 'AMI_ACTION_FAILED'
  /** The client was closed with `close()`. */
  | 'AMI_CLOSED'
  /** The peer did not speak AMI (no `Asterisk Call Manager/x.y.z` banner). */
  | 'AMI_PROTOCOL';

/** Context attached to an {@link AmiError}. Never holds the login secret. */
export interface AmiErrorDetails {
  /** The AMI action name, e.g. `Originate`. */
  readonly action?: string;
  /** The ActionID the client generated for the action. */
  readonly actionId?: string;
  /** The offending key for `AMI_INVALID_VALUE`. */
  readonly key?: string;
  /** Asterisk's `Response: Error` message for `AMI_ACTION_FAILED` / `AMI_AUTH_FAILED`. */
  readonly response?: AmiMessage;
}

/** The one error type thrown or rejected by the AMI adapter. */
export class AmiError extends Error {
  /** Stable machine-readable code. */
  readonly code: AmiErrorCode;
  /** Structured context (action, ActionID, offending key, server response). */
  readonly details: AmiErrorDetails;

  constructor(code: AmiErrorCode, message: string, details: AmiErrorDetails = {}) {
    super(message);
    this.name = 'AmiError';
    this.code = code;
    this.details = details;
  }
}

/** True when `err` is an {@link AmiError}, optionally with the given code. */
export function isAmiError(err: unknown, code?: AmiErrorCode): err is AmiError {
  return err instanceof AmiError && (code === undefined || err.code === code);
}
