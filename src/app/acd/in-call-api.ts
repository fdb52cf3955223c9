/**
 * In-call control as the rest of the app sees it (the API's call-control
 * service): transfers, conferences, supervisor monitoring, hangup and
 * click-to-dial on calls the runtime holds, each run as one runtime task,
 * and who is on a call, for the rights checks made above this layer.
 */
import type { PageRequest } from '../ports.ts';
import { stepCallIn } from './call-flow.ts';
import { done, type InCallResult, refuse } from './call-parties.ts';
import { noteEnd } from './call-records.ts';
import { NORMAL_CLEARING } from './causes.ts';
import { endOutbound, placeCall } from './click-to-dial.ts';
import { addParty } from './conference.ts';
import { reloadAgent } from './config-loader.ts';
import { type AcdCore, run } from './core.ts';
import { holdCall, isHeld, refusedWhileHeld, resumeCall } from './in-call-hold.ts';
import { watchCallEnds } from './in-call-input.ts';
import { hangupOnChain, saveRecord } from './in-call-legs.ts';
import type { MonitorMode, PartyTarget, TransferMode, TransferTarget } from './in-call-state.ts';
import { monitorCall } from './supervise.ts';
import { cancelTransfer, completeTransfer, startTransfer } from './transfer.ts';

export type { InCallResult } from './call-parties.ts';
export type { MonitorMode, PartyTarget, TransferMode, TransferTarget } from './in-call-state.ts';

/** A call in progress as rights checks need it. */
export interface CallParties {
  readonly callId: string;
  readonly businessLineId: string;
  readonly direction: 'inbound' | 'outbound';
  /** The agent the call belongs to (connected agent, or the agent who placed it); null while queued. */
  readonly agentId: string | null;
  /** Every agent on the call: its own, transfer targets, conference parties, supervisors. */
  readonly agentIds: readonly string[];
}

/** In-call control of the runtime. */
export interface InCallApi {
  /** Who is on a call in progress; undefined when the runtime holds no such call. */
  parties(callId: string): CallParties | undefined;
  transfer(callId: string, target: TransferTarget, mode: TransferMode): Promise<InCallResult>;
  completeTransfer(callId: string): Promise<InCallResult>;
  cancelTransfer(callId: string): Promise<InCallResult>;
  addParty(callId: string, target: PartyTarget): Promise<InCallResult>;
  /** A supervisor listens, whispers or barges in from the phone of agent `supervisorAgentId`. */
  monitor(callId: string, mode: MonitorMode, supervisorAgentId: string): Promise<InCallResult>;
  /** Ends a call; `by` is written as who ended it (agent, supervisor). */
  hangup(callId: string, by: string): Promise<InCallResult>;
  /** The agent puts the caller of a connected call on hold (music on hold). */
  hold(callId: string): Promise<InCallResult>;
  /** The caller comes back from the agent's hold. */
  resume(callId: string): Promise<InCallResult>;
  /** Whether the caller is on the agent's hold. */
  held(callId: string): boolean;
  /** Rings the agent's phone, then dials `number` (E.164) with its business line's caller ID. */
  placeCall(agentId: string, number: string): Promise<InCallResult>;
  /** Loads an agent created since start-up that never logged in (its phone is about to ring). */
  ensureAgent(agentId: string): Promise<void>;
}

/** Runs one in-call operation as a runtime task (never inside a running drain). */
async function task(core: AcdCore, work: () => InCallResult): Promise<InCallResult> {
  await Promise.resolve();
  let result: InCallResult = refuse('UNAVAILABLE', 'the ACD did not run the request');
  run(core, () => {
    result = work();
  });
  return result;
}

