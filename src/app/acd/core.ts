/**
 * The ACD runtime's in-memory state: every agent machine, every live call
 * machine, the dispatcher snapshot, the offers in flight, and the work
 * queue that serialises all of it. Every input (a PBX event, an API
 * command, a timer) runs as one task; a step's commands are queued behind
 * it, so a command that steps another machine never interleaves with the
 * commands still pending from the first step. Decisions are synchronous;
 * I/O (PBX operations, record writes) goes on per-call promise chains.
 */
import type { AgentStateChanged } from '../../domain/acd/agent.events.ts';
import type { AgentState } from '../../domain/acd/agent.state.ts';
import type { CallPhaseName, QueuedCall } from '../../domain/acd/call.state.ts';
import { type AcdSnapshot, createSnapshot } from '../../domain/acd/snapshot.ts';
import type { AgentReach } from '../../domain/directory/entities.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../ports.ts';
import { directRecordSink } from '../records/direct-sink.ts';
import type { RecordSink } from '../records/ports.ts';
import type { RecordDraft } from './call-records.ts';
import {
  type CallbackChanged,
  type CallbackState,
  newCallbackState,
} from './callbacks/callback-state.ts';
import { type CallControlEvent, type InCallState, newInCallState } from './in-call-state.ts';
import type { AcdMetrics, CallControl, Timers } from './ports.ts';
import type { RoutingEvent } from './routing-events.ts';
import { newRoutingState, type RoutingState } from './routing-state.ts';

/** One agent as the runtime holds it. */
export interface AgentEntry {
  readonly id: string;
  businessLineId: string;
  reach: AgentReach;
  /** Dial string of the phone. */
  endpoint: string;
  state: AgentState;
  /** When the status last changed, or null before the first change. */
  since: number | null;
  /** Pause reason or offer failure cause of the last change. */
  reason: string | null;
}

/** A call the ACD is handling. */
export interface LiveCall {
  call: QueuedCall;
  readonly callerChannelName: string;
  /** Offer leg per agent currently being offered the call. */
  readonly offers: Map<string, string>;
  /** The agent leg bridged with the caller. */
  agentChannelId: string | null;
  /** The last answered offer leg, so a rejected answer knows which leg to hang up. */
  lastAnswer: { readonly agentId: string; readonly channelId: string } | null;
  holdId: string | null;
  bridgeId: string | null;
  /** The caller's channel is gone (hangup seen); its Q.850 cause when known. */
  callerGone: boolean;
  callerCause: number | null;
  offerSeq: number;
  /** Timer keys this call started, cancelled when it is released. */
  readonly timerKeys: Set<string>;
  /** PBX operations of this call, in order. */
  pbx: Promise<void>;
  readonly record: RecordDraft;
  /** Finished and being released: late events are ignored. */
  released: boolean;
}

/** What a channel is to the ACD. */
export interface LegRef {
  readonly callId: string;
  /** `offer`: an agent being rung; `agent`: the agent leg bridged with the caller. */
  kind: 'caller' | 'offer' | 'agent';
  readonly agentId: string | null;
}

/** Published to observers (tests, and later GraphQL subscriptions). */
export type RuntimeEvent =
  | AgentStateChanged
  | {
      readonly type: 'call-changed';
      readonly callId: string;
      readonly queueId: string;
      readonly from: CallPhaseName | null;
      readonly to: CallPhaseName;
      readonly at: number;
    }
  | {
      readonly type: 'offer-sent';
      readonly callId: string;
      readonly agentId: string;
      readonly channelId: string;
    }
  | {
      readonly type: 'call-bridged';
      readonly callId: string;
      readonly agentId: string;
      readonly bridgeId: string;
    }
  /** The call is over, its record written and its bridges released. */
  | { readonly type: 'call-closed'; readonly callId: string; readonly phase: CallPhaseName }
  /** An inbound call the ACD could not take (no route, unknown queue); its record is written. */
  | { readonly type: 'call-refused'; readonly channelId: string; readonly code: string }
  /** Routing (routing-events.ts): IVR hand-offs, announcements, overflow callbacks. */
  | RoutingEvent
  /** Transfers, conferences, supervisors, click-to-dial (in-call-state.ts). */
  | CallControlEvent
  /** A callback task changed (callbacks/callback-state.ts). */
  | CallbackChanged;

