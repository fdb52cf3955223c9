/**
 * The agent desk as a reducer: what the widget shows follows from the
 * agent's feed (status changes and screen pops) and the agent's own
 * actions, one event at a time, with no I/O, so it is tested without a
 * browser. A screen pop may arrive before or after the RINGING change of
 * the same call: both name the call, and a change for another call drops
 * a stale card. A call the agent answered leaves a wrap-up to do when the
 * agent's part of it ends (hang-up or transfer), even after the queue's
 * wrap-up time made the agent available again.
 */
import type { AgentStatus, CallCard, InboundPop, OutboundPop, StateChange } from './desk-types.ts';

/** A call whose wrap-up (disposition, notes) the agent still has to give. */
export interface PendingWrapUp {
  callId: string;
  card: CallCard;
}

/** What the desk shows. */
export interface DeskState {
  /** Null until the feed told the current status. */
  status: AgentStatus | null;
  /** When the status began (epoch ms). */
  since: number | null;
  reason: string | null;
  /** The call the agent is busy with, as the ACD names it. */
  callId: string | null;
  /** The call in hand: ringing or connected. */
  card: CallCard | null;
  /** The agent was connected to `card`'s call. */
  answered: boolean;
  /** An attended transfer of this call is being consulted (complete or cancel). */
  consulting: string | null;
  /** The call whose caller the agent put on hold. */
  held: string | null;
  /** Wrap-ups still to give, newest first. */
  wrapUps: PendingWrapUp[];
}

/** What changes the desk. */
export type DeskEvent =
  | { type: 'state'; change: StateChange; receivedAt: number }
  | { type: 'inbound-pop'; pop: InboundPop }
  | { type: 'outbound-pop'; pop: OutboundPop }
  | { type: 'dialled'; callId: string; number: string }
  | { type: 'consulting'; callId: string }
  | { type: 'consult-ended' }
  | { type: 'hold'; callId: string; on: boolean }
  | { type: 'wrap-up-done'; callId: string };

/** The desk before the feed said anything. */
export const EMPTY_DESK: DeskState = {
  status: null,
  since: null,
  reason: null,
  callId: null,
  card: null,
  answered: false,
  consulting: null,
  held: null,
  wrapUps: [],
};

/** Statuses in which the agent's phone holds (or is about to hold) a call. */
const BUSY: ReadonlySet<AgentStatus> = new Set(['RESERVED', 'RINGING', 'ON_CALL']);

/** Wrap-ups kept at most (older ones are dropped: the record keeps the call anyway). */
const MAX_WRAP_UPS = 5;

/** The card of an inbound call's screen pop. */
export function inboundCard(pop: InboundPop): CallCard {
  return {
    callId: pop.callId,
    direction: 'inbound',
    number: pop.ani,
    dnis: pop.dnis,
    queueId: pop.queueId,
    queueName: pop.queueName,
    waitS: pop.waitS,
    returning: pop.returning,
    ivrPath: pop.ivrPath,
    contact: pop.contact,
    history: pop.history,
    campaign: null,
    script: null,
    dispositions: pop.dispositions ?? [],
    dispositionRequired: pop.dispositionRequired ?? true,
    attemptId: null,
    record: null,
  };
}

const NO_OUTBOUND_POP: OutboundPop = {
  callId: null,
  attemptId: null,
  number: null,
  script: null,
  connected: null,
  dispositions: [],
  campaign: null,
  record: null,
};

/** The card of a dialer call (the number comes masked when the campaign masks it). */
export function outboundCard(pop: OutboundPop, callId: string): CallCard {
  return {
    callId,
    direction: 'outbound',
    number: pop.number ?? '',
    dnis: '',
    queueId: null,
    queueName: null,
    waitS: null,
    returning: null,
    ivrPath: [],
    contact: null,
    history: [],
    campaign: pop.campaign?.name ?? null,
    script: pop.script,
    dispositions: pop.dispositions,
    dispositionRequired: true,
    attemptId: pop.attemptId,
    record: pop.record,
  };
}

function withWrapUp(state: DeskState, card: CallCard): PendingWrapUp[] {
  const others = state.wrapUps.filter((w) => w.callId !== card.callId);
  return [{ callId: card.callId, card }, ...others].slice(0, MAX_WRAP_UPS);
}

function onState(state: DeskState, change: StateChange, receivedAt: number): DeskState {
  const since = change.at === null ? receivedAt : Date.parse(change.at);
  const next: DeskState = {
    ...state,
    status: change.to,
    since,
    reason: change.reason,
    callId: change.callId,
  };
  const card = state.card;
  if (BUSY.has(change.to)) {
    // Another call than the card's: the card is stale (its pop, if any, is on its way).
    if (card !== null && change.callId !== null && card.callId !== change.callId) {
      return { ...next, card: null, answered: false, consulting: null, held: null };
    }
    const answered = state.answered || (change.to === 'ON_CALL' && card !== null);
    return { ...next, answered };
  }
  // The agent's part of the call is over: hung up, transferred away, or the offer ended.
  if (card === null) return { ...next, answered: false, consulting: null, held: null };
  const wrapUps = state.answered ? withWrapUp(state, card) : state.wrapUps;
  return { ...next, card: null, answered: false, consulting: null, held: null, wrapUps };
}

/** The desk after `event`. */
export function stepDesk(state: DeskState, event: DeskEvent): DeskState {
  switch (event.type) {
    case 'state':
      return onState(state, event.change, event.receivedAt);
    case 'inbound-pop': {
      const card = inboundCard(event.pop);
      const answered = state.status === 'ON_CALL' && state.callId === card.callId;
      return { ...state, card, answered };
    }
    case 'outbound-pop': {
      const callId = state.callId ?? event.pop.callId;
      if (callId === null) return state;
      const card = outboundCard(event.pop, callId);
      return { ...state, card, answered: state.answered || state.status === 'ON_CALL' };
    }
    case 'dialled': {
      // Click-to-dial: no pop comes; the card is what the agent dialled.
      const card = outboundCard({ ...NO_OUTBOUND_POP, number: event.number }, event.callId);
      return {
        ...state,
        card,
        answered: state.status === 'ON_CALL' && state.callId === event.callId,
      };
    }
    case 'consulting':
      return { ...state, consulting: event.callId };
    case 'consult-ended':
      return { ...state, consulting: null };
    case 'hold':
      return { ...state, held: event.on ? event.callId : null };
    case 'wrap-up-done':
      return { ...state, wrapUps: state.wrapUps.filter((w) => w.callId !== event.callId) };
    default: {
      const never: never = event;
      return never;
    }
  }
}
