/**
 * The details the records feature adds to a call (RPT-1): who wrote the
 * record, trunk, IVR path, queue entry, hold and wrap-up, transfers,
 * callback, campaign and attempt, cost, and the caller's origin.
 */
import type { CallRecord } from '../../domain/call/call-record.ts';
import { builder } from '../builder.ts';
import { CallRef } from './call.ts';

const RecordSourceEnum = builder.enumType('CallRecordSource', {
  description: 'Who wrote a call record.',
  values: {
    APP: { value: 'app', description: "callwright's own call handling (ACD, IVR, dialer)." },
    PBX: {
      value: 'pbx',
      description: "Captured from the PBX's CDR/CEL: the call never touched callwright.",
    },
  } as const,
});

builder.objectFields(CallRef, (t) => ({
  source: t.field({
    type: RecordSourceEnum,
    description: 'Who wrote the record.',
    resolve: (c: CallRecord) => c.source ?? 'app',
  }),
  trunk: t.string({
    nullable: true,
    description: 'Trunk (PJSIP endpoint) the call came in or went out on.',
    resolve: (c) => c.trunk ?? null,
  }),
  ivrPath: t.string({
    nullable: true,
    description: 'IVR nodes the caller went through.',
    resolve: (c) => c.ivrPath ?? null,
  }),
  queueEnteredAt: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'When the caller entered the (first) queue.',
    resolve: (c) => c.queueEnteredAt ?? null,
  }),
  holdS: t.float({
    nullable: true,
    description: 'Time on hold after the answer, seconds.',
    resolve: (c) => (c.holdMs === null || c.holdMs === undefined ? null : c.holdMs / 1000),
  }),
  wrapUpS: t.float({
    nullable: true,
    description: "The agent's after-call work, seconds.",
    resolve: (c) => (c.wrapUpMs === null || c.wrapUpMs === undefined ? null : c.wrapUpMs / 1000),
  }),
  transfers: t.int({ description: 'Number of transfers.', resolve: (c) => c.transfers ?? 0 }),
  callbackRequested: t.boolean({
    description: 'The caller asked to be called back.',
    resolve: (c) => c.callbackRequested ?? false,
  }),
  campaignId: t.string({
    nullable: true,
    description: 'Dialer campaign of the call.',
    resolve: (c) => c.campaignId ?? null,
  }),
  attempt: t.int({
    nullable: true,
    description: 'Dialer attempt number (1 = first).',
    resolve: (c) => c.attempt ?? null,
  }),
  cost: t.float({
    nullable: true,
    description: 'Cost from the rate tables, in their currency; null when no rate applies.',
    resolve: (c) =>
      c.costMicros === null || c.costMicros === undefined ? null : c.costMicros / 1e6,
  }),
  callerCountry: t.string({
    nullable: true,
    description: "ISO country of the caller's number (inbound calls).",
    resolve: (c) => c.callerCountry ?? null,
  }),
  callerRegion: t.string({
    nullable: true,
    description: "Region of the caller's number from the prefix table (inbound calls).",
    resolve: (c) => c.callerRegion ?? null,
  }),
  callerNumberType: t.string({
    nullable: true,
    description: "Type of the caller's number: MOBILE, FIXED_LINE, TOLL_FREE... (inbound calls).",
    resolve: (c) => c.callerNumberType ?? null,
  }),
}));
