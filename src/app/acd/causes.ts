/**
 * Q.850 cause codes (ITU-T Q.850, as Asterisk's `causes.h` names them) and
 * how the ACD reads them: why an offer to an agent failed, and which cause
 * to send when the ACD itself ends a leg.
 */
import type { OfferFailureCause } from '../../domain/acd/acd.types.ts';

/** Q.850 16 AST_CAUSE_NORMAL_CLEARING. */
export const NORMAL_CLEARING = 16;
/** Q.850 1 AST_CAUSE_UNALLOCATED: the number dialled is not ours to serve. */
export const UNALLOCATED = 1;
/** Q.850 34 AST_CAUSE_CONGESTION: nothing here can take the call now. */
export const CONGESTION = 34;

/**
 * The offer failure a Q.850 cause stands for. 18/19 are the phone ringing
 * out (Asterisk's own dial timeout reports 19 since 22.8), 17/21 the agent
 * pressing busy or decline; anything else means the phone could not be
 * reached (unregistered, congestion, a cause we did not expect).
 */
export function offerFailureOf(cause: number | null): OfferFailureCause {
  switch (cause) {
    case 18:
    case 19:
      return 'timeout';
    case 17:
    case 21:
      return 'rejected';
    default:
      return 'unreachable';
  }
}

/** The cause the ACD sends when it stops ringing an agent for `why`. */
export function causeForCancel(why: OfferFailureCause): number {
  switch (why) {
    case 'timeout':
      return 19; // no answer
    case 'answered-elsewhere':
      return 26; // non-selected user clearing: another agent took the call
    case 'rejected':
      return 21;
    case 'unreachable':
      return 20; // subscriber absent
    default:
      return NORMAL_CLEARING;
  }
}
