/**
 * Conferences (AGT-3): a third party (an agent, a supervisor's own agent
 * record, or a number) is rung and, once it answers, joins the call's
 * bridge. Anyone may leave and the others go on talking; when the agent
 * the call belongs to leaves, an agent still in the conference takes the
 * call over. Once only one party is left, the call is over for it too.
 */
import { stepCallIn } from './call-flow.ts';
import {
  bridgeOf,
  connectedCall,
  detachOwner,
  done,
  handOverTo,
  hasParties,
  type InCallResult,
  isRefusal,
  joinBridge,
  refuse,
  talkersOf,
} from './call-parties.ts';
import { noteEnd, noteLegEnded } from './call-records.ts';
import { NORMAL_CLEARING, offerFailureOf } from './causes.ts';
import { type AcdCore, type LiveCall, publish } from './core.ts';
import { legGone } from './in-call-input.ts';
import {
  DEFAULT_RING_S,
  dropLeg,
  emit,
  letAgentGo,
  phoneOf,
  reserveAgent,
  ringLeg,
  saveRecord,
  sideOf,
} from './in-call-legs.ts';
import type { CallSide, PartyTarget, SideLeg } from './in-call-state.ts';
import type { LegTarget } from './ports.ts';

/** Parties a call may have besides its caller and agent. */
const MAX_PARTIES = 4;

/** Rings a third party for a connected call. */
export function addParty(core: AcdCore, callId: string, target: PartyTarget): InCallResult {
  const c = connectedCall(core, callId);
  if (isRefusal(c)) return c;
  const { live } = c;
  const side = sideOf(core, callId);
  if (side.transfer !== null) {
    return refuse('TRANSFER_IN_PROGRESS', `call ${callId} is being transferred`, { callId });
  }
  if (side.parties.size >= MAX_PARTIES) {
    return refuse('CONFERENCE_FULL', `call ${callId} has ${MAX_PARTIES} parties already`, {
      callId,
    });
  }
  const agentId = target.kind === 'agent' ? target.agentId : null;
  const ringS = agentId === null ? DEFAULT_RING_S : live.call.queue.ringTimeoutS;
  let phone: LegTarget | null =
    target.kind === 'external' ? { kind: 'external', number: target.number } : null;
  if (agentId !== null) {
    const entry = core.agents.get(agentId);
    if (entry === undefined || entry.businessLineId !== live.call.businessLineId) {
      return refuse('AGENT_NOT_FOUND', `agent ${agentId} not found`, { agentId });
    }
    const refused = reserveAgent(core, agentId, callId, ringS);
    if (refused !== null) return { ok: false, error: refused };
    phone = phoneOf(core, agentId);
  }
  if (phone === null) return refuse('AGENT_NOT_FOUND', `agent ${agentId} not found`, { agentId });
  const leg = ringLeg(
    core,
    {
      callId,
      role: 'conference',
      recordRole: 'conference',
      tag: 'conf',
      target: phone,
      agentId,
      agentHold: agentId === null ? null : 'offer',
      callerName: '',
      callerNumber: agentId === null ? live.call.dnis : live.call.ani,
      timeoutS: ringS,
      originatorChannelId: callId,
    },
    (channelId) => legGone(core, channelId, null),
  );
  side.parties.add(leg.channelId);
  if (agentId !== null) {
    publish(core, { type: 'offer-sent', callId, agentId, channelId: leg.channelId });
  }
  emit(core, {
    callId,
    action: 'conference',
    state: 'ringing',
    agentId,
    channelId: leg.channelId,
    detail: target.kind,
  });
  return done(callId, leg.channelId);
}

/** A party answered: it joins the call's bridge. */
export function partyAnswered(core: AcdCore, leg: SideLeg): void {
  const live = core.calls.get(leg.callId);
  if (live === undefined || live.released || live.call.phase.name !== 'connected') {
    dropLeg(core, leg, { wrapUpS: 0, failure: 'caller-gone' });
    return;
  }
  joinBridge(core, leg.callId, bridgeOf(live), [leg.channelId], () =>
    emit(core, {
      callId: leg.callId,
      action: 'conference',
      state: 'joined',
      agentId: leg.agentId,
      channelId: leg.channelId,
      detail: null,
    }),
  );
}

