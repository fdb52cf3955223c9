/**
 * Steps call machines inside the runtime: apply the reducer, sync the
 * dispatcher snapshot BEFORE any command runs (the dispatcher must see the
 * call waiting again before `schedule-dispatch`), log `A -[event]-> B`,
 * queue the commands, then the agent-side consequences (the winner goes on
 * call, the agent of an ended call goes to wrap-up) and, once the call is
 * finished, its release: bridges destroyed, record written, observers told.
 */
import type { CallCommand, CallEvent } from '../../domain/acd/call.events.ts';
import { stepCall } from '../../domain/acd/call.machine.ts';
import {
  type CallPhaseName,
  type CallStep,
  isFinished,
  type QueuedCall,
} from '../../domain/acd/call.state.ts';
import { syncCall } from '../../domain/acd/snapshot.calls.ts';
import { stepAgentIn } from './agent-flow.ts';
import { noteHandleTime } from './announcements.ts';
import { runCallCommand } from './call-commands.ts';
import { flushRecord } from './call-records.ts';
import { type AcdCore, type LiveCall, noteReleased, onPbxChain, publish, run } from './core.ts';
import { forgetForward } from './forward.ts';
import { lastServedKey, rememberServed, stickyMemoryMs } from './routing-state.ts';

/** Steps one live call; null for a call the runtime no longer holds. */
export function stepCallIn(core: AcdCore, callId: string, event: CallEvent): CallStep | null {
  const live = core.calls.get(callId);
  if (live === undefined || live.released) return null;
  const step = stepCall(live.call, event, core.deps.clock.now());
  if (!step.ok) {
    core.log.debug({ callId, event: event.type, code: step.error.code }, 'call event refused');
    return step;
  }
  applyCallStep(core, live, live.call.phase.name, event.type, step.state, step.commands);
  return step;
}

/** Installs a call's new state and queues what follows from it. */
export function applyCallStep(
  core: AcdCore,
  live: LiveCall,
  from: CallPhaseName | null,
  cause: string,
  state: QueuedCall,
  commands: readonly CallCommand[],
): void {
  const before = live.call;
  live.call = state;
  syncCall(core.snapshot, state);
  const to = state.phase.name;
  if (from !== to) {
    core.log.info({ callId: state.callId }, `call ${from ?? 'new'} -[${cause}]-> ${to}`);
    const at = core.deps.clock.now();
    publish(core, {
      type: 'call-changed',
      callId: state.callId,
      queueId: state.queue.id,
      from,
      to,
      at,
    });
  }
  for (const command of commands) run(core, () => runCallCommand(core, live, command));
  if (from !== to) run(core, () => afterPhaseChange(core, live, before, state));
}

/** Agent-side consequences and metrics of a phase change; release once finished. */
function afterPhaseChange(core: AcdCore, live: LiveCall, before: QueuedCall, now: QueuedCall) {
  const { callId } = now;
  const { metrics } = core.deps;
  const phase = now.phase;
  if (phase.name === 'connected') {
    metrics.answered(now.queue.id);
    stepAgentIn(core, phase.agentId, { type: 'answer', callId });
    noteServed(core, now, phase.agentId, phase.since);
  }
  if (phase.name === 'abandoned') metrics.abandoned(now.queue.id);
  if (phase.name === 'ended' && before.phase.name === 'connected') {
    const event = { type: 'call-ended', callId, wrapUpS: now.queue.wrapUpS } as const;
    stepAgentIn(core, before.phase.agentId, event);
    const talkS = (phase.at - before.phase.since) / 1000;
    noteHandleTime(core, now.queue.id, talkS + now.queue.wrapUpS);
  }
  // The call's current phase decides, not this change's: an overflow into another queue
  // passes through `overflowed` and is live again by the time this runs.
  if (isFinished(live.call.phase)) releaseCall(core, live);
}

/** Remembers who served the caller, for the sticky agent of the next call (ACD-3). */
function noteServed(core: AcdCore, call: QueuedCall, agentId: string, at: number): void {
  if (call.ani === '') return;
  const memoryMs = stickyMemoryMs(core.snapshot.queues.values());
  rememberServed(
    core.routing,
    lastServedKey(call.businessLineId, call.ani),
    { agentId, at },
    memoryMs,
  );
}

/** The call is over: stop its timers, free its bridges, write its record, forget it. */
function releaseCall(core: AcdCore, live: LiveCall): void {
  if (live.released) return;
  live.released = true;
  const { callId } = live.call;
  noteReleased(core, callId);
  for (const key of live.timerKeys) core.deps.timers.cancel(key);
  const { control } = core.deps;
  for (const bridgeId of [live.holdId, live.bridgeId]) {
    if (bridgeId !== null)
      onPbxChain(core, live, async () => void (await control.destroyBridge(bridgeId)));
  }
  forgetForward(core, callId);
  const written = flushRecord(live.record, core.records, core.log);
  void Promise.all([live.pbx, written]).then(() => {
    for (const [channelId, leg] of core.legs)
      if (leg.callId === callId) core.legs.delete(channelId);
    core.calls.delete(callId);
    publish(core, { type: 'call-closed', callId, phase: live.call.phase.name });
  });
}
