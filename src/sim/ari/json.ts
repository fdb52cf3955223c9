/**
 * Core objects as ARI JSON, with Asterisk's key order (the order matters to
 * nobody's parser but makes captures and simulator output diff cleanly;
 * compare transcripts/ari-samples/*.json and _rest-calls.json).
 */
import type { StasisApp } from '../core/apps.ts';
import type { EndpointSnapshot, PlaybackSnapshot, RecordingSnapshot } from '../core/events.ts';
import type { BridgeSnapshot, ChannelSnapshot } from '../core/model.ts';
import { ariTime } from '../core/time-format.ts';

/** ARI Channel. */
export function channelJson(c: ChannelSnapshot): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    state: c.state,
    protocol_id: c.protocolId,
    caller: { name: c.caller.name, number: c.caller.number },
    connected: { name: c.connected.name, number: c.connected.number },
    accountcode: c.accountcode,
    dialplan: {
      context: c.context,
      exten: c.exten,
      priority: c.priority,
      app_name: c.appName,
      app_data: c.appData,
    },
    creationtime: ariTime(c.creationtime),
    language: c.language,
  };
}

/** ARI Bridge. */
export function bridgeJson(b: BridgeSnapshot): Record<string, unknown> {
  return {
    id: b.id,
    technology: b.technology,
    bridge_type: b.bridgeType,
    bridge_class: b.bridgeClass,
    creator: b.creator,
    name: b.name,
    channels: [...b.channels],
    creationtime: ariTime(b.creationtime),
    video_mode: b.videoMode,
  };
}

/** ARI Playback. */
export function playbackJson(p: PlaybackSnapshot): Record<string, unknown> {
  return {
    id: p.id,
    media_uri: p.mediaUri,
    ...(p.nextMediaUri !== undefined ? { next_media_uri: p.nextMediaUri } : {}),
    target_uri: p.targetUri,
    language: p.language,
    state: p.state,
  };
}

/** ARI LiveRecording. */
export function liveRecordingJson(r: RecordingSnapshot): Record<string, unknown> {
  return {
    name: r.name,
    format: r.format,
    state: r.state,
    target_uri: r.targetUri,
    ...(r.duration !== undefined ? { duration: r.duration } : {}),
    ...(r.cause !== undefined ? { cause: r.cause } : {}),
  };
}

/** ARI Endpoint. */
export function endpointJson(e: EndpointSnapshot): Record<string, unknown> {
  return {
    technology: e.technology,
    resource: e.resource,
    state: e.state,
    channel_ids: [...e.channelIds],
  };
}

/** ARI Application. */
export function applicationJson(app: StasisApp): Record<string, unknown> {
  return {
    name: app.name,
    channel_ids: [...app.channels.keys()],
    bridge_ids: [...app.bridges.keys()],
    endpoint_ids: [...app.endpoints],
    device_names: [...app.devices],
    events_allowed: [],
    events_disallowed: [],
  };
}
