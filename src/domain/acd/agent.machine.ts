/**
 * The agent state machine (ACD-7) as a reducer: `stepAgent(state, event,
 * now)` returns the next state and commands as data, or a typed error.
 * Late events for an offer or call the agent no longer holds (a timer that
 * fires after `ready`, an offer failure after logout withdrew it) are
 * expected races and leave the state unchanged without an error.
 */
import { MISSED_OFFER_CAUSES, type Step } from './acd.types.ts';
import {
  type AgentError,
  illegal,
  notLoggedIn,
  offerMismatch,
  phoneUnregistered,
} from './agent.errors.ts';
import { type AgentCommand, type AgentEvent, wrapUpTimerKey } from './agent.events.ts';
import {
  type AgentActivity,
  type AgentState,
  AUTO_PAUSE_REASON,
  callOf,
  PHONE_LOST_REASON,
} from './agent.state.ts';

/** Result of one agent step. */
export type AgentStep = Step<AgentState, AgentCommand, AgentError>;

/** Applies one event to an agent's state at `now` (epoch ms). */
export function stepAgent(state: AgentState, event: AgentEvent, now: number): AgentStep {
  switch (event.type) {
    case 'login':
      return onLogin(state, event.phoneRegistered, now);
    case 'logout':
      return onLogout(state, now);
    case 'pause':
      return onPause(state, event.reason, now);
    case 'unpause':
      return onUnpause(state, now);
    case 'ready':
      return onReady(state, now);
    case 'reserve':
      return onReserve(state, event.callId, event.offerDeadline, now);
    case 'ring':
      return onRing(state, event.callId, now);
    case 'answer':
      return onAnswer(state, event.callId, now);
    case 'seize':
      return onSeize(state, event.callId, now);
    case 'offer-failed':
      return onOfferFailed(state, event, now);
    case 'call-ended':
      return onCallEnded(state, event.callId, event.wrapUpS, now);
    case 'wrap-up-elapsed':
      return onWrapUpElapsed(state, now);
    case 'phone-lost':
      return onPhoneLost(state, now);
    case 'day-rollover':
      return unchanged({ ...state, counters: { ...state.counters, answeredToday: 0 } });
    default:
      return assertNever(event);
  }
}

function assertNever(event: never): never {
  throw new Error(`unknown agent event ${JSON.stringify(event)}`);
}

const unchanged = (state: AgentState): AgentStep => ({ ok: true, state, commands: [] });
const fail = (state: AgentState, error: AgentError): AgentStep => ({ ok: false, error, state });

interface MoveOptions {
  reason?: string | null;
  commands?: readonly AgentCommand[];
  counters?: Partial<AgentState['counters']>;
  pendingPause?: string | null;
}

/** Moves to `activity`, publishing the change; `commands` run before the publish. */
function moveTo(
  state: AgentState,
  activity: AgentActivity,
  now: number,
  opts: MoveOptions = {},
): AgentStep {
  const next: AgentState = {
    ...state,
    activity,
    counters: { ...state.counters, ...opts.counters },
    pendingPause: opts.pendingPause === undefined ? state.pendingPause : opts.pendingPause,
  };
  const event = {
    type: 'agent-state-changed',
    agentId: state.agentId,
    from: state.activity.status,
    to: activity.status,
    reason: opts.reason ?? null,
    callId: callOf(activity) ?? callOf(state.activity),
    at: now,
  } as const;
  return {
    ok: true,
    state: next,
    commands: [...(opts.commands ?? []), { type: 'publish', event }],
  };
}

/** The agent would be free now: paused if a pause was asked for meanwhile, else available. */
function freeOrPaused(state: AgentState, now: number, idleSince: number, opts: MoveOptions = {}) {
  if (state.pendingPause !== null) {
    const reason = state.pendingPause;
    return moveTo(state, { status: 'paused', reason, since: now }, now, {
      ...opts,
      reason,
      pendingPause: null,
    });
  }
  return moveTo(state, { status: 'available', idleSince }, now, opts);
}

