/**
 * Feeds the live bus from the ACD runtime's events: each agent's status
 * changes and, when an offer rings its phone, its screen pop; queue
 * figures (coalesced); call phase changes. Messages of one agent leave in
 * the order their causes happened: while a pop is being looked up, the
 * agent's later messages wait behind it. The runtime's listener only takes
 * a copy of what it needs; building and sending happen once the runtime's
 * current step is done, so the call's own work (ringing the agent) never
 * waits for the feeds.
 */
import type { AgentStateChanged } from '../../domain/acd/agent.events.ts';
import { isDirectQueueId } from '../../domain/acd/direct.ts';
import type { CallLiveView } from '../acd/live-view.ts';
import type { Timers } from '../acd/ports.ts';
import type { AcdRuntime, RuntimeEvent } from '../acd/runtime.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../ports.ts';
import type { IvrPathLookup } from './ivr-paths.ts';
import type { LiveBus } from './live-bus.ts';
import { type AgentMessage, agentTopic, type CallPhaseMessage } from './live-events.ts';
import { createQueueStatsFeed } from './queue-stats-feed.ts';
import { createScreenPops } from './screen-pop.ts';

/** What the publisher is built from. */
export interface LivePublisherDeps {
  runtime: AcdRuntime;
  store: Store;
  bus: LiveBus;
  /** Its own timers (closing the publisher clears them). */
  timers: Timers;
  clock: Clock;
  logger: Logger;
  /** Finds the IVR path of a call for its screen pops; none without it. */
  ivrPaths?: IvrPathLookup;
  /** Shortest time between two figures of one queue; default 250 ms (four a second). */
  statsIntervalMs?: number;
}

/** A running publisher. */
export interface LivePublisher {
  /** Stops listening; resolves once the pops being looked up are published. */
  close(): Promise<void>;
}

type CallChanged = Extract<RuntimeEvent, { type: 'call-changed' }>;

const BUSY_WITH_CALL = new Set(['reserved', 'ringing', 'on-call']);

/** Starts publishing the runtime's events on the bus. */
export function createLivePublisher(deps: LivePublisherDeps): LivePublisher {
  const { runtime, bus, clock } = deps;
  const log = deps.logger.child({ component: 'live' });
  /** Agents offered or connected so far, per live call: who may follow its events. */
  const involved = new Map<string, Set<string>>();
  /** Per agent, the messages still waiting for a pop lookup to finish. */
  const chains = new Map<string, Promise<void>>();
  /** Per agent, the call its last pop was for. */
  const popped = new Map<string, string>();
  const inFlight = new Set<Promise<void>>();
  const pops = createScreenPops(deps.store, clock, deps.ivrPaths);
  const stats = createQueueStatsFeed({
    // An agent's personal queue (direct DIDs) is no queue of the configuration: no figures for it.
    read: (queueId) => (isDirectQueueId(queueId) ? undefined : runtime.queueStats(queueId)),
    publish: (message) => bus.publish('queue-stats', message),
    timers: deps.timers,
    clock,
    intervalMs: deps.statsIntervalMs ?? 250,
  });

  /** Runs `work` for the agent after its earlier messages; at once when none waits. */
  function inOrder(agentId: string, work: () => void | Promise<void>): void {
    const before = chains.get(agentId);
    if (before === undefined) {
      const result = work();
      if (result === undefined) return;
      track(agentId, result);
      return;
    }
    track(agentId, before.then(work));
  }

  function track(agentId: string, work: Promise<void>): void {
    const done = work.catch((error: unknown) => {
      log.warn({ err: error, agentId }, 'agent message not published');
    });
    chains.set(agentId, done);
    inFlight.add(done);
    void done.then(() => {
      inFlight.delete(done);
      if (chains.get(agentId) === done) chains.delete(agentId);
    });
  }

  const toAgent = (agentId: string, message: AgentMessage) =>
    bus.publish(agentTopic(agentId), message);

  function agentChanged(e: AgentStateChanged, call: CallLiveView | undefined): void {
    const { agentId, callId } = e;
    const state: AgentMessage = {
      type: 'agent-state',
      agentId,
      from: e.from,
      to: e.to,
      reason: e.reason,
      callId,
      at: e.at,
    };
    inOrder(agentId, () => toAgent(agentId, state));
    for (const queueId of runtime.queuesOf(agentId)) stats.changed(queueId);
    if (callId === null || !BUSY_WITH_CALL.has(e.to)) return;
    involved.get(callId)?.add(agentId);
    // The pop goes out when the phone rings; a phone that answered without ringing gets it then.
    if (call === undefined || popped.get(agentId) === callId) return;
    popped.set(agentId, callId);
    inOrder(agentId, async () => {
      toAgent(agentId, await pops.build(agentId, call, e.at));
    });
  }

  function callChanged(e: CallChanged, view: CallLiveView | undefined): void {
    const agentIds = view?.agentIds ?? [];
    let seen = involved.get(e.callId);
    if (seen === undefined) {
      seen = new Set();
      involved.set(e.callId, seen);
    }
    for (const agentId of agentIds) seen.add(agentId);
    const message: CallPhaseMessage = {
      type: 'call-phase',
      callId: e.callId,
      queueId: e.queueId,
      businessLineId: view?.businessLineId ?? runtime.queueStats(e.queueId)?.businessLineId ?? '',
      from: e.from,
      to: e.to,
      ani: view?.ani ?? '',
      dnis: view?.dnis ?? '',
      agentIds: [...agentIds],
      involvedAgentIds: [...seen],
      at: e.at,
    };
    bus.publish('call-phases', message);
    stats.changed(e.queueId);
  }

  /** Runs `work` after the runtime's current step (microtasks keep the order). */
  const later = (work: () => void) =>
    queueMicrotask(() => {
      try {
        work();
      } catch (error) {
        log.warn({ err: error }, 'live message not published');
      }
    });

  const unsubscribe = runtime.onEvent((event) => {
    switch (event.type) {
      case 'agent-state-changed': {
        // The call as it is now: later in this step it may already have moved on.
        const mayPop = event.to === 'ringing' || event.to === 'on-call';
        const call = mayPop && event.callId ? runtime.callView(event.callId) : undefined;
        later(() => agentChanged(event, call));
        return;
      }
      case 'call-changed': {
        const view = runtime.callView(event.callId);
        later(() => callChanged(event, view));
        return;
      }
      case 'call-closed':
        later(() => involved.delete(event.callId));
        return;
      default:
        return;
    }
  });

  return {
    async close() {
      unsubscribe();
      // Let the messages of the last step go out first.
      await new Promise<void>((resolve) => queueMicrotask(resolve));
      stats.close();
      deps.timers.clear();
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
