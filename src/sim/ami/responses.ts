/**
 * Action responses as manager.c astman_send_response_full() lays them out:
 * `Response:`, then `ActionID:` when the action had a non-empty one, then
 * `EventList:` for list actions, then `Message:`.
 */
import type { AmiFields } from './backend.ts';
import { type AmiMessage, header } from './codec.ts';

/** `ActionID:` field of the action, if any (empty ones are not echoed). */
export function actionIdField(m: AmiMessage): AmiFields {
  const id = header(m, 'ActionID');
  return id === '' ? [] : [['ActionID', id]];
}

/** `Response: Success` (astman_start_ack) with extra fields and no Message. */
export function successWith(m: AmiMessage, extra: AmiFields): AmiFields {
  return [['Response', 'Success'], ...actionIdField(m), ...extra];
}

/** astman_send_ack(). */
export function ack(m: AmiMessage, message: string): AmiFields {
  return successWith(m, [['Message', message]]);
}

/** astman_send_error(). */
export function error(m: AmiMessage, message: string): AmiFields {
  return [['Response', 'Error'], ...actionIdField(m), ['Message', message]];
}

/** astman_send_response() with another word (`Goodbye`). */
export function response(m: AmiMessage, word: string, message: string): AmiFields {
  return [['Response', word], ...actionIdField(m), ['Message', message]];
}

/** astman_send_listack(): the first message of a list action. */
export function listAck(m: AmiMessage, message: string): AmiFields {
  return [
    ['Response', 'Success'],
    ...actionIdField(m),
    ['EventList', 'start'],
    ['Message', message],
  ];
}

/** One list item: `Event:`, `ActionID:`, then its fields. */
export function listItem(m: AmiMessage, event: string, fields: AmiFields): AmiFields {
  return [['Event', event], ...actionIdField(m), ...fields];
}

/** astman_send_list_complete(): the closing event of a list action. */
export function listComplete(m: AmiMessage, event: string, count: number): AmiFields {
  return [
    ['Event', event],
    ...actionIdField(m),
    ['EventList', 'Complete'],
    ['ListItems', String(count)],
  ];
}
