/**
 * Taking the ACD's state back from the PBX and the database after a
 * restart (SEC-5). Asterisk keeps a Stasis application's channels and
 * bridges while the application is away, and our ids say what each one is
 * (pbx-steps.ts): the caller's channel id is the call id, its holding
 * bridge is `cw-hold-<call>`, its bridge with the agent `cw-call-<call>`,
 * and the agent's leg entered our application with `offer,<call>,<agent>`.
 * The call record, written at each step, gives the queue and the time the
 * caller entered it. So, for every caller in our application the runtime
 * does not hold:
 *
 * - bridged with an agent leg: connected to that agent, as it was;
 * - otherwise: waiting in its queue from its original entry time, so the
 *   order of the line holds; a caller with no record yet (it arrived in
 *   the last instants before the restart) enters anew;
 * - agent phones still ringing for an offer are hung up (the call is
 *   offered again from scratch).
 *
 * On the first pass after start, agents get their saved presence back (on
 * the call the PBX shows them in, if any; an agent whose phone is in a
 * call the ACD does not hold, an outbound or internal one, is busy until
 * that channel hangs up), and records the previous run left open whose
 * channels are all gone are closed: their calls ended while nobody was
 * listening.
 */
import { type AgentPresence, restoreAgent } from '../../domain/acd/agent.restore.ts';
import { adoptCall } from '../../domain/acd/call.adopt.ts';
import { classifyCaller } from '../../domain/acd/priority.ts';
import { syncAgent } from '../../domain/acd/snapshot.ts';
import { applyCallStep } from './call-flow.ts';
import { closedPicture, draftOfRecord } from './call-records.ts';
import { causeForCancel } from './causes.ts';
import { type AcdCore, publish, run, track } from './core.ts';
import { dispatchAgent } from './dispatch.ts';
import { callerFacts, enterInbound, liveCallWith } from './inbound.ts';
import { phoneBusy } from './internal-calls.ts';
import {
  callBridgeId,
  callOfCallBridge,
  holdBridgeId,
  isHoldBridgeOf,
  offerLegOf,
} from './pbx-ids.ts';
import type { PbxChannel, PbxPicture } from './pbx-picture.ts';
import type { OpenCallRecord } from './routing-ports.ts';

/** Records older than this are not looked at: no call lasts a day in the ACD. */
const OPEN_RECORDS_WINDOW_MS = 24 * 3600_000;

/** What a recovery pass did, for the log and the tests. */
export interface RecoveryReport {
  /** Callers taken back waiting in their queue. */
  readonly waiting: number;
  /** Callers taken back bridged with their agent. */
  readonly connected: number;
  /** Callers with no record yet, routed anew. */
  readonly enteredAnew: number;
  /** Agent phones rung for an offer nobody holds any more, hung up. */
  readonly offersHungUp: number;
  /** Agents given their saved presence back (first pass only). */
  readonly agentsRestored: number;
  /** Records of calls that ended unseen, closed (first pass only). */
  readonly recordsClosed: number;
}

/** The picture, indexed once per pass. */
interface PictureIndex {
  readonly alive: ReadonlySet<string>;
  readonly bridges: ReadonlySet<string>;
  /** Our agent legs still on the PBX, by call: offer-leg ids and `offer,<call>,<agent>` legs. */
  readonly legsOf: ReadonlyMap<string, readonly PbxChannel[]>;
}

/** The call an agent leg of ours belongs to, or null for another channel. */
function callOfLeg(c: PbxChannel): string | null {
  const [kind, callId] = c.stasisArgs ?? [];
  if (kind === 'offer' && callId !== undefined) return callId;
  return offerLegOf(c.id)?.callId ?? null;
}

function indexPicture(picture: PbxPicture): PictureIndex {
  const legsOf = new Map<string, PbxChannel[]>();
  for (const c of picture.channels) {
    const callId = callOfLeg(c);
    if (callId !== null) legsOf.set(callId, [...(legsOf.get(callId) ?? []), c]);
  }
  return {
    alive: new Set(picture.channels.map((c) => c.id)),
    bridges: new Set(picture.bridgeIds),
    legsOf,
  };
}

