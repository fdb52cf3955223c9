/**
 * Runs the domain dispatcher and applies its decisions: every picked agent
 * is reserved through its machine, then the call is offered to those who
 * accepted the reservation. Both happen in one task, so no other input can
 * see an agent reserved for a call that is not yet offered.
 */
import {
  type Assignment,
  dispatch,
  dispatchForAgent,
  dispatchForCall,
} from '../../domain/acd/dispatcher.ts';
import { stepAgentIn } from './agent-flow.ts';
import { stepCallIn } from './call-flow.ts';
import type { AcdCore } from './core.ts';

/** An agent became free: offer it the best call it may take. */
export function dispatchAgent(core: AcdCore, agentId: string): void {
  const a = dispatchForAgent(core.snapshot, agentId, core.deps.clock.now());
  if (a !== null) applyAssignment(core, a);
}

/** A call started waiting (or may now take more agents): find its agent(s). */
export function dispatchCall(core: AcdCore, callId: string): void {
  const a = dispatchForCall(core.snapshot, callId, core.deps.clock.now(), core.deps.rng);
  if (a !== null) applyAssignment(core, a);
}

/** Full pass over every queue (after a reconnect). */
export function dispatchAll(core: AcdCore): void {
  for (const a of dispatch(core.snapshot, core.deps.clock.now(), core.deps.rng)) {
    applyAssignment(core, a);
  }
}

function applyAssignment(core: AcdCore, a: Assignment): void {
  const live = core.calls.get(a.callId);
  // Callback tasks are not in the runtime yet; the dispatcher only sees calls.
  if (a.kind !== 'call' || live === undefined) return;
  const now = core.deps.clock.now();
  const offerDeadline = now + live.call.queue.ringTimeoutS * 1000;
  const reserved = a.agentIds.filter(
    (agentId) =>
      stepAgentIn(core, agentId, { type: 'reserve', callId: a.callId, offerDeadline })?.ok === true,
  );
  if (reserved.length === 0) return;
  const q = core.snapshot.queues.get(a.queueId);
  if (q !== undefined) q.memory = a.memory;
  stepCallIn(core, a.callId, { type: 'offer', agentIds: reserved, ringAll: a.ringAll });
}
