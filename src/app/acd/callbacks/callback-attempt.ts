/**
 * One callback attempt on the PBX: the agent's phone first, then the
 * customer through the outbound trunk, both in one mixing bridge, recorded,
 * with a call record of its own (outbound, linked to the task).
 *
 * Why the agent first: the agent is already reserved and known to be free,
 * so ringing it costs a few seconds of agent time at most; a customer who
 * answers must never hear silence while we look for someone (that would be
 * an abandoned outbound call, the very thing DIAL-7 caps), and the agent
 * sees who is called (screen pop) before the customer picks up.
 *
 * Outcomes reported to the task: `connected` once the customer answers;
 * `busy` / `no-answer` / `unreachable` from the customer leg's cause (a
 * retry, or failed after the last attempt); `agent-missed` when the agent
 * does not answer or leaves before the customer answers (the attempt is
 * given back and the task goes to another agent).
 */
import type { OfferFailureCause } from '../../../domain/acd/acd.types.ts';
import type { CallbackEvent, CallbackFailure, CallbackTask } from '../../../domain/acd/callback.ts';
import { stepAgentIn } from '../agent-flow.ts';
import { newOutboundDraft, noteLegAnswered, noteLegEnded, noteSideLeg } from '../call-records.ts';
import { causeForCancel, NORMAL_CLEARING, offerFailureOf } from '../causes.ts';
import { type AcdCore, publish, run } from '../core.ts';
import type { PbxCallEvent } from '../pbx-events.ts';
import {
  close,
  dialKey,
  flush,
  hangup,
  logFailure,
  onChain,
  releaseAgent,
  ringKey,
} from './callback-attempt-steps.ts';
import { callbackSettingsOf } from './callback-settings.ts';
import type { CallbackAttempt } from './callback-state.ts';

/** Seconds the PBX may ring beyond the ACD's own timers, which decide first. */
const PBX_GRACE_S = 5;
/** Shown on the agent's phone before the customer's number: this is a callback. */
const AGENT_CALLER_NAME = 'Callback';
/** Q.850 19: no answer, sent when the ACD stops ringing the customer itself. */
const NO_ANSWER = 19;

/** The task's outcome for a customer leg that ended unanswered with Q.850 `cause`. */
export function callbackFailureOf(cause: number | null): CallbackFailure {
  switch (cause) {
    case 17: // user busy
    case 21: // call rejected
      return 'busy';
    case 18: // no user responding
    case 19: // no answer (also Asterisk's own dial timeout)
      return 'no-answer';
    default:
      return 'unreachable';
  }
}

/** Rings the reserved agent for `task`; `report` tells the task how the attempt ends. */
export function startAttempt(
  core: AcdCore,
  task: CallbackTask,
  agentId: string,
  callId: string,
  report: (event: CallbackEvent) => void,
): void {
  const entry = core.agents.get(agentId);
  const queue = core.snapshot.queues.get(task.queueId)?.queue;
  const settings = callbackSettingsOf(core, task.queueId);
  const now = core.deps.clock.now();
  if (entry === undefined || queue === undefined || settings === undefined) {
    // The agent or the queue left the configuration meanwhile: let the agent go, try again later.
    report({ type: 'failed', cause: 'agent-missed' });
    const failed = { type: 'offer-failed', callId, cause: 'unreachable' } as const;
    stepAgentIn(core, agentId, { ...failed, autoPauseAfter: 0 });
    return;
  }
  const record = newOutboundDraft({
    callId,
    businessLineId: task.businessLineId,
    agentId,
    agentEndpoint: entry.endpoint,
    callerNumber: '',
    number: task.number,
    startedAt: now,
  });
  record.record.queueId = task.queueId;
  record.record.attempt = task.attempts;
  const a: CallbackAttempt = {
    taskId: task.id,
    callId,
    customerLegId: `${callId}-customer`,
    bridgeId: `cw-call-${callId}`,
    agentId,
    queueId: task.queueId,
    number: task.number,
    ringTimeoutS: queue.ringTimeoutS,
    wrapUpS: queue.wrapUpS,
    autoPauseAfter: queue.settings.autoPauseAfterMisses,
    dialTimeoutS: settings.dialTimeoutS,
    phase: 'agent-ringing',
    agentOnCall: false,
    pbx: Promise.resolve(),
    record,
    report,
  };
  core.callbacks.attempts.set(task.id, a);
  core.callbacks.legs.set(callId, a);
  flush(core, a);
  core.deps.timers.set(ringKey(callId), now + queue.ringTimeoutS * 1000, () =>
    run(core, () => agentMissed(core, a, 'timeout', true)),
  );
  onChain(core, a, 'agent ring', async () => {
    const outcome = await core.deps.control.originateLeg({
      channelId: callId,
      callId,
      target: { kind: 'phone', endpoint: entry.endpoint },
      callerName: AGENT_CALLER_NAME,
      callerNumber: task.number,
      timeoutS: queue.ringTimeoutS + PBX_GRACE_S,
      originatorChannelId: null,
    });
    if (outcome.ok) return;
    core.log.warn({ callId, agentId, detail: outcome.detail }, 'callback agent leg not placed');
    run(core, () => agentMissed(core, a, 'unreachable', false));
  });
}

