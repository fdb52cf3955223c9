/**
 * `/bridges` (ARI `bridges.json`). Operations on one bridge return
 * {@link Gone} when it no longer exists. Adding or removing a channel that has
 * hung up is also a {@link Gone}: ARI answers that with 400
 * `{"message":"Channel not found"}` (the 404 is kept for the bridge).
 */
import type { Gone } from '../errors.ts';
import { bridgeSchema, liveRecordingSchema, playbackSchema } from '../model-schemas.ts';
import type { Bridge, BridgeTypeFlag, LiveRecording, Playback } from '../models.ts';
import { type ErrorAnswer, goneOn, json, noContent, type RestTransport, segment } from '../rest.ts';
import { targetCall } from './common.ts';
import { type PlayParams, playQuery, type RecordParams, recordQuery } from './media-params.ts';

/** `POST /bridges`. */
export interface CreateBridgeParams {
  /** e.g. `mixing`, `holding`, or `['mixing', 'dtmf_events']` (sent comma-joined). */
  type?: BridgeTypeFlag | readonly BridgeTypeFlag[];
  /** Id to give the bridge. */
  bridgeId?: string;
  name?: string;
}

/** `POST /bridges/{id}/addChannel`. */
export interface AddChannelParams {
  /** One channel id or several. */
  channel: string | readonly string[];
  /** e.g. `announcer`, `participant` (holding bridges). */
  role?: string;
  absorbDTMF?: boolean;
  mute?: boolean;
  inhibitConnectedLineUpdates?: boolean;
}

/** Bridge operations. */
export interface BridgesApi {
  list(): Promise<Bridge[]>;
  get(bridgeId: string): Promise<Bridge | Gone>;
  create(params?: CreateBridgeParams): Promise<Bridge>;
  addChannel(bridgeId: string, params: AddChannelParams): Promise<Gone | undefined>;
  removeChannel(
    bridgeId: string,
    params: { channel: string | readonly string[] },
  ): Promise<Gone | undefined>;
  play(
    bridgeId: string,
    params: PlayParams & { announcer_format?: string },
  ): Promise<Playback | Gone>;
  record(
    bridgeId: string,
    params: RecordParams & { recorder_format?: string },
  ): Promise<LiveRecording | Gone>;
  startMoh(bridgeId: string, params?: { mohClass?: string }): Promise<Gone | undefined>;
  stopMoh(bridgeId: string): Promise<Gone | undefined>;
  destroy(bridgeId: string): Promise<Gone | undefined>;
}

const path = (id: string, tail = '') => `/bridges/${segment(id)}${tail}`;

const joinIds = (channel: string | readonly string[]) =>
  typeof channel === 'string' ? channel : channel.join(',');

/** Bridge gone (404) or channel gone (400 "Channel not found"). */
function bridgeOrChannelGone(bridgeId: string, channel: string | readonly string[]) {
  const bridgeGone = goneOn('bridge', bridgeId);
  const channelGone = goneOn('channel', joinIds(channel), {
    status: 400,
    message: /^Channel not found/i,
  });
  return (answer: ErrorAnswer) => bridgeGone(answer) ?? channelGone(answer);
}

function membership(
  rest: RestTransport,
  operation: string,
  bridgeId: string,
  tail: string,
  params: AddChannelParams,
) {
  return rest.request<Gone | undefined>({
    operation,
    method: 'POST',
    path: path(bridgeId, tail),
    query: {
      channel: params.channel,
      role: params.role,
      absorbDTMF: params.absorbDTMF,
      mute: params.mute,
      inhibitConnectedLineUpdates: params.inhibitConnectedLineUpdates,
    },
    decode: noContent,
    recover: bridgeOrChannelGone(bridgeId, params.channel),
  });
}

function play(
  rest: RestTransport,
  bridgeId: string,
  p: PlayParams & { announcer_format?: string },
) {
  return rest.request<Playback | Gone>({
    operation: 'bridges.play',
    method: 'POST',
    path: path(bridgeId, '/play'),
    query: { ...playQuery(p), announcer_format: p.announcer_format },
    decode: json(playbackSchema),
    recover: goneOn('bridge', bridgeId),
  });
}

function record(
  rest: RestTransport,
  bridgeId: string,
  p: RecordParams & { recorder_format?: string },
) {
  return rest.request<LiveRecording | Gone>({
    operation: 'bridges.record',
    method: 'POST',
    path: path(bridgeId, '/record'),
    query: { ...recordQuery(p), recorder_format: p.recorder_format },
    decode: json(liveRecordingSchema),
    recover: goneOn('bridge', bridgeId),
  });
}

/** Creates the bridge operations on `rest`. */
export function createBridgesApi(rest: RestTransport): BridgesApi {
  const target = (
    operation: string,
    id: string,
    tail: string,
    method: 'POST' | 'DELETE',
    mohClass?: string,
  ) =>
    targetCall(rest, {
      operation,
      method,
      path: path(id, tail),
      query: { mohClass },
      resource: 'bridge',
      id,
    });
  return {
    list: () =>
      rest.request({
        operation: 'bridges.list',
        method: 'GET',
        path: '/bridges',
        decode: json(bridgeSchema.array()),
      }),
    get: (id) =>
      rest.request<Bridge | Gone>({
        operation: 'bridges.get',
        method: 'GET',
        path: path(id),
        decode: json(bridgeSchema),
        recover: goneOn('bridge', id),
      }),
    create: (p = {}) =>
      rest.request({
        operation: 'bridges.create',
        method: 'POST',
        path: '/bridges',
        query: { type: p.type, bridgeId: p.bridgeId, name: p.name },
        decode: json(bridgeSchema),
      }),
    addChannel: (id, p) => membership(rest, 'bridges.addChannel', id, '/addChannel', p),
    removeChannel: (id, p) => membership(rest, 'bridges.removeChannel', id, '/removeChannel', p),
    play: (id, p) => play(rest, id, p),
    record: (id, p) => record(rest, id, p),
    startMoh: (id, p = {}) => target('bridges.startMoh', id, '/moh', 'POST', p.mohClass),
    stopMoh: (id) => target('bridges.stopMoh', id, '/moh', 'DELETE'),
    destroy: (id) => target('bridges.destroy', id, '', 'DELETE'),
  };
}
