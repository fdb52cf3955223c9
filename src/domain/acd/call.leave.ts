/**
 * A call leaving its queue without an agent: the caller hangs up (maybe
 * leaving a callback task, ACD-9), asks for a callback, waits too long, or
 * the queue empties (overflow, ACD-5). Also the end of a connected call.
 * Each exit cancels what waiting started (offers, timers, hold music).
 */
import type { OfferFailureCause } from './acd.types.ts';
import {
  type AcdRecordKind,
  announceTimerKey,
  CALLBACK_CONFIRMED_PROMPT,
  type CallbackReason,
  type CallCommand,
  maxWaitTimerKey,
  ringTimerKey,
} from './call.events.ts';
import type { CallPhase, CallStep, QueuedCall } from './call.state.ts';
import { canCallBack, type OverflowDecision } from './overflow.ts';

/** A record entry for `call` at `now`. */
export function record(
  call: QueuedCall,
  kind: AcdRecordKind,
  now: number,
  agentId: string | null = null,
  detail: string | null = null,
): CallCommand {
  return {
    type: 'write-record',
    record: { callId: call.callId, queueId: call.queue.id, kind, at: now, agentId, detail },
  };
}

/** Cancels offers and timers of a waiting or offered call (the hold music plays on). */
function stopTimers(call: QueuedCall): CallCommand[] {
  const { callId, phase } = call;
  const commands: CallCommand[] = [];
  if (phase.name === 'offered') {
    const agentIds = phase.agentIds;
    commands.push({ type: 'cancel-offers', callId, agentIds, cause: 'caller-gone' });
    commands.push({ type: 'cancel-timer', key: ringTimerKey(callId) });
  }
  commands.push(
    { type: 'cancel-timer', key: maxWaitTimerKey(callId) },
    { type: 'cancel-timer', key: announceTimerKey(callId) },
  );
  return commands;
}

/** Cancels offers, timers and hold music of a waiting or offered call. */
export function stopWaiting(call: QueuedCall, cause: OfferFailureCause): CallCommand[] {
  const { callId, phase } = call;
  const commands: CallCommand[] = [];
  if (phase.name === 'offered') {
    commands.push({ type: 'cancel-offers', callId, agentIds: phase.agentIds, cause });
    commands.push({ type: 'cancel-timer', key: ringTimerKey(callId) });
  }
  commands.push(
    { type: 'cancel-timer', key: maxWaitTimerKey(callId) },
    { type: 'cancel-timer', key: announceTimerKey(callId) },
    { type: 'stop-moh', callId },
  );
  return commands;
}

const isQueued = (phase: CallPhase): boolean =>
  phase.name === 'waiting' || phase.name === 'offered';

const done = (state: QueuedCall, commands: readonly CallCommand[]): CallStep & { ok: true } => ({
  ok: true,
  state,
  commands,
});

function createCallback(call: QueuedCall, reason: CallbackReason): CallCommand {
  return {
    type: 'create-callback',
    callId: call.callId,
    queueId: call.queue.id,
    businessLineId: call.businessLineId,
    number: call.ani,
    reason,
  };
}

/**
 * The call leaves by overflow. `before` are commands that come first (the
 * entry record); `onEntry` is true when the call never started waiting, so
 * there are no offers, timers or hold music to stop.
 */
export function leaveByOverflow(
  call: QueuedCall,
  decision: OverflowDecision,
  now: number,
  before: readonly CallCommand[] = [],
  onEntry = false,
): CallStep & { ok: true } {
  const { target, reason } = decision;
  const { callId } = call;
  const overflowRecord = record(call, 'overflow', now, null, `${reason}:${target.kind}`);
  if (target.kind === 'external') {
    // The caller keeps its hold music while the number rings (unlike every other exit).
    const forwarding = { name: 'forwarding', reason, number: target.number, since: now } as const;
    const started = onEntry ? [{ type: 'start-moh', callId } as const] : stopTimers(call);
    return done({ ...call, phase: forwarding }, [
      ...before,
      ...started,
      overflowRecord,
      {
        type: 'dial-external',
        callId,
        number: target.number,
        ani: call.ani,
        ringTimeoutS: target.ringTimeoutS,
      },
    ]);
  }
  const next = { ...call, phase: { name: 'overflowed', reason, target, at: now } } as const;
  const commands: CallCommand[] = [
    ...before,
    ...(onEntry ? [] : stopWaiting(call, 'caller-gone')),
    overflowRecord,
  ];
  if (target.kind === 'callback') {
    commands.push(createCallback(call, 'overflow'), {
      type: 'hangup-caller',
      callId,
      cause: 16,
      prompt: CALLBACK_CONFIRMED_PROMPT,
    });
  } else if (target.kind === 'hangup') {
    commands.push({ type: 'hangup-caller', callId, cause: target.cause, prompt: null });
  } else {
    const hops = call.hops + (target.kind === 'queue' ? 1 : 0);
    const waitingSince = call.waitingSince;
    commands.push({ type: 'overflow', callId, reason, target, hops, waitingSince });
  }
  return done(next, commands);
}

/** The caller hung up: abandoned while queued (callback if they waited long enough), or the end. */
export function onCallerHangup(call: QueuedCall, now: number): CallStep {
  const { phase } = call;
  if (phase.name === 'forwarding' || phase.name === 'forwarded') {
    const next = { ...call, phase: { name: 'ended', at: now, by: 'caller' } } as const;
    return done(next, [
      { type: 'hangup-external', callId: call.callId, cause: 16 },
      record(call, 'end', now, null, 'caller'),
    ]);
  }
  if (phase.name === 'connected') {
    const next = { ...call, phase: { name: 'ended', at: now, by: 'caller' } } as const;
    return done(next, [
      { type: 'hangup-agent', callId: call.callId, agentId: phase.agentId },
      record(call, 'end', now, phase.agentId, 'caller'),
    ]);
  }
  if (!isQueued(phase)) return done(call, []);
  const commands = [...stopWaiting(call, 'caller-gone'), record(call, 'abandon', now)];
  const after = call.queue.settings.callback.afterAbandonS;
  if (after !== null && now - call.waitingSince >= after * 1000 && canCallBack(call.ani)) {
    commands.push(createCallback(call, 'abandoned'));
  }
  return done({ ...call, phase: { name: 'abandoned', at: now } }, commands);
}

/** The agent hung up a connected call: the caller is hung up too. */
export function onAgentHangup(call: QueuedCall, now: number): CallStep {
  const { phase } = call;
  if (phase.name !== 'connected') return done(call, []);
  const next = { ...call, phase: { name: 'ended', at: now, by: 'agent' } } as const;
  return done(next, [
    { type: 'hangup-caller', callId: call.callId, cause: 16, prompt: null },
    record(call, 'end', now, phase.agentId, 'agent'),
  ]);
}

/** The caller asked for a callback: book it, confirm, hang up. */
export function onCallbackKey(call: QueuedCall, now: number): CallStep | null {
  if (!isQueued(call.phase)) return done(call, []);
  if (call.queue.settings.callback.offerKey === null || !canCallBack(call.ani)) return null;
  const next = { ...call, phase: { name: 'callback-requested', at: now } } as const;
  return done(next, [
    ...stopWaiting(call, 'caller-gone'),
    record(call, 'callback-requested', now),
    createCallback(call, 'keypress'),
    { type: 'hangup-caller', callId: call.callId, cause: 16, prompt: CALLBACK_CONFIRMED_PROMPT },
  ]);
}
