/**
 * The ARI WebSocket events callwright consumes, as a union discriminated on
 * `type`. Field names are Asterisk's (ARI spec `events.json`); every frame
 * also carries `application`, `timestamp` and (in practice always)
 * `asterisk_id`, e.g. from the captured StasisStart:
 * `{"type":"StasisStart","timestamp":"...+0000","args":["inbound","100"],
 *   "channel":{...},"asterisk_id":"02:fc:00:00:00:01","application":"callcenter"}`.
 * Parsing and checking happens in `event-parser.ts`.
 */
import type {
  Bridge,
  Channel,
  ContactInfo,
  DeviceState,
  Endpoint,
  LiveRecording,
  Peer,
  Playback,
} from './models.ts';

/** Fields every ARI event carries. */
export interface AriEventBase {
  type: string;
  /** The Stasis application the frame was sent to. */
  application: string;
  /** Asterisk's timestamp, e.g. `2026-11-23T08:56:16.926+0000`. */
  timestamp: string;
  /** Entity id of the Asterisk that sent it. */
  asterisk_id?: string;
}

/** A channel entered the application (dialplan `Stasis()` or originate with `app`). */
export interface StasisStartEvent extends AriEventBase {
  type: 'StasisStart';
  args: string[];
  channel: Channel;
  /** Set when the channel replaced another one (a masquerade). */
  replace_channel?: Channel;
}

/** A channel left the application. */
export interface StasisEndEvent extends AriEventBase {
  type: 'StasisEnd';
  channel: Channel;
}

/** A channel was created. */
export interface ChannelCreatedEvent extends AriEventBase {
  type: 'ChannelCreated';
  channel: Channel;
}

/**
 * A channel was destroyed. After StasisEnd a PJSIP channel's destroy reaches
 * only subscribeAll apps, so do not wait for it (see transcripts README).
 */
export interface ChannelDestroyedEvent extends AriEventBase {
  type: 'ChannelDestroyed';
  /** Q.850 cause code. */
  cause: number;
  cause_txt: string;
  tech_cause?: number;
  channel: Channel;
}

/** The channel's state changed (e.g. Ring -> Up). */
export interface ChannelStateChangeEvent extends AriEventBase {
  type: 'ChannelStateChange';
  channel: Channel;
}

/** A DTMF digit ended on the channel. */
export interface ChannelDtmfReceivedEvent extends AriEventBase {
  type: 'ChannelDtmfReceived';
  /** `0`-`9`, `A`-`E`, `#`, `*`. */
  digit: string;
  duration_ms: number;
  channel: Channel;
}

/** Someone asked for the channel to hang up. */
export interface ChannelHangupRequestEvent extends AriEventBase {
  type: 'ChannelHangupRequest';
  cause?: number;
  tech_cause?: number;
  soft?: boolean;
  channel: Channel;
}

/** A variable changed; `channel` is absent for global variables. */
export interface ChannelVarsetEvent extends AriEventBase {
  type: 'ChannelVarset';
  variable: string;
  value: string;
  channel?: Channel;
}

/** The channel moved in the dialplan. */
export interface ChannelDialplanEvent extends AriEventBase {
  type: 'ChannelDialplan';
  dialplan_app: string;
  dialplan_app_data: string;
  channel: Channel;
}

/** The channel's caller id changed. */
export interface ChannelCallerIdEvent extends AriEventBase {
  type: 'ChannelCallerId';
  caller_presentation: number;
  caller_presentation_txt: string;
  channel: Channel;
}

/** The channel's connected line changed. */
export interface ChannelConnectedLineEvent extends AriEventBase {
  type: 'ChannelConnectedLine';
  channel: Channel;
}

/** The channel was put on hold (by the far end). */
export interface ChannelHoldEvent extends AriEventBase {
  type: 'ChannelHold';
  channel: Channel;
  musicclass?: string;
}

/** The channel was taken off hold. */
export interface ChannelUnholdEvent extends AriEventBase {
  type: 'ChannelUnhold';
  channel: Channel;
}

/** Dialplan `UserEvent()`. */
export interface ChannelUsereventEvent extends AriEventBase {
  type: 'ChannelUserevent';
  eventname: string;
  userevent: Record<string, unknown>;
  channel?: Channel;
  bridge?: Bridge;
  endpoint?: Endpoint;
}

