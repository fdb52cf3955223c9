/**
 * Stable error codes of the call machine. Races (a late ring, a second
 * answer, a timer after hangup) are not errors: they give clean outcomes.
 */
import { type AcdError, acdError } from './acd.types.ts';
import type { CallPhaseName } from './call.state.ts';

/** Codes the call machine can return. */
export type CallErrorCode =
  | 'CALL_NOT_WAITING'
  | 'CALL_NOT_CONNECTED'
  | 'OFFER_EMPTY'
  | 'BUSINESS_LINE_MISMATCH'
  | 'CALLBACK_NOT_AVAILABLE';

/** A call machine error. */
export type CallError = AcdError<CallErrorCode>;

/** The event needs another phase. */
export const wrongPhase = (
  code: 'CALL_NOT_WAITING' | 'CALL_NOT_CONNECTED',
  callId: string,
  phase: CallPhaseName,
  event: string,
): CallError => acdError(code, `call ${callId} cannot ${event} while ${phase}`, { callId, phase });

/** A call may only enter a queue of its own business line (ACD-11). */
export const businessLineMismatch = (
  callId: string,
  callLine: string,
  queueId: string,
  queueLine: string,
): CallError =>
  acdError('BUSINESS_LINE_MISMATCH', `call ${callId} cannot enter queue ${queueId}`, {
    callId,
    callLine,
    queueId,
    queueLine,
  });
