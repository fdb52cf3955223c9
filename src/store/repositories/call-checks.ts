/** Column-fit checks of call records and legs (see input-checks.ts for why). */
import type { CallDirection, CallLeg, CallRecord } from '../../domain/call/call-record.ts';
import {
  checkInt,
  checkLongText,
  checkOneOf,
  checkOptionalText,
  checkText,
  checkTime,
} from './input-checks.ts';

/** Every direction; a Record so that a new CallDirection fails to compile until listed. */
const DIRECTIONS: Record<CallDirection, true> = { inbound: true, outbound: true, internal: true };

function checkCause(field: string, value: number | null): void {
  if (value !== null) checkInt(field, value, 0);
}

function checkTimes(value: {
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
}) {
  checkTime('startedAt', value.startedAt);
  checkTime('answeredAt', value.answeredAt, true);
  checkTime('endedAt', value.endedAt, true);
}

/** Throws VALIDATION_FAILED when a call record does not fit its columns. */
export function checkCallRow(record: Omit<CallRecord, 'id'>): void {
  checkText('linkedId', record.linkedId, 150);
  checkOneOf('direction', record.direction, Object.keys(DIRECTIONS));
  checkText('ani', record.ani, 64, true);
  checkText('dnis', record.dnis, 64, true);
  checkOptionalText('queueId', record.queueId, 36);
  checkOptionalText('agentId', record.agentId, 36);
  checkTimes(record);
  checkCause('hangupCause', record.hangupCause);
  checkOptionalText('hangupBy', record.hangupBy, 32);
  checkOptionalText('disposition', record.disposition, 64);
  checkLongText('notes', record.notes);
}

/** Throws VALIDATION_FAILED when a call leg does not fit its columns. */
export function checkLegRow(leg: Omit<CallLeg, 'id'>): void {
  checkText('channelId', leg.channelId, 150);
  checkText('channelName', leg.channelName, 255, true);
  checkText('role', leg.role, 32);
  checkOptionalText('agentId', leg.agentId, 36);
  checkTimes(leg);
  checkCause('hangupCause', leg.hangupCause);
}
