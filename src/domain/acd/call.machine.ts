/**
 * The queued-call state machine as a reducer: `stepCall(call, event, now)`
 * returns the next state and commands as data, or a typed error. Offers:
 * the first agent to answer wins; any later answer is rejected and hung up
 * (Asterisk issue #176: app_queue let two ring-all members answer and ACK
 * the same call). A ring timeout or failed offer puts the call back to
 * waiting with the missed agents skipped for a while, so the dispatcher
 * offers it to the next agent.
 */
import {
  type AcdQueue,
  acdError,
  type OfferFailureCause,
  type SkillRequirement,
} from './acd.types.ts';
import { admit } from './call.enter.ts';
import { businessLineMismatch, type CallError, wrongPhase } from './call.errors.ts';
import {
  announceTimerKey,
  type CallCommand,
  type CallEvent,
  maxWaitTimerKey,
  ringTimerKey,
} from './call.events.ts';
import {
  onForwardAnswered,
  onForwardFailed,
  onForwardHangup,
  onOverflowEnter,
} from './call.forward.ts';
import {
  leaveByOverflow,
  onAgentHangup,
  onCallbackKey,
  onCallerHangup,
  record,
} from './call.leave.ts';
import { activeTried, type CallStep, type QueuedCall, type TriedAgent } from './call.state.ts';
import { overflowOnMaxWait, overflowOnNoAgents, type QueueFacts } from './overflow.ts';

/** Applies one event to a queued call at `now` (epoch ms). */
export function stepCall(call: QueuedCall, event: CallEvent, now: number): CallStep {
  switch (event.type) {
    case 'offer':
      return onOffer(call, event.agentIds, event.ringAll, now);
    case 'offer-ringing':
      return onRinging(call, event.agentId, now);
    case 'offer-answered':
      return onAnswered(call, event.agentId, now);
    case 'offer-failed':
      return onOfferFailed(call, [event.agentId], event.cause, now);
    case 'ring-timeout':
      return onRingTimeout(call, now);
    case 'caller-hangup':
      return onCallerHangup(call, now);
    case 'agent-hangup':
      return onAgentHangup(call, now);
    case 'max-wait-reached':
      return onMaxWait(call, now);
    case 'callback-key':
      return onCallbackKey(call, now) ?? fail(call, noCallback(call));
    case 'announce-due':
      return onAnnounce(call, event.position, event.expectedWaitS, now);
    case 'no-agents':
      return onNoAgents(call, now);
    case 'transfer':
      return onTransfer(call, event.queue, event.facts, event.requiredSkills ?? [], now);
    case 'overflow-enter':
      return onOverflowEnter(call, event.queue, event.facts, now);
    case 'forward-answered':
      return onForwardAnswered(call, now);
    case 'forward-failed':
      return onForwardFailed(call, event.cause, now);
    case 'forward-hangup':
      return onForwardHangup(call, now);
    default:
      return assertNever(event);
  }
}

function assertNever(event: never): never {
  throw new Error(`unknown call event ${JSON.stringify(event)}`);
}

const ok = (state: QueuedCall, commands: readonly CallCommand[] = []): CallStep => ({
  ok: true,
  state,
  commands,
});
const fail = (state: QueuedCall, error: CallError): CallStep => ({ ok: false, error, state });

const noCallback = (call: QueuedCall): CallError =>
  acdError('CALLBACK_NOT_AVAILABLE', `no callback for call ${call.callId}`, {
    callId: call.callId,
    reason: call.queue.settings.callback.offerKey === null ? 'disabled' : 'no-number',
  });

function onOffer(call: QueuedCall, agentIds: readonly string[], ringAll: boolean, now: number) {
  if (call.phase.name !== 'waiting') {
    return fail(call, wrongPhase('CALL_NOT_WAITING', call.callId, call.phase.name, 'be offered'));
  }
  if (agentIds.length === 0) {
    return fail(call, acdError('OFFER_EMPTY', 'an offer needs an agent', { callId: call.callId }));
  }
  const deadline = now + call.queue.ringTimeoutS * 1000;
  const { callId, ani, dnis } = call;
  const commands: CallCommand[] = [];
  for (const agentId of agentIds) {
    commands.push(
      { type: 'originate-offer', callId, agentId, queueId: call.queue.id, ani, dnis, deadline },
      record(call, 'offer', now, agentId),
    );
  }
  commands.push({ type: 'start-timer', key: ringTimerKey(callId), at: deadline });
  const phase = { name: 'offered', agentIds, ringing: [], deadline, ringAll, since: now } as const;
  return ok({ ...call, phase }, commands);
}

function onRinging(call: QueuedCall, agentId: string, now: number): CallStep {
  const { phase } = call;
  if (phase.name !== 'offered' || !phase.agentIds.includes(agentId)) return ok(call);
  if (phase.ringing.includes(agentId)) return ok(call);
  const next = { ...call, phase: { ...phase, ringing: [...phase.ringing, agentId] } };
  return ok(next, [record(call, 'ring', now, agentId)]);
}

