/**
 * The call-control side of the call commands: putting the caller on hold,
 * ringing an agent, connecting caller and agent. Each runs on the call's
 * PBX chain; what comes back (an offer that could not even be placed, a
 * bridge made) is fed into the runtime as a new task.
 */
import { flushRecord, noteCallerAnswered, noteOfferLeg } from './call-records.ts';
import { CONGESTION } from './causes.ts';
import { type AcdCore, type LiveCall, onPbxChain, publish, run } from './core.ts';
import { callBridgeId, holdBridgeId, offerLegId } from './pbx-ids.ts';
import { offerFailed } from './pbx-input.ts';
import type { ControlOutcome } from './ports.ts';

/** Seconds the PBX may ring beyond the ACD's own ring timeout, which decides first. */
const PBX_RING_GRACE_S = 5;

/** Runs one call-control operation on the call's chain; logs it unless it worked or the leg was gone. */
export function pbxStep(
  core: AcdCore,
  live: LiveCall,
  what: string,
  op: () => Promise<ControlOutcome>,
): void {
  onPbxChain(core, live, async () => {
    const outcome = await op();
    if (!outcome.ok && outcome.reason === 'failed') {
      core.log.warn({ callId: live.call.callId, detail: outcome.detail }, `${what} failed`);
    }
  });
}

/** Answers the caller and puts it in the call's holding bridge with music. */
export function holdCaller(core: AcdCore, live: LiveCall): void {
  const { control, clock } = core.deps;
  const { callId } = live.call;
  const holdId = live.holdId ?? holdBridgeId(callId);
  live.holdId = holdId;
  onPbxChain(core, live, async () => {
    const answered = await control.answer(callId);
    if (!answered.ok) return;
    noteCallerAnswered(live.record, clock.now());
    void flushRecord(live.record, core.records, core.log);
    const held = await control.startHold(holdId, callId);
    if (!held.ok && held.reason === 'failed') {
      core.log.warn({ callId, detail: held.detail }, 'putting the caller on hold failed');
    }
  });
}

/** Rings one agent for the call; an offer the PBX refuses at once fails as unreachable. */
export function originateOffer(core: AcdCore, live: LiveCall, agentId: string): void {
  const agent = core.agents.get(agentId);
  const { callId, queue, ani } = live.call;
  live.offerSeq += 1;
  const channelId = offerLegId(callId, live.offerSeq);
  live.offers.set(agentId, channelId);
  core.legs.set(channelId, { callId, kind: 'offer', agentId });
  noteOfferLeg(live.record, agentId, channelId, agent?.endpoint ?? '', core.deps.clock.now());
  core.deps.metrics.offered(queue.id);
  publish(core, { type: 'offer-sent', callId, agentId, channelId });
  // The agent's phone rings while the caller is still being answered and put on hold.
  besidePbxChain(core, live, async () => {
    const outcome =
      agent === undefined
        ? ({ ok: false, reason: 'failed', detail: 'unknown agent' } as const)
        : await core.deps.control.originateOffer({
            channelId,
            callId,
            agentId,
            endpoint: agent.endpoint,
            callerNumber: ani,
            timeoutS: queue.ringTimeoutS + PBX_RING_GRACE_S,
            originatorChannelId: callId,
          });
    if (outcome.ok) return;
    core.log.warn({ callId, agentId, detail: outcome.detail }, 'offer could not be placed');
    run(core, () => offerFailed(core, channelId, null));
  });
}

/**
 * Starts a PBX step now instead of after the steps queued before it; the
 * steps queued later still wait for it (and for those before). An offer
 * needs nothing from the caller's answer and hold, so the agent's phone
 * starts ringing at once, while bridging (which moves the caller out of
 * the hold) and hanging the offer up keep their order.
 */
function besidePbxChain(core: AcdCore, live: LiveCall, step: () => Promise<void>): void {
  const now = step().catch((error: unknown) => {
    core.log.error({ err: error, callId: live.call.callId }, 'call control step failed');
  });
  live.pbx = Promise.all([live.pbx, now]).then(() => undefined);
}

/** Moves caller and agent into the call's mixing bridge and starts recording it. */
export function connectCall(core: AcdCore, live: LiveCall, agentId: string): void {
  const channelId = live.offers.get(agentId);
  if (channelId === undefined) return;
  const { callId } = live.call;
  live.offers.delete(agentId);
  core.legs.set(channelId, { callId, kind: 'agent', agentId });
  live.agentChannelId = channelId;
  const bridgeId = callBridgeId(callId);
  live.bridgeId = bridgeId;
  const { control } = core.deps;
  onPbxChain(core, live, async () => {
    const connected = await control.connect(bridgeId, [callId, channelId]);
    // Gone: one side hung up meanwhile, and its hangup event ends the call.
    if (!connected.ok && connected.reason === 'gone') return;
    if (!connected.ok) {
      // Never leave two parties who cannot hear each other: end both, the hangups close the call.
      core.log.warn({ callId, detail: connected.detail }, 'bridging failed: ending the call');
      await Promise.all([callId, channelId].map((id) => control.hangup(id, CONGESTION)));
      return;
    }
    publish(core, { type: 'call-bridged', callId, agentId, bridgeId });
    const recorded = await control.record(bridgeId, `call-${callId}`);
    if (!recorded.ok && recorded.reason === 'failed') {
      core.log.warn({ callId, detail: recorded.detail }, 'recording did not start');
    }
  });
}
