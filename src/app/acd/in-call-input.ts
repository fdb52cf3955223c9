/**
 * PBX events for in-call control, looked at before the ACD's own handling:
 * events of side legs (transfer targets, conference parties, supervisors,
 * snoop channels, click-to-dial legs), phones busy with internal calls,
 * and the caller or agent of a call hanging up while a transfer or a
 * conference is under way. Anything else goes on to `pbx-input.ts`.
 */
import { isFinished } from '../../domain/acd/call.state.ts';
import { stepAgentIn } from './agent-flow.ts';
import { noteLegAnswered } from './call-records.ts';
import { causeForCancel } from './causes.ts';
import {
  outboundAgentAnswered,
  outboundLegEnded,
  outboundNumberAnswered,
} from './click-to-dial.ts';
import {
  callerLeftConference,
  ownerLeftConference,
  partyAnswered,
  partyEnded,
} from './conference.ts';
import { type AcdCore, run, track } from './core.ts';
import { dropLeg, emit, forgetLeg, recordOf, saveRecord } from './in-call-legs.ts';
import { internalEnded, phoneBusy } from './internal-calls.ts';
import type { PbxCallEvent } from './pbx-events.ts';
import {
  snoopAnswered,
  snoopEnded,
  stopMonitors,
  supervisorAnswered,
  supervisorEnded,
} from './supervise.ts';
import {
  callerLeftTransfer,
  ownerLeftTransfer,
  transferAnswered,
  transferLegEnded,
} from './transfer.ts';

/** Handles the event when it is in-call control's; false lets the ACD handle it. */
export function handleInCallEvent(core: AcdCore, event: PbxCallEvent): boolean {
  switch (event.type) {
    case 'leg-answered':
      legAnswered(core, event.channelId);
      return true;
    case 'phone-busy':
      phoneBusy(core, event.endpoint, event.channelId);
      return true;
    case 'offer-ringing':
      return legRinging(core, event.channelId);
    case 'offer-failed':
      return legGone(core, event.channelId, event.cause);
    case 'channel-answered':
      return core.inCall.legs.has(event.channelId);
    case 'channel-hung-up':
      return (
        legGone(core, event.channelId, event.cause) ||
        internalEnded(core, event.channelId) ||
        callLegLeft(core, event.channelId, event.cause)
      );
    default:
      return false;
  }
}

function legRinging(core: AcdCore, channelId: string): boolean {
  const leg = core.inCall.legs.get(channelId);
  if (leg === undefined) return false;
  if (leg.agentHold === 'offer' && leg.agentId !== null) {
    stepAgentIn(core, leg.agentId, { type: 'ring', callId: leg.callId });
  }
  return true;
}

function legAnswered(core: AcdCore, channelId: string): void {
  const leg = core.inCall.legs.get(channelId);
  if (leg === undefined) {
    // Dropped while it rang (the call ended, the transfer was cancelled): nothing to join.
    const cause = causeForCancel('caller-gone');
    track(core, 'hanging up a stray leg', core.deps.control.hangup(channelId, cause));
    return;
  }
  leg.answered = true;
  const draft = recordOf(core, leg.callId);
  if (draft !== undefined) {
    noteLegAnswered(draft, channelId, core.deps.clock.now());
    saveRecord(core, draft);
  }
  if (leg.agentHold === 'offer' && leg.agentId !== null) {
    stepAgentIn(core, leg.agentId, { type: 'answer', callId: leg.callId });
  }
  switch (leg.role) {
    case 'transfer':
      transferAnswered(core, leg);
      return;
    case 'conference':
      partyAnswered(core, leg);
      return;
    case 'supervisor':
      supervisorAnswered(core, leg);
      return;
    case 'snoop':
      snoopAnswered(core, leg);
      return;
    case 'outbound-agent':
      outboundAgentAnswered(core, leg);
      return;
    case 'outbound-external':
      outboundNumberAnswered(core, leg);
      return;
  }
}

