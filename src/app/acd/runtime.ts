/**
 * The ACD runtime: holds every agent and call state in memory, feeds PBX
 * events, API commands and timers through the pure reducers, and carries
 * out their commands through the injected call control, timers, metrics
 * and store. `main.ts` builds one; tests build one over fakes or the
 * simulator. Events that arrive before `start()` has loaded the
 * configuration wait for it.
 */
import type { AcdError } from '../../domain/acd/acd.types.ts';
import type { AgentEvent } from '../../domain/acd/agent.events.ts';
import type { CallWrapUp } from '../ports.ts';
import { stepAgentIn } from './agent-flow.ts';
import { reconcileAttempts } from './callbacks/callback-attempt.ts';
import { dispatchCallbacks } from './callbacks/callback-desk.ts';
import {
  type CallbackRuntime,
  createCallbackRuntime,
  startCallbacks,
} from './callbacks/callback-runtime.ts';
import { overlayCallbackSettings } from './callbacks/callback-settings.ts';
import { type ConfigChange, loadConfig, reloadAgent, reloadConfig } from './config-loader.ts';
import { type AcdCore, createCore, type RuntimeDeps, type RuntimeEvent, run } from './core.ts';
import { dispatchAgent } from './dispatch.ts';
import { createInCallApi, type InCallApi } from './in-call-api.ts';
import {
  type AgentLiveView,
  agentView,
  type CallLiveView,
  callView,
  callViews,
  gauges,
  type QueueLiveView,
  type QueueStatsView,
  queueStats,
  queuesOfAgent,
  queueView,
} from './live-view.ts';
import { createOutboundAgents, type OutboundAgents } from './outbound-agents.ts';
import type { PbxCallEvent } from './pbx-events.ts';
import { handlePbxEvent, reconcileLegs } from './pbx-input.ts';
import type { PbxPicture } from './pbx-picture.ts';
import { type RecoveryReport, recoverFromPbx } from './recovery.ts';
import { noteCallWrapUp } from './wrap-up.ts';

export type { ConfigChange } from './config-loader.ts';
export type { RuntimeEvent } from './core.ts';
export type {
  AgentLiveView,
  CallLiveView,
  QueueLiveView,
  QueueStatsView,
} from './live-view.ts';
export type { PbxPicture } from './pbx-picture.ts';
export type { RecoveryReport } from './recovery.ts';

/** What an agent (or a supervisor for it) asks the ACD. */
export type AgentAction =
  | { readonly type: 'login' }
  | { readonly type: 'logout' }
  | { readonly type: 'ready' }
  /** Ends a pause only (AGENT_NOT_PAUSED otherwise), unlike `ready`. */
  | { readonly type: 'unpause' }
  | { readonly type: 'pause'; readonly reason: string };

/** Outcome of an agent action: the new live state, or why the machine refused. */
export type AgentActionResult =
  | { readonly ok: true; readonly view: AgentLiveView }
  | { readonly ok: false; readonly error: AcdError };

/** The runtime as the rest of the app sees it (callback operations included). */
export interface AcdRuntime extends CallbackRuntime {
  /** Loads queues, agents, memberships and the DID table; then handles waiting events. */
  start(): Promise<void>;
  /**
   * Stops taking events and drops every timer; resolves once the PBX
   * operations and record writes already under way are done (close the
   * store after this, not before).
   */
  stop(): Promise<void>;
  handle(event: PbxCallEvent): void;
  /** After a PBX (re)connect: ends what is no longer there; returns how many legs were missing. */
  reconcile(liveChannelIds: readonly string[]): Promise<number>;
  /**
   * After a PBX (re)connect, before `reconcile`: takes back the calls in
   * progress the runtime does not hold (after a restart: all of them) and,
   * the first time, the agents' saved presence and the records a previous
   * run left open (recovery.ts).
   */
  recover(picture: PbxPicture): Promise<RecoveryReport>;
  /**
   * Agent phones that can no longer be reached (their Asterisk node went
   * away): their agents are paused as unreachable (at once when free or
   * being offered a call, after the call and wrap-up otherwise), until
   * they say they are ready again.
   */
  phonesLost(endpoints: readonly string[]): void;
  agentAction(agentId: string, action: AgentAction): Promise<AgentActionResult>;
  agentView(agentId: string): AgentLiveView;
  queueView(queueId: string): QueueLiveView;
  /** A queue's live figures with its members by status; undefined for a queue not loaded. */
  queueStats(queueId: string): QueueStatsView | undefined;
  /** Queues the agent is a member of, as the runtime holds them. */
  queuesOf(agentId: string): string[];
  /** One call in progress; undefined once it is over. */
  callView(callId: string): CallLiveView | undefined;
  /** Every call in progress, longest waiting first. */
  liveCalls(): CallLiveView[];
  /**
   * Puts an agent's wrap-up (disposition, notes) on the record of a call the
   * runtime still holds; resolves true once written, false when it holds no
   * such call (its record is final and may be written directly).
   */
  noteWrapUp(callId: string, wrapUp: CallWrapUp): Promise<boolean>;
  /**
   * Re-reads an agent's skills and queue memberships from the store (after
   * they changed through the API); a free agent is then offered any call
   * its new queues hold.
   */
  refreshAgent(agentId: string): Promise<void>;
  /**
   * Re-reads configuration changed through the API: queues (fields, ACD
   * settings, members), the DID table, the VIP lists. Resolves once the
   * runtime routes with it.
   */
  reloadConfig(change: ConfigChange): Promise<void>;
  /** Transfers, conferences, supervisor monitoring, hangup and click-to-dial (in-call-api.ts). */
  readonly calls: InCallApi;
  /** The outbound dialer's narrow access to agents (outbound-agents.ts). */
  readonly outbound: OutboundAgents;
  /** Observes runtime events; returns the unsubscribe function. */
  onEvent(listener: (event: RuntimeEvent) => void): () => void;
}

