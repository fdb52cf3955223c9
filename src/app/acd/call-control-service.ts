/**
 * In-call control as the API uses it (AGT-2..5), with the caller's rights
 * checked here whatever the entry point:
 * - an agent transfers, conferences and hangs up only its own calls, and
 *   dials out only from its own phone;
 * - supervisors and admins do all of that on calls and agents of their
 *   business lines, and listen, whisper and barge in;
 * - QA may listen (MISSION.md: "Supervisors and QA staff who watch queues,
 *   listen in, and read reports"), never speak or change a call.
 * The permissions are `calls:control`, `calls:listen`, `calls:coach` (roles.ts).
 * A call, agent or queue the caller may not see reads as NOT_FOUND.
 * Transfer and conference targets must belong to the call's business line
 * (ACD-11). Listening, whispering and barging in are written to the audit log.
 */
import type { AcdError } from '../../domain/acd/acd.types.ts';
import type { AgentErrorCode } from '../../domain/acd/agent.errors.ts';
import { DomainError, invalidField, notFound } from '../../domain/shared/errors.ts';
import { normalisePhone } from '../../domain/shared/phone.ts';
import { can } from '../../domain/shared/roles.ts';
import { type Actor, seesLine } from '../actor.ts';
import { audit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import type { Store } from '../ports.ts';
import type {
  CallParties,
  InCallApi,
  InCallResult,
  MonitorMode,
  TransferMode,
} from './in-call-api.ts';
import type { AcdRuntime } from './runtime.ts';

/** Where a transfer or a conference goes, as the API names it. */
export type CallTargetInput =
  | { readonly agentId: string }
  | { readonly queueId: string }
  | { readonly number: string };

/** What a call-control operation did. */
export interface CallControlOutcome {
  /** The call acted on (for click-to-dial: the new call). */
  readonly callId: string;
  /** The leg created: the target being rung, the party, the supervisor's phone. */
  readonly channelId: string | null;
}

const AGENT_CODES: ReadonlySet<string> = new Set<AgentErrorCode>([
  'AGENT_NOT_LOGGED_IN',
  'AGENT_NOT_AVAILABLE',
  'AGENT_ON_CALL',
  'ILLEGAL_TRANSITION',
]);

/** The API's error for a refusal of the runtime. */
function domainErrorOf(error: AcdError): DomainError {
  const id = String(error.details.agentId ?? error.details.queueId ?? error.details.callId ?? '');
  switch (error.code) {
    case 'CALL_NOT_FOUND':
      return notFound('Call', id);
    case 'AGENT_NOT_FOUND':
      return notFound('Agent', id);
    case 'QUEUE_NOT_FOUND':
    case 'BUSINESS_LINE_MISMATCH':
      return notFound('Queue', id);
    case 'UNAVAILABLE':
      return new DomainError('UNAVAILABLE', error.message);
    default:
      if (AGENT_CODES.has(error.code)) {
        return new DomainError(error.code as AgentErrorCode, error.message, { ...error.details });
      }
      // The call is not in a state for this (not connected, a transfer under way...).
      return new DomainError('CONFLICT', error.message, { ...error.details, reason: error.code });
  }
}

function outcomeOf(result: InCallResult): CallControlOutcome {
  if (!result.ok) throw domainErrorOf(result.error);
  return { callId: result.callId, channelId: result.channelId };
}

/** What the service is built from. */
export interface CallControlDeps {
  store: Store;
  clock: Clock;
  acd?: AcdRuntime | undefined;
}

/** Creates the call-control service; without a runtime every operation is UNAVAILABLE. */
export function createCallControlService(deps: CallControlDeps) {
  const { store } = deps;
  const calls = (): InCallApi => {
    if (deps.acd === undefined) throw new DomainError('UNAVAILABLE', 'the ACD is not running');
    return deps.acd.calls;
  };
  const manages = (actor: Actor, businessLineId: string) =>
    can(actor.role, 'calls:control') && seesLine(actor, businessLineId);

  /** A live call the actor may act on (its own, or one of its lines when it manages them). */
  function ownCall(actor: Actor, callId: string): CallParties {
    const call = calls().parties(callId);
    if (call === undefined) throw notFound('Call', callId);
    const own = actor.agentId !== null && call.agentId === actor.agentId;
    if (own || manages(actor, call.businessLineId)) return call;
    if (can(actor.role, 'calls:read-all') && seesLine(actor, call.businessLineId)) {
      throw new DomainError('FORBIDDEN', `role ${actor.role} may not control calls`, { callId });
    }
    throw notFound('Call', callId);
  }

  /** The runtime's form of a target, checked against the call's business line. */
  async function targetOf(call: CallParties, input: CallTargetInput) {
    if ('agentId' in input) {
      const agent = await store.agents.get(input.agentId);
      if (agent?.businessLineId !== call.businessLineId) throw notFound('Agent', input.agentId);
      return { kind: 'agent', agentId: agent.id } as const;
    }
    if ('queueId' in input) {
      const queue = await store.queues.get(input.queueId);
      if (queue?.businessLineId !== call.businessLineId) throw notFound('Queue', input.queueId);
      return { kind: 'queue', queueId: queue.id } as const;
    }
    return { kind: 'external', number: await e164(call.businessLineId, input.number) } as const;
  }

  async function e164(businessLineId: string, number: string): Promise<string> {
    const line = await store.businessLines.get(businessLineId);
    return normalisePhone(number, line?.defaultCountry).e164;
  }

  /** The phone a supervisor uses: the agent given, else its own agent record. */
  async function phoneAgent(actor: Actor, agentId: string | null | undefined, line: string) {
    const id = agentId ?? actor.agentId;
    if (id === null) throw invalidField('agentId', 'required: the caller has no agent phone');
    const agent = await store.agents.get(id);
    if (agent === undefined) throw notFound('Agent', id);
    if (agent.id !== actor.agentId && !seesLine(actor, agent.businessLineId)) {
      throw notFound('Agent', id);
    }
    if (agent.id !== actor.agentId && agent.businessLineId !== line) throw notFound('Agent', id);
    return agent;
  }

  return {
    /** Transfers a call, blind or attended, to an agent, a queue or a number. */
    async transfer(actor: Actor, callId: string, input: CallTargetInput, mode: TransferMode) {
      const call = ownCall(actor, callId);
      const target = await targetOf(call, input);
      return outcomeOf(await calls().transfer(callId, target, mode));
    },
    /** Completes an attended transfer whose target answered. */
    async completeTransfer(actor: Actor, callId: string) {
      ownCall(actor, callId);
      return outcomeOf(await calls().completeTransfer(callId));
    },
    /** Cancels an attended transfer: the caller comes back. */
    async cancelTransfer(actor: Actor, callId: string) {
      ownCall(actor, callId);
      return outcomeOf(await calls().cancelTransfer(callId));
    },
    /** Adds a third party (an agent, a supervisor's agent record, or a number) to a call. */
    async conferenceAdd(actor: Actor, callId: string, input: CallTargetInput) {
      const call = ownCall(actor, callId);
      if ('queueId' in input) throw invalidField('target.queueId', 'a queue cannot join a call');
      const target = await targetOf(call, input);
      if (target.kind === 'queue') throw invalidField('target', 'a queue cannot join a call');
      return outcomeOf(await calls().addParty(callId, target));
    },
    /** Listens, whispers or barges in from the caller's (or the given agent's) phone. */
    async monitor(
      actor: Actor,
      callId: string,
      mode: MonitorMode,
      agentId: string | null | undefined,
    ) {
      const call = calls().parties(callId);
      if (call === undefined || !seesLine(actor, call.businessLineId)) {
        throw notFound('Call', callId);
      }
      const permission = mode === 'listen' ? 'calls:listen' : 'calls:coach';
      if (!can(actor.role, permission)) {
        if (!can(actor.role, 'calls:read-all')) throw notFound('Call', callId);
        throw new DomainError('FORBIDDEN', `role ${actor.role} may not ${mode} in`, { callId });
      }
      const phone = await phoneAgent(actor, agentId, call.businessLineId);
      // A supervisor created since start-up and never logged in is not loaded yet.
      await calls().ensureAgent(phone.id);
      const outcome = outcomeOf(await calls().monitor(callId, mode, phone.id));
      await audit(store, deps.clock, actor, {
        action: `call.${mode}`,
        entity: 'Call',
        entityId: callId,
        after: { mode, phoneAgentId: phone.id, agentId: call.agentId },
      });
      return outcome;
    },
    /** Puts the caller on hold (music on hold), or brings it back when `on` is false. */
    async hold(actor: Actor, callId: string, on: boolean) {
      ownCall(actor, callId);
      return outcomeOf(await (on ? calls().hold(callId) : calls().resume(callId)));
    },
    /** Ends a call. */
    async hangup(actor: Actor, callId: string) {
      const call = ownCall(actor, callId);
      const by = actor.agentId !== null && call.agentId === actor.agentId ? 'agent' : actor.role;
      return outcomeOf(await calls().hangup(callId, by));
    },
    /** Click-to-dial: rings the agent's phone, then the number. */
    async originate(actor: Actor, number: string, agentId: string | null | undefined) {
      const id = agentId ?? actor.agentId;
      if (id === null) throw invalidField('agentId', 'required: the caller is not an agent');
      const agent = await store.agents.get(id);
      const visible =
        agent !== undefined &&
        (agent.id === actor.agentId || seesLine(actor, agent.businessLineId));
      if (agent === undefined || !visible) throw notFound('Agent', id);
      if (agent.id !== actor.agentId && !manages(actor, agent.businessLineId)) {
        throw new DomainError('FORBIDDEN', `role ${actor.role} may not dial for agent ${id}`, {
          agentId: id,
        });
      }
      const e164Number = await e164(agent.businessLineId, number);
      await calls().ensureAgent(agent.id);
      return outcomeOf(await calls().placeCall(agent.id, e164Number));
    },
  };
}

/** The call-control service's operations. */
export type CallControlService = ReturnType<typeof createCallControlService>;
