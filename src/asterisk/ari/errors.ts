/**
 * How the ARI client reports failure: a typed {@link Gone} value for a
 * resource that no longer exists (a normal race: the caller hung up while we
 * were bridging), and an {@link AriError} with a stable code for the rest.
 */

/** Stable error codes of the ARI client. */
export type AriErrorCode =
  /** 400: missing or invalid parameters. */
  | 'ARI_BAD_REQUEST'
  /** 401: wrong or missing ARI credentials. */
  | 'ARI_UNAUTHORIZED'
  /** 403: e.g. a stored recording file that cannot be opened. */
  | 'ARI_FORBIDDEN'
  /** 404 that does not mean "this resource is gone" (unknown application, unknown path). */
  | 'ARI_NOT_FOUND'
  /** 409: e.g. "Channel not in a Stasis application", duplicate id. */
  | 'ARI_CONFLICT'
  /** 412: "Channel in invalid state". */
  | 'ARI_INVALID_STATE'
  /** 422: e.g. "Channel not in Stasis application" on addChannel, unknown format. */
  | 'ARI_UNPROCESSABLE'
  /** 500. */
  | 'ARI_SERVER_ERROR'
  /** 501. */
  | 'ARI_NOT_IMPLEMENTED'
  /** 502, 503, 504: Asterisk (or a proxy in front of it) cannot serve now. */
  | 'ARI_UNAVAILABLE'
  /** Any other non-2xx status. */
  | 'ARI_HTTP_ERROR'
  /** The HTTP request never got an answer: refused, reset, DNS, TLS. */
  | 'ARI_UNREACHABLE'
  /** No answer within the request timeout. */
  | 'ARI_TIMEOUT'
  /** A 2xx whose body is not what the spec says. */
  | 'ARI_BAD_RESPONSE'
  /** The client was closed. */
  | 'ARI_CLOSED';

/** Maps a non-2xx HTTP status to its stable code. */
export function codeForStatus(status: number): AriErrorCode {
  switch (status) {
    case 400:
      return 'ARI_BAD_REQUEST';
    case 401:
      return 'ARI_UNAUTHORIZED';
    case 403:
      return 'ARI_FORBIDDEN';
    case 404:
      return 'ARI_NOT_FOUND';
    case 409:
      return 'ARI_CONFLICT';
    case 412:
      return 'ARI_INVALID_STATE';
    case 422:
      return 'ARI_UNPROCESSABLE';
    case 500:
      return 'ARI_SERVER_ERROR';
    case 501:
      return 'ARI_NOT_IMPLEMENTED';
    case 502:
    case 503:
    case 504:
      return 'ARI_UNAVAILABLE';
    default:
      return 'ARI_HTTP_ERROR';
  }
}

/** What an {@link AriError} carries. */
export interface AriErrorInit {
  code: AriErrorCode;
  /** The client operation, e.g. `channels.originate`. */
  operation: string;
  /** HTTP status, when Asterisk answered. */
  status?: number;
  /** Asterisk's `message`, when it answered with one. */
  serverMessage?: string;
  /** Our own explanation, e.g. which response field did not match the spec. */
  detail?: string;
}

/** A failed ARI call. */
export class AriError extends Error {
  /** Stable code, e.g. `ARI_CONFLICT`. */
  readonly code: AriErrorCode;
  /** The client operation, e.g. `bridges.addChannel`. */
  readonly operation: string;
  /** HTTP status, when Asterisk answered. */
  readonly status: number | undefined;
  /** Asterisk's own message, e.g. `Channel not in Stasis application`. */
  readonly serverMessage: string | undefined;
  /** Our own explanation, when there is one. */
  readonly detail: string | undefined;

  constructor(init: AriErrorInit, options?: { cause?: unknown }) {
    const statusPart = init.status === undefined ? '' : ` (HTTP ${init.status})`;
    const said = init.serverMessage ?? init.detail;
    const messagePart = said ? `: ${said}` : '';
    super(`${init.operation} failed with ${init.code}${statusPart}${messagePart}`, options);
    this.name = 'AriError';
    this.code = init.code;
    this.operation = init.operation;
    this.status = init.status;
    this.serverMessage = init.serverMessage;
    this.detail = init.detail;
  }
}

/** Whether `value` is an {@link AriError}. */
export function isAriError(value: unknown): value is AriError {
  return value instanceof AriError;
}

/** The kinds of ARI resources that can vanish under us. */
export type GoneResource = 'channel' | 'bridge' | 'playback' | 'recording' | 'endpoint';

/**
 * The resource an operation addressed no longer exists (ARI answered 404
 * `{"message":"Channel not found"}` and the like). An expected outcome of
 * races with hangups and finished playbacks, returned rather than thrown.
 */
export interface Gone {
  readonly gone: true;
  readonly resource: GoneResource;
  /** The id we asked about (for several channels at once, their ids joined by commas). */
  readonly id: string;
  /** Asterisk's message, e.g. `Channel not found`. */
  readonly message: string;
}

/** Whether `value` is a {@link Gone} result. */
export function isGone(value: unknown): value is Gone {
  return typeof value === 'object' && value !== null && (value as { gone?: unknown }).gone === true;
}
