/** `/endpoints` (ARI `endpoints.json`): SIP endpoints and their channels. */
import type { Gone } from '../errors.ts';
import { endpointSchema } from '../model-schemas.ts';
import type { Endpoint } from '../models.ts';
import { goneOn, json, type RestTransport, segment } from '../rest.ts';

/** Endpoint operations. */
export interface EndpointsApi {
  list(): Promise<Endpoint[]>;
  /** `GET /endpoints/{tech}/{resource}`, e.g. `('PJSIP', '1001')`; Gone id is `PJSIP/1001`. */
  get(tech: string, resource: string): Promise<Endpoint | Gone>;
}

/** Creates the endpoint operations on `rest`. */
export function createEndpointsApi(rest: RestTransport): EndpointsApi {
  return {
    list: () =>
      rest.request({
        operation: 'endpoints.list',
        method: 'GET',
        path: '/endpoints',
        decode: json(endpointSchema.array()),
      }),
    get: (tech, resource) =>
      rest.request<Endpoint | Gone>({
        operation: 'endpoints.get',
        method: 'GET',
        path: `/endpoints/${segment(tech)}/${segment(resource)}`,
        decode: json(endpointSchema),
        recover: goneOn('endpoint', `${tech}/${resource}`),
      }),
  };
}
