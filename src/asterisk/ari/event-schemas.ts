/**
 * One zod schema per consumed ARI event type, keyed by `type`. The mapped
 * type makes the compiler check each schema against its event interface.
 * Objects are loose: unknown fields pass through untouched.
 */
import { z } from 'zod';
import type { AriEventOf, AriEventType } from './events.ts';
import {
  bridgeSchema,
  channelSchema,
  contactInfoSchema,
  deviceStateSchema,
  endpointSchema,
  liveRecordingSchema,
  peerSchema,
  playbackSchema,
} from './model-schemas.ts';

/** The envelope fields of every ARI event (`Event` and `Message` in events.json). */
const base = {
  application: z.string(),
  timestamp: z.string(),
  asterisk_id: z.string().optional(),
};

function event<const T extends string, S extends z.core.$ZodLooseShape>(type: T, shape: S) {
  return z.looseObject({ type: z.literal(type), ...base, ...shape });
}

const channelOnly = { channel: channelSchema };
const recordingOnly = { recording: liveRecordingSchema };
const playbackOnly = { playback: playbackSchema };

/** Schema per event type; a missing or mistyped entry is a compile error. */
export const EVENT_SCHEMAS: { readonly [K in AriEventType]: z.ZodType<AriEventOf<K>> } = {
  StasisStart: event('StasisStart', {
    args: z.array(z.string()),
    channel: channelSchema,
    replace_channel: channelSchema.optional(),
  }),
  StasisEnd: event('StasisEnd', channelOnly),
  ChannelCreated: event('ChannelCreated', channelOnly),
  ChannelDestroyed: event('ChannelDestroyed', {
    cause: z.number(),
    cause_txt: z.string(),
    tech_cause: z.number().optional(),
    channel: channelSchema,
  }),
  ChannelStateChange: event('ChannelStateChange', channelOnly),
  ChannelDtmfReceived: event('ChannelDtmfReceived', {
    digit: z.string().min(1),
    duration_ms: z.number(),
    channel: channelSchema,
  }),
  ChannelHangupRequest: event('ChannelHangupRequest', {
    cause: z.number().optional(),
    tech_cause: z.number().optional(),
    soft: z.boolean().optional(),
    channel: channelSchema,
  }),
  ChannelVarset: event('ChannelVarset', {
    variable: z.string(),
    value: z.string(),
    channel: channelSchema.optional(),
  }),
  ChannelDialplan: event('ChannelDialplan', {
    dialplan_app: z.string(),
    dialplan_app_data: z.string(),
    channel: channelSchema,
  }),
  ChannelCallerId: event('ChannelCallerId', {
    caller_presentation: z.number(),
    caller_presentation_txt: z.string(),
    channel: channelSchema,
  }),
  ChannelConnectedLine: event('ChannelConnectedLine', channelOnly),
  ChannelHold: event('ChannelHold', { channel: channelSchema, musicclass: z.string().optional() }),
  ChannelUnhold: event('ChannelUnhold', channelOnly),
  ChannelUserevent: event('ChannelUserevent', {
    eventname: z.string(),
    userevent: z.record(z.string(), z.unknown()),
    channel: channelSchema.optional(),
    bridge: bridgeSchema.optional(),
    endpoint: endpointSchema.optional(),
  }),
  BridgeCreated: event('BridgeCreated', { bridge: bridgeSchema }),
  BridgeDestroyed: event('BridgeDestroyed', { bridge: bridgeSchema }),
  ChannelEnteredBridge: event('ChannelEnteredBridge', {
    bridge: bridgeSchema,
    channel: channelSchema.optional(),
  }),
  ChannelLeftBridge: event('ChannelLeftBridge', { bridge: bridgeSchema, channel: channelSchema }),
  Dial: event('Dial', {
    caller: channelSchema.optional(),
    peer: channelSchema,
    forward: z.string().optional(),
    forwarded: channelSchema.optional(),
    dialstring: z.string().optional(),
    dialstatus: z.string(),
  }),
  DeviceStateChanged: event('DeviceStateChanged', { device_state: deviceStateSchema }),
  EndpointStateChange: event('EndpointStateChange', { endpoint: endpointSchema }),
  PlaybackStarted: event('PlaybackStarted', playbackOnly),
  PlaybackFinished: event('PlaybackFinished', playbackOnly),
  RecordingStarted: event('RecordingStarted', recordingOnly),
  RecordingFinished: event('RecordingFinished', recordingOnly),
  RecordingFailed: event('RecordingFailed', recordingOnly),
  ContactStatusChange: event('ContactStatusChange', {
    endpoint: endpointSchema,
    contact_info: contactInfoSchema,
  }),
  PeerStatusChange: event('PeerStatusChange', { endpoint: endpointSchema, peer: peerSchema }),
  ApplicationReplaced: event('ApplicationReplaced', {}),
};

/** Whether `type` names an event callwright consumes. */
export function isAriEventType(type: string): type is AriEventType {
  return Object.hasOwn(EVENT_SCHEMAS, type);
}
