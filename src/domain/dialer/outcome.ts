/**
 * What became of one dial attempt (DIAL-3), from the PBX's facts: the Q.850
 * cause of a call that never answered, or the AMD verdict of one that did.
 * Busy, no answer, invalid numbers, fax and machines never reach an agent.
 */

/** Outcomes of one attempt. */
export const ATTEMPT_OUTCOMES = [
  'connected',
  'abandoned',
  'machine',
  'busy',
  'no-answer',
  'invalid',
  'failed',
  'hangup-early',
  'skipped',
  // Voice broadcast (DIAL-6): the message was played to a human, the callee was
  // handed to a queue with the agent key, or the message was left on a machine.
  'delivered',
  'transferred',
  'message-left',
] as const;

/** One attempt outcome. */
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/**
 * The outcome of a call that ended before it was answered, from its Q.850
 * cause (Asterisk causes.h). 17 user busy; 18/19 no user responding / no
 * answer (Asterisk's own dial timeout reports 19); 1 unallocated, 3 no
 * route, 22 number changed, 28 invalid format; 21 call rejected counts as
 * busy (the callee refused it, try later); anything else is a network
 * failure worth a retry soon. An unknown cause (null) after ringing is
 * read as no answer.
 */
export function outcomeOfCause(cause: number | null): AttemptOutcome {
  switch (cause) {
    case 17:
    case 21:
      return 'busy';
    case null:
    case 16:
    case 18:
    case 19:
      return 'no-answer';
    case 1:
    case 3:
    case 22:
    case 28:
      return 'invalid';
    default:
      return 'failed';
  }
}

/** Outcomes that finish a record like a conversation: the contact was reached. */
export function reachedContact(outcome: AttemptOutcome): boolean {
  return (
    outcome === 'connected' ||
    outcome === 'delivered' ||
    outcome === 'transferred' ||
    outcome === 'message-left'
  );
}

/** AMD verdicts as the dialplan's AMDSTATUS reports them (app_amd). */
export type AmdVerdict = 'HUMAN' | 'MACHINE' | 'NOTSURE' | 'HANGUP';

/**
 * Whether an answered callee goes to an agent. NOTSURE (a fax tone, a long
 * silence) is treated like a machine: a human who is not sure to be there is
 * cheaper to call again than an agent connected to a fax.
 */
export function isHumanVerdict(verdict: string): boolean {
  return verdict === 'HUMAN';
}
