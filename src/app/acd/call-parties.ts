/**
 * Who is on a connected ACD call and how that changes: the agent the call
 * belongs to leaves (a transfer), another agent takes it over, the caller
 * goes on hold and comes back. Shared by transfers, conferences and
 * supervisor monitoring; the call machine only hears of it through
 * `handOver` and the usual transfer and hangup events.
 */
import type { AcdError } from '../../domain/acd/acd.types.ts';
import { handOver } from '../../domain/acd/call.handover.ts';
import { stepAgentIn } from './agent-flow.ts';
import { applyCallStep } from './call-flow.ts';
import { noteHandover, noteLegEnded } from './call-records.ts';
import { NORMAL_CLEARING } from './causes.ts';
import { type AcdCore, type LiveCall, run } from './core.ts';
import { controlStep, hangupOnChain, saveRecord } from './in-call-legs.ts';
import type { CallSide, SideLeg } from './in-call-state.ts';
import { callBridgeId, holdBridgeId } from './pbx-ids.ts';

/** Outcome of an in-call control request. */
export type InCallResult =
  | { readonly ok: true; readonly callId: string; readonly channelId: string | null }
  | { readonly ok: false; readonly error: AcdError };

/** An in-call request refused, with a stable code. */
export type Refusal = Extract<InCallResult, { ok: false }>;

/** A refusal with a stable code. */
export const refuse = (
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): Refusal => ({ ok: false, error: { code, message, details } });

/** Success. */
export const done = (callId: string, channelId: string | null = null): InCallResult => ({
  ok: true,
  callId,
  channelId,
});

/** A connected call, the agent it belongs to and that agent's leg (null when it left a conference). */
export interface Connected {
  readonly live: LiveCall;
  readonly agentId: string;
  readonly channelId: string | null;
}

/** The call if it is connected, else why not. */
export function connectedCall(core: AcdCore, callId: string): Connected | Refusal {
  const live = core.calls.get(callId);
  if (live === undefined || live.released) {
    return refuse('CALL_NOT_FOUND', `call ${callId} not found`, { callId });
  }
  const { phase } = live.call;
  if (phase.name !== 'connected') {
    return refuse('CALL_NOT_CONNECTED', `call ${callId} is ${phase.name}, not connected`, {
      callId,
      phase: phase.name,
    });
  }
  return { live, agentId: phase.agentId, channelId: live.agentChannelId };
}

/** True when `c` is a refusal rather than a connected call. */
export const isRefusal = (c: Connected | Refusal): c is Refusal => 'ok' in c;

/** The call's mixing bridge (made when its agent answered). */
export function bridgeOf(live: LiveCall): string {
  live.bridgeId ??= callBridgeId(live.call.callId);
  return live.bridgeId;
}

/** Puts the caller on hold with music, in the call's holding bridge. */
export function holdCaller(core: AcdCore, live: LiveCall): void {
  const { callId } = live.call;
  const holdId = live.holdId ?? holdBridgeId(callId);
  live.holdId = holdId;
  controlStep(core, callId, 'putting the caller on hold', () =>
    core.deps.control.startHold(holdId, callId),
  );
}

/**
 * Brings the caller from hold into the call's bridge, with `others` (legs
 * joining with it); `then` runs as a task once they are bridged.
 */
export function bridgeCaller(
  core: AcdCore,
  live: LiveCall,
  others: readonly string[] = [],
  then?: () => void,
): void {
  const { callId } = live.call;
  const bridgeId = bridgeOf(live);
  joinBridge(core, callId, bridgeId, [callId, ...others], then);
  const { holdId } = live;
  if (holdId !== null) {
    controlStep(core, callId, 'stopping hold music', () => core.deps.control.stopHold(holdId));
  }
}

/** Puts channels into a mixing bridge of the call; `then` runs as a task once they are in. */
export function joinBridge(
  core: AcdCore,
  callId: string,
  bridgeId: string,
  channelIds: readonly string[],
  then?: () => void,
): void {
  controlStep(
    core,
    callId,
    'bridging',
    () => core.deps.control.connect(bridgeId, channelIds),
    (outcome) => {
      if (outcome.ok && then !== undefined) run(core, then);
    },
  );
}

/**
 * The agent the call belongs to leaves it: the leg is forgotten first so
 * its hangup does not end the call, hung up by us unless it already hung
 * up by itself (`leftWith`: its cause), and the agent goes to wrap-up.
 */
export function detachOwner(
  core: AcdCore,
  live: LiveCall,
  agentId: string,
  leftWith?: number | null,
): void {
  const { callId } = live.call;
  const channelId = live.agentChannelId;
  if (channelId !== null) {
    core.legs.delete(channelId);
    live.agentChannelId = null;
    live.lastAnswer = null;
    noteLegEnded(live.record, channelId, core.deps.clock.now(), leftWith ?? NORMAL_CLEARING);
    saveRecord(core, live.record);
    if (leftWith === undefined) hangupOnChain(core, callId, channelId, NORMAL_CLEARING);
  }
  const wrapUpS = live.call.queue.wrapUpS;
  stepAgentIn(core, agentId, { type: 'call-ended', callId, wrapUpS });
}

/**
 * An agent leg of in-call control becomes the call's own agent leg: the
 * call machine hands the call over, the record names the agent, and the
 * leg's hangup from now on ends the call like any agent's.
 */
export function handOverTo(core: AcdCore, live: LiveCall, leg: SideLeg): void {
  const { callId } = live.call;
  const agentId = leg.agentId;
  if (agentId === null) return;
  const now = core.deps.clock.now();
  const step = handOver(live.call, agentId, now);
  if (!step.ok) {
    core.log.warn({ callId, code: step.error.code }, 'call could not change hands');
    return;
  }
  core.inCall.legs.delete(leg.channelId);
  leg.agentHold = null;
  core.legs.set(leg.channelId, { callId, kind: 'agent', agentId });
  live.agentChannelId = leg.channelId;
  live.lastAnswer = { agentId, channelId: leg.channelId };
  noteHandover(live.record, agentId, leg.channelId);
  saveRecord(core, live.record);
  applyCallStep(core, live, 'connected', 'handover', step.state, step.commands);
}

/** Someone still talking on a call. */
export interface Talker {
  readonly channelId: string;
  readonly kind: 'caller' | 'owner' | 'party';
  readonly agentId: string | null;
}

/** Everyone still in the call's bridge: the caller, its agent, answered parties. */
export function talkersOf(core: AcdCore, live: LiveCall, side: CallSide): Talker[] {
  const talkers: Talker[] = [];
  if (!live.callerGone)
    talkers.push({ channelId: live.call.callId, kind: 'caller', agentId: null });
  const { phase } = live.call;
  if (live.agentChannelId !== null && phase.name === 'connected') {
    talkers.push({ channelId: live.agentChannelId, kind: 'owner', agentId: phase.agentId });
  }
  for (const channelId of side.parties) {
    const leg = core.inCall.legs.get(channelId);
    if (leg?.answered === true) talkers.push({ channelId, kind: 'party', agentId: leg.agentId });
  }
  return talkers;
}

/** True when a party (conference, or an external number a call was transferred to) is talking. */
export function hasParties(core: AcdCore, side: CallSide | undefined): boolean {
  if (side === undefined) return false;
  return [...side.parties].some((id) => core.inCall.legs.get(id)?.answered === true);
}
