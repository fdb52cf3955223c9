/**
 * A caller arrives in our application: find its queue (the IVR's choice, or
 * the DNIS routing table), classify the caller, and let the call machine
 * admit it. A call the ACD cannot take is refused cleanly: hung up with a
 * cause that tells the trunk why, and still written to the call record.
 */

import { enterCall } from '../../domain/acd/call.enter.ts';
import type { QueuedCall } from '../../domain/acd/call.state.ts';
import { classifyCaller } from '../../domain/acd/priority.ts';
import { type CompiledRoutes, route } from '../../domain/acd/routing.ts';
import { queueFacts } from '../../domain/acd/snapshot.calls.ts';
import { applyCallStep } from './call-flow.ts';
import { flushRecord, newDraft, noteEnd } from './call-records.ts';
import { UNALLOCATED } from './causes.ts';
import { type AcdCore, type LiveCall, publish, track } from './core.ts';
import type { PbxCallEvent } from './pbx-events.ts';

type Inbound = Extract<PbxCallEvent, { type: 'inbound-entered' }>;

/** The queue a caller goes to, or why there is none. */
function queueFor(
  routes: CompiledRoutes | null,
  e: Inbound,
): { queueId: string } | { code: string } {
  if (e.queueId !== null) return { queueId: e.queueId };
  if (routes === null) return { code: 'ROUTE_NOT_FOUND' };
  const routed = route(routes, e.dnis, e.trunk);
  if (!routed.ok) return { code: routed.error.code };
  // Direct-to-agent DIDs and IVR flows are later parts of DNIS routing.
  if (routed.target.kind !== 'queue') return { code: 'ROUTE_TARGET_NOT_SUPPORTED' };
  return { queueId: routed.target.queueId };
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
  });
  noteEnd(draft, now, UNALLOCATED, 'system');
  track(core, 'refusing a call', core.deps.control.hangup(e.channelId, UNALLOCATED));
  const written = flushRecord(draft, core.deps.store.calls, core.log);
  track(
    core,
    'recording a refused call',
    written.then(() => publish(core, { type: 'call-refused', channelId: e.channelId, code })),
  );
}

function liveCallOf(core: AcdCore, e: Inbound, call: QueuedCall): LiveCall {
  const record = newDraft({
    callId: e.channelId,
    businessLineId: call.businessLineId,
    ani: e.ani,
    dnis: e.dnis,
    queueId: call.queue.id,
    startedAt: core.deps.clock.now(),
    callerChannelName: e.channelName,
  });
  return {
    call,
    callerChannelName: e.channelName,
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

/** Takes an inbound caller into its queue. A repeated arrival of the same channel is ignored. */
export function enterInbound(core: AcdCore, routes: CompiledRoutes | null, e: Inbound): void {
  if (core.calls.has(e.channelId)) return;
  const target = queueFor(routes, e);
  if ('code' in target) {
    refuse(core, e, target.code, null);
    return;
  }
  const queue = core.snapshot.queues.get(target.queueId)?.queue;
  if (queue === undefined) {
    refuse(core, e, 'QUEUE_NOT_FOUND', null);
    return;
  }
  const now = core.deps.clock.now();
  const facts = { ani: e.ani, whitelisted: false, transferred: false, lastServed: null };
  const entered = enterCall(
    {
      callId: e.channelId,
      ani: e.ani,
      dnis: e.dnis,
      businessLineId: queue.businessLineId,
      queue,
      caller: classifyCaller(facts, queue.settings, now),
      facts: queueFacts(core.snapshot, queue.id),
    },
    now,
  );
  if (!entered.ok) {
    refuse(core, e, entered.error.code, queue.businessLineId);
    return;
  }
  const live = liveCallOf(core, e, entered.state);
  core.calls.set(e.channelId, live);
  core.legs.set(e.channelId, { callId: e.channelId, kind: 'caller', agentId: null });
  applyCallStep(core, live, null, 'enter', entered.state, entered.commands);
}
