/**
 * A call entering a queue: from the DNIS route or the IVR, by overflow from
 * another queue, or by transfer. A full or empty queue may overflow it at
 * once; otherwise it waits with hold music, a max-wait timer, position
 * announcements and dispatch re-checks for when its holds end or its skill
 * requirement relaxes.
 */
import type { AcdQueue, SkillRequirement } from './acd.types.ts';
import { businessLineMismatch, type CallError } from './call.errors.ts';
import {
  type AcdRecord,
  announceTimerKey,
  type CallCommand,
  maxWaitTimerKey,
} from './call.events.ts';
import { leaveByOverflow } from './call.leave.ts';
import type { QueuedCall } from './call.state.ts';
import { overflowOnEntry, type QueueFacts } from './overflow.ts';
import { type CallClassification, holdEndTimes } from './priority.ts';
import { relaxationTimes } from './skills.ts';

/** Result of entering a queue: there is no state yet when it fails. */
export type EnterResult =
  | { readonly ok: true; readonly state: QueuedCall; readonly commands: readonly CallCommand[] }
  | { readonly ok: false; readonly error: CallError };

/** Everything known about a call as it enters a queue. */
export interface EnterCallInput {
  readonly callId: string;
  readonly ani: string;
  readonly dnis: string;
  /** The line the call belongs to (from its DNIS route). */
  readonly businessLineId: string;
  readonly queue: AcdQueue;
  /** From `classifyCaller`. */
  readonly caller: CallClassification;
  readonly requiredSkills?: readonly SkillRequirement[];
  readonly facts: QueueFacts;
  /** Queue-to-queue overflows so far (0 for a new call). */
  readonly hops?: number;
  /** First entry into the ACD when the call comes by overflow; defaults to now. */
  readonly waitingSince?: number;
}

/** A call enters a queue at `now`. */
export function enterCall(input: EnterCallInput, now: number): EnterResult {
  const { queue } = input;
  if (input.businessLineId !== queue.businessLineId) {
    const error = businessLineMismatch(
      input.callId,
      input.businessLineId,
      queue.id,
      queue.businessLineId,
    );
    return { ok: false, error };
  }
  const call: QueuedCall = {
    callId: input.callId,
    ani: input.ani,
    dnis: input.dnis,
    businessLineId: input.businessLineId,
    queue,
    enteredAt: now,
    waitingSince: input.waitingSince ?? now,
    priority: input.caller.priority,
    requiredSkills: input.requiredSkills ?? [],
    holds: input.caller.holds,
    tried: [],
    hops: input.hops ?? 0,
    phase: { name: 'waiting', since: now },
  };
  return admit(call, input.facts, now, 'enter', null);
}

/** Puts a call (already set to waiting in `call.queue`) through the entry checks. */
export function admit(
  call: QueuedCall,
  facts: QueueFacts,
  now: number,
  kind: 'enter' | 'transfer',
  agentId: string | null,
): EnterResult & { ok: true } {
  const record: AcdRecord = {
    callId: call.callId,
    queueId: call.queue.id,
    kind,
    at: now,
    agentId,
    detail: call.priority,
  };
  const entry: CallCommand = { type: 'write-record', record };
  const decision = overflowOnEntry(call.queue, facts, call.ani, call.hops);
  if (decision !== null) return leaveByOverflow(call, decision, now, [entry], true);
  return { ok: true, state: call, commands: [entry, ...waitingCommands(call, now)] };
}

/**
 * Hold music, timers and the dispatch checks of a waiting call. Max wait
 * and the first announcement count from the call's entry into the queue
 * (now, for a call entering; earlier, for a call taken back after a restart).
 */
export function waitingCommands(call: QueuedCall, now: number): CallCommand[] {
  const { queue, callId, enteredAt } = call;
  const commands: CallCommand[] = [{ type: 'start-moh', callId }];
  if (queue.maxWaitS !== null) {
    commands.push({
      type: 'start-timer',
      key: maxWaitTimerKey(callId),
      at: enteredAt + queue.maxWaitS * 1000,
    });
  }
  const { firstAfterS } = queue.settings.announcements;
  if (firstAfterS > 0) {
    commands.push({
      type: 'start-timer',
      key: announceTimerKey(callId),
      at: enteredAt + firstAfterS * 1000,
    });
  }
  commands.push({ type: 'schedule-dispatch', callId, at: now });
  for (const at of recheckTimes(call)) {
    if (at > now) commands.push({ type: 'schedule-dispatch', callId, at });
  }
  return commands;
}

/** When the set of agents able to take the call grows: holds ending, relaxation steps. */
function recheckTimes(call: QueuedCall): number[] {
  const hasSkills = call.queue.requiredSkills.length > 0 || call.requiredSkills.length > 0;
  const relax = hasSkills ? relaxationTimes(call.queue.settings.relaxation, call.waitingSince) : [];
  return [...new Set([...holdEndTimes(call.holds), ...relax])].sort((a, b) => a - b);
}
