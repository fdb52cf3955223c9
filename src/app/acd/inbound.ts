/**
 * A caller arrives in our application: find where it goes (the IVR's
 * choice of queue, or the DNIS routing table: a queue, one agent, or an IVR
 * flow), classify the caller (VIP list, sticky agent), and let the call
 * machine admit it. A call the ACD cannot take is refused cleanly: hung up
 * with a cause that tells the trunk why, and still written to the call
 * record.
 */

import type { AcdQueue } from '../../domain/acd/acd.types.ts';
import { enterCall } from '../../domain/acd/call.enter.ts';
import type { QueuedCall } from '../../domain/acd/call.state.ts';
import { type CallerFacts, classifyCaller } from '../../domain/acd/priority.ts';
import { type CompiledRoutes, route } from '../../domain/acd/routing.ts';
import { queueFacts } from '../../domain/acd/snapshot.calls.ts';
import { EMPTY_VIP_BOOK, matchVip } from '../../domain/acd/vip.ts';
import { applyCallStep } from './call-flow.ts';
import { flushRecord, newDraft, noteEnd, type RecordDraft } from './call-records.ts';
import { UNALLOCATED } from './causes.ts';
import { type AcdCore, type LiveCall, publish, track } from './core.ts';
import { directQueueOf } from './direct-queue.ts';
import type { PbxCallEvent } from './pbx-events.ts';
import { lastServedKey } from './routing-state.ts';

type Inbound = Extract<PbxCallEvent, { type: 'inbound-entered' }>;

/** Where a caller goes, or why nowhere. */
type Destination =
  | { readonly queue: AcdQueue }
  | { readonly ivrFlow: string; readonly businessLineId: string }
  | { readonly code: string };

/** The destination of a caller: the IVR's queue, or the DID table's target. */
function destinationOf(core: AcdCore, routes: CompiledRoutes | null, e: Inbound): Destination {
  const byId = (queueId: string): Destination => {
    const queue = core.snapshot.queues.get(queueId)?.queue;
    return queue === undefined ? { code: 'QUEUE_NOT_FOUND' } : { queue };
  };
  if (e.queueId !== null) return byId(e.queueId);
  if (routes === null) return { code: 'ROUTE_NOT_FOUND' };
  const routed = route(routes, e.dnis, e.trunk);
  if (!routed.ok) return { code: routed.error.code };
  const { target } = routed;
  switch (target.kind) {
    case 'queue':
      return byId(target.queueId);
    case 'agent': {
      const queue = directQueueOf(core, target.agentId);
      return queue === null ? { code: 'AGENT_NOT_FOUND' } : { queue };
    }
    case 'ivr':
      return { ivrFlow: target.flowId, businessLineId: routed.businessLineId };
    default:
      return { code: 'ROUTE_NOT_FOUND' };
  }
}

/** What the ACD knows about the caller: VIP list of the line, the IVR firewall's VIP mark, who served them last. */
export function callerFacts(
  core: AcdCore,
  queue: AcdQueue,
  ani: string,
  whitelisted: boolean,
): CallerFacts {
  const book = core.routing.vip.get(queue.businessLineId) ?? EMPTY_VIP_BOOK;
  const last =
    ani === '' ? undefined : core.routing.lastServed.get(lastServedKey(queue.businessLineId, ani));
  return {
    ani,
    whitelisted,
    vip: matchVip(book, ani),
    transferred: false,
    lastServed: last ?? null,
  };
}

/**
 * Hands a caller routed to an IVR flow over to the IVR: the channel leaves
 * our application for the dialplan's IVR context. The IVR writes its own
 * record of the call; if its flow sends the caller to a queue, the caller
 * comes back here with that queue.
 */