/** What {@link createAcdRuntime} needs: the core's dependencies (the DID table is in the store). */
export type AcdRuntimeOptions = RuntimeDeps;

const unknownAgent = (agentId: string): AcdError => ({
  code: 'AGENT_NOT_FOUND',
  message: `agent ${agentId} not found`,
  details: { agentId },
});

function eventOf(action: AgentAction, phoneRegistered: boolean): AgentEvent {
  switch (action.type) {
    case 'login':
      return { type: 'login', phoneRegistered };
    case 'pause':
      return { type: 'pause', reason: action.reason };
    default:
      return { type: action.type };
  }
}

async function act(core: AcdCore, agentId: string, action: AgentAction) {
  // Never step inside a running drain (an observer calling back in): wait for it to end.
  await Promise.resolve();
  // Login re-reads the agent so membership and phone changes since start count.
  const known = core.agents.get(agentId);
  const entry =
    action.type === 'login' || known === undefined ? await reloadAgent(core, agentId) : known;
  if (entry === undefined) return { ok: false, error: unknownAgent(agentId) } as const;
  // A reload put the agent's queues back with their own settings: lay the callback settings over.
  overlayCallbackSettings(core);
  const registered =
    action.type === 'login' && entry.reach === 'sip'
      ? await core.deps.control.reachable(entry.endpoint)
      : true;
  let result: AgentActionResult = { ok: false, error: unknownAgent(agentId) };
  run(core, () => {
    const step = stepAgentIn(core, agentId, eventOf(action, registered));
    if (step === null) return;
    result = step.ok ? { ok: true, view: agentView(core, agentId) } : step;
  });
  return result;
}

/** Builds the runtime (call `start()` before expecting it to route calls). */
export function createAcdRuntime(options: AcdRuntimeOptions): AcdRuntime {
  const core = createCore(options);
  let pending: PbxCallEvent[] | null = [];
  let stopped = false;
  let recoveries = 0;
  let markStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  options.metrics.observe(() => gauges(core));
  const callbacks = createCallbackRuntime(core);
  const calls = createInCallApi(core);
  const feed = (event: PbxCallEvent) =>
    run(core, () => handlePbxEvent(core, core.routing.routes, event));
  return {
    async start() {
      await loadConfig(core);
      await startCallbacks(core);
      const waiting = pending ?? [];
      pending = null;
      for (const event of waiting) feed(event);
      markStarted();
    },
    async stop() {
      stopped = true;
      options.timers.clear();
      const inFlight = [...core.calls.values()].flatMap((live) => [live.pbx, live.record.chain]);
      await Promise.all([...inFlight, ...core.inFlight]);
    },
    handle(event) {
      if (stopped) return;
      if (pending === null) feed(event);
      else pending.push(event);
    },
    async reconcile(ids) {
      await started;
      let missing = 0;
      run(core, () => {
        const live = new Set(ids);
        missing = reconcileLegs(core, live) + reconcileAttempts(core, live);
        dispatchCallbacks(core);
      });
      if (missing > 0) core.log.info({ missing }, 'replayed hangups missed while disconnected');
      return missing;
    },
    phonesLost(endpoints) {
      const lost = new Set(endpoints);
      run(core, () => {
        for (const [agentId, entry] of core.agents) {
          if (entry.reach === 'sip' && lost.has(entry.endpoint))
            stepAgentIn(core, agentId, { type: 'phone-lost' });
        }
      });
    },
    async recover(picture) {
      await started;
      const began = performance.now();
      const report = await recoverFromPbx(core, picture, recoveries === 0);
      recoveries += 1;
      const taken = report.waiting + report.connected + report.enteredAnew;
      if (taken + report.agentsRestored + report.recordsClosed + report.offersHungUp > 0) {
        const ms = Math.round((performance.now() - began) * 10) / 10;
        core.log.info({ ...report, ms }, 'state taken back from the PBX');
      }
      return report;
    },
    agentAction: (agentId, action) => act(core, agentId, action),
    agentView: (agentId) => agentView(core, agentId),
    queueView: (queueId) => queueView(core, queueId),
    queueStats: (queueId) => queueStats(core, queueId),
    queuesOf: (agentId) => queuesOfAgent(core, agentId),
    callView: (callId) => callView(core, callId),
    liveCalls: () => callViews(core),
    noteWrapUp: (callId, wrapUp) => noteCallWrapUp(core, callId, wrapUp),
    async refreshAgent(agentId) {
      const entry = await reloadAgent(core, agentId);
      overlayCallbackSettings(core);
      if (entry?.state.activity.status === 'available')
        run(core, () => dispatchAgent(core, agentId));
    },
    async reloadConfig(change) {
      // Before start, `start()` loads everything anyway (waiting for it here would deadlock
      // a caller that configures the ACD before starting it).
      if (pending !== null) return;
      await reloadConfig(core, change);
      overlayCallbackSettings(core);
    },
    ...callbacks,
    calls,
    outbound: createOutboundAgents(core),
    onEvent(listener) {
      core.listeners.add(listener);
      return () => core.listeners.delete(listener);
    },
  };
}
