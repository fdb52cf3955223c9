/**
 * What happens after an overflow that keeps the call with the ACD: the
 * caller arrives in the target queue (keeping its priority and its first
 * entry time, so nobody loses their place), or an external number rings
 * while the caller waits on hold, then is bridged with the caller, or
 * fails and the caller is let go with that number's cause (ACD-5).
 */
import type { AcdQueue } from './acd.types.ts';
import { admit } from './call.enter.ts';
import { businessLineMismatch } from './call.errors.ts';
import type { CallCommand } from './call.events.ts';
import { record } from './call.leave.ts';
import type { CallStep, QueuedCall } from './call.state.ts';
import type { QueueFacts } from './overflow.ts';

/** Q.850 34 no circuit: the cause a caller gets when the external number gave none. */
const NO_CIRCUIT = 34;

const ok = (state: QueuedCall, commands: readonly CallCommand[] = []): CallStep => ({
  ok: true,
  state,
  commands,
});

/**
 * The overflowed call enters its target queue. Ignored unless the call
 * overflowed to exactly that queue. Wait and skills relaxation keep
 * counting from the first entry; sticky and dedicated holds were for the
 * agents of the first queue and are dropped.
 */
export function onOverflowEnter(
  call: QueuedCall,
  queue: AcdQueue,
  facts: QueueFacts,
  now: number,
): CallStep {
  const { phase } = call;
  if (phase.name !== 'overflowed' || phase.target.kind !== 'queue') return ok(call);
  if (phase.target.queueId !== queue.id) return ok(call);
  if (queue.businessLineId !== call.businessLineId) {
    const error = businessLineMismatch(
      call.callId,
      call.businessLineId,
      queue.id,
      queue.businessLineId,
    );
    return { ok: false, error, state: call };
  }
  const moved: QueuedCall = {
    ...call,
    queue,
    enteredAt: now,
    holds: [],
    tried: [],
    hops: call.hops + 1,
    phase: { name: 'waiting', since: now },
  };
  return admit(moved, facts, now, 'enter', null);
}

/** The external number answered: stop the music and bridge the two. */
export function onForwardAnswered(call: QueuedCall, now: number): CallStep {
  const { phase, callId } = call;
  if (phase.name !== 'forwarding') return ok(call);
  const next = { ...call, phase: { name: 'forwarded', number: phase.number, since: now } } as const;
  return ok(next, [
    { type: 'stop-moh', callId },
    { type: 'bridge-external', callId },
    record(call, 'answer', now, null, `external:${phase.number}`),
  ]);
}

/** The external number failed: the caller is let go with its cause (busy stays busy). */
export function onForwardFailed(call: QueuedCall, cause: number | null, now: number): CallStep {
  const { phase, callId } = call;
  if (phase.name !== 'forwarding') return ok(call);
  const target = { kind: 'external', number: phase.number, ringTimeoutS: 0 } as const;
  const next = {
    ...call,
    phase: { name: 'overflowed', reason: phase.reason, target, at: now },
  } as const;
  return ok(next, [
    { type: 'stop-moh', callId },
    record(call, 'forward-failed', now, null, `${phase.number}:${cause ?? NO_CIRCUIT}`),
    { type: 'hangup-caller', callId, cause: cause ?? NO_CIRCUIT, prompt: null },
  ]);
}

/** The external party hung up: so does the caller. */
export function onForwardHangup(call: QueuedCall, now: number): CallStep {
  if (call.phase.name !== 'forwarded') return ok(call);
  const next = { ...call, phase: { name: 'ended', at: now, by: 'external' } } as const;
  return ok(next, [
    { type: 'hangup-caller', callId: call.callId, cause: 16, prompt: null },
    record(call, 'end', now, null, 'external'),
  ]);
}
