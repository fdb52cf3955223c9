/**
 * /ari/channels: list, get, originate (with or without id), create, dial,
 * hangup, continue, move, redirect, answer, ring, progress. Messages and
 * status codes follow res/ari/resource_channels.c.
 */
import { HANGUP_REASONS } from '../../core/causes.ts';
import type { OriginateRequest } from '../../core/originate.ts';
import { splitArgs } from '../../core/originate.ts';
import { type AriDeps, controllable, findControl, isResponse } from '../context.ts';
import { type AriResponse, error, noContent, ok } from '../http.ts';
import { channelJson } from '../json.ts';
import type { Params } from '../params.ts';
import type { AriRequest, Router } from '../router.ts';

/** Reads originate parameters (query string and JSON body). */
function originateRequest(p: Params, channelId?: string): OriginateRequest | AriResponse {
  const variables = p.variables();
  if (variables === 'invalid')
    return error(400, "Only string values in the 'variables' object allowed");
  const label = p.str('label');
  const labelPriority = label && /^\d+$/.test(label) ? Number(label) : undefined;
  const req: OriginateRequest = { endpoint: p.str('endpoint') ?? '' };
  const set = <K extends keyof OriginateRequest>(k: K, v: OriginateRequest[K] | undefined) => {
    if (v !== undefined && v !== '') req[k] = v;
  };
  set('app', p.str('app'));
  set('appArgs', p.str('appArgs'));
  set('context', p.str('context'));
  set('extension', p.str('extension'));
  set('priority', labelPriority ?? p.int('priority'));
  set('callerId', p.str('callerId'));
  set('timeoutS', p.int('timeout'));
  set('variables', variables);
  set('channelId', channelId ?? p.str('channelId'));
  set('otherChannelId', p.str('otherChannelId'));
  set('originator', p.str('originator'));
  if (p.str('originator') && p.str('formats'))
    return error(400, "Originator and formats can't both be specified");
  return req;
}

function originate(d: AriDeps, r: AriRequest, channelId?: string): AriResponse {
  const req = originateRequest(r.params, channelId);
  if (isResponse(req)) return req;
  const out = d.core.originator.originate(req);
  if ('status' in out) return error(out.status, out.message);
  return ok(channelJson(out.snapshot));
}

function create(d: AriDeps, r: AriRequest): AriResponse {
  const req = originateRequest(r.params);
  if (isResponse(req)) return req;
  if (!req.app) return error(400, 'Application name is required');
  const out = d.core.originator.create({ ...req, app: req.app });
  if ('status' in out) return error(out.status, out.message);
  return ok(channelJson(out.snapshot()));
}

function hangup(d: AriDeps, r: AriRequest): AriResponse {
  const ch = d.core.channels.get(r.pathParams.channelId ?? '');
  if (!ch || ch.id !== r.pathParams.channelId) return error(404, 'Channel not found');
  const reason = r.params.str('reason');
  const code = r.params.str('reason_code');
  let cause = 16;
  if (code !== undefined && code !== '') {
    const n = Number.parseInt(code, 10);
    if (Number.isNaN(n)) return error(400, 'Invalid reason for hangup provided');
    cause = n;
  } else if (reason !== undefined && reason !== '') {
    const c = HANGUP_REASONS[reason];
    if (c === undefined) return error(400, 'Invalid reason for hangup provided');
    cause = c;
  }
  d.core.channels.requestHangup(ch, 'api', cause);
  return noContent();
}

function continueIn(d: AriDeps, r: AriRequest): AriResponse {
  const ch = controllable(d.core, r.pathParams.channelId ?? '');
  if (isResponse(ch)) return ch;
  const p = r.params;
  const context = p.str('context');
  const extension = p.str('extension');
  const label = p.str('label');
  const loc = context
    ? { context, exten: extension || 's' }
    : { context: ch.context, exten: extension || ch.exten };
  let priority: number;
  if (label) {
    if (!/^\d+$/.test(label)) return error(404, 'Requested label can not be found');
    priority = Number(label);
    if (priority === 0) return error(400, 'Requested priority is illegal');
  } else if (p.int('priority')) priority = p.int('priority') as number;
  else if (!context && !extension) priority = ch.priority + 1;
  else priority = 1;
  d.core.stasis.continueIn(ch, { ...loc, priority });
  return noContent();
}

function move(d: AriDeps, r: AriRequest): AriResponse {
  const ch = findControl(d.core, r.pathParams.channelId ?? '');
  if (isResponse(ch)) return ch;
  const app = r.params.str('app');
  if (!app) return error(400, 'Missing parameter app');
  d.core.stasis.move(ch, app, splitArgs(r.params.str('appArgs')));
  return noContent();
}

function redirect(d: AriDeps, r: AriRequest): AriResponse {
  const ch = controllable(d.core, r.pathParams.channelId ?? '');
  if (isResponse(ch)) return ch;
  const endpoint = r.params.str('endpoint');
  if (!endpoint) return error(400, "Required parameter 'endpoint' not provided.");
  const slash = endpoint.indexOf('/');
  if (slash <= 0)
    return error(422, `Endpoint parameter '${endpoint}' does not contain tech/resource`);
  if (slash === endpoint.length - 1)
    return error(422, `No resource provided in endpoint parameter '${endpoint}'`);
  const tech = endpoint.slice(0, slash);
  if (tech.toLowerCase() !== ch.tech.toLowerCase()) {
    return error(
      422,
      `Endpoint technology '${tech}' does not match channel technology '${ch.tech}'`,
    );
  }
  if (ch.tech === 'PJSIP') {
    // A 302 before answer, a REFER after: the far end places the next call (phone-calls.ts).
    d.core.phoneCalls.redirect(ch, endpoint.slice(slash + 1));
  }
  // Other technologies have no transfer callback: Asterisk logs "Unsupported transfer" and nothing happens.
  return noContent();
}

