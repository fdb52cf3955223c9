/**
 * The call record of one ACD call, kept as a draft in memory and written
 * with the repository's idempotent upserts (by linked id, by channel id):
 * writing the same draft twice, or after a reconnect, updates the same
 * rows. The call machine's `write-record` entries change the draft; each
 * change queues a flush on the call's own chain so rows are written in the
 * order things happened, and a slow database never delays call control.
 */
import type { OfferFailureCause } from '../../domain/acd/acd.types.ts';
import type { AcdRecord } from '../../domain/acd/call.events.ts';
import type { CallLeg, CallRecord } from '../../domain/call/call-record.ts';
import type { Logger } from '../logger.ts';
import type { CallRepository } from '../ports.ts';
import { causeForCancel, NORMAL_CLEARING } from './causes.ts';

type LegDraft = Omit<CallLeg, 'id' | 'callId'>;

/** A call record being built. */
export interface RecordDraft {
  /** Database id once the call row exists. */
  id: string | null;
  readonly record: Omit<CallRecord, 'id'>;
  readonly legs: Map<string, LegDraft>;
  /** Legs changed since the last flush. */
  readonly dirty: Set<string>;
  /** Each agent's latest leg (offers are cancelled before their record entry is written). */
  readonly agentLegs: Map<string, string>;
  chain: Promise<void>;
}

/** What a new draft starts with. */
export interface DraftInput {
  readonly callId: string;
  readonly businessLineId: string | null;
  readonly ani: string;
  readonly dnis: string;
  readonly queueId: string | null;
  readonly startedAt: number;
  readonly callerChannelName: string;
}

/** A draft with its caller leg. */
export function newDraft(input: DraftInput): RecordDraft {
  const draft: RecordDraft = {
    id: null,
    record: {
      linkedId: input.callId,
      businessLineId: input.businessLineId,
      direction: 'inbound',
      ani: input.ani,
      dnis: input.dnis,
      queueId: input.queueId,
      agentId: null,
      startedAt: input.startedAt,
      answeredAt: null,
      endedAt: null,
      hangupCause: null,
      hangupBy: null,
      disposition: null,
      notes: null,
    },
    legs: new Map(),
    dirty: new Set(),
    agentLegs: new Map(),
    chain: Promise.resolve(),
  };
  putLeg(draft, input.callId, {
    channelName: input.callerChannelName,
    role: 'caller',
    agentId: null,
    startedAt: input.startedAt,
  });
  return draft;
}

function putLeg(
  draft: RecordDraft,
  channelId: string,
  leg: Pick<LegDraft, 'channelName' | 'role' | 'agentId' | 'startedAt'>,
): void {
  draft.legs.set(channelId, {
    channelId,
    answeredAt: null,
    endedAt: null,
    hangupCause: null,
    ...leg,
  });
  draft.dirty.add(channelId);
}

function patchLeg(draft: RecordDraft, channelId: string | undefined, patch: Partial<LegDraft>) {
  const leg = channelId === undefined ? undefined : draft.legs.get(channelId);
  if (channelId === undefined || leg === undefined) return;
  // A leg keeps its first end: a later duplicate hangup must not move it.
  if (leg.endedAt !== null && patch.endedAt !== undefined) return;
  draft.legs.set(channelId, { ...leg, ...patch });
  draft.dirty.add(channelId);
}

/** An agent leg starts ringing for an offer. */
export function noteOfferLeg(
  draft: RecordDraft,
  agentId: string,
  channelId: string,
  endpoint: string,
  at: number,
): void {
  draft.agentLegs.set(agentId, channelId);
  putLeg(draft, channelId, { channelName: endpoint, role: 'agent', agentId, startedAt: at });
}

/** The caller's leg was answered (put on hold by the ACD). */
export function noteCallerAnswered(draft: RecordDraft, at: number): void {
  const leg = draft.legs.get(draft.record.linkedId);
  if (leg?.answeredAt === null) patchLeg(draft, draft.record.linkedId, { answeredAt: at });
}

/** The call ends now (if it had not already), with a cause and who ended it. */
export function noteEnd(draft: RecordDraft, at: number, cause: number, by: string): void {
  const r = draft.record;
  if (r.endedAt !== null) return;
  r.endedAt = at;
  r.hangupCause = cause;
  r.hangupBy = by;
  patchLeg(draft, r.linkedId, { endedAt: at, hangupCause: cause });
  for (const channelId of draft.agentLegs.values()) patchLeg(draft, channelId, { endedAt: at });
}

/** Applies one record entry of the call machine; `callerCause` is the caller's hangup cause. */
export function noteRecord(draft: RecordDraft, entry: AcdRecord, callerCause: number | null) {
  const r = draft.record;
  const agentLeg = entry.agentId === null ? undefined : draft.agentLegs.get(entry.agentId);
  switch (entry.kind) {
    case 'enter':
    case 'transfer':
      r.queueId = entry.queueId;
      return;
    case 'answer':
      r.agentId = entry.agentId;
      r.answeredAt = entry.at;
      patchLeg(draft, agentLeg, { answeredAt: entry.at });
      return;
    case 'offer-failed': {
      const cause = causeForCancel((entry.detail ?? 'unreachable') as OfferFailureCause);
      patchLeg(draft, agentLeg, { endedAt: entry.at, hangupCause: cause });
      return;
    }
    case 'abandon':
      noteEnd(draft, entry.at, callerCause ?? NORMAL_CLEARING, 'caller');
      return;
    case 'end': {
      const byCaller = entry.detail === 'caller';
      const cause = byCaller ? (callerCause ?? NORMAL_CLEARING) : NORMAL_CLEARING;
      noteEnd(draft, entry.at, cause, byCaller ? 'caller' : 'agent');
      return;
    }
    default:
      // offer, ring, overflow, callback-requested: no column of their own yet (RPT issue).
      return;
  }
}

/** Queues a write of the draft; resolves when this write (and those before it) are done. */
export function flushRecord(draft: RecordDraft, calls: CallRepository, log: Logger) {
  draft.chain = draft.chain.then(async () => {
    try {
      const saved = await calls.upsertCall({ ...draft.record });
      draft.id = saved.id;
      const dirty = [...draft.dirty];
      draft.dirty.clear();
      for (const channelId of dirty) {
        const leg = draft.legs.get(channelId);
        if (leg) await calls.upsertLeg({ ...leg, callId: saved.id });
      }
    } catch (error) {
      log.error({ err: error, callId: draft.record.linkedId }, 'writing the call record failed');
    }
  });
  return draft.chain;
}