/** The agent did not take the call (or left before the customer answered): the attempt is given back. */
function agentMissed(core: AcdCore, a: CallbackAttempt, why: OfferFailureCause, hangUp: boolean) {
  if (a.phase !== 'agent-ringing') return;
  const cause = causeForCancel(why);
  if (hangUp) hangup(core, a, a.callId, cause);
  close(core, a, cause, 'system');
  a.report({ type: 'failed', cause: 'agent-missed' });
  const failed = { type: 'offer-failed', callId: a.callId, cause: why } as const;
  stepAgentIn(core, a.agentId, { ...failed, autoPauseAfter: a.autoPauseAfter });
}

/** The agent left while still being rung (logout, lost phone): its machine has moved on already. */
export function withdrawAttempt(core: AcdCore, callId: string): void {
  const a = core.callbacks.legs.get(callId);
  if (a === undefined || a.callId !== callId || a.phase !== 'agent-ringing') return;
  hangup(core, a, a.callId, causeForCancel('withdrawn'));
  close(core, a, causeForCancel('withdrawn'), 'system');
  a.report({ type: 'failed', cause: 'agent-missed' });
}

function agentAnswered(core: AcdCore, a: CallbackAttempt): void {
  if (a.phase !== 'agent-ringing') {
    hangup(core, a, a.callId, causeForCancel('caller-gone'));
    return;
  }
  const now = core.deps.clock.now();
  core.deps.timers.cancel(ringKey(a.callId));
  a.phase = 'customer-ringing';
  a.agentOnCall = stepAgentIn(core, a.agentId, { type: 'answer', callId: a.callId })?.ok === true;
  noteLegAnswered(a.record, a.callId, now);
  noteSideLeg(a.record, a.customerLegId, {
    channelName: a.number,
    role: 'external',
    agentId: null,
    at: now,
  });
  flush(core, a);
  core.callbacks.legs.set(a.customerLegId, a);
  core.deps.timers.set(dialKey(a.callId), now + (a.dialTimeoutS + PBX_GRACE_S) * 1000, () =>
    run(core, () => customerEnded(core, a, NO_ANSWER, true)),
  );
  const { control } = core.deps;
  onChain(core, a, 'customer dial', async () => {
    logFailure(core, a, 'agent bridge', await control.connect(a.bridgeId, [a.callId]));
    const outcome = await control.originateLeg({
      channelId: a.customerLegId,
      callId: a.callId,
      target: { kind: 'external', number: a.number },
      callerName: '',
      callerNumber: '',
      timeoutS: a.dialTimeoutS,
      originatorChannelId: a.callId,
    });
    if (outcome.ok) return;
    core.log.warn({ callId: a.callId, detail: outcome.detail }, 'callback customer leg not placed');
    run(core, () => customerEnded(core, a, null, false));
  });
}

