/**
 * Builders shared by the ACD unit tests: queues with settings, a fake clock,
 * a seeded rng, and a small world (snapshot + agent machines) driven the way
 * the app will drive it: step a reducer, then sync the snapshot.
 */
import {
  type AcdQueue,
  type AcdQueueSettingsInput,
  parseAcdSettings,
} from '../../src/domain/acd/acd.types.ts';
import type { AgentEvent } from '../../src/domain/acd/agent.events.ts';
import { stepAgent } from '../../src/domain/acd/agent.machine.ts';
import { type AgentState, initialAgentState } from '../../src/domain/acd/agent.state.ts';
import { putWaiting } from '../../src/domain/acd/snapshot.calls.ts';
import {
  type AcdSnapshot,
  createSnapshot,
  putAgent,
  putQueue,
  syncAgent,
  type WaitingCall,
} from '../../src/domain/acd/snapshot.ts';
import type { QueueStrategy } from '../../src/domain/directory/entities.ts';

/** 2025-03-03 09:00:00 UTC, a Monday morning. */
export const T0 = Date.UTC(2025, 2, 3, 9, 0, 0);

/** `s` seconds after T0. */
export const at = (s: number): number => T0 + s * 1000;

/** Builds an ACD queue; settings go through the real parser so defaults apply. */
export function queue(
  id: string,
  over: Partial<Omit<AcdQueue, 'settings'>> & { settings?: AcdQueueSettingsInput } = {},
): AcdQueue {
  const parsed = parseAcdSettings(over.settings ?? {});
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return {
    id,
    businessLineId: 'bl-1',
    strategy: 'longest-idle' as QueueStrategy,
    ringTimeoutS: 15,
    maxWaitS: null,
    maxLength: null,
    wrapUpS: 0,
    requiredSkills: [],
    ...over,
    settings: parsed.settings,
  };
}

/** A deterministic rng (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An rng that must not be called. */
export const noRng = (): number => {
  throw new Error('rng used by a strategy that should not draw');
};

/** A waiting call for the snapshot. */
export function waiting(
  id: string,
  queueId: string,
  waitingSince: number,
  over: Partial<WaitingCall> = {},
): WaitingCall {
  return {
    id,
    queueId,
    businessLineId: 'bl-1',
    kind: 'call',
    priority: 'normal',
    waitingSince,
    requiredSkills: [],
    holds: [],
    tried: [],
    notBefore: 0,
    ...over,
  };
}

/** An agent to add to a world. */
export interface AgentSpec {
  id: string;
  queues: string[];
  line?: string;
  skills?: Record<string, number>;
  penalty?: number;
  /** Membership order (creation time). */
  order?: number;
}

/** A snapshot plus agent machines, stepped together like the app will. */
export class World {
  readonly snap: AcdSnapshot = createSnapshot();
  readonly agents = new Map<string, AgentState>();

  constructor(queues: AcdQueue[], agents: AgentSpec[]) {
    for (const q of queues) putQueue(this.snap, q);
    agents.forEach((a, i) => {
      const errors = putAgent(
        this.snap,
        {
          id: a.id,
          businessLineId: a.line ?? 'bl-1',
          skills: Object.entries(a.skills ?? {}).map(([skillId, level]) => ({ skillId, level })),
        },
        a.queues.map((queueId) => ({
          queueId,
          penalty: a.penalty ?? 0,
          createdAt: a.order ?? i,
        })),
      );
      if (errors.length > 0) throw new Error(JSON.stringify(errors));
      this.agents.set(a.id, initialAgentState(a.id));
    });
  }

  /** Steps an agent machine and syncs the snapshot; throws on a refused step. */
  step(agentId: string, event: AgentEvent, now: number): AgentState {
    const step = stepAgent(this.agents.get(agentId)!, event, now);
    if (!step.ok) throw new Error(`${agentId} ${event.type}: ${step.error.code}`);
    this.agents.set(agentId, step.state);
    syncAgent(this.snap, step.state);
    return step.state;
  }

  /** Logs agents in at `now`. */
  login(now: number, ...ids: string[]): void {
    for (const id of ids) this.step(id, { type: 'login', phoneRegistered: true }, now);
  }

  /** Adds a waiting call. */
  wait(call: WaitingCall): void {
    const error = putWaiting(this.snap, call);
    if (error !== null) throw new Error(error.code);
  }

  /** Puts an agent on a call then into wrap-up (or free when wrapUpS is 0). */
  serve(agentId: string, callId: string, now: number, wrapUpS: number): void {
    this.step(agentId, { type: 'reserve', callId, offerDeadline: now + 15_000 }, now);
    this.step(agentId, { type: 'answer', callId }, now);
    this.step(agentId, { type: 'call-ended', callId, wrapUpS }, now);
  }
}

type AnyStep<C> =
  | { readonly ok: true; readonly commands: readonly C[] }
  | { readonly ok: false; readonly error: { readonly code: string } };

/** The commands of an accepted step; throws (failing the test) when the step was refused. */
export function commandsOf<C>(step: AnyStep<C>): readonly C[] {
  if (!step.ok) throw new Error(`step refused: ${step.error.code}`);
  return step.commands;
}

/** The error code of a refused step, or null when it was accepted. */
export const errorCodeOf = (
  step: { readonly ok: true } | { readonly ok: false; readonly error: { readonly code: string } },
): string | null => (step.ok ? null : step.error.code);