/** Callers in our application (trunk calls, IVR hand-offs) the runtime does not hold. */
function unknownCallers(core: AcdCore, picture: PbxPicture): PbxChannel[] {
  return picture.channels.filter((c) => {
    const kind = c.stasisArgs?.[0];
    return (kind === 'inbound' || kind === 'queue') && !core.legs.has(c.id);
  });
}

/** The agent a caller is bridged with, from the agent leg in its call bridge. */
function bridgedAgent(
  index: PictureIndex,
  callerId: string,
): { agentId: string; channel: PbxChannel } | null {
  const bridgeId = callBridgeId(callerId);
  for (const c of index.legsOf.get(callerId) ?? []) {
    const [kind, , agentId] = c.stasisArgs ?? [];
    if (c.bridgeId === bridgeId && kind === 'offer' && agentId) return { agentId, channel: c };
  }
  return null;
}

/** Highest offer number used by a call so far, so new offer legs get fresh ids. */
function lastOfferSeq(index: PictureIndex, stored: OpenCallRecord, callId: string): number {
  const ids = [
    ...(index.legsOf.get(callId) ?? []).map((c) => c.id),
    ...stored.legs.map((l) => l.channelId),
  ];
  let max = 0;
  for (const id of ids) {
    const leg = offerLegOf(id);
    if (leg?.callId === callId) max = Math.max(max, leg.seq);
  }
  return max;
}

/**
 * Takes back one caller; returns how. A caller with no open record is
 * routed anew (it arrived in the last instants before a restart, or its
 * arrival was lost with a connection), unless it is a call this runtime
 * has just finished (a closing prompt still playing): that one is left alone.
 */
function adoptCaller(
  core: AcdCore,
  index: PictureIndex,
  channel: PbxChannel,
  stored: OpenCallRecord | undefined,
  now: number,
): 'waiting' | 'connected' | 'anew' | 'left' {
  const queue =
    stored?.record.queueId == null
      ? undefined
      : core.snapshot.queues.get(stored.record.queueId)?.queue;
  const args = channel.stasisArgs ?? [];
  if (stored === undefined && core.released.has(channel.id)) return 'left';
  if (stored === undefined || queue === undefined) {
    if (bridgedAgent(index, channel.id) !== null) {
      // Talking to an agent with no record to take it back from (its pictures still in the
      // outbox): routing it again would pull it out of the conversation. Left talking; its
      // agent stays busy until the phone hangs up (phoneBusy below).
      core.log.warn({ callId: channel.id }, 'a call in conversation has no record: left as it is');
      return 'left';
    }
    // Arrived just before the restart (no record yet), or its queue is gone: route it again.
    enterInbound(core, core.routing.routes, {
      type: 'inbound-entered',
      channelId: channel.id,
      channelName: channel.name,
      ani: channel.callerNumber,
      dnis: args[0] === 'inbound' ? (args[1] ?? channel.exten) : channel.exten,
      trunk: channel.endpoint,
      queueId: args[0] === 'queue' ? (args[1] ?? null) : null,
      whitelisted: args[0] === 'queue' && args[2] === 'vip',
    });
    return 'anew';
  }
  const { record } = stored;
  const bridged = bridgedAgent(index, channel.id);
  const agentLeg =
    bridged === null ? undefined : stored.legs.find((l) => l.channelId === bridged.channel.id);
  const enteredAt = record.queueEnteredAt ?? record.startedAt;
  const onHold = channel.bridgeId !== null && isHoldBridgeOf(channel.bridgeId, channel.id);
  const adopted = adoptCall(
    {
      callId: channel.id,
      ani: record.ani,
      dnis: record.dnis,
      businessLineId: queue.businessLineId,
      queue,
      caller: classifyCaller(
        callerFacts(core, queue, record.ani, args[0] === 'queue' && args[2] === 'vip'),
        queue.settings,
        enteredAt,
      ),
      enteredAt,
      waitingSince: enteredAt,
      connected:
        bridged === null
          ? null
          : {
              agentId: bridged.agentId,
              since: agentLeg?.answeredAt ?? record.answeredAt ?? now,
            },
      onHold: onHold,
    },
    now,
  );
  const live = liveCallWith(adopted.state, channel.name, draftOfRecord(stored));
  live.offerSeq = lastOfferSeq(index, stored, channel.id);
  // The bridge the caller holds in (it may be a later hop's), or the one its hold music will use;
  // a connected call keeps an empty holding bridge known, for its release to destroy.
  if (onHold) live.holdId = channel.bridgeId;
  else if (bridged === null || index.bridges.has(holdBridgeId(channel.id))) {
    live.holdId = holdBridgeId(channel.id);
  }
  core.calls.set(channel.id, live);
  core.legs.set(channel.id, { callId: channel.id, kind: 'caller', agentId: null });
  if (bridged !== null) {
    live.bridgeId = callBridgeId(channel.id);
    live.agentChannelId = bridged.channel.id;
    core.legs.set(bridged.channel.id, {
      callId: channel.id,
      kind: 'agent',
      agentId: bridged.agentId,
    });
  }
  applyCallStep(core, live, null, 'adopt', adopted.state, adopted.commands);
  return bridged === null ? 'waiting' : 'connected';
}

