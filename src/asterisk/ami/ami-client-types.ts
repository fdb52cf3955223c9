/**
 * Public types of the AMI client: its options, its status snapshot and the
 * `AmiClient` port the rest of callwright depends on.
 */
import type { Registry } from 'prom-client';
import type { Logger } from '../../app/logger.ts';
import type { BackoffOptions } from './ami-backoff.ts';
import type { AmiError } from './ami-errors.ts';
import type { AmiEvent, AmiOriginateResponse } from './ami-event-types.ts';
import type { AmiFields } from './ami-message.ts';
import type { AmiActionResult } from './ami-pending.ts';

/** Settings of {@link createAmiClient}. */
export interface AmiClientOptions {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly secret: string;
  readonly logger: Logger;
  readonly registry: Registry;
  /** Reply timeout of each action (and of the banner wait). Default 10 s. */
  readonly actionTimeoutMs?: number;
  /** Keepalive Ping period once logged in; 0 disables. Default 30 s. */
  readonly pingIntervalMs?: number;
  /** Default wait for an OriginateResponse; keep it above the Originate `Timeout`. Default 60 s. */
  readonly originateTimeoutMs?: number;
  /** Reconnect delay bounds after a network failure. Default 100 ms .. 1 s. */
  readonly reconnect?: BackoffOptions;
  /** Delay before retrying after a refused login. Default the larger of 30 s and `reconnect.maxMs`. */
  readonly authRetryMs?: number;
  /** Jitter source in [0, 1). Default Math.random. */
  readonly random?: () => number;
}

/** Per-call overrides. */
export interface AmiCallOptions {
  readonly timeoutMs?: number;
}

/** A point-in-time view of the client, for health checks and tests. */
export interface AmiClientStatus {
  readonly connected: boolean;
  /** Version from the last banner, e.g. `11.0.0`. */
  readonly amiVersion: string | undefined;
  /** Failed attempts since the last successful login. */
  readonly consecutiveFailures: number;
  /** Delay chosen for the pending reconnect, when one is scheduled. */
  readonly nextRetryMs: number | undefined;
  readonly lastError: AmiError | undefined;
}

/** The AMI port used by the rest of callwright. */
export interface AmiClient {
  /** True while logged in. */
  readonly connected: boolean;
  /**
   * Sends an action and resolves with its reply; event-list actions
   * (CoreShowChannels, QueueStatus, DeviceStateList...) resolve once the
   * `EventList: Complete` event arrived, with the items in `events`.
   * Rejects `AMI_INVALID_VALUE` (nothing written), `AMI_DISCONNECTED`,
   * `AMI_TIMEOUT`, `AMI_ACTION_FAILED` (`Response: Error`) or `AMI_CLOSED`.
   */
  action(name: string, fields?: AmiFields, options?: AmiCallOptions): Promise<AmiActionResult>;
  /**
   * Originate with `Async: true`; resolves with the OriginateResponse event
   * (Success or Failure with its Reason code), rejects like `action` or with
   * `AMI_TIMEOUT` when the event does not come within `timeoutMs`.
   */
  originate(fields: AmiFields, options?: AmiCallOptions): Promise<AmiOriginateResponse>;
  /** Subscribes to typed events; returns the unsubscribe function. */
  onEvent(handler: (event: AmiEvent) => void): () => void;
  /** Runs `hook` after every successful login, the first one included (reconcile here). */
  onReconnect(hook: () => void | Promise<void>): () => void;
  /** Resolves when logged in; rejects `AMI_AUTH_FAILED` on a refused login, `AMI_CLOSED` on close. */
  whenConnected(): Promise<void>;
  /** Current state. */
  status(): AmiClientStatus;
  /** Sends Logoff (best effort), closes the socket, cancels every timer. */
  close(): Promise<void>;
}
