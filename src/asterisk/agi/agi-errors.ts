/**
 * Typed errors of the FastAGI adapter, with stable codes. The 5xx statuses
 * are the ones res_agi writes (transcripts/fastagi-session-1.txt shows 510).
 */

/** Stable error codes raised by an AGI session. */
export type AgiErrorCode =
  /** `510 Invalid or unknown command`. */
  | 'AGI_UNKNOWN_COMMAND'
  /** `511 Command Not Permitted on a dead channel or intercept routine`. */
  | 'AGI_DEAD_CHANNEL'
  /** `520 Invalid command syntax`, single line or the `520-` ... `520 End of proper usage.` block. */
  | 'AGI_USAGE'
  /** Another status line (e.g. `503 result=-2 Memory allocation failure`). */
  | 'AGI_UNEXPECTED_STATUS'
  /** The channel hung up (bare `HANGUP` line) while the command was pending. */
  | 'AGI_HANGUP'
  /** The socket closed (or the session was closed) before the reply. */
  | 'AGI_CLOSED'
  /** No reply within the command's timeout. */
  | 'AGI_TIMEOUT'
  /** An argument contained CR, LF or NUL, which would inject a second command. */
  | 'AGI_INVALID_VALUE';

/** Context of an {@link AgiError}. */
export interface AgiErrorDetails {
  /** The command line as written (without its LF). */
  readonly command?: string;
  /** The numeric AGI status (510, 511, 520, ...). */
  readonly status?: number;
  /** The usage text of a multi-line 520 reply. */
  readonly usage?: string;
}

/** The one error type of the AGI adapter. */
export class AgiError extends Error {
  /** Stable machine-readable code. */
  readonly code: AgiErrorCode;
  /** Structured context. */
  readonly details: AgiErrorDetails;

  constructor(code: AgiErrorCode, message: string, details: AgiErrorDetails = {}) {
    super(message);
    this.name = 'AgiError';
    this.code = code;
    this.details = details;
  }
}

/** True when `err` is an {@link AgiError}, optionally with the given code. */
export function isAgiError(err: unknown, code?: AgiErrorCode): err is AgiError {
  return err instanceof AgiError && (code === undefined || err.code === code);
}