/** Puts one agent back as saved (on `onCall` if the PBX shows it bridged); false when it was not. */
function restoreOne(
  core: AcdCore,
  presence: AgentPresence,
  onCall: { callId: string; since: number } | null,
  now: number,
): boolean {
  const entry = core.agents.get(presence.agentId);
  // An agent who logged in since start keeps what they did.
  if (entry === undefined || entry.state.activity.status !== 'logged-out') return false;
  if (presence.status === 'logged-out') return false;
  const state = restoreAgent(presence, onCall, now);
  entry.state = state;
  syncAgent(core.snapshot, state);
  const to = state.activity.status;
  const reason = state.activity.status === 'paused' ? state.activity.reason : null;
  publish(core, {
    type: 'agent-state-changed',
    agentId: presence.agentId,
    from: 'logged-out',
    to,
    reason,
    callId: onCall?.callId ?? null,
    at: now,
  });
  entry.since = 'since' in state.activity ? state.activity.since : now;
  entry.reason = reason;
  // Queued: inside a recovery pass, busy phones are marked before anyone is offered a call.
  if (to === 'available') run(core, () => dispatchAgent(core, presence.agentId));
  return true;
}

/**
 * Agents back as they were saved; those the PBX shows bridged are on that
 * call. An agent whose phone still holds a stale offer comes back once
 * that leg is hung up (`busyUntil`): offered a call before, its phone
 * would answer busy and the call would pass it over.
 */
async function restoreAgents(core: AcdCore, now: number) {
  const saved = await core.deps.store.acdHistory.presence();
  return (busyUntil: ReadonlyMap<string, Promise<unknown>>): number => {
    const onCall = new Map<string, { callId: string; since: number }>();
    for (const live of core.calls.values()) {
      const { phase } = live.call;
      if (phase.name === 'connected')
        onCall.set(phase.agentId, { callId: live.call.callId, since: phase.since });
    }
    let restored = 0;
    for (const presence of saved) {
      const busy = busyUntil.get(presence.agentId);
      if (busy === undefined) {
        if (restoreOne(core, presence, onCall.get(presence.agentId) ?? null, now)) restored += 1;
        continue;
      }
      if (presence.status === 'logged-out') continue;
      restored += 1;
      void busy.then(() => run(core, () => void restoreOne(core, presence, null, now)));
    }
    return restored;
  };
}

