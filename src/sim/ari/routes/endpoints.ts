/**
 * /ari/endpoints and /ari/deviceStates. Only `Stasis:` devices can be set
 * through ARI (res_stasis_device_state.c: "Uncontrolled device specified");
 * any device's state can be read.
 */
import { DEVICE_STATES } from '../../core/device-states.ts';
import type { AriDeps } from '../context.ts';
import { type AriResponse, error, noContent, ok } from '../http.ts';
import { endpointJson } from '../json.ts';
import type { AriRequest, Router } from '../router.ts';

function putDevice(d: AriDeps, r: AriRequest): AriResponse {
  const name = r.pathParams.deviceName ?? '';
  if (!name) return error(404, 'Device name is missing');
  if (!name.startsWith('Stasis:')) return error(409, 'Uncontrolled device specified');
  const state = r.params.str('deviceState') ?? '';
  if (!DEVICE_STATES.has(state)) return error(400, `Invalid device state '${state}'`);
  d.core.devices.setControlled(name, state);
  return noContent();
}

function deleteDevice(d: AriDeps, r: AriRequest): AriResponse {
  const name = r.pathParams.deviceName ?? '';
  if (!name.startsWith('Stasis:')) return error(409, 'Uncontrolled device specified');
  return d.core.devices.deleteControlled(name) ? noContent() : error(404, 'Device name is missing');
}

/** Registers endpoint and device state routes. */
export function endpointRoutes(router: Router, d: AriDeps): void {
  const eps = d.core.endpoints;
  router
    .on('GET', '/endpoints', () => ok(eps.list().map(endpointJson)))
    .on('GET', '/endpoints/{tech}', (r) => {
      const tech = r.pathParams.tech ?? '';
      const list = eps.list().filter((e) => e.technology.toLowerCase() === tech.toLowerCase());
      return list.length
        ? ok(list.map(endpointJson))
        : error(404, `No Endpoints found - invalid tech ${tech}`);
    })
    .on('GET', '/endpoints/{tech}/{resource}', (r) => {
      const e = eps.snapshot(r.pathParams.tech ?? '', r.pathParams.resource ?? '');
      return e ? ok(endpointJson(e)) : error(404, 'Endpoint not found');
    })
    .on('GET', '/deviceStates', () => ok(d.core.devices.listControlled()))
    .on('GET', '/deviceStates/{deviceName}', (r) => {
      const name = r.pathParams.deviceName ?? '';
      return ok({ name, state: d.core.devices.get(name) });
    })
    .on('PUT', '/deviceStates/{deviceName}', (r) => putDevice(d, r))
    .on('DELETE', '/deviceStates/{deviceName}', (r) => deleteDevice(d, r));
}
