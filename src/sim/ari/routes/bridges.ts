/**
 * /ari/bridges: create (with or without id), list, get, destroy, add/remove
 * channels, play, record, music on hold. Messages follow
 * res/ari/resource_bridges.c (a channel that does not exist is a 400 there,
 * not a 404; one outside Stasis is a 422).
 */
import type { Bridge, Channel } from '../../core/model.ts';
import { type AriDeps, findBridge, isResponse } from '../context.ts';
import { type AriResponse, error, noContent, ok } from '../http.ts';
import { bridgeJson } from '../json.ts';
import type { AriRequest, Router } from '../router.ts';
import { startPlayback, startRecording } from './channel-media.ts';

const BRIDGE_TYPES = [
  'mixing',
  'holding',
  'dtmf_events',
  'proxy_media',
  'video_sfu',
  'video_single',
  'sdp_label',
];

function create(d: AriDeps, r: AriRequest, id?: string): AriResponse {
  const bridgeId = id ?? r.params.str('bridgeId');
  const type = r.params.str('type') ?? 'mixing';
  if (type.split(',').some((t) => t !== '' && !BRIDGE_TYPES.includes(t))) {
    return error(400, `Invalid bridge type '${type}'`);
  }
  if (bridgeId && d.core.bridges.has(bridgeId)) {
    return error(409, `Bridge with id '${bridgeId}' already exists`);
  }
  const bridge = d.core.bridges.create({
    bridgeClass: 'stasis',
    type,
    ...(bridgeId ? { id: bridgeId } : {}),
    ...(r.params.str('name') ? { name: r.params.str('name') } : {}),
  });
  return ok(bridgeJson(bridge.snapshot()));
}

/** Resolves `channel=` ids: 400 when missing or unknown, 422 when not in Stasis. */
function controls(d: AriDeps, r: AriRequest): Channel[] | AriResponse {
  const ids = r.params.list('channel');
  if (ids.length === 0) return error(400, 'Missing parameter channel');
  const out: Channel[] = [];
  for (const id of ids) {
    const ch = d.core.channels.get(id);
    if (!ch || ch.id !== id) return error(400, 'Channel not found');
    if (!ch.stasisApp) return error(422, 'Channel not in Stasis application');
    out.push(ch);
  }
  return out;
}

function addChannel(d: AriDeps, r: AriRequest): AriResponse {
  const bridge = findBridge(d.core, r.pathParams.bridgeId ?? '');
  if (isResponse(bridge)) return bridge;
  const chans = controls(d, r);
  if (isResponse(chans)) return chans;
  for (const ch of chans) d.core.bridges.add(bridge, ch);
  return noContent();
}

function removeChannel(d: AriDeps, r: AriRequest): AriResponse {
  const bridge = findBridge(d.core, r.pathParams.bridgeId ?? '');
  if (isResponse(bridge)) return bridge;
  const chans = controls(d, r);
  if (isResponse(chans)) return chans;
  if (chans.some((ch) => ch.bridgeId !== bridge.id))
    return error(422, 'Channel not in this bridge');
  for (const ch of chans) d.core.bridges.leave(ch);
  return noContent();
}

function withBridge(d: AriDeps, r: AriRequest, f: (b: Bridge) => AriResponse): AriResponse {
  const bridge = findBridge(d.core, r.pathParams.bridgeId ?? '');
  return isResponse(bridge) ? bridge : f(bridge);
}

/** Registers the bridge routes. */
export function bridgeRoutes(router: Router, d: AriDeps): void {
  router
    .on('GET', '/bridges', () => ok(d.core.bridges.list().map((b) => bridgeJson(b.snapshot()))))
    .on('POST', '/bridges', (r) => create(d, r))
    .on('POST', '/bridges/{bridgeId}', (r) => create(d, r, r.pathParams.bridgeId))
    .on('GET', '/bridges/{bridgeId}', (r) => {
      const b = d.core.bridges.get(r.pathParams.bridgeId ?? '');
      return b ? ok(bridgeJson(b.snapshot())) : error(404, 'Bridge not found');
    })
    .on('DELETE', '/bridges/{bridgeId}', (r) => {
      const b = d.core.bridges.get(r.pathParams.bridgeId ?? '');
      if (!b) return error(404, 'Bridge not found');
      d.core.bridges.destroy(b);
      return noContent();
    })
    .on('POST', '/bridges/{bridgeId}/addChannel', (r) => addChannel(d, r))
    .on('POST', '/bridges/{bridgeId}/removeChannel', (r) => removeChannel(d, r))
    .on('POST', '/bridges/{bridgeId}/play', (r) =>
      withBridge(d, r, (b) => startPlayback(d, `bridge:${b.id}`, 'en', r.params)),
    )
    .on('POST', '/bridges/{bridgeId}/play/{playbackId}', (r) =>
      withBridge(d, r, (b) =>
        startPlayback(d, `bridge:${b.id}`, 'en', r.params, r.pathParams.playbackId),
      ),
    )
    .on('POST', '/bridges/{bridgeId}/record', (r) =>
      withBridge(d, r, (b) => startRecording(d, `bridge:${b.id}`, r.params)),
    )
    .on('POST', '/bridges/{bridgeId}/moh', (r) =>
      withBridge(d, r, (b) => {
        b.moh = r.params.str('mohClass') || 'default';
        return noContent();
      }),
    )
    .on('DELETE', '/bridges/{bridgeId}/moh', (r) =>
      withBridge(d, r, (b) => {
        b.moh = undefined;
        return noContent();
      }),
    );
}
