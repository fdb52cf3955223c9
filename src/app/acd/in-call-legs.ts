/**
 * The side legs of in-call control: ringing one (an agent's phone, with its
 * machine reserved the way an offer reserves it, or a number through the
 * trunk), writing it into the call record, letting its agent go, dropping
 * it. PBX operations run on the owning call's chain so they keep their
 * order with the ACD's own; every decision stays synchronous.
 */
import type { AcdError, OfferFailureCause } from '../../domain/acd/acd.types.ts';
import { stepAgentIn } from './agent-flow.ts';
import { flushRecord, noteLegEnded, noteSideLeg, type RecordDraft } from './call-records.ts';
import { NORMAL_CLEARING } from './causes.ts';
import { type AcdCore, onPbxChain, publish, run, track } from './core.ts';
import type { CallControlEvent, CallSide, SideLeg, SideRole } from './in-call-state.ts';
import type { ControlOutcome, LegTarget } from './ports.ts';

/** Seconds a transfer target or conference party rings when its queue says nothing else. */
export const DEFAULT_RING_S = 30;

/** The in-call state of a call, created on first use. */
export function sideOf(core: AcdCore, callId: string): CallSide {
  let side = core.inCall.sides.get(callId);
  if (side === undefined) {
    side = { transfer: null, parties: new Set(), monitors: new Map(), held: false };
    core.inCall.sides.set(callId, side);
  }
  return side;
}

/** A fresh channel id for a leg of `callId`, e.g. `1700000000.1-xfer-3`. */
export function nextLegId(core: AcdCore, callId: string, tag: string): string {
  core.inCall.seq += 1;
  return `${callId}-${tag}-${core.inCall.seq}`;
}

/** The record draft of an ACD call or of a call placed for an agent. */
export function recordOf(core: AcdCore, callId: string): RecordDraft | undefined {
  return core.calls.get(callId)?.record ?? core.inCall.outbound.get(callId)?.record;
}

/** Queues a write of a record draft. */
export function saveRecord(core: AcdCore, draft: RecordDraft | undefined): void {
  if (draft !== undefined) void flushRecord(draft, core.records, core.log);
}

/** Runs one piece of PBX work on the call's chain (ACD call or placed call). */
export function onCallChain(core: AcdCore, callId: string, step: () => Promise<void>): void {
  const live = core.calls.get(callId);
  if (live !== undefined) {
    onPbxChain(core, live, step);
    return;
  }
  const out = core.inCall.outbound.get(callId);
  const fail = (error: unknown) =>
    core.log.error({ err: error, callId }, 'call control step failed');
  if (out === undefined) {
    track(core, 'call control step', step().catch(fail));
    return;
  }
  out.pbx = out.pbx.then(step).catch(fail);
  track(core, 'call control step', out.pbx);
}

/** One PBX operation of a call; `failed` outcomes are logged, `then` sees every outcome. */
export function controlStep(
  core: AcdCore,
  callId: string,
  what: string,
  op: () => Promise<ControlOutcome>,
  then?: (outcome: ControlOutcome) => void,
): void {
  onCallChain(core, callId, async () => {
    const outcome = await op();
    if (!outcome.ok && outcome.reason === 'failed') {
      core.log.warn({ callId, detail: outcome.detail }, `${what} failed`);
    }
    then?.(outcome);
  });
}

/** Hangs a channel up on the call's chain (a channel already gone is fine). */
export function hangupOnChain(core: AcdCore, callId: string, channelId: string, cause: number) {
  controlStep(core, callId, 'hangup', () => core.deps.control.hangup(channelId, cause));
}

/** Tells observers what in-call control did. */
export function emit(core: AcdCore, event: Omit<CallControlEvent, 'type' | 'at'>): void {
  publish(core, { type: 'call-control', ...event, at: core.deps.clock.now() });
}

/** Everything needed to ring one side leg. */
export interface LegSpec {
  readonly callId: string;
  readonly role: SideRole;
  /** Role written into the call record (`transfer`, `conference`, `supervisor`...). */
  readonly recordRole: string;
  /** Channel id tag (`xfer`, `conf`, `sup`); ignored when `channelId` is given. */
  readonly tag: string;
  readonly channelId?: string;
  readonly target: LegTarget;
  readonly agentId: string | null;
  readonly agentHold: SideLeg['agentHold'];
  readonly callerName: string;
  readonly callerNumber: string;
  readonly timeoutS: number;
  readonly originatorChannelId: string | null;
}

