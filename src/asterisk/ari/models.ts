/**
 * Our own types for the ARI models callwright uses, field names exactly as
 * Asterisk puts them on the wire (ARI 10.0.0, Asterisk 22). Written from the
 * ARI spec (`api-docs/*.json` models) and checked against captured payloads;
 * the matching zod schemas live in `model-schemas.ts`.
 */

/**
 * Channel states as Asterisk prints them (`ast_state2str`). Asterisk prints
 * `Unknown (<n>)` for a state it has no name for; the parser folds that into
 * `'Unknown'`.
 */
export type ChannelState =
  | 'Down'
  | 'Rsrved'
  | 'OffHook'
  | 'Dialing'
  | 'Ring'
  | 'Ringing'
  | 'Up'
  | 'Busy'
  | 'Dialing Offhook'
  | 'Pre-ring'
  | 'Unknown';

/** Caller or connected-line identity of a channel. */
export interface CallerId {
  name: string;
  number: string;
}

/** Where a channel is in the dialplan (ARI `DialplanCEP`). */
export interface DialplanCep {
  context: string;
  exten: string;
  priority: number;
  app_name: string;
  app_data: string;
}

/** An ARI channel snapshot. */
export interface Channel {
  /** Unique id (Asterisk's uniqueid, or the `channelId` given at originate). */
  id: string;
  /** Channel name, e.g. `PJSIP/1001-00000003` or `Local/100@ctx-00000000;1`. */
  name: string;
  state: ChannelState;
  caller: CallerId;
  connected: CallerId;
  accountcode: string;
  dialplan: DialplanCep;
  /** Asterisk timestamp, e.g. `2026-11-23T08:56:16.924+0000`. */
  creationtime: string;
  language: string;
  /** Only present when `channelvars` is configured in ari.conf. */
  channelvars?: Record<string, string>;
  /** SIP Call-ID for PJSIP channels, empty for others. */
  protocol_id: string;
  caller_rdnis?: string;
  tenantid?: string;
}

/** What `bridge_type` reports: Asterisk prints `holding` or `mixing` only. */
export type BridgeType = 'mixing' | 'holding';

/** The flags accepted by `POST /bridges?type=` (comma-joined on the wire). */
export type BridgeTypeFlag =
  | 'mixing'
  | 'holding'
  | 'dtmf_events'
  | 'proxy_media'
  | 'video_sfu'
  | 'video_single';

/** An ARI bridge snapshot. */
export interface Bridge {
  id: string;
  technology: string;
  bridge_type: BridgeType;
  bridge_class: string;
  creator: string;
  name: string;
  /** Ids of the channels in the bridge. */
  channels: string[];
  creationtime: string;
  video_mode?: string;
  video_source_id?: string;
  bridgevars?: Record<string, string>;
}

/** Playback states (`res_stasis_playback.c`). */
export type PlaybackState = 'queued' | 'playing' | 'continuing' | 'done' | 'failed';

/** A media playback on a channel or bridge. */
export interface Playback {
  id: string;
  media_uri: string;
  next_media_uri?: string;
  /** `channel:<id>` or `bridge:<id>`. */
  target_uri: string;
  language?: string;
  state: PlaybackState;
}

/** Live recording states (`stasis_app_recording.c`). */
export type LiveRecordingState = 'queued' | 'recording' | 'paused' | 'done' | 'failed' | 'canceled';

/** A recording in progress (or just finished, as in RecordingFinished). */
export interface LiveRecording {
  name: string;
  format: string;
  target_uri: string;
  state: LiveRecordingState;
  /** Seconds; present once the recording has finished. */
  duration?: number;
  talking_duration?: number;
  silence_duration?: number;
  /** Why the recording failed, on RecordingFailed. */
  cause?: string;
}

/** A recording stored on the Asterisk host. */
export interface StoredRecording {
  name: string;
  format: string;
}

/** Endpoint states as ARI reports them. */
export type EndpointState = 'unknown' | 'offline' | 'online';

/** A SIP (or other technology) endpoint. */
export interface Endpoint {
  technology: string;
  resource: string;
  state?: EndpointState;
  channel_ids: string[];
}

/** Device states (`ast_devstate_str` names). */
export type DeviceStateValue =
  | 'UNKNOWN'
  | 'NOT_INUSE'
  | 'INUSE'
  | 'BUSY'
  | 'INVALID'
  | 'UNAVAILABLE'
  | 'RINGING'
  | 'RINGINUSE'
  | 'ONHOLD';

/** The state of a device (an endpoint, a Local channel, or a `Stasis:` device). */
export interface DeviceState {
  name: string;
  state: DeviceStateValue;
}

/** Build facts of the Asterisk binary. */
export interface BuildInfo {
  os: string;
  kernel: string;
  options: string;
  machine: string;
  date: string;
  user: string;
}

/** Version and entity id of the running Asterisk. */
export interface SystemInfo {
  version: string;
  entity_id: string;
}

/** Global configuration facts. */
export interface ConfigInfo {
  name: string;
  default_language: string;
  max_channels?: number;
  max_open_files?: number;
  max_load?: number;
  setid: { user: string; group: string };
}

/** Start and reload times. */
export interface StatusInfo {
  startup_time: string;
  last_reload_time: string;
}

/** `GET /asterisk/info`; each part is absent when filtered out with `only`. */
export interface AsteriskInfo {
  build?: BuildInfo;
  system?: SystemInfo;
  config?: ConfigInfo;
  status?: StatusInfo;
}

/** `GET /asterisk/ping`. */
export interface AsteriskPing {
  asterisk_id: string;
  ping: string;
  timestamp: string;
}

/** The value of a channel, bridge or global variable. */
export interface Variable {
  value: string;
}

/** A Stasis application and what it is subscribed to. */
export interface Application {
  name: string;
  channel_ids: string[];
  bridge_ids: string[];
  endpoint_ids: string[];
  device_names: string[];
  events_allowed: unknown[];
  events_disallowed: unknown[];
}

/** A SIP contact (ContactStatusChange). */
export interface ContactInfo {
  uri: string;
  /**
   * `Unreachable`, `Reachable`, `Unknown`, `NonQualified`, `Removed`, ...;
   * kept a plain string because res_pjsip has more labels than the spec lists.
   */
  contact_status: string;
  aor: string;
  /** Microseconds, as a string on the wire. */
  roundtrip_usec?: string;
}

/** A SIP peer's status (PeerStatusChange). */
export interface Peer {
  /** e.g. `Reachable`, `Unreachable`. */
  peer_status: string;
  cause?: string;
  address?: string;
  port?: string;
  time?: string;
}