function handToIvr(core: AcdCore, e: Inbound, flowId: string, businessLineId: string): void {
  core.log.info(
    { channelId: e.channelId, dnis: e.dnis, flowId, businessLineId },
    'call handed to the IVR',
  );
  const handed = core.deps.control.toIvr(e.channelId, flowId).then((outcome) => {
    if (!outcome.ok && outcome.reason === 'failed') {
      core.log.warn(
        { channelId: e.channelId, flowId, detail: outcome.detail },
        'IVR hand-off failed',
      );
      return core.deps.control.hangup(e.channelId, UNALLOCATED);
    }
    publish(core, { type: 'ivr-handoff', channelId: e.channelId, flowId });
    return outcome;
  });
  track(core, 'handing a call to the IVR', handed);
}

/** Hangs up a caller nobody can serve, and records the attempt. */
function refuse(core: AcdCore, e: Inbound, code: string, businessLineId: string | null): void {
  const now = core.deps.clock.now();
  core.log.warn({ channelId: e.channelId, dnis: e.dnis, trunk: e.trunk, code }, 'call refused');
  const draft = newDraft({
    callId: e.channelId,
    businessLineId,
    ani: e.ani,
    dnis: e.dnis,
    queueId: null,
    startedAt: now,
    callerChannelName: e.channelName,
    trunk: e.trunk,
  });
  noteEnd(draft, now, UNALLOCATED, 'system');
  track(core, 'refusing a call', core.deps.control.hangup(e.channelId, UNALLOCATED));
  const written = flushRecord(draft, core.records, core.log);
  track(
    core,
    'recording a refused call',
    written.then(() => publish(core, { type: 'call-refused', channelId: e.channelId, code })),
  );
}

function liveCallOf(e: Inbound, call: QueuedCall): LiveCall {
  const record = newDraft({
    callId: e.channelId,
    businessLineId: call.businessLineId,
    ani: e.ani,
    dnis: e.dnis,
    // A personal queue (direct DID) is no queue of the records.
    queueId: call.queue.directAgentId === undefined ? call.queue.id : null,
    // The moment the call entered: its queue entry is stamped with the same time.
    startedAt: call.enteredAt,
    callerChannelName: e.channelName,
    trunk: e.trunk,
  });
  return liveCallWith(call, e.channelName, record);
}

/** A live call with nothing under way yet: no offer, no bridge, no timer. */
export function liveCallWith(
  call: QueuedCall,
  callerChannelName: string,
  record: RecordDraft,
): LiveCall {
  return {
    call,
    callerChannelName,
    offers: new Map(),
    agentChannelId: null,
    lastAnswer: null,
    holdId: null,
    bridgeId: null,
    callerGone: false,
    callerCause: null,
    offerSeq: 0,
    timerKeys: new Set(),
    pbx: Promise.resolve(),
    record,
    released: false,
  };
}

/** Takes an inbound caller where it goes. A repeated arrival of the same channel is ignored. */
export function enterInbound(core: AcdCore, routes: CompiledRoutes | null, e: Inbound): void {
  if (core.calls.has(e.channelId)) return;
  const destination = destinationOf(core, routes, e);
  if ('code' in destination) {
    refuse(core, e, destination.code, null);
    return;
  }
  if ('ivrFlow' in destination) {
    handToIvr(core, e, destination.ivrFlow, destination.businessLineId);
    return;
  }
  const { queue } = destination;
  const now = core.deps.clock.now();
  const entered = enterCall(
    {
      callId: e.channelId,
      ani: e.ani,
      dnis: e.dnis,
      businessLineId: queue.businessLineId,
      queue,
      caller: classifyCaller(
        callerFacts(core, queue, e.ani, e.whitelisted === true),
        queue.settings,
        now,
      ),
      facts: queueFacts(core.snapshot, queue.id),
    },
    now,
  );
  if (!entered.ok) {
    refuse(core, e, entered.error.code, queue.businessLineId);
    return;
  }
  const live = liveCallOf(e, entered.state);
  core.calls.set(e.channelId, live);
  core.legs.set(e.channelId, { callId: e.channelId, kind: 'caller', agentId: null });
  applyCallStep(core, live, null, 'enter', entered.state, entered.commands);
}
