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
  checkCallDetails(record);
}

const optional = <T>(value: T | null | undefined, check: (v: T) => void) => {
  if (value !== null && value !== undefined) check(value);
};

/** The optional details of 0006_records. */
function checkCallDetails(record: Omit<CallRecord, 'id'>): void {
  optional(record.source, (v) => checkOneOf('source', v, ['app', 'pbx']));
  optional(record.trunk, (v) => checkText('trunk', v, 64, true));
  optional(record.ivrPath, (v) => checkLongText('ivrPath', v));
  optional(record.queueEnteredAt, (v) => checkTime('queueEnteredAt', v));
  optional(record.holdMs, (v) => checkInt('holdMs', v, 0));
  optional(record.wrapUpMs, (v) => checkInt('wrapUpMs', v, 0));
  optional(record.transfers, (v) => checkInt('transfers', v, 0));
  optional(record.campaignId, (v) => checkText('campaignId', v, 36));
  optional(record.attempt, (v) => checkInt('attempt', v, 0));
  optional(record.costMicros, (v) => checkInt('costMicros', v, 0, Number.MAX_SAFE_INTEGER));
  optional(record.callerCountry, (v) => checkText('callerCountry', v, 2));
  optional(record.callerRegion, (v) => checkText('callerRegion', v, 128));
  optional(record.callerNumberType, (v) => checkText('callerNumberType', v, 32));
}

/** Throws VALIDATION_FAILED when a call leg does not fit its columns. */
export function checkLegRow(leg: Omit<CallLeg, 'id' | 'callId'>): void {
  checkText('channelId', leg.channelId, 150);
  checkText('channelName', leg.channelName, 255, true);
  checkText('role', leg.role, 32);
  checkOptionalText('agentId', leg.agentId, 36);
  checkTimes(leg);
  checkCause('hangupCause', leg.hangupCause);
  if (leg.ringingAt !== undefined) checkTime('ringingAt', leg.ringingAt, true);
}