/**
 * A side leg ended (never answered, or hung up): forgotten, written into
 * the record, and its purpose told. False when the channel is not one.
 */
export function legGone(core: AcdCore, channelId: string, cause: number | null): boolean {
  const leg = core.inCall.legs.get(channelId);
  if (leg === undefined) return false;
  forgetLeg(core, leg, cause);
  // A number a call was transferred to stays on as a party of the call.
  if (core.inCall.sides.get(leg.callId)?.parties.has(channelId) === true) {
    partyEnded(core, leg, cause);
    return true;
  }
  switch (leg.role) {
    case 'transfer':
      transferLegEnded(core, leg, cause);
      break;
    case 'conference':
      partyEnded(core, leg, cause);
      break;
    case 'supervisor':
      supervisorEnded(core, leg);
      break;
    case 'snoop':
      snoopEnded(core, leg);
      break;
    case 'outbound-agent':
    case 'outbound-external':
      outboundLegEnded(core, leg, cause);
      break;
  }
  return true;
}

/** The caller or the agent of a call with a transfer or conference under way hung up. */
function callLegLeft(core: AcdCore, channelId: string, cause: number | null): boolean {
  const ref = core.legs.get(channelId);
  const live = ref === undefined ? undefined : core.calls.get(ref.callId);
  if (ref === undefined || live === undefined || live.released) return false;
  if (!core.inCall.sides.has(ref.callId)) return false;
  if (ref.kind === 'caller') {
    if (callerLeftConference(core, live, cause)) return true;
    // The call machine ends the call; the transfer target stops ringing first.
    callerLeftTransfer(core, ref.callId);
    return false;
  }
  if (ref.kind === 'agent' && live.agentChannelId === channelId) {
    return ownerLeftTransfer(core, live, cause) || ownerLeftConference(core, live, cause);
  }
  return false;
}

/**
 * Ends what in-call control still has on a call once the ACD is done with
 * it (the caller left, the call ended): parties and targets are hung up and
 * their agents freed, supervisors leave. Runs before the call is released,
 * so its bridges are destroyed after these legs are gone.
 */
export function watchCallEnds(core: AcdCore): void {
  core.listeners.add((event) => {
    if (event.type !== 'call-changed' || !core.inCall.sides.has(event.callId)) return;
    const live = core.calls.get(event.callId);
    if (live === undefined || !isFinished(live.call.phase)) return;
    run(core, () => finishSide(core, event.callId));
  });
}

function finishSide(core: AcdCore, callId: string): void {
  const side = core.inCall.sides.get(callId);
  if (side === undefined) return;
  callerLeftTransfer(core, callId);
  const wrapUpS = core.calls.get(callId)?.call.queue.wrapUpS ?? 0;
  for (const channelId of [...side.parties]) {
    side.parties.delete(channelId);
    const leg = core.inCall.legs.get(channelId);
    if (leg === undefined) continue;
    dropLeg(core, leg, { wrapUpS, failure: 'caller-gone' });
    emit(core, {
      callId,
      action: 'conference',
      state: leg.answered ? 'left' : 'failed',
      agentId: leg.agentId,
      channelId,
      detail: 'call-ended',
    });
  }
  stopMonitors(core, callId);
  core.inCall.sides.delete(callId);
}

/**
 * After a (re)connect: side legs and internal calls the PBX no longer has
 * ended while we were not listening. Returns how many.
 */
export function reconcileInCall(core: AcdCore, live: ReadonlySet<string>): number {
  let missing = 0;
  for (const channelId of [...core.inCall.legs.keys()]) {
    if (live.has(channelId)) continue;
    missing += 1;
    legGone(core, channelId, null);
  }
  for (const channelId of [...core.inCall.internal.keys()]) {
    if (live.has(channelId)) continue;
    missing += 1;
    internalEnded(core, channelId);
  }
  return missing;
}
