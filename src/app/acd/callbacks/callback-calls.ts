/**
 * Where queued calls meet callbacks: a caller pressing the callback key
 * while waiting, and the call machine's `create-callback` (the caller hung
 * up after waiting long enough, pressed the key, or the queue overflowed to
 * a callback) booking a task that remembers the call it came from.
 */
import type { CallCommand } from '../../../domain/acd/call.events.ts';
import { stepCallIn } from '../call-flow.ts';
import { type AcdCore, type LiveCall, run, track } from '../core.ts';
import { requestIn } from './callback-desk.ts';

/** A caller pressed a key; the queue's callback key asks for a callback. */
export function callerPressed(core: AcdCore, channelId: string, digit: string): void {
  const leg = core.legs.get(channelId);
  if (leg?.kind !== 'caller') return;
  const live = core.calls.get(leg.callId);
  if (live === undefined || live.released) return;
  const key = live.call.queue.settings.callback.offerKey;
  if (key === null || key !== digit) return;
  core.log.info({ callId: leg.callId, digit }, 'caller pressed the callback key');
  stepCallIn(core, leg.callId, { type: 'callback-key' });
}

/** Finds the customer record of the task's number and attaches it (the screen pop shows it). */
function attachContact(core: AcdCore, taskId: string, businessLineId: string, number: string) {
  const found = core.deps.store.contacts.findByPhone(businessLineId, number).then((contacts) => {
    const contact = contacts[0];
    if (contact === undefined) return;
    run(core, () => {
      const task = core.callbacks.tasks.get(taskId);
      if (task === undefined || task.contactId !== null) return;
      const { queueId, reason } = task;
      requestIn(core, { queueId, number, reason, contactId: contact.id });
    });
  });
  track(core, 'finding the contact of a callback', found);
}

/** Books the task a call machine asked for; the call's record says a callback was booked. */
export function bookFromCall(
  core: AcdCore,
  live: LiveCall,
  c: Extract<CallCommand, { type: 'create-callback' }>,
): void {
  const booked = requestIn(core, {
    queueId: c.queueId,
    number: c.number,
    reason: c.reason,
    originCallId: c.callId,
  });
  if (!booked.ok) {
    core.log.warn({ callId: c.callId, code: booked.error.code }, 'callback not booked');
    return;
  }
  live.record.record.callbackRequested = true;
  if (booked.task.contactId === null) {
    attachContact(core, booked.task.id, booked.task.businessLineId, booked.task.number);
  }
}
