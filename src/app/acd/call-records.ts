/**
 * The call record of one ACD call, kept as a draft in memory and handed,
 * whole, to the record sink (src/app/records), which writes it idempotently
 * (by linked id, by channel id): handing the same draft twice, or after a
 * reconnect, updates the same rows. The call machine's `write-record`
 * entries change the draft; each change queues a hand-off on the call's own
 * chain so pictures reach the sink in the order things happened, and a slow
 * database never delays call control.
 */
import type { OfferFailureCause } from '../../domain/acd/acd.types.ts';
import type { AcdRecord } from '../../domain/acd/call.events.ts';
import { isDirectQueueId } from '../../domain/acd/direct.ts';
import type { CallLeg, CallRecord } from '../../domain/call/call-record.ts';
import type { Logger } from '../logger.ts';
import type { RecordSink } from '../records/ports.ts';
import { causeForCancel, NORMAL_CLEARING } from './causes.ts';

type LegDraft = Omit<CallLeg, 'id' | 'callId'>;

/** A call record being built. */
export interface RecordDraft {
  readonly record: Omit<CallRecord, 'id'>;
  readonly legs: Map<string, LegDraft>;
  /** Each agent's latest leg (offers are cancelled before their record entry is written). */
  readonly agentLegs: Map<string, string>;
  chain: Promise<void>;
  /**
   * Pictures handed to the sink so far. Each carries a revision built from
   * the draft's start and this count, so a stale one is dropped and a later
   * draft of the same call (a caller back in Stasis after the IVR) outranks
   * every picture of the earlier one.
   */
  revision: number;
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
  /** Trunk (endpoint name) the call came in on, when it came from one. */
  readonly trunk?: string | null;
}

/** A draft with its caller leg. */
export function newDraft(input: DraftInput): RecordDraft {
  const draft: RecordDraft = {
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
      trunk: input.trunk ?? null,
      queueEnteredAt: null,
      transfers: 0,
    },
    legs: new Map(),
    agentLegs: new Map(),
    chain: Promise.resolve(),
    revision: 0,
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
    ringingAt: null,
    ...leg,
  });
}

function patchLeg(draft: RecordDraft, channelId: string | undefined, patch: Partial<LegDraft>) {
  const leg = channelId === undefined ? undefined : draft.legs.get(channelId);
  if (channelId === undefined || leg === undefined) return;
  // A leg keeps its first end: a later duplicate hangup must not move it.
  if (leg.endedAt !== null && patch.endedAt !== undefined) return;
  draft.legs.set(channelId, { ...leg, ...patch });
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
  // The agent legs still up are hung up with the call, normally.
  for (const channelId of draft.agentLegs.values()) {
    patchLeg(draft, channelId, { endedAt: at, hangupCause: NORMAL_CLEARING });
  }
}

/** The PBX named the agent leg's channel (`PJSIP/2001-00000004`) when it was answered. */
export function noteLegChannelName(draft: RecordDraft, channelId: string, name: string): void {
  const leg = draft.legs.get(channelId);
  if (leg !== undefined && name !== '') draft.legs.set(channelId, { ...leg, channelName: name });
}

/** Applies one record entry of the call machine; `callerCause` is the caller's hangup cause. */
export function noteRecord(draft: RecordDraft, entry: AcdRecord, callerCause: number | null) {
  const r = draft.record;
  const agentLeg = entry.agentId === null ? undefined : draft.agentLegs.get(entry.agentId);
  switch (entry.kind) {
    case 'enter':
    case 'transfer':
      // An agent's personal queue (a DID straight to the agent) is no queue of the records.
      r.queueId = isDirectQueueId(entry.queueId) ? null : entry.queueId;
      // Speed of answer counts from the first queue the caller entered.
      if (r.queueId !== null) r.queueEnteredAt ??= entry.at;
      return;
    case 'ring':
      if (agentLeg !== undefined && draft.legs.get(agentLeg)?.ringingAt === null) {
        patchLeg(draft, agentLeg, { ringingAt: entry.at });
      }
      return;
    case 'answer':
      r.agentId = entry.agentId;
      // A transferred call answered again keeps its first answer time (speed of answer).
      r.answeredAt ??= entry.at;
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
      // `external`: the number a caller overflowed to hung up.
      const by = byCaller ? 'caller' : entry.detail === 'external' ? 'external' : 'agent';
      noteEnd(draft, entry.at, cause, by);
      return;
    }
    default:
      // offer, overflow, callback-requested: no column of their own.
      return;
  }
}

/** Pictures per draft that get a revision of their own; later ones share the last. */
const PICTURES_PER_DRAFT = 1000;

/** The draft's start in ms, times 1000, plus its picture count: later drafts rank higher. */
function revisionOf(draft: RecordDraft): number {
  return (
    draft.record.startedAt * PICTURES_PER_DRAFT + Math.min(draft.revision, PICTURES_PER_DRAFT - 1)
  );
}

