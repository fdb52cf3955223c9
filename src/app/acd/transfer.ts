/**
 * Transfers (AGT-2), blind or attended, to an agent, a queue or a number.
 *
 * Blind: the caller goes on hold with music and the agent leaves at once.
 * A queue takes the caller as a transferred call (ahead of normal callers);
 * an agent or a number is rung and bridged with the caller when it answers;
 * if it does not, the caller goes back to its queue.
 *
 * Attended: the caller goes on hold, the target is rung and, once it
 * answers, joins the agent in the call's bridge for a consultation. The
 * agent then completes (the caller joins the target, the agent leaves) or
 * cancels (the target leaves, the caller comes back). The agent hanging up
 * completes an answered consultation and turns a ringing one into a blind
 * transfer, as desk phones do.
 *
 * Whatever the target, the call keeps its id: the new agent's offer names
 * the same call (its screen pop shows the same caller, contact and notes),
 * and the record gets one more leg and one more transfer.
 */
import { queueFacts } from '../../domain/acd/snapshot.calls.ts';
import { stepCallIn } from './call-flow.ts';
import {
  bridgeCaller,
  bridgeOf,
  type Connected,
  connectedCall,
  detachOwner,
  done,
  handOverTo,
  holdCaller,
  type InCallResult,
  isRefusal,
  joinBridge,
  refuse,
} from './call-parties.ts';
import { noteTransferred } from './call-records.ts';
import { offerFailureOf } from './causes.ts';
import { type AcdCore, type LiveCall, publish, run } from './core.ts';
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
import type { CallSide, SideLeg, TransferMode, TransferTarget } from './in-call-state.ts';
import type { LegTarget } from './ports.ts';

/** Starts a transfer of a connected call. */
export function startTransfer(
  core: AcdCore,
  callId: string,
  target: TransferTarget,
  mode: TransferMode,
): InCallResult {
  const c = connectedCall(core, callId);
  if (isRefusal(c)) return c;
  if (c.channelId === null) {
    return refuse('CALL_WITHOUT_AGENT', `call ${callId} has no agent to transfer it`, { callId });
  }
  const side = sideOf(core, callId);
  if (side.transfer !== null) {
    return refuse('TRANSFER_IN_PROGRESS', `call ${callId} is already being transferred`, {
      callId,
    });
  }
  if (side.parties.size > 0) {
    return refuse('CONFERENCE_IN_PROGRESS', `call ${callId} is a conference`, { callId });
  }
  if (target.kind === 'queue') {
    if (mode === 'attended') {
      return refuse('TRANSFER_MODE_NOT_SUPPORTED', 'a queue can only take a blind transfer', {
        callId,
      });
    }
    return toQueue(core, c, target.queueId);
  }
  return toParty(core, c, side, target, mode);
}

function toQueue(core: AcdCore, c: Connected, queueId: string): InCallResult {
  const { live } = c;
  const { callId } = live.call;
  const queue = core.snapshot.queues.get(queueId)?.queue;
  // Another line's queue is as invisible as a missing one (ACD-11).
  if (queue === undefined || queue.businessLineId !== live.call.businessLineId) {
    return refuse('QUEUE_NOT_FOUND', `queue ${queueId} not found`, { queueId });
  }
  const facts = queueFacts(core.snapshot, queue.id);
  const step = stepCallIn(core, callId, { type: 'transfer', queue, facts });
  if (step === null || !step.ok) {
    return refuse(step?.error?.code ?? 'CALL_NOT_FOUND', 'the call cannot be transferred', {
      callId,
    });
  }
  // After the step's own commands: the caller is on hold before the agent's leg goes.
  run(core, () => detachOwner(core, live, c.agentId));
  noteTransferred(live.record);
  saveRecord(core, live.record);
  emit(core, {
    callId,
    action: 'transfer',
    state: 'completed',
    agentId: c.agentId,
    channelId: null,
    detail: `blind:queue:${queue.id}`,
  });
  return done(callId);
}

