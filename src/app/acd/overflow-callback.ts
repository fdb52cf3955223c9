/**
 * The hook between overflow and callbacks (ACD-5, ACD-9): a queue whose
 * overflow target is a callback asks for one here. The call machine has
 * already confirmed it to the caller and hangs up; booking, dialling and
 * following the task to an outcome belong to the callback part, which
 * consumes the `callback-requested` runtime event this publishes (or calls
 * its own booking from here).
 */
import type { CallCommand } from '../../domain/acd/call.events.ts';
import { type AcdCore, publish } from './core.ts';

/** Publishes the request for a callback of an overflowed caller. */
export function requestCallbackFromOverflow(
  core: AcdCore,
  command: Extract<CallCommand, { type: 'create-callback' }>,
): void {
  const { callId, queueId, businessLineId, number, reason } = command;
  core.log.info({ callId, queueId }, 'callback requested by overflow');
  publish(core, { type: 'callback-requested', callId, queueId, businessLineId, number, reason });
}
