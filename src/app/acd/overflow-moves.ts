/**
 * Carries out an overflow that moves the caller (ACD-5): into another
 * queue, where the call keeps its priority and first entry time so it
 * does not lose its place, or to voicemail, which is an IVR flow that
 * records the message (the caller leaves our application for the IVR).
 */
import type { CallCommand } from '../../domain/acd/call.events.ts';
import { queueFacts } from '../../domain/acd/snapshot.calls.ts';
import { stepCallIn } from './call-flow.ts';
import { flushRecord, noteEnd } from './call-records.ts';
import { CONGESTION, NORMAL_CLEARING } from './causes.ts';
import { type AcdCore, type LiveCall, onPbxChain, publish, run } from './core.ts';
import { holdBridgeId } from './pbx-ids.ts';
import { pbxStep } from './pbx-steps.ts';

type Overflow = Extract<CallCommand, { type: 'overflow' }>;

/** Ends an overflowed call the ACD cannot move: record closed, caller hung up. */
function endHere(core: AcdCore, live: LiveCall, cause: number): void {
  noteEnd(live.record, core.deps.clock.now(), cause, 'system');
  void flushRecord(live.record, core.records, core.log);
  if (!live.callerGone) {
    const { callId } = live.call;
    pbxStep(core, live, 'hangup', () => core.deps.control.hangup(callId, cause));
  }
}

/**
 * The caller enters the target queue. It moves to a holding bridge of its
 * own for that queue (the first one is destroyed once it has left it), so
 * hold music starts afresh with the new queue's first announcement.
 */
function intoQueue(core: AcdCore, live: LiveCall, queueId: string): void {
  const q = core.snapshot.queues.get(queueId);
  if (q === undefined) {
    core.log.warn(
      { callId: live.call.callId, queueId },
      'overflow queue not loaded: caller let go',
    );
    endHere(core, live, CONGESTION);
    return;
  }
  const previous = live.holdId;
  if (previous !== null) {
    live.holdId = holdBridgeId(live.call.callId, live.call.hops + 1);
    // Queued behind the new queue's commands, so the caller is already in its new hold.
    run(core, () =>
      onPbxChain(core, live, async () => void (await core.deps.control.destroyBridge(previous))),
    );
  }
  const facts = queueFacts(core.snapshot, queueId);
  stepCallIn(core, live.call.callId, { type: 'overflow-enter', queue: q.queue, facts });
}

/** The caller goes to voicemail: the IVR flow takes it over; the ACD's part of the call ends. */
function toVoicemail(core: AcdCore, live: LiveCall, flowId: string): void {
  const { callId } = live.call;
  noteEnd(live.record, core.deps.clock.now(), NORMAL_CLEARING, 'system');
  void flushRecord(live.record, core.records, core.log);
  if (live.callerGone) return;
  onPbxChain(core, live, async () => {
    const handed = await core.deps.control.toIvr(callId, flowId);
    if (handed.ok) {
      publish(core, { type: 'ivr-handoff', channelId: callId, flowId });
      return;
    }
    if (handed.reason === 'gone') return;
    core.log.warn({ callId, flowId, detail: handed.detail }, 'voicemail hand-off failed');
    await core.deps.control.hangup(callId, CONGESTION);
  });
}

/** Runs an `overflow` command. */
export function overflowMove(core: AcdCore, live: LiveCall, command: Overflow): void {
  const { target } = command;
  if (target.kind === 'queue') intoQueue(core, live, target.queueId);
  else toVoicemail(core, live, target.flowId);
}
