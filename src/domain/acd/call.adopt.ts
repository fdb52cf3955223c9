/**
 * A call found in progress on the PBX after callwright restarted (SEC-5):
 * the runtime lost its memory of the call, Asterisk and the call record
 * still have it. It is taken back in the phase the PBX shows, with no
 * record entry of its own (the record already says how it entered):
 *
 * - waiting: with its original queue entry time, so its place in line
 *   holds (the dispatcher orders by it) and its max wait and first
 *   announcement count from then; hold music only if the caller is not
 *   already in its holding bridge;
 * - connected: to the agent bridged with it, since the agent answered.
 */

import { type EnterCallInput, waitingCommands } from './call.enter.ts';
import type { CallCommand } from './call.events.ts';
import type { QueuedCall } from './call.state.ts';

/** What the PBX and the call record say about a call in progress. */
export interface AdoptCallInput extends Omit<EnterCallInput, 'facts' | 'waitingSince'> {
  /** Entry into the queue (the record's queue entry time). */
  readonly enteredAt: number;
  /** Entry into the ACD: call order and skills relaxation count from here. */
  readonly waitingSince: number;
  /** The agent the caller is bridged with, and since when; null while waiting. */
  readonly connected: { readonly agentId: string; readonly since: number } | null;
  /** The caller already hears hold music in its holding bridge. */
  readonly onHold: boolean;
}

/** The adopted call and what it needs to go on (timers, dispatch checks). */
export interface AdoptedCall {
  readonly state: QueuedCall;
  readonly commands: readonly CallCommand[];
}

/** Takes back a call in progress at `now`. */
export function adoptCall(input: AdoptCallInput, now: number): AdoptedCall {
  const base = {
    callId: input.callId,
    ani: input.ani,
    dnis: input.dnis,
    businessLineId: input.businessLineId,
    queue: input.queue,
    enteredAt: Math.min(input.enteredAt, now),
    waitingSince: Math.min(input.waitingSince, input.enteredAt, now),
    priority: input.caller.priority,
    requiredSkills: input.requiredSkills ?? [],
    holds: input.caller.holds,
    tried: [],
    hops: input.hops ?? 0,
  } satisfies Omit<QueuedCall, 'phase'>;
  if (input.connected !== null) {
    const { agentId, since } = input.connected;
    return { state: { ...base, phase: { name: 'connected', agentId, since } }, commands: [] };
  }
  const state: QueuedCall = { ...base, phase: { name: 'waiting', since: base.enteredAt } };
  const commands = waitingCommands(state, now).filter(
    (c) => !(input.onHold && c.type === 'start-moh'),
  );
  return { state, commands };
}