/** A bridge was created (reaches only apps subscribed to it, or subscribeAll). */
export interface BridgeCreatedEvent extends AriEventBase {
  type: 'BridgeCreated';
  bridge: Bridge;
}

/** A bridge was destroyed. */
export interface BridgeDestroyedEvent extends AriEventBase {
  type: 'BridgeDestroyed';
  bridge: Bridge;
}

/** A channel entered a bridge. */
export interface ChannelEnteredBridgeEvent extends AriEventBase {
  type: 'ChannelEnteredBridge';
  bridge: Bridge;
  channel?: Channel;
}

/** A channel left a bridge. */
export interface ChannelLeftBridgeEvent extends AriEventBase {
  type: 'ChannelLeftBridge';
  bridge: Bridge;
  channel: Channel;
}

/**
 * Dial progress: `dialstatus` is empty when the dial starts, then ANSWER,
 * BUSY, NOANSWER, CANCEL, CONGESTION, CHANUNAVAIL, ...
 */
export interface DialEvent extends AriEventBase {
  type: 'Dial';
  caller?: Channel;
  peer: Channel;
  forward?: string;
  forwarded?: Channel;
  dialstring?: string;
  dialstatus: string;
}

/** A device's state changed. */
export interface DeviceStateChangedEvent extends AriEventBase {
  type: 'DeviceStateChanged';
  device_state: DeviceState;
}

/** An endpoint's state changed. */
export interface EndpointStateChangeEvent extends AriEventBase {
  type: 'EndpointStateChange';
  endpoint: Endpoint;
}

/** A playback started. */
export interface PlaybackStartedEvent extends AriEventBase {
  type: 'PlaybackStarted';
  playback: Playback;
}

/** A playback finished (its id is gone from `/playbacks` afterwards). */
export interface PlaybackFinishedEvent extends AriEventBase {
  type: 'PlaybackFinished';
  playback: Playback;
}

/** A recording started. */
export interface RecordingStartedEvent extends AriEventBase {
  type: 'RecordingStarted';
  recording: LiveRecording;
}

/** A recording finished. */
export interface RecordingFinishedEvent extends AriEventBase {
  type: 'RecordingFinished';
  recording: LiveRecording;
}

/** A recording failed. */
export interface RecordingFailedEvent extends AriEventBase {
  type: 'RecordingFailed';
  recording: LiveRecording;
}

/** A SIP contact's status changed (e.g. a phone registered). */
export interface ContactStatusChangeEvent extends AriEventBase {
  type: 'ContactStatusChange';
  endpoint: Endpoint;
  contact_info: ContactInfo;
}

/** A SIP peer's status changed. */
export interface PeerStatusChangeEvent extends AriEventBase {
  type: 'PeerStatusChange';
  endpoint: Endpoint;
  peer: Peer;
}

/** Another WebSocket registered the same application name; this one gets no more events. */
export interface ApplicationReplacedEvent extends AriEventBase {
  type: 'ApplicationReplaced';
}

/** Every ARI event callwright consumes. */
export type AriEvent =
  | StasisStartEvent
  | StasisEndEvent
  | ChannelCreatedEvent
  | ChannelDestroyedEvent
  | ChannelStateChangeEvent
  | ChannelDtmfReceivedEvent
  | ChannelHangupRequestEvent
  | ChannelVarsetEvent
  | ChannelDialplanEvent
  | ChannelCallerIdEvent
  | ChannelConnectedLineEvent
  | ChannelHoldEvent
  | ChannelUnholdEvent
  | ChannelUsereventEvent
  | BridgeCreatedEvent
  | BridgeDestroyedEvent
  | ChannelEnteredBridgeEvent
  | ChannelLeftBridgeEvent
  | DialEvent
  | DeviceStateChangedEvent
  | EndpointStateChangeEvent
  | PlaybackStartedEvent
  | PlaybackFinishedEvent
  | RecordingStartedEvent
  | RecordingFinishedEvent
  | RecordingFailedEvent
  | ContactStatusChangeEvent
  | PeerStatusChangeEvent
  | ApplicationReplacedEvent;

/** The `type` of every consumed event. */
export type AriEventType = AriEvent['type'];

/** The event type for a given `type` string. */
export type AriEventOf<T extends AriEventType> = Extract<AriEvent, { type: T }>;
