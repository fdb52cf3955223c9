/**
 * Overflow to an external number (ACD-5, mobile follow-me): the number is
 * rung through the outbound trunk as a leg of the call while the caller
 * keeps its hold music; once it answers, caller and number are bridged
 * and recorded like an agent call. The leg's events are recognised here
 * before any other handling (`forwardEvent`), since it is neither an offer
 * nor an agent leg. The leg is in the call record with role `external`.
 */
import { stepCallIn } from './call-flow.ts';
import { flushRecord, noteLegAnswered, noteLegEnded, noteSideLeg } from './call-records.ts';
import { CONGESTION } from './causes.ts';
import { type AcdCore, type LiveCall, onPbxChain, publish, run } from './core.ts';
import type { PbxCallEvent } from './pbx-events.ts';
import { callBridgeId } from './pbx-ids.ts';
import { pbxStep } from './pbx-steps.ts';

/** Rings `number` for the caller of `live`; the answer comes back through `forwardEvent`. */
export function dialExternal(
  core: AcdCore,
  live: LiveCall,
  number: string,
  ani: string,
  ringTimeoutS: number,
): void {
  const { callId } = live.call;
  live.offerSeq += 1;
  const channelId = `${callId}-ext-${live.offerSeq}`;
  core.routing.forwardLegs.set(channelId, callId);
  core.routing.forwardOf.set(callId, channelId);
  const at = core.deps.clock.now();
  noteSideLeg(live.record, channelId, { channelName: number, role: 'external', agentId: null, at });
  void flushRecord(live.record, core.records, core.log);
  onPbxChain(core, live, async () => {
    const placed = await core.deps.control.originateLeg({
      channelId,
      callId,
      target: { kind: 'external', number },
      callerName: '',
      callerNumber: ani,
      timeoutS: ringTimeoutS,
      originatorChannelId: callId,
    });
    if (placed.ok) return;
    core.log.warn(
      { callId, number, detail: placed.detail },
      'external number could not be dialled',
    );
    run(core, () => legFailed(core, channelId, null));
  });
}

/** Bridges the caller with the external party and records the call. */
export function bridgeExternal(core: AcdCore, live: LiveCall): void {
  const { callId } = live.call;
  const channelId = core.routing.forwardOf.get(callId);
  if (channelId === undefined) return;
  const bridgeId = callBridgeId(callId);
  live.bridgeId = bridgeId;
  const { control } = core.deps;
  onPbxChain(core, live, async () => {
    const connected = await control.connect(bridgeId, [callId, channelId]);
    if (!connected.ok && connected.reason === 'gone') return;
    if (!connected.ok) {
      core.log.warn({ callId, detail: connected.detail }, 'bridging the external number failed');
      await Promise.all([callId, channelId].map((id) => control.hangup(id, CONGESTION)));
      return;
    }
    publish(core, { type: 'forward-bridged', callId, channelId, bridgeId });
    const recorded = await control.record(bridgeId, `call-${callId}`);
    if (!recorded.ok && recorded.reason === 'failed') {
      core.log.warn({ callId, detail: recorded.detail }, 'recording did not start');
    }
  });
}

/** Hangs up the external party (the caller left first). */
export function hangupExternal(core: AcdCore, live: LiveCall, cause: number): void {
  const channelId = core.routing.forwardOf.get(live.call.callId);
  if (channelId === undefined) return;
  noteLegEnded(live.record, channelId, core.deps.clock.now(), cause);
  pbxStep(core, live, 'hangup', () => core.deps.control.hangup(channelId, cause));
}

/** Forgets the external leg of a call that is over. */
export function forgetForward(core: AcdCore, callId: string): void {
  const channelId = core.routing.forwardOf.get(callId);
  if (channelId === undefined) return;
  core.routing.forwardOf.delete(callId);
  core.routing.forwardLegs.delete(channelId);
}

function legFailed(core: AcdCore, channelId: string, cause: number | null): void {
  const callId = core.routing.forwardLegs.get(channelId);
  const live = callId === undefined ? undefined : core.calls.get(callId);
  if (live === undefined) return;
  noteLegEnded(live.record, channelId, core.deps.clock.now(), cause);
  stepCallIn(core, live.call.callId, { type: 'forward-failed', cause });
}

function legAnswered(core: AcdCore, channelId: string): void {
  const callId = core.routing.forwardLegs.get(channelId);
  const live = callId === undefined ? undefined : core.calls.get(callId);
  if (live === undefined) {
    // The caller left while the number rang: nobody to talk to.
    void core.deps.control.hangup(channelId, 16);
    return;
  }
  noteLegAnswered(live.record, channelId, core.deps.clock.now());
  stepCallIn(core, live.call.callId, { type: 'forward-answered' });
}

function legHungUp(core: AcdCore, channelId: string, cause: number | null): void {
  const callId = core.routing.forwardLegs.get(channelId);
  const live = callId === undefined ? undefined : core.calls.get(callId);
  if (live === undefined) return;
  if (live.call.phase.name !== 'forwarded') {
    legFailed(core, channelId, cause);
    return;
  }
  noteLegEnded(live.record, channelId, core.deps.clock.now(), cause);
  stepCallIn(core, live.call.callId, { type: 'forward-hangup' });
}

/** Handles an event of an external leg; false when the event is about another channel. */
export function forwardEvent(core: AcdCore, event: PbxCallEvent): boolean {
  const channelId = 'channelId' in event ? event.channelId : null;
  if (channelId === null || !core.routing.forwardLegs.has(channelId)) return false;
  switch (event.type) {
    case 'leg-answered':
      legAnswered(core, channelId);
      return true;
    case 'offer-failed':
      legFailed(core, channelId, event.cause);
      return true;
    case 'channel-hung-up':
      legHungUp(core, channelId, event.cause);
      return true;
    default:
      // Ringing and state changes of the leg change nothing for the caller.
      return true;
  }
}
