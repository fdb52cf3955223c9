/**
 * /ari/applications: list, get, subscribe/unsubscribe to event sources
 * (`channel:`, `bridge:`, `endpoint:`, `deviceState:`), event filter.
 * Messages as res/ari/resource_applications.c and res_stasis app.c.
 */
import type { StasisApp } from '../../core/apps.ts';
import type { AriDeps } from '../context.ts';
import { type AriResponse, error, ok } from '../http.ts';
import { applicationJson } from '../json.ts';
import type { AriRequest, Router } from '../router.ts';

type Source = { kind: 'channel' | 'bridge' | 'endpoint' | 'deviceState'; id: string };

function parseSource(d: AriDeps, uri: string): Source | AriResponse {
  const colon = uri.indexOf(':');
  const kind = uri.slice(0, colon);
  const id = uri.slice(colon + 1);
  if (colon < 0 || !['channel', 'bridge', 'endpoint', 'deviceState'].includes(kind)) {
    return error(400, 'Invalid event source URI scheme');
  }
  const exists =
    (kind === 'channel' && d.core.channels.get(id)?.id === id) ||
    (kind === 'bridge' && d.core.bridges.has(id)) ||
    (kind === 'endpoint' && endpointExists(d, id)) ||
    kind === 'deviceState';
  if (!exists) return error(422, 'Event source does not exist');
  return { kind: kind as Source['kind'], id };
}

function endpointExists(d: AriDeps, id: string): boolean {
  const [tech = '', resource] = id.split('/');
  if (resource === undefined) return d.core.endpoints.list().some((e) => e.technology === tech);
  return d.core.endpoints.snapshot(tech, resource) !== undefined;
}

function change(d: AriDeps, r: AriRequest, subscribe: boolean): AriResponse {
  const sources = r.params.list('eventSource');
  if (sources.length === 0) return error(400, 'Missing parameter eventSource');
  const app = d.core.apps.get(r.pathParams.applicationName ?? '');
  if (!app) return error(404, 'Application not found');
  const parsed: Source[] = [];
  for (const uri of sources) {
    const s = parseSource(d, uri);
    if ('status' in s) return s;
    parsed.push(s);
  }
  for (const s of parsed) {
    if (!subscribe && !subscribed(app, s))
      return error(409, 'Application not subscribed to event source');
  }
  for (const s of parsed) apply(d, app, s, subscribe);
  return ok(applicationJson(app));
}

function subscribed(app: StasisApp, s: Source): boolean {
  if (s.kind === 'channel') return app.channels.has(s.id);
  if (s.kind === 'bridge') return app.bridges.has(s.id);
  if (s.kind === 'endpoint') return app.endpoints.has(s.id);
  return app.devices.has(s.id);
}

function apply(d: AriDeps, app: StasisApp, s: Source, on: boolean): void {
  const apps = d.core.apps;
  if (s.kind === 'channel') {
    if (on) apps.subscribeChannel(app.name, s.id);
    else apps.unsubscribeChannel(app.name, s.id);
  } else if (s.kind === 'bridge') {
    if (on) apps.subscribeBridge(app.name, s.id);
    else apps.unsubscribeBridge(app.name, s.id);
  } else {
    const set = s.kind === 'endpoint' ? app.endpoints : app.devices;
    if (on) set.add(s.id);
    else set.delete(s.id);
  }
}

/** Registers application routes. */
export function applicationRoutes(router: Router, d: AriDeps): void {
  router
    .on('GET', '/applications', () => ok(d.core.apps.active().map(applicationJson)))
    .on('GET', '/applications/{applicationName}', (r) => {
      const app = d.core.apps.get(r.pathParams.applicationName ?? '');
      return app ? ok(applicationJson(app)) : error(404, 'Application not found');
    })
    .on('POST', '/applications/{applicationName}/subscription', (r) => change(d, r, true))
    .on('DELETE', '/applications/{applicationName}/subscription', (r) => change(d, r, false))
    .on('PUT', '/applications/{applicationName}/eventFilter', (r) => {
      const app = d.core.apps.get(r.pathParams.applicationName ?? '');
      return app ? ok(applicationJson(app)) : error(404, 'Application not found');
    });
}
