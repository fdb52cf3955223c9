/**
 * PBX events in: which channel the event is about (caller, offer, agent
 * leg) decides which machines it steps. Events for channels the runtime no
 * longer knows are late echoes of what it already handled and are ignored,
 * except an agent picking up an offer that was withdrawn meanwhile: that
 * leg has no call to join and is hung up.
 */
import type { CompiledRoutes } from '../../domain/acd/routing.ts';
import { stepAgentIn } from './agent-flow.ts';
import { stepCallIn } from './call-flow.ts';
import { flushRecord, noteCallerAnswered, noteLegChannelName } from './call-records.ts';
import { attemptEvent } from './callbacks/callback-attempt.ts';
import { callerPressed } from './callbacks/callback-calls.ts';
import { causeForCancel, offerFailureOf } from './causes.ts';
import { type AcdCore, track } from './core.ts';
import { dispatchAll } from './dispatch.ts';
import { forwardEvent } from './forward.ts';
import { handleInCallEvent, reconcileInCall } from './in-call-input.ts';
import { enterInbound } from './inbound.ts';
import type { PbxCallEvent } from './pbx-events.ts';

/** Handles one PBX event (inside a runtime task). */
export function handlePbxEvent(
  core: AcdCore,
  routes: CompiledRoutes | null,
  event: PbxCallEvent,
): void {
  // Legs of calls overflowed to an external number are neither offers nor agents (forward.ts).
  if (forwardEvent(core, event)) return;
  // Legs of callback attempts belong to their attempt (callbacks/callback-attempt.ts).
  if (attemptEvent(core, event)) return;
  // Transfers, conferences, supervisors, click-to-dial, internal calls (in-call-input.ts).
  if (handleInCallEvent(core, event)) return;
  switch (event.type) {
    case 'inbound-entered':
      enterInbound(core, routes, event);
      return;
    case 'channel-answered':
      callerAnswered(core, event.channelId);
      return;
    case 'channel-hung-up':
      hungUp(core, event.channelId, event.cause);
      return;
    case 'offer-ringing':
      offerRinging(core, event.channelId);
      return;
    case 'offer-answered':
      offerAnswered(core, event.channelId, event.agentId, event.channelName);
      return;
    case 'offer-failed':
      offerFailed(core, event.channelId, event.cause);
      return;
    case 'dtmf-received':
      callerPressed(core, event.channelId, event.digit);
      return;
    case 'leg-answered':
    case 'phone-busy':
      // Always taken by in-call control above.
      return;
    default:
      assertNever(event);
  }
}

function assertNever(event: never): never {
  throw new Error(`unknown PBX event ${JSON.stringify(event)}`);
}

function callerAnswered(core: AcdCore, channelId: string): void {
  const leg = core.legs.get(channelId);
  const live = leg?.kind === 'caller' ? core.calls.get(leg.callId) : undefined;
  if (live === undefined) return;
  noteCallerAnswered(live.record, core.deps.clock.now());
  void flushRecord(live.record, core.records, core.log);
}

function hungUp(core: AcdCore, channelId: string, cause: number | null): void {
  const leg = core.legs.get(channelId);
  if (leg === undefined) return;
  if (leg.kind === 'offer') {
    offerFailed(core, channelId, cause);
    return;
  }
  const live = core.calls.get(leg.callId);
  if (live === undefined) return;
  if (leg.kind === 'caller') {
    if (live.callerGone) return;
    live.callerGone = true;
    live.callerCause = cause;
    stepCallIn(core, leg.callId, { type: 'caller-hangup' });
    return;
  }
  if (live.agentChannelId === channelId) stepCallIn(core, leg.callId, { type: 'agent-hangup' });
}

function offerRinging(core: AcdCore, channelId: string): void {
  const leg = core.legs.get(channelId);
  if (leg?.kind !== 'offer' || leg.agentId === null) return;
  stepCallIn(core, leg.callId, { type: 'offer-ringing', agentId: leg.agentId });
  stepAgentIn(core, leg.agentId, { type: 'ring', callId: leg.callId });
}

function offerAnswered(
  core: AcdCore,
  channelId: string,
  agentId: string,
  channelName: string | undefined,
): void {
  const leg = core.legs.get(channelId);
  const live = leg === undefined ? undefined : core.calls.get(leg.callId);
  if (leg?.kind !== 'offer' || live === undefined || live.released) {
    // Withdrawn, timed out or the caller left: the agent picked up a call that is gone.
    track(
      core,
      'hanging up a stray leg',
      core.deps.control.hangup(channelId, causeForCancel('caller-gone')),
    );
    return;
  }
  live.lastAnswer = { agentId, channelId };
  if (channelName !== undefined) noteLegChannelName(live.record, channelId, channelName);
  stepCallIn(core, leg.callId, { type: 'offer-answered', agentId });
}

/** An offer ended without the agent: both the call and the agent learn it. */
export function offerFailed(core: AcdCore, channelId: string, cause: number | null): void {
  const leg = core.legs.get(channelId);
  const live = leg === undefined ? undefined : core.calls.get(leg.callId);
  if (leg?.kind !== 'offer' || leg.agentId === null || live === undefined) return;
  core.legs.delete(channelId);
  live.offers.delete(leg.agentId);
  const failure = offerFailureOf(cause);
  const { callId } = live.call;
  stepCallIn(core, callId, { type: 'offer-failed', agentId: leg.agentId, cause: failure });
  const autoPauseAfter = live.call.queue.settings.autoPauseAfterMisses;
  stepAgentIn(core, leg.agentId, { type: 'offer-failed', callId, cause: failure, autoPauseAfter });
}

/**
 * After a (re)connect: every leg the runtime believes alive but the PBX no
 * longer has hung up while we were not listening. Replay those hangups,
 * then run a full dispatch pass.
 */
export function reconcileLegs(core: AcdCore, live: ReadonlySet<string>): number {
  const sideMissing = reconcileInCall(core, live);
  const missing = [...core.legs.keys()].filter((channelId) => !live.has(channelId));
  for (const channelId of missing) hungUp(core, channelId, null);
  dispatchAll(core);
  return missing.length + sideMissing;
}
