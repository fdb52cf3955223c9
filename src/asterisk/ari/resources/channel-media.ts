/**
 * Media operations on one channel (ARI `channels.json`): play, record, snoop
 * (listen / whisper for supervisors), DTMF, hold, music on hold, mute. Each
 * returns {@link Gone} when the channel has already hung up.
 */
import type { Gone } from '../errors.ts';
import { channelSchema, liveRecordingSchema, playbackSchema } from '../model-schemas.ts';
import type { Channel, LiveRecording, Playback } from '../models.ts';
import { goneOn, json, type QueryValue, type RestTransport, segment } from '../rest.ts';
import { targetCall } from './common.ts';
import { type PlayParams, playQuery, type RecordParams, recordQuery } from './media-params.ts';

/** Audio direction for snoop and mute, seen from the channel. */
export type AudioDirection = 'both' | 'in' | 'out';

/** `POST /channels/{id}/snoop`. */
export interface SnoopParams {
  /** Audio the snoop channel hears; default none. */
  spy?: AudioDirection | 'none';
  /** Audio the snoop channel speaks into; default none. */
  whisper?: AudioDirection | 'none';
  /** Stasis application for the snoop channel. */
  app: string;
  appArgs?: string;
  snoopId?: string;
}

/** `POST /channels/{id}/dtmf`. */
export interface DtmfParams {
  /** Digits to send, e.g. `12#`. */
  dtmf: string;
  before?: number;
  between?: number;
  duration?: number;
  after?: number;
}

/** Media operations on a channel. */
export interface ChannelMediaApi {
  play(channelId: string, params: PlayParams): Promise<Playback | Gone>;
  record(channelId: string, params: RecordParams): Promise<LiveRecording | Gone>;
  /** Creates a snoop channel on `channelId` (the snoop channel enters `app`). */
  snoop(channelId: string, params: SnoopParams): Promise<Channel | Gone>;
  sendDtmf(channelId: string, params: DtmfParams): Promise<Gone | undefined>;
  hold(channelId: string): Promise<Gone | undefined>;
  unhold(channelId: string): Promise<Gone | undefined>;
  startMoh(channelId: string, params?: { mohClass?: string }): Promise<Gone | undefined>;
  stopMoh(channelId: string): Promise<Gone | undefined>;
  mute(channelId: string, params?: { direction?: AudioDirection }): Promise<Gone | undefined>;
  unmute(channelId: string, params?: { direction?: AudioDirection }): Promise<Gone | undefined>;
}

const path = (id: string, tail: string) => `/channels/${segment(id)}${tail}`;

/** A 204 operation on one channel (`/channels/{id}<tail>`), e.g. answer or hold. */
export function channelControl(
  rest: RestTransport,
  operation: string,
  channelId: string,
  tail: string,
  method: 'POST' | 'DELETE',
  query?: Readonly<Record<string, QueryValue>>,
): Promise<Gone | undefined> {
  const call = { operation, method, path: path(channelId, tail), query };
  return targetCall(rest, { ...call, resource: 'channel', id: channelId });
}

function play(rest: RestTransport, channelId: string, p: PlayParams) {
  return rest.request<Playback | Gone>({
    operation: 'channels.play',
    method: 'POST',
    path: path(channelId, '/play'),
    query: playQuery(p),
    decode: json(playbackSchema),
    recover: goneOn('channel', channelId),
  });
}

function record(rest: RestTransport, channelId: string, p: RecordParams) {
  return rest.request<LiveRecording | Gone>({
    operation: 'channels.record',
    method: 'POST',
    path: path(channelId, '/record'),
    query: recordQuery(p),
    decode: json(liveRecordingSchema),
    recover: goneOn('channel', channelId),
  });
}

function snoop(rest: RestTransport, channelId: string, p: SnoopParams) {
  return rest.request<Channel | Gone>({
    operation: 'channels.snoop',
    method: 'POST',
    path: path(channelId, '/snoop'),
    query: { spy: p.spy, whisper: p.whisper, app: p.app, appArgs: p.appArgs, snoopId: p.snoopId },
    decode: json(channelSchema),
    recover: goneOn('channel', channelId),
  });
}

/** Creates the channel media operations on `rest`. */
export function createChannelMediaApi(rest: RestTransport): ChannelMediaApi {
  return {
    play: (id, p) => play(rest, id, p),
    record: (id, p) => record(rest, id, p),
    snoop: (id, p) => snoop(rest, id, p),
    sendDtmf: (id, p) =>
      channelControl(rest, 'channels.sendDtmf', id, '/dtmf', 'POST', {
        dtmf: p.dtmf,
        before: p.before,
        between: p.between,
        duration: p.duration,
        after: p.after,
      }),
    hold: (id) => channelControl(rest, 'channels.hold', id, '/hold', 'POST'),
    unhold: (id) => channelControl(rest, 'channels.unhold', id, '/hold', 'DELETE'),
    startMoh: (id, p = {}) =>
      channelControl(rest, 'channels.startMoh', id, '/moh', 'POST', { mohClass: p.mohClass }),
    stopMoh: (id) => channelControl(rest, 'channels.stopMoh', id, '/moh', 'DELETE'),
    mute: (id, p = {}) =>
      channelControl(rest, 'channels.mute', id, '/mute', 'POST', { direction: p.direction }),
    unmute: (id, p = {}) =>
      channelControl(rest, 'channels.unmute', id, '/mute', 'DELETE', { direction: p.direction }),
  };
}
