/**
 * `/channels`: listing, originating and controlling channels. Paths, methods
 * and parameter names follow ARI's `channels.json`; every parameter is a
 * query parameter except `variables`, which goes in the JSON body as
 * `{"variables": {"NAME": "value"}}`. Media operations (play, record, snoop,
 * DTMF, hold, MOH, mute) are in `channel-media.ts`.
 */
import type { Gone } from '../errors.ts';
import { channelSchema, variableSchema } from '../model-schemas.ts';
import type { Channel } from '../models.ts';
import {
  type ErrorAnswer,
  goneOn,
  json,
  noContent,
  type QueryValue,
  type RestTransport,
  segment,
} from '../rest.ts';
import { type ChannelMediaApi, channelControl, createChannelMediaApi } from './channel-media.ts';

/** Parameters shared by originate and create. */
interface NewChannelParams {
  /** Where to call, e.g. `PJSIP/1001`, `Local/2001@sim-agent`, `PJSIP/5551234@trunk`. */
  endpoint: string;
  /** Stasis application to put the answered channel in. */
  app?: string;
  /** Comma-separated arguments for StasisStart's `args`. */
  appArgs?: string;
  /** Id to give the new channel (lets the caller correlate before the answer). */
  channelId?: string;
  /** Id of the second half of a Local channel. */
  otherChannelId?: string;
  /** Id of the channel that caused this one (for linkedid and codecs). */
  originator?: string;
  /** Formats to offer when there is no originator, e.g. `['ulaw', 'alaw']`. */
  formats?: readonly string[];
  /** Channel variables (and functions such as `CALLERID(name)`) to set. */
  variables?: Readonly<Record<string, string>>;
}

/** `POST /channels`. Give `app` (Stasis) or `extension`/`context`/`priority` (dialplan). */
export interface OriginateParams extends NewChannelParams {
  extension?: string;
  context?: string;
  priority?: number;
  label?: string;
  /** e.g. `"Customer" <5551234>`. */
  callerId?: string;
  /** Seconds to wait for an answer; Asterisk's default is 30. */
  timeout?: number;
}

/** `POST /channels/create`: a channel that is not dialled until `dial`. */
export interface CreateChannelParams extends NewChannelParams {
  app: string;
}

/** Hangup reasons ARI accepts (mapped by Asterisk to Q.850 causes). */
export type HangupReason =
  | 'normal'
  | 'busy'
  | 'congestion'
  | 'no_answer'
  | 'timeout'
  | 'rejected'
  | 'unallocated'
  | 'normal_unspecified'
  | 'number_incomplete'
  | 'codec_mismatch'
  | 'interworking'
  | 'failure'
  | 'answered_elsewhere';

/** `DELETE /channels/{id}`: give `reason` or a numeric Q.850 `reason_code`, not both. */
export interface HangupParams {
  reason?: HangupReason;
  reason_code?: string;
}

/** `POST /channels/{id}/continue`. */
export interface ContinueParams {
  context?: string;
  extension?: string;
  priority?: number;
  label?: string;
}

/** `POST /channels/{id}/dial`. */
export interface DialParams {
  /** Channel id of the caller, for connected line and codecs. */
  caller?: string;
  /** Seconds; 0 means no timeout. */
  timeout?: number;
}

/** Channel operations. Those that address one channel return {@link Gone} when it has gone. */
export interface ChannelsApi extends ChannelMediaApi {
  list(): Promise<Channel[]>;
  get(channelId: string): Promise<Channel | Gone>;
  originate(params: OriginateParams): Promise<Channel>;
  create(params: CreateChannelParams): Promise<Channel>;
  hangup(channelId: string, params?: HangupParams): Promise<Gone | undefined>;
  answer(channelId: string): Promise<Gone | undefined>;
  ring(channelId: string): Promise<Gone | undefined>;
  ringStop(channelId: string): Promise<Gone | undefined>;
  continueInDialplan(channelId: string, params?: ContinueParams): Promise<Gone | undefined>;
  /** Redirects a channel to another endpoint (a SIP 302 for PJSIP). */
  redirect(channelId: string, endpoint: string): Promise<Gone | undefined>;
  dial(channelId: string, params?: DialParams): Promise<Gone | undefined>;
  /**
   * Reads a variable or function. `null` when the variable is not set: ARI
   * answers that with 404 "Provided variable was not found", which is not a
   * gone channel.
   */
  getChannelVar(channelId: string, variable: string): Promise<string | null | Gone>;
  setChannelVar(channelId: string, variable: string, value?: string): Promise<Gone | undefined>;
}

