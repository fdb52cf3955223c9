/**
 * The ARI client: typed REST operations on global `fetch`, and the typed event
 * WebSocket on `ws`. This file is the entry point; it exports
 * {@link createAriClient} and (type-only) the types callers need. Values such
 * as `isGone`, `AriError` and `parseAriEvent` are imported from their own
 * files (`errors.ts`, `event-parser.ts`).
 *
 * Usage: create, register `onEvent` / `onReconnect`, then `await connect()`.
 */
import type { Registry } from 'prom-client';
import type { Logger } from '../../app/logger.ts';
import { type BackoffOptions, DEFAULT_BACKOFF } from './backoff.ts';
import {
  type AriEventHandler,
  createEventDispatcher,
  type ReconnectHook,
} from './event-dispatch.ts';
import { createFrameIntake } from './frame-intake.ts';
import { createAriMetrics } from './metrics.ts';
import { type ApplicationsApi, createApplicationsApi } from './resources/applications.ts';
import { type AsteriskApi, createAsteriskApi } from './resources/asterisk.ts';
import { type BridgesApi, createBridgesApi } from './resources/bridges.ts';
import { type ChannelsApi, createChannelsApi } from './resources/channels.ts';
import { createDeviceStatesApi, type DeviceStatesApi } from './resources/device-states.ts';
import { createEndpointsApi, type EndpointsApi } from './resources/endpoints.ts';
import { createPlaybacksApi, type PlaybacksApi } from './resources/playbacks.ts';
import { createRecordingsApi, type RecordingsApi } from './resources/recordings.ts';
import { createRestTransport } from './rest.ts';
import { type AriConnectionState, createEventStream } from './websocket.ts';

export type { BackoffOptions } from './backoff.ts';
export type { AriErrorCode, Gone, GoneResource } from './errors.ts';
export type {
  AriEventHandler,
  ReconnectHook,
  ReconnectInfo,
} from './event-dispatch.ts';
export type { FrameRejectReason, ParseAriEventResult } from './event-parser.ts';
export type * from './events.ts';
export type * from './models.ts';
export type { ApplicationsApi, EventSource } from './resources/applications.ts';
export type { AsteriskApi, AsteriskInfoPart } from './resources/asterisk.ts';
export type { AddChannelParams, BridgesApi, CreateBridgeParams } from './resources/bridges.ts';
export type {
  AudioDirection,
  ChannelMediaApi,
  DtmfParams,
  SnoopParams,
} from './resources/channel-media.ts';
export type {
  ChannelsApi,
  ContinueParams,
  CreateChannelParams,
  DialParams,
  HangupParams,
  HangupReason,
  OriginateParams,
} from './resources/channels.ts';
export type { DeviceStatesApi } from './resources/device-states.ts';
export type { EndpointsApi } from './resources/endpoints.ts';
export type { PlayParams, RecordParams } from './resources/media-params.ts';
export type { PlaybackOperation, PlaybacksApi } from './resources/playbacks.ts';
export type {
  LiveRecordingsApi,
  RecordingsApi,
  StoredRecordingsApi,
} from './resources/recordings.ts';
export type { AriConnectionState } from './websocket.ts';

/** Options of {@link createAriClient}. */
export interface AriClientOptions {
  /** Asterisk's HTTP base URL without `/ari`, e.g. `http://127.0.0.1:8088`. */
  url: string;
  /** ARI user (ari.conf). */
  user: string;
  password: string;
  /** Stasis application name to register. */
  app: string;
  logger: Logger;
  /** Registry for the `callwright_ari_*` metrics. */
  registry: Registry;
  /** Receive every event Asterisk has, not only our application's; default false. */
  subscribeAll?: boolean;
  /** Reconnect backoff; default 50 ms doubling to 800 ms, ±20% jitter. */
  reconnect?: BackoffOptions;
  /** WebSocket liveness ping period; default 10 s. */
  pingIntervalMs?: number;
  /** REST request timeout; default 10 s. */
  requestTimeoutMs?: number;
  /** WebSocket upgrade timeout; default 10 s. */
  handshakeTimeoutMs?: number;
}

/** A connected (or connecting) ARI client. */
export interface AriClient {
  readonly channels: ChannelsApi;
  readonly bridges: BridgesApi;
  readonly playbacks: PlaybacksApi;
  readonly recordings: RecordingsApi;
  readonly endpoints: EndpointsApi;
  readonly deviceStates: DeviceStatesApi;
  /** Operations on the client's own Stasis application. */
  readonly applications: ApplicationsApi;
  readonly asterisk: AsteriskApi;
  /** The event WebSocket's state. */
  readonly state: AriConnectionState;
  /**
   * Opens the event WebSocket (idempotent). Resolves once connected and the
   * reconnect hooks have run; keeps retrying meanwhile. Rejects with
   * `ARI_CLOSED` if the client is closed first.
   */
  connect(): Promise<void>;
  /** Subscribes to events; returns the unsubscribe function. */
  onEvent(handler: AriEventHandler): () => void;
  /** Adds a hook run after every (re)connect, before newer events are delivered. */
  onReconnect(hook: ReconnectHook): () => void;
  /** Observes connection state changes. */
  onStateChange(listener: (state: AriConnectionState) => void): () => void;
  /** Stops reconnecting, closes the socket and aborts in-flight REST calls. */
  close(): Promise<void>;
}

/** Creates an ARI client. Nothing connects until `connect()`. */
export function createAriClient(options: AriClientOptions): AriClient {
  const logger = options.logger.child({ component: 'ari' });
  const metrics = createAriMetrics(options.registry);
  const rest = createRestTransport({ ...options, logger, metrics });
  const dispatcher = createEventDispatcher({ logger, metrics });
  const stream = createEventStream({
    url: options.url,
    user: options.user,
    password: options.password,
    app: options.app,
    subscribeAll: options.subscribeAll ?? false,
    reconnect: { ...DEFAULT_BACKOFF, ...options.reconnect },
    pingIntervalMs: options.pingIntervalMs ?? 10_000,
    handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000,
    closeTimeoutMs: 1_000,
    logger,
    metrics,
    intake: createFrameIntake({ logger, metrics }),
    dispatcher,
  });
  return {
    channels: createChannelsApi(rest),
    bridges: createBridgesApi(rest),
    playbacks: createPlaybacksApi(rest),
    recordings: createRecordingsApi(rest),
    endpoints: createEndpointsApi(rest),
    deviceStates: createDeviceStatesApi(rest),
    applications: createApplicationsApi(rest, options.app),
    asterisk: createAsteriskApi(rest),
    get state() {
      return stream.state;
    },
    connect: () => stream.connect(),
    onEvent: (handler) => dispatcher.onEvent(handler),
    onReconnect: (hook) => dispatcher.onReconnect(hook),
    onStateChange: (listener) => stream.onStateChange(listener),
    close: async () => {
      rest.close();
      await stream.close();
    },
  };
}