function onAnswered(call: QueuedCall, agentId: string, now: number): CallStep {
  const { phase, callId } = call;
  if (phase.name === 'connected' && phase.agentId === agentId) return ok(call);
  if (phase.name !== 'offered' || !phase.agentIds.includes(agentId)) {
    // Someone else answered first, the offer timed out, or the caller left.
    return ok(call, [{ type: 'reject-answer', callId, agentId }]);
  }
  const others = phase.agentIds.filter((id) => id !== agentId);
  const commands: CallCommand[] = [];
  if (others.length > 0) {
    commands.push({ type: 'cancel-offers', callId, agentIds: others, cause: 'answered-elsewhere' });
  }
  commands.push(
    { type: 'cancel-timer', key: ringTimerKey(callId) },
    { type: 'cancel-timer', key: maxWaitTimerKey(callId) },
    { type: 'cancel-timer', key: announceTimerKey(callId) },
    { type: 'stop-moh', callId },
    { type: 'bridge', callId, agentId },
    record(call, 'answer', now, agentId),
  );
  return ok({ ...call, phase: { name: 'connected', agentId, since: now } }, commands);
}

/** Some offered agents failed; when none is left the call waits for the next agent. */
function onOfferFailed(
  call: QueuedCall,
  agentIds: readonly string[],
  cause: OfferFailureCause,
  now: number,
): CallStep {
  const { phase, callId } = call;
  if (phase.name !== 'offered') return ok(call);
  const failed = agentIds.filter((id) => phase.agentIds.includes(id));
  if (failed.length === 0) return ok(call);
  const until = now + call.queue.settings.reofferAfterS * 1000;
  const tried: TriedAgent[] = [
    ...activeTried(call.tried, now).filter((t) => !failed.includes(t.agentId)),
    ...failed.map((agentId) => ({ agentId, until })),
  ];
  const commands: CallCommand[] = failed.map((id) => record(call, 'offer-failed', now, id, cause));
  const left = phase.agentIds.filter((id) => !failed.includes(id));
  if (left.length > 0) {
    const ringing = phase.ringing.filter((id) => left.includes(id));
    return ok({ ...call, tried, phase: { ...phase, agentIds: left, ringing } }, commands);
  }
  commands.push(
    { type: 'cancel-timer', key: ringTimerKey(callId) },
    { type: 'schedule-dispatch', callId, at: now },
    { type: 'schedule-dispatch', callId, at: until },
  );
  return ok({ ...call, tried, phase: { name: 'waiting', since: now } }, commands);
}

function onRingTimeout(call: QueuedCall, now: number): CallStep {
  const { phase } = call;
  if (phase.name !== 'offered' || now < phase.deadline) return ok(call);
  const cancel: CallCommand = {
    type: 'cancel-offers',
    callId: call.callId,
    agentIds: phase.agentIds,
    cause: 'timeout',
  };
  const step = onOfferFailed(call, phase.agentIds, 'timeout', now);
  return step.ok ? ok(step.state, [cancel, ...step.commands]) : step;
}

function onMaxWait(call: QueuedCall, now: number): CallStep {
  const { phase, queue } = call;
  if (phase.name !== 'waiting' && phase.name !== 'offered') return ok(call);
  if (queue.maxWaitS === null || now < call.enteredAt + queue.maxWaitS * 1000) return ok(call);
  return leaveByOverflow(call, overflowOnMaxWait(queue, call.ani, call.hops), now);
}

function onNoAgents(call: QueuedCall, now: number): CallStep {
  // An offered call is ringing someone: let that offer play out first.
  if (call.phase.name !== 'waiting') return ok(call);
  const decision = overflowOnNoAgents(call.queue, call.ani, call.hops);
  return decision === null ? ok(call) : leaveByOverflow(call, decision, now);
}

function onAnnounce(call: QueuedCall, position: number, expectedWaitS: number | null, now: number) {
  const { phase, callId } = call;
  if (phase.name !== 'waiting' && phase.name !== 'offered') return ok(call);
  const commands: CallCommand[] = [{ type: 'announce-position', callId, position, expectedWaitS }];
  const { everyS } = call.queue.settings.announcements;
  if (everyS > 0) {
    commands.push({ type: 'start-timer', key: announceTimerKey(callId), at: now + everyS * 1000 });
  }
  return ok(call, commands);
}

/**
 * Blind transfer of a connected caller to a queue: the caller waits again
 * as a transferred call (ahead of normal callers), or stays VIP.
 */
function onTransfer(
  call: QueuedCall,
  queue: AcdQueue,
  facts: QueueFacts,
  requiredSkills: readonly SkillRequirement[],
  now: number,
): CallStep {
  const { phase } = call;
  if (phase.name !== 'connected') {
    return fail(call, wrongPhase('CALL_NOT_CONNECTED', call.callId, phase.name, 'be transferred'));
  }
  if (queue.businessLineId !== call.businessLineId) {
    return fail(
      call,
      businessLineMismatch(call.callId, call.businessLineId, queue.id, queue.businessLineId),
    );
  }
  const moved: QueuedCall = {
    ...call,
    queue,
    enteredAt: now,
    waitingSince: now,
    priority: call.priority === 'vip' ? 'vip' : 'transferred',
    requiredSkills,
    holds: [],
    tried: [],
    phase: { name: 'waiting', since: now },
  };
  return admit(moved, facts, now, 'transfer', phase.agentId);
}