function onLogin(state: AgentState, phoneRegistered: boolean, now: number): AgentStep {
  if (state.activity.status !== 'logged-out') {
    return fail(
      state,
      illegal('AGENT_ALREADY_LOGGED_IN', state.agentId, state.activity.status, 'log in'),
    );
  }
  if (!phoneRegistered) return fail(state, phoneUnregistered(state.agentId));
  return moveTo(state, { status: 'available', idleSince: now }, now, {
    pendingPause: null,
    counters: { missedInARow: 0 },
  });
}

function onLogout(state: AgentState, now: number): AgentStep {
  const a = state.activity;
  switch (a.status) {
    case 'logged-out':
      return fail(state, notLoggedIn(state.agentId, 'log out'));
    case 'on-call':
      return fail(state, illegal('AGENT_ON_CALL', state.agentId, a.status, 'log out'));
    case 'reserved':
    case 'ringing': {
      const withdraw = {
        type: 'withdraw-offer',
        agentId: state.agentId,
        callId: a.callId,
      } as const;
      return moveTo(state, { status: 'logged-out' }, now, {
        commands: [withdraw],
        pendingPause: null,
      });
    }
    case 'wrap-up':
      return moveTo(state, { status: 'logged-out' }, now, {
        commands: [{ type: 'cancel-timer', key: wrapUpTimerKey(state.agentId) }],
        pendingPause: null,
      });
    default:
      return moveTo(state, { status: 'logged-out' }, now, { pendingPause: null });
  }
}

function onPause(state: AgentState, reason: string, now: number): AgentStep {
  const a = state.activity;
  switch (a.status) {
    case 'logged-out':
      return fail(state, notLoggedIn(state.agentId, 'pause'));
    case 'available':
    case 'paused':
      return moveTo(state, { status: 'paused', reason, since: now }, now, { reason });
    case 'wrap-up':
      // Pausing from wrap-up ends the after-call work at once: the agent is leaving.
      return moveTo(state, { status: 'paused', reason, since: now }, now, {
        reason,
        commands: [{ type: 'cancel-timer', key: wrapUpTimerKey(state.agentId) }],
      });
    default:
      // Busy with a call: the pause starts when the agent would be free again.
      return unchanged({ ...state, pendingPause: reason });
  }
}

function onUnpause(state: AgentState, now: number): AgentStep {
  const a = state.activity;
  if (a.status === 'logged-out') return fail(state, notLoggedIn(state.agentId, 'unpause'));
  if (a.status === 'paused') {
    // A fresh chance after an auto-pause: the miss streak starts again.
    return moveTo(state, { status: 'available', idleSince: now }, now, {
      counters: { missedInARow: 0 },
    });
  }
  if (state.pendingPause !== null) return unchanged({ ...state, pendingPause: null });
  return fail(state, illegal('AGENT_NOT_PAUSED', state.agentId, a.status, 'unpause'));
}

function onReady(state: AgentState, now: number): AgentStep {
  const a = state.activity;
  switch (a.status) {
    case 'logged-out':
      return fail(state, notLoggedIn(state.agentId, 'become ready'));
    case 'available':
      return unchanged({ ...state, pendingPause: null });
    case 'wrap-up':
      return moveTo(state, { status: 'available', idleSince: now }, now, {
        commands: [{ type: 'cancel-timer', key: wrapUpTimerKey(state.agentId) }],
        pendingPause: null,
      });
    case 'paused':
      return moveTo(state, { status: 'available', idleSince: now }, now, {
        counters: { missedInARow: 0 },
        pendingPause: null,
      });
    default:
      return fail(state, illegal('ILLEGAL_TRANSITION', state.agentId, a.status, 'become ready'));
  }
}

function onReserve(state: AgentState, callId: string, offerDeadline: number, now: number) {
  const a = state.activity;
  if (a.status === 'logged-out') return fail(state, notLoggedIn(state.agentId, 'take a call'));
  if (a.status !== 'available') {
    return fail(state, illegal('AGENT_NOT_AVAILABLE', state.agentId, a.status, 'take a call'));
  }
  const idleSince = a.idleSince;
  return moveTo(state, { status: 'reserved', callId, offerDeadline, since: now, idleSince }, now);
}

function onRing(state: AgentState, callId: string, now: number): AgentStep {
  const a = state.activity;
  if (a.status === 'ringing' && a.callId === callId) return unchanged(state);
  if (a.status !== 'reserved' || a.callId !== callId) {
    return fail(state, offerMismatch(state.agentId, callOf(a), callId));
  }
  return moveTo(state, { ...a, status: 'ringing', since: now }, now);
}