/**
 * Closes the open records whose caller is gone from the PBX: the call
 * ended while nobody listened. An agent leg left behind in the call's
 * bridge is hung up with the stale offers; the call's bridges are
 * destroyed. A record with other channels still up (not ours to end) is
 * left open.
 */
function closeOrphans(
  core: AcdCore,
  open: readonly OpenCallRecord[],
  index: PictureIndex,
  now: number,
): number {
  const { alive: live, bridges } = index;
  const { control } = core.deps;
  let closed = 0;
  for (const stored of open) {
    const callId = stored.record.linkedId;
    if (core.calls.has(callId) || live.has(callId)) continue;
    const ours = index.legsOf.get(callId) ?? [];
    const oursIds = new Set(ours.map((c) => c.id));
    if (stored.legs.some((l) => live.has(l.channelId) && !oursIds.has(l.channelId))) continue;
    for (const bridgeId of [holdBridgeId(callId), callBridgeId(callId)]) {
      if (bridges.has(bridgeId))
        track(core, 'destroying a bridge left', control.destroyBridge(bridgeId));
    }
    track(core, 'closing a record left open', core.records.put(closedPicture(stored, now)));
    closed += 1;
  }
  return closed;
}

/**
 * One recovery pass over what the PBX has now. `first`: the first pass
 * since this process started (presence and orphan records too).
 */
export async function recoverFromPbx(
  core: AcdCore,
  picture: PbxPicture,
  first: boolean,
): Promise<RecoveryReport> {
  const now = core.deps.clock.now();
  const open = await core.deps.store.acdHistory.openCalls(now - OPEN_RECORDS_WINDOW_MS);
  const restore = first ? await restoreAgents(core, now) : () => 0;
  const byLinkedId = new Map(open.map((o) => [o.record.linkedId, o]));
  // Agents of the offer legs on record, for legs still ringing (not yet in our application).
  const agentOfLeg = new Map<string, string>();
  for (const o of open) {
    for (const leg of o.legs) if (leg.agentId !== null) agentOfLeg.set(leg.channelId, leg.agentId);
  }
  const counts = { waiting: 0, connected: 0, anew: 0, left: 0 };
  let offersHungUp = 0;
  let agentsRestored = 0;
  let recordsClosed = 0;
  run(core, () => {
    const index = indexPicture(picture);
    for (const channel of unknownCallers(core, picture)) {
      counts[adoptCaller(core, index, channel, byLinkedId.get(channel.id), now)] += 1;
    }
    // Phones still ringing (or picked up) for offers nobody holds: the call is offered again.
    // An agent leg still talking with its caller (a call left as it is) is not one of them.
    const talking = (c: PbxChannel) => {
      const callId = c.bridgeId === null ? null : callOfCallBridge(c.bridgeId);
      return callId !== null && index.alive.has(callId);
    };
    const stale = new Set<string>();
    const busyUntil = new Map<string, Promise<unknown>>();
    for (const c of picture.channels) {
      if (callOfLeg(c) === null || core.legs.has(c.id) || talking(c)) continue;
      stale.add(c.id);
      const hungUp = core.deps.control.hangup(c.id, causeForCancel('withdrawn'));
      track(core, 'hanging up a stale offer', hungUp);
      const agentId = c.stasisArgs?.[2] ?? agentOfLeg.get(c.id);
      if (agentId !== undefined) busyUntil.set(agentId, hungUp);
      offersHungUp += 1;
    }
    agentsRestored = restore(busyUntil);
    // Phones busy in calls the ACD does not hold: their agents get no offer until they hang up.
    if (first) {
      for (const c of picture.channels) {
        if (c.phone !== '' && !core.legs.has(c.id) && !stale.has(c.id)) {
          phoneBusy(core, c.phone, c.id);
        }
      }
    }
    if (first) recordsClosed = closeOrphans(core, open, index, now);
  });
  return {
    waiting: counts.waiting,
    connected: counts.connected,
    enteredAnew: counts.anew,
    offersHungUp,
    agentsRestored,
    recordsClosed,
  };
}
