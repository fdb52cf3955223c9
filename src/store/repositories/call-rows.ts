/**
 * `calls` and `call_legs` rows (snake_case) <-> call records and legs
 * (camelCase), shared by the call repository and the batched record writer.
 * Columns of the optional record details are written only when the record
 * defines them, so a writer that does not know a detail never erases it.
 */
import type {
  CallDirection,
  CallLeg,
  CallRecord,
  RecordSource,
} from '../../domain/call/call-record.ts';
import type { LegInput, RecordInput } from '../../domain/call/record-entry.ts';
import { fromDbTime, fromDbTimeOrNull, toDbTime, toDbTimeOrNull } from '../db-time.ts';
import type { CallModel } from '../models/call.model.ts';
import type { CallLegModel } from '../models/call-leg.model.ts';

/** A stored number that may come back as text or bigint (BIGINT on MySQL). */
const numOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

/** A row of `calls` as a record. */
export function toCall(row: CallModel): CallRecord {
  return {
    id: row.id,
    linkedId: row.linked_id,
    businessLineId: row.business_line_id,
    direction: row.direction as CallDirection,
    ani: row.ani,
    dnis: row.dnis,
    queueId: row.queue_id,
    agentId: row.agent_id,
    startedAt: fromDbTime(row.started_at),
    answeredAt: fromDbTimeOrNull(row.answered_at),
    endedAt: fromDbTimeOrNull(row.ended_at),
    hangupCause: row.hangup_cause,
    hangupBy: row.hangup_by,
    disposition: row.disposition,
    notes: row.notes,
    source: (row.source ?? 'app') as RecordSource,
    trunk: row.trunk ?? null,
    ivrPath: row.ivr_path ?? null,
    queueEnteredAt: fromDbTimeOrNull(row.queue_entered_at),
    holdMs: numOrNull(row.hold_ms),
    wrapUpMs: numOrNull(row.wrap_up_ms),
    transfers: Number(row.transfers ?? 0),
    callbackRequested: Boolean(row.callback_requested),
    campaignId: row.campaign_id ?? null,
    attempt: numOrNull(row.attempt),
    costMicros: numOrNull(row.cost_micros),
    callerCountry: row.caller_country ?? null,
    callerRegion: row.caller_region ?? null,
    callerNumberType: row.caller_number_type ?? null,
  };
}

/** A row of `call_legs` as a leg. */
export function toLeg(row: CallLegModel): CallLeg {
  return {
    id: row.id,
    callId: row.call_id,
    channelId: row.channel_id,
    channelName: row.channel_name,
    role: row.role,
    agentId: row.agent_id,
    startedAt: fromDbTime(row.started_at),
    answeredAt: fromDbTimeOrNull(row.answered_at),
    endedAt: fromDbTimeOrNull(row.ended_at),
    hangupCause: row.hangup_cause,
    ringingAt: fromDbTimeOrNull(row.ringing_at),
  };
}

const defined = (columns: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined));

const timeOrKeep = (ms: number | null | undefined) =>
  ms === undefined ? undefined : toDbTimeOrNull(ms);

/** Columns of a record; details the record leaves undefined are left out. */
export function callColumns(record: RecordInput): Record<string, unknown> {
  return {
    linked_id: record.linkedId,
    business_line_id: record.businessLineId,
    direction: record.direction,
    ani: record.ani,
    dnis: record.dnis,
    queue_id: record.queueId,
    agent_id: record.agentId,
    started_at: toDbTime(record.startedAt),
    answered_at: toDbTimeOrNull(record.answeredAt),
    ended_at: toDbTimeOrNull(record.endedAt),
    hangup_cause: record.hangupCause,
    hangup_by: record.hangupBy,
    disposition: record.disposition,
    notes: record.notes,
    ...defined({
      source: record.source,
      trunk: record.trunk,
      ivr_path: record.ivrPath,
      queue_entered_at: timeOrKeep(record.queueEnteredAt),
      hold_ms: record.holdMs,
      wrap_up_ms: record.wrapUpMs,
      transfers: record.transfers,
      callback_requested: record.callbackRequested,
      campaign_id: record.campaignId,
      attempt: record.attempt,
      cost_micros: record.costMicros,
      caller_country: record.callerCountry,
      caller_region: record.callerRegion,
      caller_number_type: record.callerNumberType,
    }),
  };
}

/** Columns of a leg of call `callId`; a ringing time left undefined is left out. */
export function legColumns(leg: LegInput, callId: string): Record<string, unknown> {
  return {
    call_id: callId,
    channel_id: leg.channelId,
    channel_name: leg.channelName,
    role: leg.role,
    agent_id: leg.agentId,
    started_at: toDbTime(leg.startedAt),
    answered_at: toDbTimeOrNull(leg.answeredAt),
    ended_at: toDbTimeOrNull(leg.endedAt),
    hangup_cause: leg.hangupCause,
    ...defined({ ringing_at: timeOrKeep(leg.ringingAt) }),
  };
}
