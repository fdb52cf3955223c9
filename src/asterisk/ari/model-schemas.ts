/**
 * zod schemas for the ARI models in `models.ts`, used to check REST responses
 * and WebSocket events at the edge. Objects are loose: fields we do not know
 * are kept (Asterisk adds fields between releases), while the fields we rely
 * on are checked. Each schema is annotated with its model type so the two
 * cannot drift apart.
 */
import { z } from 'zod';
import type {
  Application,
  AsteriskInfo,
  AsteriskPing,
  Bridge,
  CallerId,
  Channel,
  ChannelState,
  ContactInfo,
  DeviceState,
  DeviceStateValue,
  DialplanCep,
  Endpoint,
  EndpointState,
  LiveRecording,
  Peer,
  Playback,
  StoredRecording,
  Variable,
} from './models.ts';

const CHANNEL_STATES: ReadonlySet<string> = new Set<ChannelState>([
  'Down',
  'Rsrved',
  'OffHook',
  'Dialing',
  'Ring',
  'Ringing',
  'Up',
  'Busy',
  'Dialing Offhook',
  'Pre-ring',
  'Unknown',
]);

const DEVICE_STATES: ReadonlySet<string> = new Set<DeviceStateValue>([
  'UNKNOWN',
  'NOT_INUSE',
  'INUSE',
  'BUSY',
  'INVALID',
  'UNAVAILABLE',
  'RINGING',
  'RINGINUSE',
  'ONHOLD',
]);

const ENDPOINT_STATES: ReadonlySet<string> = new Set<EndpointState>([
  'unknown',
  'offline',
  'online',
]);

/**
 * A string from a known list, or `fallback` when Asterisk prints something
 * else: `ast_state2str` prints `Unknown (<n>)` for unnamed channel states, and
 * dropping a whole StasisStart over that would lose a call.
 */
function knownOr<T extends string>(known: ReadonlySet<string>, fallback: T): z.ZodType<T> {
  return z.string().transform((s) => (known.has(s) ? (s as T) : fallback));
}

const stringMap = z.record(z.string(), z.string());

/** CallerID: name and number, both always present (possibly empty). */
export const callerIdSchema: z.ZodType<CallerId> = z.looseObject({
  name: z.string(),
  number: z.string(),
});

/** DialplanCEP. */
export const dialplanSchema: z.ZodType<DialplanCep> = z.looseObject({
  context: z.string(),
  exten: z.string(),
  priority: z.number(),
  app_name: z.string(),
  app_data: z.string(),
});

/** Channel. */
export const channelSchema: z.ZodType<Channel> = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  state: knownOr<ChannelState>(CHANNEL_STATES, 'Unknown'),
  caller: callerIdSchema,
  connected: callerIdSchema,
  accountcode: z.string(),
  dialplan: dialplanSchema,
  creationtime: z.string(),
  language: z.string(),
  channelvars: stringMap.optional(),
  // Asterisk releases before protocol_id existed omit it; nothing routes on
  // it, so an absent value reads as "no protocol id" instead of a lost event.
  protocol_id: z.string().default(''),
  caller_rdnis: z.string().optional(),
  tenantid: z.string().optional(),
});

/** Bridge. */
export const bridgeSchema: z.ZodType<Bridge> = z.looseObject({
  id: z.string().min(1),
  technology: z.string(),
  bridge_type: z.enum(['mixing', 'holding']),
  bridge_class: z.string(),
  creator: z.string(),
  name: z.string(),
  channels: z.array(z.string()),
  creationtime: z.string(),
  video_mode: z.string().optional(),
  video_source_id: z.string().optional(),
  bridgevars: stringMap.optional(),
});

/** Playback. */
export const playbackSchema: z.ZodType<Playback> = z.looseObject({
  id: z.string().min(1),
  media_uri: z.string(),
  next_media_uri: z.string().optional(),
  target_uri: z.string(),
  language: z.string().optional(),
  state: z.enum(['queued', 'playing', 'continuing', 'done', 'failed']),
});

/** LiveRecording. */
export const liveRecordingSchema: z.ZodType<LiveRecording> = z.looseObject({
  name: z.string().min(1),
  format: z.string(),
  target_uri: z.string(),
  state: z.enum(['queued', 'recording', 'paused', 'done', 'failed', 'canceled']),
  duration: z.number().optional(),
  talking_duration: z.number().optional(),
  silence_duration: z.number().optional(),
  cause: z.string().optional(),
});

/** StoredRecording. */
export const storedRecordingSchema: z.ZodType<StoredRecording> = z.looseObject({
  name: z.string().min(1),
  format: z.string(),
});

/** Endpoint. */
export const endpointSchema: z.ZodType<Endpoint> = z.looseObject({
  technology: z.string(),
  resource: z.string(),
  state: knownOr<EndpointState>(ENDPOINT_STATES, 'unknown').optional(),
  channel_ids: z.array(z.string()),
});

/** DeviceState. */
export const deviceStateSchema: z.ZodType<DeviceState> = z.looseObject({
  name: z.string().min(1),
  state: knownOr<DeviceStateValue>(DEVICE_STATES, 'UNKNOWN'),
});

/** ContactInfo (ContactStatusChange). */
export const contactInfoSchema: z.ZodType<ContactInfo> = z.looseObject({
  uri: z.string(),
  contact_status: z.string(),
  aor: z.string(),
  roundtrip_usec: z.string().optional(),
});

/** Peer (PeerStatusChange). */
export const peerSchema: z.ZodType<Peer> = z.looseObject({
  peer_status: z.string(),
  cause: z.string().optional(),
  address: z.string().optional(),
  port: z.string().optional(),
  time: z.string().optional(),
});

/** Variable. */
export const variableSchema: z.ZodType<Variable> = z.looseObject({ value: z.string() });

/** Application. */
export const applicationSchema: z.ZodType<Application> = z.looseObject({
  name: z.string(),
  channel_ids: z.array(z.string()),
  bridge_ids: z.array(z.string()),
  endpoint_ids: z.array(z.string()),
  device_names: z.array(z.string()),
  events_allowed: z.array(z.unknown()),
  events_disallowed: z.array(z.unknown()),
});

/** AsteriskInfo; every part is optional because `only=` filters them. */
export const asteriskInfoSchema: z.ZodType<AsteriskInfo> = z.looseObject({
  build: z
    .looseObject({
      os: z.string(),
      kernel: z.string(),
      options: z.string(),
      machine: z.string(),
      date: z.string(),
      user: z.string(),
    })
    .optional(),
  system: z.looseObject({ version: z.string(), entity_id: z.string() }).optional(),
  config: z
    .looseObject({
      name: z.string(),
      default_language: z.string(),
      max_channels: z.number().optional(),
      max_open_files: z.number().optional(),
      max_load: z.number().optional(),
      setid: z.looseObject({ user: z.string(), group: z.string() }),
    })
    .optional(),
  status: z.looseObject({ startup_time: z.string(), last_reload_time: z.string() }).optional(),
});

/** AsteriskPing. */
export const asteriskPingSchema: z.ZodType<AsteriskPing> = z.looseObject({
  asterisk_id: z.string(),
  ping: z.string(),
  timestamp: z.string(),
});