const VARIABLE_NOT_SET = /variable was not found/i;

function variableNotSet(answer: ErrorAnswer): { value: null } | undefined {
  return answer.status === 404 && VARIABLE_NOT_SET.test(answer.message)
    ? { value: null }
    : undefined;
}

const path = (id: string, tail = '') => `/channels/${segment(id)}${tail}`;

function newChannelQuery(p: NewChannelParams): Record<string, QueryValue> {
  return {
    endpoint: p.endpoint,
    app: p.app,
    appArgs: p.appArgs,
    channelId: p.channelId,
    otherChannelId: p.otherChannelId,
    originator: p.originator,
    formats: p.formats,
  };
}

function variablesBody(p: NewChannelParams): Record<string, unknown> | undefined {
  return p.variables ? { variables: p.variables } : undefined;
}

function originate(rest: RestTransport, p: OriginateParams): Promise<Channel> {
  return rest.request({
    operation: 'channels.originate',
    method: 'POST',
    path: '/channels',
    query: {
      ...newChannelQuery(p),
      extension: p.extension,
      context: p.context,
      priority: p.priority,
      label: p.label,
      callerId: p.callerId,
      timeout: p.timeout,
    },
    body: variablesBody(p),
    decode: json(channelSchema),
  });
}

function create(rest: RestTransport, p: CreateChannelParams): Promise<Channel> {
  return rest.request({
    operation: 'channels.create',
    method: 'POST',
    path: '/channels/create',
    query: newChannelQuery(p),
    body: variablesBody(p),
    decode: json(channelSchema),
  });
}

function get(rest: RestTransport, channelId: string): Promise<Channel | Gone> {
  return rest.request<Channel | Gone>({
    operation: 'channels.get',
    method: 'GET',
    path: path(channelId),
    decode: json(channelSchema),
    recover: goneOn('channel', channelId),
  });
}

function redirect(rest: RestTransport, channelId: string, endpoint: string) {
  return rest.request<Gone | undefined>({
    operation: 'channels.redirect',
    method: 'POST',
    path: path(channelId, '/redirect'),
    query: { endpoint },
    decode: noContent,
    // 404 here also means "endpoint not found"; only the channel's is a Gone.
    recover: goneOn('channel', channelId, { message: /^Channel not found/i }),
  });
}

function getChannelVar(rest: RestTransport, channelId: string, variable: string) {
  return rest.request<string | null | Gone>({
    operation: 'channels.getChannelVar',
    method: 'GET',
    path: path(channelId, '/variable'),
    query: { variable },
    decode: (body) => json(variableSchema)(body).value,
    recover: (answer) => variableNotSet(answer) ?? goneOn('channel', channelId)(answer),
  });
}

/** Creates the channel operations on `rest`. */
export function createChannelsApi(rest: RestTransport): ChannelsApi {
  return {
    ...createChannelMediaApi(rest),
    list: () =>
      rest.request({
        operation: 'channels.list',
        method: 'GET',
        path: '/channels',
        decode: json(channelSchema.array()),
      }),
    get: (channelId) => get(rest, channelId),
    originate: (p) => originate(rest, p),
    create: (p) => create(rest, p),
    hangup: (id, p = {}) =>
      channelControl(rest, 'channels.hangup', id, '', 'DELETE', {
        reason: p.reason,
        reason_code: p.reason_code,
      }),
    answer: (id) => channelControl(rest, 'channels.answer', id, '/answer', 'POST'),
    ring: (id) => channelControl(rest, 'channels.ring', id, '/ring', 'POST'),
    ringStop: (id) => channelControl(rest, 'channels.ringStop', id, '/ring', 'DELETE'),
    continueInDialplan: (id, p = {}) =>
      channelControl(rest, 'channels.continueInDialplan', id, '/continue', 'POST', {
        context: p.context,
        extension: p.extension,
        priority: p.priority,
        label: p.label,
      }),
    redirect: (id, endpoint) => redirect(rest, id, endpoint),
    dial: (id, p = {}) =>
      channelControl(rest, 'channels.dial', id, '/dial', 'POST', {
        caller: p.caller,
        timeout: p.timeout,
      }),
    getChannelVar: (id, variable) => getChannelVar(rest, id, variable),
    setChannelVar: (id, variable, value) =>
      channelControl(rest, 'channels.setChannelVar', id, '/variable', 'POST', { variable, value }),
  };
}
