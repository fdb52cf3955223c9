/**
 * Turns the interpreter's terminal actions into a hand-off the channel
 * carries out: a queue node's queue (named by id or by name within the
 * flow's business line), an agent's phone or number, an external number,
 * or a hang-up. A target that does not exist becomes the PBX's fallback
 * routing, never silence.
 */
import type { Action } from '../../domain/ivr/flow.step.ts';
import type { IvrOutcome } from '../../domain/ivr/ivr.records.ts';
import type { Store } from '../ports.ts';
import type { HandOff } from './ports.ts';

/** What a terminal action comes to. */
export interface Decision {
  readonly handOff: HandOff;
  readonly outcome: IvrOutcome;
  readonly detail: string | null;
  /** Why the intended target could not be used, when it could not. */
  readonly error: string | null;
}

/** How numbers and phones are dialled. */
export interface DialPlanOptions {
  /** Dial string of an E.164 number, e.g. `PJSIP/+33612345678@trunk`. */
  readonly externalDialString: (e164: string) => string;
  /** Seconds a dialled phone or number rings. */
  readonly dialTimeoutS: number;
}

const fallback = (error: string): Decision => ({
  handOff: { kind: 'fallback' },
  outcome: 'fallback',
  detail: null,
  error,
});

/** The queue a queue node names, by id then by name, within the business line. */
async function queueIdOf(
  store: Store,
  businessLineId: string,
  ref: string,
): Promise<string | null> {
  const byId = await store.queues.get(ref);
  if (byId?.businessLineId === businessLineId) return byId.id;
  const byName = await store.queues.getByName(businessLineId, ref);
  return byName?.id ?? null;
}

async function agentDial(
  store: Store,
  businessLineId: string,
  action: Extract<Action, { type: 'to-agent' }>,
  dial: DialPlanOptions,
): Promise<string | null> {
  const agent =
    action.agentId !== null
      ? await store.agents.get(action.agentId)
      : await store.agents.getByExtension(action.extension ?? '');
  if (agent === undefined || agent.businessLineId !== businessLineId) {
    // An extension that is no agent of ours is still a phone on the PBX.
    return action.agentId === null && action.extension !== null
      ? `PJSIP/${action.extension}`
      : null;
  }
  return agent.endpoint.startsWith('+') ? dial.externalDialString(agent.endpoint) : agent.endpoint;
}

/** The decision for a terminal action other than `goto-flow` and `end`. */
export async function decide(
  store: Store,
  businessLineId: string,
  action: Extract<Action, { type: 'to-queue' | 'to-agent' | 'to-external' | 'hangup' }>,
  dial: DialPlanOptions,
): Promise<Decision> {
  switch (action.type) {
    case 'to-queue': {
      const queueId = await queueIdOf(store, businessLineId, action.queueId);
      if (queueId === null) return fallback(`QUEUE_NOT_FOUND ${action.queueId}`);
      const { vip, priority, skills, language } = action;
      return {
        handOff: { kind: 'queue', queueId, vip, priority, skills, language },
        outcome: 'queue',
        detail: queueId,
        error: null,
      };
    }
    case 'to-agent': {
      const dialString = await agentDial(store, businessLineId, action, dial);
      if (dialString === null) return fallback(`AGENT_NOT_FOUND ${action.agentId ?? ''}`);
      return {
        handOff: { kind: 'dial', dialString, timeoutS: dial.dialTimeoutS },
        outcome: 'agent',
        detail: dialString,
        error: null,
      };
    }
    case 'to-external': {
      const dialString = dial.externalDialString(action.number);
      return {
        handOff: { kind: 'dial', dialString, timeoutS: dial.dialTimeoutS },
        outcome: 'external',
        detail: action.number,
        error: null,
      };
    }
    case 'hangup':
      return {
        handOff: { kind: 'hangup', cause: action.cause, prompt: action.prompt },
        outcome: 'hangup',
        detail: action.cause === null ? null : String(action.cause),
        error: null,
      };
  }
}

/** The PBX's fallback routing, with the reason. */
export const fallbackDecision = fallback;
