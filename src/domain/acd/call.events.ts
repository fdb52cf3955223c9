/**
 * What happens to a queued call (events in) and what the call machine asks
 * call control to do (commands out). Offers, bridges and hangups are data:
 * an executor in `app/` turns them into ARI requests.
 */
import type {
  AcdQueue,
  CancelTimer,
  OfferFailureCause,
  OverflowTarget,
  SkillRequirement,
  StartTimer,
} from './acd.types.ts';
import type { OverflowReason, QueueFacts } from './overflow.ts';

/** An event for one queued call. */
export type CallEvent =
  /** The dispatcher assigned agents; several only for ring-all. */
  | { readonly type: 'offer'; readonly agentIds: readonly string[]; readonly ringAll: boolean }
  | { readonly type: 'offer-ringing'; readonly agentId: string }
  | { readonly type: 'offer-answered'; readonly agentId: string }
  | { readonly type: 'offer-failed'; readonly agentId: string; readonly cause: OfferFailureCause }
  /** The ring timer fired. */
  | { readonly type: 'ring-timeout' }
  | { readonly type: 'caller-hangup' }
  | { readonly type: 'agent-hangup' }
  /** The max-wait timer fired. */
  | { readonly type: 'max-wait-reached' }
  /** The caller pressed the callback key while waiting. */
  | { readonly type: 'callback-key' }
  /** The announce timer fired; position (1-based) and expected wait from the queue's figures. */
  | {
      readonly type: 'announce-due';
      readonly position: number;
      readonly expectedWaitS: number | null;
    }
  /** The last member of the queue logged out. */
  | { readonly type: 'no-agents' }
  /** An overflowed call arrives in its target queue (`target.kind` queue), keeping its place. */
  | { readonly type: 'overflow-enter'; readonly queue: AcdQueue; readonly facts: QueueFacts }
  /** The external number of an overflow answered. */
  | { readonly type: 'forward-answered' }
  /** The external number did not answer (or could not be dialled); `cause` is Q.850 when known. */
  | { readonly type: 'forward-failed'; readonly cause: number | null }
  /** The external party hung up after answering. */
  | { readonly type: 'forward-hangup' }
  /** The agent sent the connected caller to another queue (blind transfer, AGT-2). */
  | {
      readonly type: 'transfer';
      readonly queue: AcdQueue;
      readonly facts: QueueFacts;
      readonly requiredSkills?: readonly SkillRequirement[];
    };

/** Kinds of ACD entries in the call record (RPT-1). */
export type AcdRecordKind =
  | 'enter'
  | 'offer'
  | 'ring'
  | 'answer'
  | 'offer-failed'
  | 'abandon'
  | 'overflow'
  | 'forward-failed'
  | 'callback-requested'
  | 'transfer'
  | 'end';

/** One entry for the call record. */
export interface AcdRecord {
  readonly callId: string;
  readonly queueId: string;
  readonly kind: AcdRecordKind;
  readonly at: number;
  readonly agentId: string | null;
  /** Failure cause, overflow reason and target, hangup side. */
  readonly detail: string | null;
}

/**
 * Why a callback task is created: the caller hung up after waiting long
 * enough, pressed the callback key while queued, asked through the API (an
 * agent or the CRM booked it), or the queue overflowed to a callback.
 */
export type CallbackReason = 'abandoned' | 'keypress' | 'requested' | 'overflow';

/** A command from the call machine. */
export type CallCommand =
  | StartTimer
  | CancelTimer
  | {
      readonly type: 'originate-offer';
      readonly callId: string;
      readonly agentId: string;
      readonly queueId: string;
      /** Shown to the agent as caller ID and used for the screen pop. */
      readonly ani: string;
      readonly dnis: string;
      readonly deadline: number;
    }
  /** Stop ringing these agents; feed each agent machine `offer-failed` with `cause`. */
  | {
      readonly type: 'cancel-offers';
      readonly callId: string;
      readonly agentIds: readonly string[];
      readonly cause: OfferFailureCause;
    }
  /**
   * A second agent answered a call already connected (ring-all race,
   * Asterisk issue #176): hang up that agent's leg, never bridge it.
   */
  | { readonly type: 'reject-answer'; readonly callId: string; readonly agentId: string }
  | { readonly type: 'bridge'; readonly callId: string; readonly agentId: string }
  | { readonly type: 'start-moh'; readonly callId: string }
  | { readonly type: 'stop-moh'; readonly callId: string }
  | {
      readonly type: 'announce-position';
      readonly callId: string;
      readonly position: number;
      readonly expectedWaitS: number | null;
    }
  /**
   * Move the caller to another queue (the executor feeds `overflow-enter`
   * with that queue) or to voicemail (an IVR flow takes the caller over).
   */
  | {
      readonly type: 'overflow';
      readonly callId: string;
      readonly reason: OverflowReason;
      readonly target: Extract<OverflowTarget, { kind: 'queue' } | { kind: 'voicemail' }>;
      readonly hops: number;
      readonly waitingSince: number;
    }
  /** Ring an external number for an overflowed caller (who stays on hold); its answer comes back as `forward-answered`. */
  | {
      readonly type: 'dial-external';
      readonly callId: string;
      readonly number: string;
      /** Shown to the called party: the caller's number. */
      readonly ani: string;
      readonly ringTimeoutS: number;
    }
  /** Bridge the caller with the external party that answered. */
  | { readonly type: 'bridge-external'; readonly callId: string }
  /** Hang up the external party (the caller left). */
  | { readonly type: 'hangup-external'; readonly callId: string; readonly cause: number }
  | {
      readonly type: 'create-callback';
      readonly callId: string;
      readonly queueId: string;
      readonly businessLineId: string;
      readonly number: string;
      readonly reason: CallbackReason;
    }
  /** Hang up the caller with a Q.850 cause, after playing `prompt` when not null. */
  | {
      readonly type: 'hangup-caller';
      readonly callId: string;
      readonly cause: number;
      readonly prompt: string | null;
    }
  | { readonly type: 'hangup-agent'; readonly callId: string; readonly agentId: string }
  /**
   * Run `dispatchForCall` for this call at `at` (now, or later when a hold
   * ends or relaxation widens). The executor syncs the snapshot with the new
   * call state (`syncCall`) before it runs any command, so the call is there.
   */
  | { readonly type: 'schedule-dispatch'; readonly callId: string; readonly at: number }
  | { readonly type: 'write-record'; readonly record: AcdRecord };

/** Timer key of a call's ring timeout. */
export const ringTimerKey = (callId: string): string => `acd:ring:${callId}`;
/** Timer key of a call's max wait. */
export const maxWaitTimerKey = (callId: string): string => `acd:max-wait:${callId}`;
/** Timer key of a call's next position announcement. */
export const announceTimerKey = (callId: string): string => `acd:announce:${callId}`;

/** Prompt played before hanging up a caller whose callback was booked. */
export const CALLBACK_CONFIRMED_PROMPT = 'callback-confirmed';