function partiesOf(core: AcdCore, callId: string): CallParties | undefined {
  const out = core.inCall.outbound.get(callId);
  if (out !== undefined && !out.ended) {
    return {
      callId,
      businessLineId: out.businessLineId,
      direction: 'outbound',
      agentId: out.agentId,
      agentIds: [out.agentId],
    };
  }
  const live = core.calls.get(callId);
  if (live === undefined || live.released) return undefined;
  const { phase } = live.call;
  const agentId = phase.name === 'connected' ? phase.agentId : null;
  const others = [...core.inCall.legs.values()].flatMap((leg) =>
    leg.callId === callId && leg.agentId !== null ? [leg.agentId] : [],
  );
  const agentIds = [...new Set([...(agentId === null ? [] : [agentId]), ...others])];
  return {
    callId,
    businessLineId: live.call.businessLineId,
    direction: 'inbound',
    agentId,
    agentIds,
  };
}

function hangupCall(core: AcdCore, callId: string, by: string): InCallResult {
  const out = core.inCall.outbound.get(callId);
  if (out !== undefined && !out.ended) {
    endOutbound(core, out, NORMAL_CLEARING, by);
    return done(callId);
  }
  const live = core.calls.get(callId);
  if (live === undefined || live.released) {
    return refuse('CALL_NOT_FOUND', `call ${callId} not found`, { callId });
  }
  noteEnd(live.record, core.deps.clock.now(), NORMAL_CLEARING, by);
  saveRecord(core, live.record);
  if (live.call.phase.name !== 'connected') {
    // Queued or ringing: the caller's hangup ends the call as usual.
    if (!live.callerGone) hangupOnChain(core, callId, callId, NORMAL_CLEARING);
    return done(callId);
  }
  if (live.agentChannelId !== null) {
    hangupOnChain(core, callId, live.agentChannelId, NORMAL_CLEARING);
  }
  // The agent side ends the call: the machine hangs up the caller, parties follow.
  stepCallIn(core, callId, { type: live.callerGone ? 'caller-hangup' : 'agent-hangup' });
  return done(callId);
}

const PAGE: PageRequest = { offset: 0, limit: 500 };

/**
 * The caller ID of a call placed for an agent: a DID routed to one of its
 * queues, else any DID of its business line; '' leaves it to the trunk.
 */
async function callerIdOf(core: AcdCore, agentId: string): Promise<string> {
  const entry = core.agents.get(agentId);
  if (entry === undefined) return '';
  const routes = await core.deps.store.didRoutes.list(
    { businessLineIds: [entry.businessLineId] },
    PAGE,
  );
  const exact = routes.filter((r) => !r.did.endsWith('*'));
  const queues = core.snapshot.agents.get(agentId)?.queues;
  const ofQueue = exact.find((r) => r.target.kind === 'queue' && queues?.has(r.target.queueId));
  return (ofQueue ?? exact[0])?.did ?? '';
}

/** Builds the in-call control of a runtime core and starts watching its calls end. */
export function createInCallApi(core: AcdCore): InCallApi {
  watchCallEnds(core);
  return {
    parties: (callId) => partiesOf(core, callId),
    transfer: (callId, target, mode) =>
      task(core, () => refusedWhileHeld(core, callId) ?? startTransfer(core, callId, target, mode)),
    completeTransfer: (callId) => task(core, () => completeTransfer(core, callId)),
    cancelTransfer: (callId) => task(core, () => cancelTransfer(core, callId)),
    addParty: (callId, target) =>
      task(core, () => refusedWhileHeld(core, callId) ?? addParty(core, callId, target)),
    monitor: (callId, mode, supervisorAgentId) =>
      task(core, () => monitorCall(core, callId, mode, supervisorAgentId)),
    hangup: (callId, by) => task(core, () => hangupCall(core, callId, by)),
    hold: (callId) => task(core, () => holdCall(core, callId)),
    resume: (callId) => task(core, () => resumeCall(core, callId)),
    held: (callId) => isHeld(core, callId),
    async ensureAgent(agentId) {
      if (!core.agents.has(agentId)) await reloadAgent(core, agentId);
    },
    async placeCall(agentId, number) {
      const callerNumber = await callerIdOf(core, agentId).catch((error: unknown) => {
        core.log.warn({ err: error, agentId }, 'no caller ID for a placed call');
        return '';
      });
      return task(core, () => placeCall(core, agentId, number, callerNumber));
    },
  };
}