function toParty(
  core: AcdCore,
  c: Connected,
  side: CallSide,
  target: Exclude<TransferTarget, { kind: 'queue' }>,
  mode: TransferMode,
): InCallResult {
  const { live } = c;
  const { callId, ani, dnis } = live.call;
  const ringS = target.kind === 'agent' ? live.call.queue.ringTimeoutS : DEFAULT_RING_S;
  const agentId = target.kind === 'agent' ? target.agentId : null;
  let phone: LegTarget | null =
    target.kind === 'external' ? { kind: 'external', number: target.number } : null;
  if (agentId !== null) {
    const entry = core.agents.get(agentId);
    if (entry === undefined || entry.businessLineId !== live.call.businessLineId) {
      return refuse('AGENT_NOT_FOUND', `agent ${agentId} not found`, { agentId });
    }
    if (agentId === c.agentId) {
      return refuse('TRANSFER_TO_SELF', 'the call is already with that agent', { agentId });
    }
    const refused = reserveAgent(core, agentId, callId, ringS);
    if (refused !== null) return { ok: false, error: refused };
    phone = phoneOf(core, agentId);
  }
  if (phone === null) return refuse('AGENT_NOT_FOUND', `agent ${agentId} not found`, { agentId });
  holdCaller(core, live);
  const leg = ringLeg(
    core,
    {
      callId,
      role: 'transfer',
      recordRole: 'transfer',
      tag: 'xfer',
      target: phone,
      agentId,
      agentHold: agentId === null ? null : 'offer',
      // An agent sees the caller; a number sees the business number the caller dialled.
      callerName: '',
      callerNumber: agentId === null ? dnis : ani,
      timeoutS: ringS,
      originatorChannelId: callId,
    },
    (channelId) => legGone(core, channelId, null),
  );
  side.transfer = {
    mode,
    target,
    fromAgentId: c.agentId,
    legId: leg.channelId,
    agentLeft: false,
    consulting: false,
  };
  if (agentId !== null) {
    publish(core, { type: 'offer-sent', callId, agentId, channelId: leg.channelId });
  }
  emit(core, {
    callId,
    action: 'transfer',
    state: 'ringing',
    agentId,
    channelId: leg.channelId,
    detail: `${mode}:${target.kind}`,
  });
  if (mode === 'blind') {
    side.transfer.agentLeft = true;
    detachOwner(core, live, c.agentId);
  }
  return done(callId, leg.channelId);
}

/** The transfer target answered: a consultation starts, or the caller is put through. */
export function transferAnswered(core: AcdCore, leg: SideLeg): void {
  const live = core.calls.get(leg.callId);
  const transfer = core.inCall.sides.get(leg.callId)?.transfer;
  if (live === undefined || transfer?.legId !== leg.channelId) {
    dropLeg(core, leg, { wrapUpS: 0, failure: 'caller-gone' });
    return;
  }
  if (transfer.mode === 'attended' && !transfer.agentLeft) {
    transfer.consulting = true;
    joinBridge(core, leg.callId, bridgeOf(live), [leg.channelId], () =>
      emit(core, {
        callId: leg.callId,
        action: 'transfer',
        state: 'consulting',
        agentId: leg.agentId,
        channelId: leg.channelId,
        detail: null,
      }),
    );
    return;
  }
  putThrough(core, live, leg);
}

/** The caller joins the target; the transferring agent leaves if it has not yet. */
function putThrough(core: AcdCore, live: LiveCall, leg: SideLeg): void {
  const side = sideOf(core, leg.callId);
  const transfer = side.transfer;
  if (transfer === null) return;
  side.transfer = null;
  const { agentId, callId, channelId } = leg;
  // A consulted target is in the bridge already: moving it again would cut it off for a moment.
  const joining = transfer.consulting ? [] : [channelId];
  bridgeCaller(core, live, joining, () => {
    if (agentId !== null) {
      publish(core, { type: 'call-bridged', callId, agentId, bridgeId: bridgeOf(live) });
    }
    const detail = `${transfer.mode}:${transfer.target.kind}`;
    emit(core, { callId, action: 'transfer', state: 'completed', agentId, channelId, detail });
  });
  if (!transfer.agentLeft) detachOwner(core, live, transfer.fromAgentId);
  if (agentId !== null) {
    handOverTo(core, live, leg);
  } else {
    // A number stays a party of the call: its hangup, or the caller's, ends it.
    side.parties.add(channelId);
  }
  noteTransferred(live.record);
  saveRecord(core, live.record);
}

/**
 * The target's leg ended before the transfer completed (no answer, busy,
 * or it hung up during the consultation): the caller goes back to the
 * agent, or, when the agent already left, to its queue.
 */
