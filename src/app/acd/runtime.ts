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
import type { CompiledRoutes } from '../../domain/acd/routing.ts';
import { stepAgentIn } from './agent-flow.ts';
import { loadConfig, reloadAgent } from './config-loader.ts';
import { type AcdCore, createCore, type RuntimeDeps, type RuntimeEvent, run } from './core.ts';
import { type DidTable, resolveDidTable } from './did-routes.ts';
import {
  type AgentLiveView,
  agentView,
  gauges,
  type QueueLiveView,
  queueView,
} from './live-view.ts';
import type { PbxCallEvent } from './pbx-events.ts';
import { handlePbxEvent, reconcileLegs } from './pbx-input.ts';

export type { RuntimeEvent } from './core.ts';
export type { AgentLiveView, QueueLiveView } from './live-view.ts';

/** What an agent (or a supervisor for it) asks the ACD. */
export type AgentAction =
  | { readonly type: 'login' }
  | { readonly type: 'logout' }
  | { readonly type: 'ready' }
  | { readonly type: 'pause'; readonly reason: string };

/** Outcome of an agent action: the new live state, or why the machine refused. */
export type AgentActionResult =
  | { readonly ok: true; readonly view: AgentLiveView }
  | { readonly ok: false; readonly error: AcdError };

/** The runtime as the rest of the app sees it. */
export interface AcdRuntime {
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
  agentAction(agentId: string, action: AgentAction): Promise<AgentActionResult>;
  agentView(agentId: string): AgentLiveView;
  queueView(queueId: string): QueueLiveView;
  /** Observes runtime events; returns the unsubscribe function. */
  onEvent(listener: (event: RuntimeEvent) => void): () => void;
}

/** What {@link createAcdRuntime} needs beyond the core's dependencies. */
export interface AcdRuntimeOptions extends RuntimeDeps {
  /** DNIS routing table (data). */
  didTable: DidTable;
}

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
  let routes: CompiledRoutes | null = null;
  let pending: PbxCallEvent[] | null = [];
  let stopped = false;
  let markStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  options.metrics.observe(() => gauges(core));
  const feed = (event: PbxCallEvent) => run(core, () => handlePbxEvent(core, routes, event));
  return {
    async start() {
      await loadConfig(core);
      const resolved = await resolveDidTable(options.store, options.didTable);
      for (const p of resolved.problems) core.log.warn(p, 'DID route not usable');
      routes = resolved.routes;
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
        missing = reconcileLegs(core, new Set(ids));
      });
      if (missing > 0) core.log.info({ missing }, 'replayed hangups missed while disconnected');
      return missing;
    },
    agentAction: (agentId, action) => act(core, agentId, action),
    agentView: (agentId) => agentView(core, agentId),
    queueView: (queueId) => queueView(core, queueId),
    onEvent(listener) {
      core.listeners.add(listener);
      return () => core.listeners.delete(listener);
    },
  };
}