function onAnswer(state: AgentState, callId: string, now: number): AgentStep {
  const a = state.activity;
  if ((a.status !== 'reserved' && a.status !== 'ringing') || a.callId !== callId) {
    return fail(state, offerMismatch(state.agentId, callOf(a), callId));
  }
  return moveTo(state, { status: 'on-call', callId, since: now }, now, {
    counters: { answeredToday: state.counters.answeredToday + 1, missedInARow: 0 },
  });
}

/**
 * A call outside the queues: the agent is busy from now on. A pause stays
 * pending and resumes when the call ends; wrap-up is cut short. Counters do
 * not move: it is not a queue call answered.
 */
function onSeize(state: AgentState, callId: string, now: number): AgentStep {
  const a = state.activity;
  const onCall = { status: 'on-call', callId, since: now } as const;
  switch (a.status) {
    case 'logged-out':
      return fail(state, notLoggedIn(state.agentId, 'take a call'));
    case 'available':
      return moveTo(state, onCall, now);
    case 'paused':
      return moveTo(state, onCall, now, { pendingPause: a.reason });
    case 'wrap-up':
      return moveTo(state, onCall, now, {
        commands: [{ type: 'cancel-timer', key: wrapUpTimerKey(state.agentId) }],
      });
    case 'on-call':
      return fail(state, illegal('AGENT_ON_CALL', state.agentId, a.status, 'take a call'));
    default:
      return fail(state, illegal('AGENT_NOT_AVAILABLE', state.agentId, a.status, 'take a call'));
  }
}

function onOfferFailed(
  state: AgentState,
  event: Extract<AgentEvent, { type: 'offer-failed' }>,
  now: number,
): AgentStep {
  const a = state.activity;
  if ((a.status !== 'reserved' && a.status !== 'ringing') || a.callId !== event.callId) {
    return unchanged(state);
  }
  const missed = MISSED_OFFER_CAUSES.has(event.cause);
  const missedInARow = state.counters.missedInARow + (missed ? 1 : 0);
  if (missed && event.autoPauseAfter > 0 && missedInARow >= event.autoPauseAfter) {
    // Auto-pause: an agent who keeps missing offers only makes callers wait longer.
    return moveTo(state, { status: 'paused', reason: AUTO_PAUSE_REASON, since: now }, now, {
      reason: AUTO_PAUSE_REASON,
      counters: { missedInARow },
      pendingPause: null,
    });
  }
  // The idle time is kept: a missed offer is not a served call.
  return freeOrPaused(state, now, a.idleSince, { reason: event.cause, counters: { missedInARow } });
}

function onCallEnded(state: AgentState, callId: string, wrapUpS: number, now: number) {
  const a = state.activity;
  if (a.status !== 'on-call' || a.callId !== callId) return unchanged(state);
  const counters = { lastCallEndAt: now };
  if (wrapUpS <= 0) return freeOrPaused(state, now, now, { counters });
  const until = now + wrapUpS * 1000;
  return moveTo(state, { status: 'wrap-up', callId, since: now, until }, now, {
    counters,
    commands: [{ type: 'start-timer', key: wrapUpTimerKey(state.agentId), at: until }],
  });
}

function onWrapUpElapsed(state: AgentState, now: number): AgentStep {
  const a = state.activity;
  if (a.status !== 'wrap-up' || now < a.until) return unchanged(state);
  return freeOrPaused(state, now, now);
}

function onPhoneLost(state: AgentState, now: number): AgentStep {
  const a = state.activity;
  const paused = { status: 'paused', reason: PHONE_LOST_REASON, since: now } as const;
  switch (a.status) {
    case 'available':
      return moveTo(state, paused, now, { reason: PHONE_LOST_REASON });
    case 'reserved':
    case 'ringing':
      return moveTo(state, paused, now, {
        reason: PHONE_LOST_REASON,
        commands: [{ type: 'withdraw-offer', agentId: state.agentId, callId: a.callId }],
      });
    case 'on-call':
    case 'wrap-up':
      return unchanged({ ...state, pendingPause: PHONE_LOST_REASON });
    default:
      return unchanged(state);
  }
}
