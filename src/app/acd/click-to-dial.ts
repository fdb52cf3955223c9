/**
 * Click-to-dial (AGT-5): the agent's phone rings first; once the agent
 * picks up, the number is dialled through the trunk with the business
 * line's caller ID, the two are bridged and recorded, and the call is
 * written as an outbound call. A logged-in agent is busy for the whole
 * call (a paused one goes back to its pause afterwards); the ACD offers it
 * nothing meanwhile. Either side hanging up ends the call.
 */
import { stepAgentIn } from './agent-flow.ts';
import { done, type InCallResult, joinBridge, refuse } from './call-parties.ts';
import { newOutboundDraft, noteEnd, noteLegAnswered } from './call-records.ts';
import { NORMAL_CLEARING } from './causes.ts';
import { type AcdCore, publish } from './core.ts';
import { legGone } from './in-call-input.ts';
import {
  controlStep,
  DEFAULT_RING_S,
  emit,
  forgetLeg,
  hangupOnChain,
  phoneOf,
  ringLeg,
  saveRecord,
} from './in-call-legs.ts';
import type { OutboundCall, SideLeg } from './in-call-state.ts';
import { callBridgeId } from './pbx-ids.ts';

/** Seconds the called number may ring. */
const NUMBER_RING_S = 60;

/** Places a call for an agent to `number` (E.164), presenting `callerNumber`. */
export function placeCall(
  core: AcdCore,
  agentId: string,
  number: string,
  callerNumber: string,
): InCallResult {
  const entry = core.agents.get(agentId);
  const phone = phoneOf(core, agentId);
  if (entry === undefined || phone === null) {
    return refuse('AGENT_NOT_FOUND', `agent ${agentId} not found`, { agentId });
  }
  const now = core.deps.clock.now();
  core.inCall.seq += 1;
  const callId = `cw-out-${now.toString(36)}-${core.inCall.seq}`;
  // A logged-out agent may still dial; a logged-in one must be free (or paused, or in wrap-up).
  const seized = entry.state.activity.status !== 'logged-out';
  if (seized) {
    const step = stepAgentIn(core, agentId, { type: 'seize', callId });
    if (step !== null && !step.ok) return { ok: false, error: step.error };
  }
  const record = newOutboundDraft({
    callId,
    businessLineId: entry.businessLineId,
    agentId,
    agentEndpoint: entry.endpoint,
    callerNumber,
    number,
    startedAt: now,
  });
  const out: OutboundCall = {
    callId,
    agentId,
    businessLineId: entry.businessLineId,
    number,
    callerNumber,
    externalId: `${callId}-out`,
    bridgeId: callBridgeId(callId),
    seized,
    connected: false,
    ended: false,
    held: false,
    pbx: Promise.resolve(),
    record,
  };
  core.inCall.outbound.set(callId, out);
  saveRecord(core, record);
  ringLeg(
    core,
    {
      callId,
      channelId: callId,
      role: 'outbound-agent',
      recordRole: 'agent',
      tag: 'agent',
      target: phone,
      agentId,
      agentHold: null,
      // The agent's phone shows the number it is about to call.
      callerName: '',
      callerNumber: number,
      timeoutS: DEFAULT_RING_S,
      originatorChannelId: null,
    },
    (channelId) => legGone(core, channelId, null),
  );
  emit(core, {
    callId,
    action: 'outbound',
    state: 'ringing',
    agentId,
    channelId: callId,
    detail: 'agent',
  });
  return done(callId, callId);
}

/** The agent picked up: the number is dialled. */
export function outboundAgentAnswered(core: AcdCore, leg: SideLeg): void {
  const out = core.inCall.outbound.get(leg.callId);
  if (out === undefined || out.ended) {
    forgetLeg(core, leg, NORMAL_CLEARING);
    hangupOnChain(core, leg.callId, leg.channelId, NORMAL_CLEARING);
    return;
  }
  noteLegAnswered(out.record, leg.channelId, core.deps.clock.now());
  saveRecord(core, out.record);
  ringLeg(
    core,
    {
      callId: out.callId,
      channelId: out.externalId,
      role: 'outbound-external',
      recordRole: 'external',
      tag: 'out',
      target: { kind: 'external', number: out.number },
      agentId: null,
      agentHold: null,
      callerName: '',
      callerNumber: out.callerNumber,
      timeoutS: NUMBER_RING_S,
      originatorChannelId: out.callId,
    },
    (channelId) => legGone(core, channelId, null),
  );
  emit(core, {
    callId: out.callId,
    action: 'outbound',
    state: 'ringing',
    agentId: out.agentId,
    channelId: out.externalId,
    detail: 'number',
  });
}

/** The number answered: agent and callee are bridged and recorded. */
export function outboundNumberAnswered(core: AcdCore, leg: SideLeg): void {
  const out = core.inCall.outbound.get(leg.callId);
  if (out === undefined || out.ended) {
    forgetLeg(core, leg, NORMAL_CLEARING);
    hangupOnChain(core, leg.callId, leg.channelId, NORMAL_CLEARING);
    return;
  }
  out.connected = true;
  const now = core.deps.clock.now();
  out.record.record.answeredAt = now;
  noteLegAnswered(out.record, leg.channelId, now);
  saveRecord(core, out.record);
  const { bridgeId, callId, agentId } = out;
  const channelId = leg.channelId;
  joinBridge(core, callId, bridgeId, [callId, channelId], () => {
    publish(core, { type: 'call-bridged', callId, agentId, bridgeId });
    emit(core, {
      callId,
      action: 'outbound',
      state: 'connected',
      agentId,
      channelId,
      detail: null,
    });
  });
  controlStep(core, callId, 'recording a placed call', () =>
    core.deps.control.record(bridgeId, `call-${callId}`),
  );
}

/** One side of a placed call ended (or never answered): the call is over. */
export function outboundLegEnded(core: AcdCore, leg: SideLeg, cause: number | null): void {
  const out = core.inCall.outbound.get(leg.callId);
  if (out === undefined) return;
  const by = leg.role === 'outbound-agent' ? 'agent' : 'external';
  endOutbound(core, out, cause ?? NORMAL_CLEARING, by);
}

/**
 * Ends a placed call: the other legs are hung up, the bridge goes, the
 * agent is free again, the record is closed and `call-closed` published
 * once it is written.
 */
export function endOutbound(core: AcdCore, out: OutboundCall, cause: number, by: string): void {
  if (out.ended) return;
  out.ended = true;
  noteEnd(out.record, core.deps.clock.now(), cause, by);
  for (const leg of [...core.inCall.legs.values()]) {
    if (leg.callId !== out.callId) continue;
    forgetLeg(core, leg, NORMAL_CLEARING);
    hangupOnChain(core, out.callId, leg.channelId, NORMAL_CLEARING);
  }
  const { bridgeId, callId } = out;
  controlStep(core, callId, 'removing a placed call bridge', () =>
    core.deps.control.destroyBridge(bridgeId),
  );
  if (out.seized) {
    out.seized = false;
    stepAgentIn(core, out.agentId, { type: 'call-ended', callId, wrapUpS: 0 });
  }
  saveRecord(core, out.record);
  emit(core, {
    callId,
    action: 'outbound',
    state: out.connected ? 'ended' : 'failed',
    agentId: out.agentId,
    channelId: null,
    detail: `cause:${cause}`,
  });
  void Promise.all([out.pbx, out.record.chain]).then(() => {
    core.inCall.outbound.delete(callId);
    publish(core, { type: 'call-closed', callId, phase: 'ended' });
  });
}