/** What the runtime is built from. */
export interface RuntimeDeps {
  store: Store;
  control: CallControl;
  timers: Timers;
  clock: Clock;
  logger: Logger;
  metrics: AcdMetrics;
  /** Random source for the random strategy; main passes Math.random, tests a seeded one. */
  rng: () => number;
  /** Where call records go (the durable writer); default: straight to `store.calls`. */
  records?: RecordSink;
}

/** The runtime's state. */
export interface AcdCore {
  readonly deps: RuntimeDeps;
  readonly log: Logger;
  /** Where call records go. */
  readonly records: RecordSink;
  readonly snapshot: AcdSnapshot;
  readonly agents: Map<string, AgentEntry>;
  readonly calls: Map<string, LiveCall>;
  /** Every channel of every live call, by channel id. */
  readonly legs: Map<string, LegRef>;
  readonly work: Array<() => void>;
  draining: boolean;
  readonly listeners: Set<(event: RuntimeEvent) => void>;
  /** I/O not tied to a live call (refused calls, stray legs), awaited on stop. */
  readonly inFlight: Set<Promise<unknown>>;
  /** Transfers, conferences, supervisors, click-to-dial and internal calls. */
  readonly inCall: InCallState;
  /** DID table, VIP lists, sticky history, handle times, forwarded legs. */
  readonly routing: RoutingState;
  /** Callback tasks, their attempts and settings (ACD-9). */
  readonly callbacks: CallbackState;
  /**
   * Calls this runtime finished lately (newest last, at most
   * RELEASED_MEMORY): a caller still in our application after its call
   * ended (a closing prompt playing) is not taken back as a new call.
   */
  readonly released: Set<string>;
}

/** How many finished calls the runtime remembers (see `AcdCore.released`). */
export const RELEASED_MEMORY = 10_000;

/** Remembers that the runtime finished `callId`. */
export function noteReleased(core: AcdCore, callId: string): void {
  core.released.delete(callId);
  core.released.add(callId);
  if (core.released.size > RELEASED_MEMORY) {
    const oldest = core.released.values().next().value;
    if (oldest !== undefined) core.released.delete(oldest);
  }
}

/** An empty runtime state. */
export function createCore(deps: RuntimeDeps): AcdCore {
  return {
    deps,
    log: deps.logger.child({ component: 'acd' }),
    records: deps.records ?? directRecordSink(deps.store.calls),
    snapshot: createSnapshot(),
    agents: new Map(),
    calls: new Map(),
    legs: new Map(),
    work: [],
    draining: false,
    listeners: new Set(),
    inFlight: new Set(),
    inCall: newInCallState(),
    routing: newRoutingState(),
    callbacks: newCallbackState(),
    released: new Set(),
  };
}

/**
 * Queues a task and, unless a drain is already running, runs every queued
 * task now. A task that throws is logged and the rest still run: one bad
 * event must not wedge the ACD.
 */
export function run(core: AcdCore, task: () => void): void {
  core.work.push(task);
  if (core.draining) return;
  core.draining = true;
  try {
    for (let next = core.work.shift(); next; next = core.work.shift()) {
      try {
        next();
      } catch (error) {
        core.log.error({ err: error }, 'ACD task failed');
      }
    }
  } finally {
    core.draining = false;
  }
}

/** Tells observers; an observer that throws is logged, never propagated. */
export function publish(core: AcdCore, event: RuntimeEvent): void {
  for (const listener of [...core.listeners]) {
    try {
      listener(event);
    } catch (error) {
      core.log.warn({ err: error, type: event.type }, 'ACD observer failed');
    }
  }
}

/** Appends an I/O step to a call's PBX chain; a step that throws is logged and the chain goes on. */
export function onPbxChain(core: AcdCore, live: LiveCall, step: () => Promise<void>): void {
  live.pbx = live.pbx.then(step).catch((error: unknown) => {
    core.log.error({ err: error, callId: live.call.callId }, 'call control step failed');
  });
}

/** Keeps a loose piece of I/O in `inFlight` until it settles; failures are logged. */
export function track(core: AcdCore, what: string, work: Promise<unknown>): void {
  const settled = work.then(
    () => undefined,
    (error: unknown) => core.log.error({ err: error }, `${what} failed`),
  );
  core.inFlight.add(settled);
  void settled.then(() => core.inFlight.delete(settled));
}
