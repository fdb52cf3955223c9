/**
 * `/deviceStates` (ARI `deviceStates.json`). Only `Stasis:<name>` devices can
 * be updated or deleted through ARI; others answer 409 (`ARI_CONFLICT`).
 */
import { deviceStateSchema } from '../model-schemas.ts';
import type { DeviceState, DeviceStateValue } from '../models.ts';
import { json, noContent, type RestTransport, segment } from '../rest.ts';

/** Device-state operations. */
export interface DeviceStatesApi {
  list(): Promise<DeviceState[]>;
  get(deviceName: string): Promise<DeviceState>;
  /** Sets a `Stasis:` device's state; `UNKNOWN` cannot be set. */
  update(deviceName: string, deviceState: Exclude<DeviceStateValue, 'UNKNOWN'>): Promise<void>;
  delete(deviceName: string): Promise<void>;
}

const path = (name: string) => `/deviceStates/${segment(name)}`;

/** Creates the device-state operations on `rest`. */
export function createDeviceStatesApi(rest: RestTransport): DeviceStatesApi {
  return {
    list: () =>
      rest.request({
        operation: 'deviceStates.list',
        method: 'GET',
        path: '/deviceStates',
        decode: json(deviceStateSchema.array()),
      }),
    get: (name) =>
      rest.request({
        operation: 'deviceStates.get',
        method: 'GET',
        path: path(name),
        decode: json(deviceStateSchema),
      }),
    update: (name, deviceState) =>
      rest.request({
        operation: 'deviceStates.update',
        method: 'PUT',
        path: path(name),
        query: { deviceState },
        decode: noContent,
      }),
    delete: (name) =>
      rest.request({
        operation: 'deviceStates.delete',
        method: 'DELETE',
        path: path(name),
        decode: noContent,
      }),
  };
}