export function transferLegEnded(core: AcdCore, leg: SideLeg, cause: number | null): void {
  const live = core.calls.get(leg.callId);
  const side = core.inCall.sides.get(leg.callId);
  const transfer = side?.transfer;
  letAgentGo(core, leg, 0, offerFailureOf(cause));
  if (live === undefined || side === undefined || transfer?.legId !== leg.channelId) return;
  side.transfer = null;
  const detail = cause === null ? null : `cause:${cause}`;
  emit(core, {
    callId: leg.callId,
    action: 'transfer',
    state: 'failed',
    agentId: leg.agentId,
    channelId: leg.channelId,
    detail,
  });
  if (!transfer.agentLeft) {
    bridgeCaller(core, live);
    return;
  }
  // The agent is gone: the caller waits in its queue again, ahead of normal callers.
  const { queue } = live.call;
  stepCallIn(core, leg.callId, {
    type: 'transfer',
    queue,
    facts: queueFacts(core.snapshot, queue.id),
  });
}

/** Completes an attended transfer whose target answered. */
export function completeTransfer(core: AcdCore, callId: string): InCallResult {
  const c = connectedCall(core, callId);
  if (isRefusal(c)) return c;
  const transfer = core.inCall.sides.get(callId)?.transfer ?? null;
  if (transfer === null || transfer.mode !== 'attended' || transfer.legId === null) {
    return refuse('NO_TRANSFER', `call ${callId} has no attended transfer to complete`, { callId });
  }
  const leg = core.inCall.legs.get(transfer.legId);
  if (leg?.answered !== true) {
    return refuse('TRANSFER_NOT_ANSWERED', 'the transfer target has not answered yet', { callId });
  }
  putThrough(core, c.live, leg);
  return done(callId, leg.channelId);
}

/** Cancels an attended transfer: the target leaves, the caller comes back to the agent. */
export function cancelTransfer(core: AcdCore, callId: string): InCallResult {
  const c = connectedCall(core, callId);
  if (isRefusal(c)) return c;
  const side = core.inCall.sides.get(callId);
  const transfer = side?.transfer ?? null;
  if (
    side === undefined ||
    transfer === null ||
    transfer.mode !== 'attended' ||
    transfer.agentLeft
  ) {
    return refuse('NO_TRANSFER', `call ${callId} has no attended transfer to cancel`, { callId });
  }
  side.transfer = null;
  const leg = transfer.legId === null ? undefined : core.inCall.legs.get(transfer.legId);
  if (leg !== undefined) dropLeg(core, leg, { wrapUpS: 0, failure: 'withdrawn' });
  const agentId = leg?.agentId ?? null;
  const channelId = transfer.legId;
  bridgeCaller(core, c.live, [], () =>
    emit(core, {
      callId,
      action: 'transfer',
      state: 'cancelled',
      agentId,
      channelId,
      detail: null,
    }),
  );
  return done(callId, transfer.legId);
}

/**
 * The transferring agent hung up during an attended transfer: an answered
 * consultation completes, a ringing one goes on as a blind transfer.
 * False when no attended transfer is under way (the hangup is the ACD's).
 */
export function ownerLeftTransfer(core: AcdCore, live: LiveCall, cause: number | null): boolean {
  const transfer = core.inCall.sides.get(live.call.callId)?.transfer;
  if (transfer === undefined || transfer === null || transfer.agentLeft) return false;
  transfer.agentLeft = true;
  detachOwner(core, live, transfer.fromAgentId, cause);
  const leg = transfer.legId === null ? undefined : core.inCall.legs.get(transfer.legId);
  if (leg?.answered === true) putThrough(core, live, leg);
  return true;
}

/** The caller hung up during a transfer: the target stops ringing (or leaves the consultation). */
export function callerLeftTransfer(core: AcdCore, callId: string): void {
  const side = core.inCall.sides.get(callId);
  const transfer = side?.transfer;
  if (side === undefined || transfer === undefined || transfer === null) return;
  side.transfer = null;
  const leg = transfer.legId === null ? undefined : core.inCall.legs.get(transfer.legId);
  if (leg !== undefined) dropLeg(core, leg, { wrapUpS: 0, failure: 'caller-gone' });
  emit(core, {
    callId,
    action: 'transfer',
    state: 'cancelled',
    agentId: leg?.agentId ?? null,
    channelId: transfer.legId,
    detail: 'caller-gone',
  });
}
