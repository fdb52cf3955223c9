/**
 * Wrap-up (AGT-6): the disposition code and notes an agent gives a call,
 * written on its call record (where the next screen pop of the same number
 * reads them). The agent of the call (any agent who had a leg in it, so an
 * agent who transferred the call may still wrap up its part) or a
 * supervisor or admin of its business line may set them; setting them
 * again replaces them. A call the caller may not see reads as NOT_FOUND.
 * The call's queue may list the codes allowed and require one
 * (`acdSettings.wrapUp`): a code it does not list, or none when one is
 * required, is refused as VALIDATION_FAILED on `disposition`.
 * Every change is written to the audit log.
 */
import { checkDisposition, MAX_DISPOSITION } from '../../domain/acd/disposition.ts';
import { invalidField, notFound } from '../../domain/shared/errors.ts';
import { can } from '../../domain/shared/roles.ts';
import { type Actor, requirePermission, seesLine } from '../actor.ts';
import { audit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import type { CallWrapUp, Store } from '../ports.ts';
import { settingsOf } from './queue-settings.ts';
import type { AcdRuntime } from './runtime.ts';

/** Longest notes, in characters. */
const MAX_NOTES = 4000;

function cleaned(input: CallWrapUp): CallWrapUp {
  // Left out (null) is "no code"; an empty one is a mistake, not a choice.
  const disposition = input.disposition === null ? null : input.disposition.trim();
  if (disposition === '')
    throw invalidField('disposition', 'must not be empty (leave it out for none)');
  if (disposition !== null && [...disposition].length > MAX_DISPOSITION) {
    throw invalidField('disposition', `must be at most ${MAX_DISPOSITION} characters`);
  }
  const notes = input.notes?.trim() || null;
  if (notes !== null && [...notes].length > MAX_NOTES) {
    throw invalidField('notes', `must be at most ${MAX_NOTES} characters`);
  }
  return { disposition, notes };
}

/** Creates the wrap-up service; without `acd` every call is taken as finished. */
export function createWrapUpService(deps: { store: Store; clock: Clock; acd?: AcdRuntime }) {
  const { store, clock, acd } = deps;

  async function mayWrapUp(actor: Actor, callId: string) {
    const call = await store.calls.getByLinkedId(callId);
    if (call === undefined) throw notFound('Call', callId);
    if (can(actor.role, 'calls:control') && seesLine(actor, call.businessLineId)) return call;
    const own = actor.agentId;
    if (own !== null && call.agentId === own) return call;
    const legs = own === null ? [] : await store.calls.legsOf([call.id]);
    if (legs.some((l) => l.agentId === own)) return call;
    throw notFound('Call', callId);
  }

  /** Refuses a code the call's queue does not list, or none when it requires one. */
  async function checkAgainstQueue(queueId: string | null, disposition: string | null) {
    if (queueId === null) return;
    const queue = await store.queues.get(queueId);
    if (queue === undefined) return;
    const [settings] = await settingsOf(store, [queueId]);
    const refused = settings && checkDisposition(settings.wrapUp, disposition, queue.name);
    if (refused) throw invalidField('disposition', refused.message);
  }

  return {
    /** Sets the wrap-up of the call with linked id `callId`; returns the updated record. */
    async setWrapUp(actor: Actor, callId: string, input: CallWrapUp) {
      requirePermission(actor, 'calls:read-own');
      const wrapUp = cleaned(input);
      const before = await mayWrapUp(actor, callId);
      await checkAgainstQueue(before.queueId, wrapUp.disposition);
      // A call still in progress: its own record draft carries the wrap-up (wrap-up.ts).
      const live = (await acd?.noteWrapUp(callId, wrapUp)) ?? false;
      return store.transaction(async (tx) => {
        const after = live
          ? await tx.calls.getByLinkedId(callId)
          : await tx.calls.setWrapUp(callId, wrapUp);
        if (after === undefined) throw notFound('Call', callId);
        await audit(tx, clock, actor, {
          action: 'call.wrapUp',
          entity: 'Call',
          entityId: after.id,
          before: { disposition: before.disposition, notes: before.notes },
          after: wrapUp,
        });
        return after;
      });
    },
  };
}

/** The wrap-up service's operations. */
export type WrapUpService = ReturnType<typeof createWrapUpService>;
