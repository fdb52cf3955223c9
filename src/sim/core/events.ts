/**
 * What happens inside the simulated PBX, as data. The core emits these in
 * the order Asterisk would (see transcripts/ari-events-*.jsonl); the ARI
 * layer turns them into WebSocket events for the subscribed apps and the AMI
 * layer into AMI events. Each carries frozen snapshots.
 */
import type { BridgeSnapshot, ChannelSnapshot } from './model.ts';

/** A playback as ARI shows it. */
export interface PlaybackSnapshot {
  readonly id: string;
  readonly mediaUri: string;
  readonly nextMediaUri?: string;
  readonly targetUri: string;
  readonly language: string;
  readonly state: string;
}

/** A live recording as ARI shows it. */
export interface RecordingSnapshot {
  readonly name: string;
  readonly format: string;
  readonly state: string;
  readonly targetUri: string;
  readonly duration?: number;
  readonly cause?: string;
}

/** An endpoint as ARI shows it. */
export interface EndpointSnapshot {
  readonly technology: string;
  readonly resource: string;
  readonly state: string;
  readonly channelIds: readonly string[];
}

type At = { readonly at: number };
type Ch = { readonly channel: ChannelSnapshot };

/** Every event the core emits. */
export type CoreEvent = At &
  (
    | ({ readonly type: 'ChannelCreated' } & Ch)
    | ({ readonly type: 'ChannelStateChange' } & Ch)
    | ({ readonly type: 'ChannelDialplan'; readonly app: string; readonly data: string } & Ch)
    | ({ readonly type: 'ChannelVarset'; readonly variable: string; readonly value: string } & Ch)
    | ({ readonly type: 'ChannelCallerId' } & Ch)
    | ({ readonly type: 'ChannelConnectedLine' } & Ch)
    | ({
        readonly type: 'ChannelHangupRequest';
        readonly cause?: number;
        readonly soft?: boolean;
      } & Ch)
    | ({
        readonly type: 'ChannelDestroyed';
        readonly cause: number;
        readonly causeTxt: string;
      } & Ch)
    | ({
        readonly type: 'ChannelDtmfReceived';
        readonly digit: string;
        readonly durationMs: number;
      } & Ch)
    | ({ readonly type: 'ChannelHold'; readonly musicclass?: string } & Ch)
    | ({ readonly type: 'ChannelUnhold' } & Ch)
    | ({ readonly type: 'MusicOnHoldStart'; readonly mohClass: string } & Ch)
    | ({ readonly type: 'MusicOnHoldStop' } & Ch)
    | {
        readonly type: 'Dial';
        readonly caller?: ChannelSnapshot;
        readonly peer: ChannelSnapshot;
        readonly dialstring: string;
        readonly dialstatus: string;
        readonly forward: string;
      }
    | ({
        readonly type: 'StasisStart';
        readonly app: string;
        readonly args: readonly string[];
      } & Ch)
    | ({ readonly type: 'StasisEnd'; readonly app: string } & Ch)
    /** ARI move to an app with no WebSocket: the channel stays where it is (res_stasis.c). */
    | ({
        readonly type: 'ApplicationMoveFailed';
        readonly app: string;
        readonly destination: string;
        readonly args: readonly string[];
      } & Ch)
    | { readonly type: 'BridgeCreated'; readonly bridge: BridgeSnapshot }
    | { readonly type: 'BridgeDestroyed'; readonly bridge: BridgeSnapshot }
    | ({ readonly type: 'ChannelEnteredBridge'; readonly bridge: BridgeSnapshot } & Ch)
    | ({ readonly type: 'ChannelLeftBridge'; readonly bridge: BridgeSnapshot } & Ch)
    | {
        readonly type: 'PlaybackStarted' | 'PlaybackContinuing' | 'PlaybackFinished';
        readonly playback: PlaybackSnapshot;
      }
    | {
        readonly type: 'RecordingStarted' | 'RecordingFinished' | 'RecordingFailed';
        readonly recording: RecordingSnapshot;
      }
    | { readonly type: 'DeviceStateChanged'; readonly device: string; readonly state: string }
    | {
        readonly type: 'ContactStatusChange';
        readonly endpoint: EndpointSnapshot;
        readonly uri: string;
        readonly contactStatus: string;
        readonly aor: string;
      }
    | {
        readonly type: 'PeerStatusChange';
        readonly endpoint: EndpointSnapshot;
        readonly peerStatus: string;
      }
    | ({
        readonly type: 'AgiExec';
        readonly commandId: number;
        readonly command: string;
        readonly end?: { readonly resultCode: number; readonly result: string };
      } & Ch)
    | ({
        readonly type: 'Cdr';
        readonly destinationChannel: string;
        readonly lastApp: string;
        readonly lastData: string;
        readonly start: number;
        readonly answer: number | undefined;
        readonly end: number;
        readonly disposition: string;
        readonly source: string;
        readonly destination: string;
        readonly destinationContext: string;
      } & Ch)
  );

/** The `type` of a {@link CoreEvent}. */
export type CoreEventType = CoreEvent['type'];

/** Distributive Omit so each union member keeps its own fields. */
export type WithoutAt<T> = T extends unknown ? Omit<T, 'at'> : never;

/** Synchronous, ordered fan-out of core events to the ARI and AMI layers. */
export class EventBus {
  private readonly listeners = new Set<(e: CoreEvent) => void>();

  constructor(private readonly now: () => number) {}

  /** Emits an event stamped with the current simulated time. */
  emit(event: WithoutAt<CoreEvent>): void {
    const full = { ...event, at: this.now() } as CoreEvent;
    for (const l of this.listeners) l(full);
  }

  /** Adds a listener; returns its removal function. */
  on(listener: (e: CoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
