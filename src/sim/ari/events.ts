/**
 * Core events as ARI WebSocket messages, and which apps receive each one.
 * Field order per event type is Asterisk's (see the `raw` frames of
 * transcripts/ari-events-*.jsonl; DeviceStateChanged really does put
 * `application` second). Routing follows res_stasis subscriptions:
 * StasisStart/StasisEnd only to the app the channel is in; channel events to
 * apps subscribed to the channel; bridge events to apps subscribed to the
 * bridge (so BridgeCreated reaches only subscribeAll apps); media events by
 * their target.
 */
import type { StasisApp } from '../core/apps.ts';
import type { CoreEvent } from '../core/events.ts';
import { ariTime } from '../core/time-format.ts';
import { bridgeJson, channelJson, endpointJson, liveRecordingJson, playbackJson } from './json.ts';

/** Does `app` receive `e`? */
export function receives(app: StasisApp, e: CoreEvent): boolean {
  switch (e.type) {
    case 'StasisStart':
    case 'StasisEnd':
    case 'ApplicationMoveFailed':
      return app.name === e.app;
    case 'Dial':
      return (
        app.watchesChannel(e.peer.id) || (e.caller !== undefined && app.watchesChannel(e.caller.id))
      );
    case 'BridgeCreated':
    case 'BridgeDestroyed':
      return app.watchesBridge(e.bridge.id);
    case 'ChannelEnteredBridge':
    case 'ChannelLeftBridge':
      return app.watchesBridge(e.bridge.id) || app.watchesChannel(e.channel.id);
    case 'PlaybackStarted':
    case 'PlaybackContinuing':
    case 'PlaybackFinished':
      return watchesTarget(app, e.playback.targetUri);
    case 'RecordingStarted':
    case 'RecordingFinished':
    case 'RecordingFailed':
      return watchesTarget(app, e.recording.targetUri);
    case 'DeviceStateChanged':
      return app.watchesDevice(e.device);
    case 'ContactStatusChange':
    case 'PeerStatusChange':
      return app.watchesEndpoint(e.endpoint.technology, e.endpoint.resource);
    case 'MusicOnHoldStart':
    case 'MusicOnHoldStop':
    case 'Cdr':
    case 'AgiExec':
      return false;
    default:
      return app.watchesChannel(e.channel.id) || watchesChannelEndpoint(app, e.channel.name);
  }
}

/**
 * An app subscribed to an endpoint (`endpoint:PJSIP/1001`, or the whole
 * technology `endpoint:PJSIP`) gets the events of that endpoint's channels:
 * Asterisk forwards each channel's topic to its endpoint's, and each
 * endpoint's to its technology's (main/endpoints.c, res/stasis/app.c).
 */
function watchesChannelEndpoint(app: StasisApp, channelName: string): boolean {
  if (app.endpoints.size === 0 && !app.subscribeAll) return false;
  const match = /^([^/]+)\/(.+)-[0-9a-f]+$/.exec(channelName);
  return match !== null && app.watchesEndpoint(match[1]!, match[2]!);
}

function watchesTarget(app: StasisApp, target: string): boolean {
  const colon = target.indexOf(':');
  const kind = target.slice(0, colon);
  const id = target.slice(colon + 1);
  if (kind === 'channel') return app.watchesChannel(id);
  if (kind === 'bridge') return app.watchesBridge(id);
  return app.subscribeAll;
}

/** The event's fields between `type`/`timestamp` and `asterisk_id`, or undefined if ARI has no such event. */
function body(
  e: CoreEvent,
): { head?: Record<string, unknown>; tail: Record<string, unknown> } | undefined {
  switch (e.type) {
    case 'ChannelCreated':
    case 'ChannelStateChange':
    case 'ChannelConnectedLine':
    case 'StasisEnd':
    case 'ChannelUnhold':
      return { tail: { channel: channelJson(e.channel) } };
    case 'ChannelHold':
      return {
        tail: {
          channel: channelJson(e.channel),
          ...(e.musicclass ? { musicclass: e.musicclass } : {}),
        },
      };
    case 'ChannelDestroyed':
      return { tail: { cause: e.cause, cause_txt: e.causeTxt, channel: channelJson(e.channel) } };
    case 'ChannelDialplan':
      return {
        tail: { dialplan_app: e.app, dialplan_app_data: e.data, channel: channelJson(e.channel) },
      };
    case 'ChannelVarset':
      return {
        head: { variable: e.variable, value: e.value },
        tail: { channel: channelJson(e.channel) },
      };
    case 'ChannelCallerId':
      return {
        tail: {
          caller_presentation: 0,
          caller_presentation_txt: 'Presentation Allowed, Not Screened',
          channel: channelJson(e.channel),
        },
      };
    case 'ChannelHangupRequest':
      return {
        head: {
          ...(e.cause !== undefined ? { cause: e.cause } : {}),
          ...(e.soft ? { soft: true } : {}),
        },
        tail: { channel: channelJson(e.channel) },
      };
    case 'ChannelDtmfReceived':
      return {
        tail: { digit: e.digit, duration_ms: e.durationMs, channel: channelJson(e.channel) },
      };
    case 'Dial':
      return {
        tail: {
          dialstatus: e.dialstatus,
          forward: e.forward,
          dialstring: e.dialstring,
          ...(e.caller ? { caller: channelJson(e.caller) } : {}),
          peer: channelJson(e.peer),
        },
      };
    case 'StasisStart':
      return { tail: { args: [...e.args], channel: channelJson(e.channel) } };
    case 'ApplicationMoveFailed':
      return {
        tail: { channel: channelJson(e.channel), destination: e.destination, args: [...e.args] },
      };
    case 'BridgeCreated':
    case 'BridgeDestroyed':
      return { tail: { bridge: bridgeJson(e.bridge) } };
    case 'ChannelEnteredBridge':
    case 'ChannelLeftBridge':
      return { tail: { bridge: bridgeJson(e.bridge), channel: channelJson(e.channel) } };
    case 'PlaybackStarted':
    case 'PlaybackContinuing':
    case 'PlaybackFinished':
      return { tail: { playback: playbackJson(e.playback) } };
    case 'RecordingStarted':
    case 'RecordingFinished':
    case 'RecordingFailed':
      return { tail: { recording: liveRecordingJson(e.recording) } };
    case 'ContactStatusChange':
      return {
        tail: {
          endpoint: endpointJson(e.endpoint),
          contact_info: {
            uri: e.uri,
            contact_status: e.contactStatus,
            aor: e.aor,
            roundtrip_usec: '0',
          },
        },
      };
    case 'PeerStatusChange':
      return { tail: { endpoint: endpointJson(e.endpoint), peer: { peer_status: e.peerStatus } } };
    default:
      return undefined;
  }
}

/** Serialises an event for one app; undefined when ARI has no such event. */
export function ariMessage(
  e: CoreEvent,
  application: string,
  asteriskId: string,
): string | undefined {
  const timestamp = ariTime(e.at);
  if (e.type === 'DeviceStateChanged') {
    return JSON.stringify({
      type: e.type,
      application,
      timestamp,
      device_state: { name: e.device, state: e.state },
      asterisk_id: asteriskId,
    });
  }
  const b = body(e);
  if (!b) return undefined;
  return JSON.stringify({
    ...b.head,
    type: e.type,
    timestamp,
    ...b.tail,
    asterisk_id: asteriskId,
    application,
  });
}