/** The channel name written into the record before the PBX names the channel. */
const nameOf = (target: LegTarget) =>
  target.kind === 'phone' ? target.endpoint : `external:${target.number}`;

/**
 * Registers and rings a side leg. An originate the PBX refuses at once
 * comes back through `onRefused`, run as a task, like an offer that failed.
 */
export function ringLeg(
  core: AcdCore,
  spec: LegSpec,
  onRefused: (channelId: string) => void,
): SideLeg {
  const channelId = spec.channelId ?? nextLegId(core, spec.callId, spec.tag);
  const leg: SideLeg = {
    channelId,
    callId: spec.callId,
    role: spec.role,
    agentId: spec.agentId,
    answered: false,
    agentHold: spec.agentHold,
  };
  core.inCall.legs.set(channelId, leg);
  const draft = recordOf(core, spec.callId);
  if (draft !== undefined) {
    const at = core.deps.clock.now();
    noteSideLeg(draft, channelId, {
      channelName: nameOf(spec.target),
      role: spec.recordRole,
      agentId: spec.agentId,
      at,
    });
    saveRecord(core, draft);
  }
  const request = {
    channelId,
    callId: spec.callId,
    target: spec.target,
    callerName: spec.callerName,
    callerNumber: spec.callerNumber,
    timeoutS: spec.timeoutS,
    originatorChannelId: spec.originatorChannelId,
  };
  controlStep(
    core,
    spec.callId,
    'ringing a leg',
    () => core.deps.control.originateLeg(request),
    (outcome) => {
      if (!outcome.ok) run(core, () => onRefused(channelId));
    },
  );
  return leg;
}

/** Reserves an agent for a leg as an offer would; the agent machine's refusal otherwise. */
export function reserveAgent(
  core: AcdCore,
  agentId: string,
  callId: string,
  ringS: number,
): AcdError | null {
  const offerDeadline = core.deps.clock.now() + ringS * 1000;
  const step = stepAgentIn(core, agentId, { type: 'reserve', callId, offerDeadline });
  if (step === null) {
    return { code: 'AGENT_NOT_FOUND', message: `agent ${agentId} not found`, details: { agentId } };
  }
  return step.ok ? null : step.error;
}

/**
 * The leg no longer holds its agent: an answered leg's agent goes to
 * wrap-up (`wrapUpS`), a leg that never answered counts as an offer that
 * failed with `failure`; a supervisor made busy is simply free again.
 */
export function letAgentGo(
  core: AcdCore,
  leg: SideLeg,
  wrapUpS: number,
  failure: OfferFailureCause,
): void {
  const { agentId, agentHold, callId } = leg;
  leg.agentHold = null;
  if (agentId === null || agentHold === null) return;
  if (agentHold === 'seized') {
    stepAgentIn(core, agentId, { type: 'call-ended', callId, wrapUpS: 0 });
  } else if (leg.answered) {
    stepAgentIn(core, agentId, { type: 'call-ended', callId, wrapUpS });
  } else {
    stepAgentIn(core, agentId, { type: 'offer-failed', callId, cause: failure, autoPauseAfter: 0 });
  }
}

/** Forgets a leg that ended (or is being ended) and writes its end into the record. */
export function forgetLeg(core: AcdCore, leg: SideLeg, cause: number | null): void {
  core.inCall.legs.delete(leg.channelId);
  const draft = recordOf(core, leg.callId);
  if (draft === undefined) return;
  noteLegEnded(draft, leg.channelId, core.deps.clock.now(), cause);
  saveRecord(core, draft);
}

/**
 * Ends a side leg from our side: forgotten first (so its own hangup event,
 * arriving later, is ignored), hung up, its agent let go.
 */
export function dropLeg(
  core: AcdCore,
  leg: SideLeg,
  opts: { wrapUpS: number; failure: OfferFailureCause; cause?: number },
): void {
  const cause = opts.cause ?? NORMAL_CLEARING;
  forgetLeg(core, leg, cause);
  hangupOnChain(core, leg.callId, leg.channelId, cause);
  letAgentGo(core, leg, opts.wrapUpS, opts.failure);
}

/** The agent whose phone a leg rings must be able to take it: its dial string. */
export function phoneOf(core: AcdCore, agentId: string): LegTarget | null {
  const entry = core.agents.get(agentId);
  if (entry === undefined) return null;
  return entry.reach === 'external'
    ? { kind: 'external', number: entry.endpoint }
    : { kind: 'phone', endpoint: entry.endpoint };
}