/** The customer leg ended unanswered with Q.850 `cause`: the task learns why. */
function customerEnded(core: AcdCore, a: CallbackAttempt, cause: number | null, hangUp: boolean) {
  if (a.phase !== 'customer-ringing') return;
  if (hangUp) hangup(core, a, a.customerLegId, cause ?? NO_ANSWER);
  hangup(core, a, a.callId, NORMAL_CLEARING);
  noteLegEnded(a.record, a.customerLegId, core.deps.clock.now(), cause);
  close(core, a, cause ?? NORMAL_CLEARING, 'external');
  a.report({ type: 'failed', cause: callbackFailureOf(cause) });
  releaseAgent(core, a, false);
}

function customerAnswered(core: AcdCore, a: CallbackAttempt): void {
  if (a.phase !== 'customer-ringing') {
    hangup(core, a, a.customerLegId, NORMAL_CLEARING);
    return;
  }
  const now = core.deps.clock.now();
  core.deps.timers.cancel(dialKey(a.callId));
  a.phase = 'connected';
  a.record.record.answeredAt = now;
  noteLegAnswered(a.record, a.customerLegId, now);
  flush(core, a);
  a.report({ type: 'connected' });
  const { control } = core.deps;
  onChain(core, a, 'bridge', async () => {
    const joined = await control.connect(a.bridgeId, [a.customerLegId]);
    logFailure(core, a, 'customer bridge', joined);
    if (!joined.ok) return;
    publish(core, {
      type: 'call-bridged',
      callId: a.callId,
      agentId: a.agentId,
      bridgeId: a.bridgeId,
    });
    logFailure(core, a, 'recording', await control.record(a.bridgeId, `call-${a.callId}`));
  });
}

/** A connected callback ends when either side hangs up. */
function conversationEnded(
  core: AcdCore,
  a: CallbackAttempt,
  by: 'agent' | 'external',
  cause: number | null,
) {
  if (a.phase !== 'connected') return;
  hangup(core, a, by === 'agent' ? a.customerLegId : a.callId, NORMAL_CLEARING);
  close(core, a, cause ?? NORMAL_CLEARING, by);
  releaseAgent(core, a, true);
}

/** The agent hung up after answering. */
function agentHungUp(core: AcdCore, a: CallbackAttempt, cause: number | null): void {
  if (a.phase === 'connected') {
    conversationEnded(core, a, 'agent', cause);
    return;
  }
  if (a.phase === 'customer-ringing') {
    // The customer was not reached yet: stop ringing them and give the attempt back.
    hangup(core, a, a.customerLegId, causeForCancel('caller-gone'));
    close(core, a, cause ?? NORMAL_CLEARING, 'agent');
    a.report({ type: 'failed', cause: 'agent-missed' });
    releaseAgent(core, a, false);
    return;
  }
  // Only a reconnect reports an unanswered leg this way: it is gone.
  agentMissed(core, a, 'unreachable', false);
}

/** A PBX event about a channel an attempt owns (inside a runtime task). */
export function attemptEvent(core: AcdCore, event: PbxCallEvent): boolean {
  if (!('channelId' in event)) return false;
  const a = core.callbacks.legs.get(event.channelId);
  if (a === undefined) return false;
  const agentLeg = event.channelId === a.callId;
  switch (event.type) {
    case 'offer-ringing':
      if (agentLeg && a.phase === 'agent-ringing') {
        stepAgentIn(core, a.agentId, { type: 'ring', callId: a.callId });
      }
      return true;
    case 'leg-answered':
    case 'offer-answered':
      if (agentLeg) agentAnswered(core, a);
      else customerAnswered(core, a);
      return true;
    case 'offer-failed':
      if (agentLeg) agentMissed(core, a, offerFailureOf(event.cause), false);
      else customerEnded(core, a, event.cause, false);
      return true;
    case 'channel-hung-up':
      if (agentLeg) agentHungUp(core, a, event.cause);
      else if (a.phase === 'connected') conversationEnded(core, a, 'external', event.cause);
      else customerEnded(core, a, event.cause, false);
      return true;
    default:
      return true;
  }
}

/** After a (re)connect: legs the PBX no longer has ended while we were not listening. */
export function reconcileAttempts(core: AcdCore, live: ReadonlySet<string>): number {
  const missing = [...core.callbacks.legs.keys()].filter((id) => !live.has(id));
  for (const channelId of missing) {
    attemptEvent(core, { type: 'channel-hung-up', channelId, cause: null });
  }
  return missing.length;
}