/**
 * ARI hold: Asterisk indicates HOLD to the channel (res/stasis/control.c),
 * and chan_pjsip plays music on hold to it and reports the device ONHOLD.
 * No ARI ChannelHold event: that one is for a far end putting us on hold.
 */
function hold(d: AriDeps, r: AriRequest, on: boolean): AriResponse {
  const ch = controllable(d.core, r.pathParams.channelId ?? '');
  if (isResponse(ch)) return ch;
  if ((ch.extra.get('onHold') === true) === on) return noContent();
  if (on) ch.extra.set('onHold', true);
  else ch.extra.delete('onHold');
  if (ch.tech === 'PJSIP') {
    d.core.bus.emit(
      on
        ? { type: 'MusicOnHoldStart', mohClass: 'default', channel: ch.snapshot() }
        : { type: 'MusicOnHoldStop', channel: ch.snapshot() },
    );
    d.core.endpoints.refreshChannel(ch);
  }
  return noContent();
}

function answer(d: AriDeps, r: AriRequest): AriResponse {
  const ch = controllable(d.core, r.pathParams.channelId ?? '');
  if (isResponse(ch)) return ch;
  if (ch.state !== 'Up') d.core.channels.setState(ch, 'Up');
  return noContent();
}

/** Indications that change nothing the simulator models (ring, progress, silence). */
function indication(d: AriDeps, r: AriRequest): AriResponse {
  const ch = controllable(d.core, r.pathParams.channelId ?? '');
  return isResponse(ch) ? ch : noContent();
}

function mute(d: AriDeps, r: AriRequest): AriResponse {
  const ch = controllable(d.core, r.pathParams.channelId ?? '');
  if (isResponse(ch)) return ch;
  const direction = r.params.str('direction') ?? 'both';
  if (!direction) return error(400, 'Direction is required');
  if (!['in', 'out', 'both'].includes(direction)) return error(400, 'Invalid direction specified');
  return noContent();
}

function dial(d: AriDeps, r: AriRequest): AriResponse {
  const ch = findControl(d.core, r.pathParams.channelId ?? '');
  if (isResponse(ch)) return ch;
  const callerId = r.params.str('caller');
  const caller = callerId ? d.core.channels.get(callerId) : undefined;
  const err = d.core.originator.dial(ch, caller, r.params.int('timeout') ?? 0);
  return err ? error(err.status, err.message) : noContent();
}

function rtpStatistics(d: AriDeps, r: AriRequest): AriResponse {
  const ch = d.core.channels.get(r.pathParams.channelId ?? '');
  if (ch?.tech !== 'PJSIP') return error(404, 'Channel cannot be found.');
  return ok({
    txcount: 0,
    rxcount: 0,
    txploss: 0,
    rxploss: 0,
    local_ssrc: 0,
    remote_ssrc: 0,
    txoctetcount: 0,
    rxoctetcount: 0,
    channel_uniqueid: ch.id,
  });
}

/** Registers the channel routes (literal paths before `{channelId}`). */
export function channelRoutes(router: Router, d: AriDeps): void {
  const get = (r: AriRequest): AriResponse => {
    const ch = d.core.channels.get(r.pathParams.channelId ?? '');
    if (!ch || ch.id !== r.pathParams.channelId) return error(404, 'Channel not found');
    return ok(channelJson(ch.snapshot()));
  };
  router
    .on('GET', '/channels', () => ok(d.core.channels.list().map((c) => channelJson(c.snapshot()))))
    .on('POST', '/channels', (r) => originate(d, r))
    .on('POST', '/channels/create', (r) => create(d, r))
    .on('POST', '/channels/externalMedia', () =>
      error(501, 'External media is not supported by the simulator'),
    )
    .on('GET', '/channels/{channelId}', get)
    .on('POST', '/channels/{channelId}', (r) => originate(d, r, r.pathParams.channelId))
    .on('DELETE', '/channels/{channelId}', (r) => hangup(d, r))
    .on('POST', '/channels/{channelId}/continue', (r) => continueIn(d, r))
    .on('POST', '/channels/{channelId}/move', (r) => move(d, r))
    .on('POST', '/channels/{channelId}/redirect', (r) => redirect(d, r))
    .on('POST', '/channels/{channelId}/answer', (r) => answer(d, r))
    .on('POST', '/channels/{channelId}/ring', (r) => indication(d, r))
    .on('DELETE', '/channels/{channelId}/ring', (r) => indication(d, r))
    .on('POST', '/channels/{channelId}/progress', (r) => indication(d, r))
    .on('POST', '/channels/{channelId}/mute', (r) => mute(d, r))
    .on('DELETE', '/channels/{channelId}/mute', (r) => mute(d, r))
    .on('POST', '/channels/{channelId}/hold', (r) => hold(d, r, true))
    .on('DELETE', '/channels/{channelId}/hold', (r) => hold(d, r, false))
    .on('POST', '/channels/{channelId}/silence', (r) => indication(d, r))
    .on('DELETE', '/channels/{channelId}/silence', (r) => indication(d, r))
    .on('POST', '/channels/{channelId}/dial', (r) => dial(d, r))
    .on('GET', '/channels/{channelId}/rtp_statistics', (r) => rtpStatistics(d, r));
}