/** Queues a hand-off of the draft to the sink; resolves when this one (and those before it) are durable. */
export function flushRecord(draft: RecordDraft, sink: RecordSink, log: Logger) {
  draft.chain = draft.chain.then(async () => {
    try {
      draft.revision += 1;
      await sink.put({
        record: { ...draft.record, source: 'app' },
        legs: [...draft.legs.values()],
        revision: revisionOf(draft),
      });
    } catch (error) {
      log.error({ err: error, callId: draft.record.linkedId }, 'writing the call record failed');
    }
  });
  return draft.chain;
}

/** A leg in-call control added: a transfer target, conference party, supervisor, snoop channel. */
export function noteSideLeg(
  draft: RecordDraft,
  channelId: string,
  leg: { channelName: string; role: string; agentId: string | null; at: number },
): void {
  const { at, ...rest } = leg;
  putLeg(draft, channelId, { ...rest, startedAt: at });
}

/** A leg was answered (kept at its first answer). */
export function noteLegAnswered(draft: RecordDraft, channelId: string, at: number): void {
  if (draft.legs.get(channelId)?.answeredAt === null)
    patchLeg(draft, channelId, { answeredAt: at });
}

/** A leg ended (kept at its first end); `cause` is Q.850 when known. */
export function noteLegEnded(
  draft: RecordDraft,
  channelId: string,
  at: number,
  cause: number | null,
): void {
  patchLeg(draft, channelId, { endedAt: at, hangupCause: cause });
}

/**
 * The call now belongs to another agent (a transfer completed, or a
 * conference went on after its owner left): the record names that agent
 * and its leg ends with the call.
 */
export function noteHandover(draft: RecordDraft, agentId: string, channelId: string): void {
  draft.agentLegs.set(agentId, channelId);
  draft.record.agentId = agentId;
}

/** One more transfer of the call (to an agent, a queue or a number). */
export function noteTransferred(draft: RecordDraft): void {
  draft.record.transfers = (draft.record.transfers ?? 0) + 1;
}

/** What a click-to-dial record starts with (AGT-5). */
export interface OutboundDraftInput {
  /** The call's id: also its first channel, the agent's phone leg. */
  readonly callId: string;
  readonly businessLineId: string;
  readonly agentId: string;
  /** Dial string of the agent's phone. */
  readonly agentEndpoint: string;
  /** Caller ID presented to the called party. */
  readonly callerNumber: string;
  /** The number dialled. */
  readonly number: string;
  readonly startedAt: number;
}

/** The draft of a call placed for an agent: outbound, its first leg the agent's phone. */
export function newOutboundDraft(input: OutboundDraftInput): RecordDraft {
  const draft = newDraft({
    callId: input.callId,
    businessLineId: input.businessLineId,
    ani: input.callerNumber,
    dnis: input.number,
    queueId: null,
    startedAt: input.startedAt,
    callerChannelName: input.agentEndpoint,
  });
  draft.record.direction = 'outbound';
  draft.record.agentId = input.agentId;
  draft.agentLegs.set(input.agentId, input.callId);
  const first = draft.legs.get(input.callId);
  if (first !== undefined) {
    draft.legs.set(input.callId, { ...first, role: 'agent', agentId: input.agentId });
  }
  return draft;
}

/**
 * The draft of a call taken back after a restart, from its stored record:
 * its pictures go on from the revision stored, so the first new one is
 * not dropped as stale.
 */
export function draftOfRecord(stored: {
  readonly record: CallRecord;
  readonly legs: readonly CallLeg[];
  readonly revision: number | null;
}): RecordDraft {
  const { id: _id, ...record } = stored.record;
  const legs = new Map<string, LegDraft>();
  const agentLegs = new Map<string, string>();
  for (const { id: _legId, callId: _callId, ...leg } of stored.legs) {
    legs.set(leg.channelId, { ringingAt: null, ...leg });
    if (leg.role === 'agent' && leg.agentId !== null) agentLegs.set(leg.agentId, leg.channelId);
  }
  const base = record.startedAt * PICTURES_PER_DRAFT;
  const count = stored.revision === null ? 0 : Math.max(0, stored.revision - base);
  return { record, legs, agentLegs, chain: Promise.resolve(), revision: count };
}

/**
 * The final picture of a record a previous run left open and whose call
 * the PBX no longer has: it ended, unseen, at the latest `at`. A system
 * end, with no cause: nobody saw who hung up.
 */
export function closedPicture(
  stored: {
    readonly record: CallRecord;
    readonly legs: readonly CallLeg[];
    readonly revision: number | null;
  },
  at: number,
) {
  const draft = draftOfRecord(stored);
  const r = draft.record;
  const end = Math.max(at, r.startedAt);
  r.endedAt = end;
  r.hangupBy = 'system';
  for (const [channelId, leg] of draft.legs) {
    if (leg.endedAt === null) draft.legs.set(channelId, { ...leg, endedAt: end });
  }
  draft.revision += 1;
  return {
    record: { ...r, source: 'app' as const },
    legs: [...draft.legs.values()],
    revision: revisionOf(draft),
  };
}
