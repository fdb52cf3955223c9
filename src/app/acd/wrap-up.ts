/**
 * The agent's wrap-up on a call the ACD still holds (AGT-6): a queue call
 * or a call placed for an agent (click-to-dial). While a call lives, the
 * runtime's record draft is the only writer of its record and hands the
 * whole picture over on every change: a disposition written beside it
 * would be cleared by the next picture. So the wrap-up goes into the draft
 * and is handed over on the call's own chain, in order.
 */
import type { CallWrapUp } from '../ports.ts';
import { flushRecord } from './call-records.ts';
import type { AcdCore } from './core.ts';

/** True once written when the runtime holds the call; false when it does not (its record is final). */
export async function noteCallWrapUp(
  core: AcdCore,
  callId: string,
  wrapUp: CallWrapUp,
): Promise<boolean> {
  const draft = core.calls.get(callId)?.record ?? core.inCall.outbound.get(callId)?.record;
  if (draft === undefined) return false;
  draft.record.disposition = wrapUp.disposition;
  draft.record.notes = wrapUp.notes;
  await flushRecord(draft, core.records, core.log);
  return true;
}
