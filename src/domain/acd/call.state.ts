/**
 * A call's life inside the ACD, from entering a queue to being connected,
 * overflowing, abandoning or asking for a callback. Times are epoch ms.
 */
import type {
  AcdQueue,
  OverflowTarget,
  PriorityClass,
  SkillRequirement,
  Step,
} from './acd.types.ts';
import type { CallError } from './call.errors.ts';
import type { CallCommand } from './call.events.ts';
import type { OverflowReason } from './overflow.ts';
import type { AgentHold } from './priority.ts';

/** Where the call is; `name` tells which. */
export type CallPhase =
  | { readonly name: 'waiting'; readonly since: number }
  | {
      readonly name: 'offered';
      /** Agents being offered the call: one, or every eligible free agent for ring-all. */
      readonly agentIds: readonly string[];
      /** Agents whose phone is confirmed ringing. */
      readonly ringing: readonly string[];
      readonly deadline: number;
      readonly ringAll: boolean;
      readonly since: number;
    }
  | { readonly name: 'connected'; readonly agentId: string; readonly since: number }
  | {
      readonly name: 'overflowed';
      readonly reason: OverflowReason;
      readonly target: OverflowTarget;
      readonly at: number;
    }
  /** Overflowed to an external number that is ringing; the caller waits on hold meanwhile. */
  | {
      readonly name: 'forwarding';
      readonly reason: OverflowReason;
      readonly number: string;
      readonly since: number;
    }
  /** The external number answered and is bridged with the caller. */
  | { readonly name: 'forwarded'; readonly number: string; readonly since: number }
  | { readonly name: 'abandoned'; readonly at: number }
  | { readonly name: 'callback-requested'; readonly at: number }
  | {
      readonly name: 'ended';
      readonly at: number;
      readonly by: 'caller' | 'agent' | 'external';
    };

/** Name of a phase. */
export type CallPhaseName = CallPhase['name'];

/** An agent who missed this call and is skipped for it until `until`. */
export interface TriedAgent {
  readonly agentId: string;
  readonly until: number;
}

/**
 * A call in (or just out of) a queue. Its position is not stored: it changes
 * with every other call, so announcements read it from the dispatcher
 * snapshot (`positionOf`). Sticky and dedicated agents are `holds`.
 */
export interface QueuedCall {
  readonly callId: string;
  /** Caller's number (E.164) or '' when withheld. */
  readonly ani: string;
  readonly dnis: string;
  readonly businessLineId: string;
  /** The queue and its settings as they were when the call entered. */
  readonly queue: AcdQueue;
  /** Entry into this queue: max wait counts from here. */
  readonly enteredAt: number;
  /** Entry into the ACD: call order and skills relaxation count from here, across overflows. */
  readonly waitingSince: number;
  readonly priority: PriorityClass;
  /** Skills this call needs beyond its queue's (e.g. the language chosen in the IVR). */
  readonly requiredSkills: readonly SkillRequirement[];
  readonly holds: readonly AgentHold[];
  readonly tried: readonly TriedAgent[];
  /** Queue-to-queue overflows taken so far (loop guard). */
  readonly hops: number;
  readonly phase: CallPhase;
}

const LIVE_PHASES: ReadonlySet<CallPhase['name']> = new Set([
  'waiting',
  'offered',
  'connected',
  'forwarding',
  'forwarded',
]);

/** Phases after which the ACD has nothing more to do with the call. */
export const isFinished = (phase: CallPhase): boolean => !LIVE_PHASES.has(phase.name);

/** Tried agents still skipped at `now`. */
export const activeTried = (tried: readonly TriedAgent[], now: number): TriedAgent[] =>
  tried.filter((t) => t.until > now);

/** Result of a call step. */
export type CallStep = Step<QueuedCall, CallCommand, CallError>;
