/** `/asterisk` (ARI `asterisk.json`): system information and liveness. */
import { asteriskInfoSchema, asteriskPingSchema } from '../model-schemas.ts';
import type { AsteriskInfo, AsteriskPing } from '../models.ts';
import { json, type RestTransport } from '../rest.ts';

/** Parts of `GET /asterisk/info`. */
export type AsteriskInfoPart = 'build' | 'system' | 'config' | 'status';

/** System operations. */
export interface AsteriskApi {
  /** `GET /asterisk/info`, optionally only some parts. */
  info(params?: { only?: readonly AsteriskInfoPart[] }): Promise<AsteriskInfo>;
  /** `GET /asterisk/ping`. */
  ping(): Promise<AsteriskPing>;
}

/** Creates the system operations on `rest`. */
export function createAsteriskApi(rest: RestTransport): AsteriskApi {
  return {
    info: (p = {}) =>
      rest.request({
        operation: 'asterisk.info',
        method: 'GET',
        path: '/asterisk/info',
        query: { only: p.only },
        decode: json(asteriskInfoSchema),
      }),
    ping: () =>
      rest.request({
        operation: 'asterisk.ping',
        method: 'GET',
        path: '/asterisk/ping',
        decode: json(asteriskPingSchema),
      }),
  };
}