/** A party's leg ended: it never answered, or it left the conference. */
export function partyEnded(core: AcdCore, leg: SideLeg, cause: number | null): void {
  const live = core.calls.get(leg.callId);
  const side = core.inCall.sides.get(leg.callId);
  side?.parties.delete(leg.channelId);
  const wrapUpS = live?.call.queue.wrapUpS ?? 0;
  letAgentGo(core, leg, wrapUpS, offerFailureOf(cause));
  emit(core, {
    callId: leg.callId,
    action: 'conference',
    state: leg.answered ? 'left' : 'failed',
    agentId: leg.agentId,
    channelId: leg.channelId,
    detail: cause === null ? null : `cause:${cause}`,
  });
  if (!leg.answered || live === undefined || side === undefined || live.released) return;
  afterLeaving(core, live, side, cause, leg.agentId === null ? 'external' : 'agent');
}

/**
 * The caller hung up while parties are talking: the others go on. False
 * when there is no conference (the call machine ends the call as usual).
 */
export function callerLeftConference(core: AcdCore, live: LiveCall, cause: number | null) {
  const side = core.inCall.sides.get(live.call.callId);
  if (live.callerGone) return hasParties(core, side);
  if (side === undefined || !hasParties(core, side)) return false;
  live.callerGone = true;
  live.callerCause = cause;
  noteLegEnded(live.record, live.call.callId, core.deps.clock.now(), cause);
  saveRecord(core, live.record);
  emit(core, {
    callId: live.call.callId,
    action: 'conference',
    state: 'left',
    agentId: null,
    channelId: live.call.callId,
    detail: 'caller',
  });
  afterLeaving(core, live, side, cause, 'caller');
  return true;
}

/**
 * The call's agent hung up while parties are talking: the others go on,
 * and an agent among them takes the call over. False without a conference.
 */
export function ownerLeftConference(core: AcdCore, live: LiveCall, cause: number | null) {
  const side = core.inCall.sides.get(live.call.callId);
  const { phase } = live.call;
  if (side === undefined || !hasParties(core, side) || phase.name !== 'connected') return false;
  const channelId = live.agentChannelId;
  detachOwner(core, live, phase.agentId, cause);
  emit(core, {
    callId: live.call.callId,
    action: 'conference',
    state: 'left',
    agentId: phase.agentId,
    channelId,
    detail: 'owner',
  });
  afterLeaving(core, live, side, cause, 'agent');
  return true;
}

/**
 * Someone left: with two or more still talking the call goes on (an agent
 * party takes it over if its agent left); with one or none it is over.
 */
function afterLeaving(
  core: AcdCore,
  live: LiveCall,
  side: CallSide,
  cause: number | null,
  by: string,
): void {
  const { callId } = live.call;
  const talkers = talkersOf(core, live, side);
  if (talkers.length >= 2) {
    if (live.agentChannelId !== null) return;
    const next = talkers.find((t) => t.kind === 'party' && t.agentId !== null);
    const leg = next === undefined ? undefined : core.inCall.legs.get(next.channelId);
    if (leg !== undefined) {
      side.parties.delete(leg.channelId);
      handOverTo(core, live, leg);
    }
    return;
  }
  noteEnd(live.record, core.deps.clock.now(), cause ?? NORMAL_CLEARING, by);
  saveRecord(core, live.record);
  for (const t of talkers) {
    const leg = t.kind === 'party' ? core.inCall.legs.get(t.channelId) : undefined;
    if (leg === undefined) continue;
    side.parties.delete(leg.channelId);
    dropLeg(core, leg, { wrapUpS: live.call.queue.wrapUpS, failure: 'caller-gone' });
  }
  // The call machine ends the call: it hangs up the caller or the agent still there.
  stepCallIn(core, callId, { type: live.callerGone ? 'caller-hangup' : 'agent-hangup' });
}
