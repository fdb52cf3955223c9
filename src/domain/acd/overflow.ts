/**
 * When a queue cannot serve a caller (ACD-5): the queue is full, nobody is
 * logged in, or the caller waited too long. Each case has a target set per
 * queue as data: another queue, an external number (mobile follow-me),
 * voicemail, a callback offer, or a hangup with a cause. Ring timeouts are
 * not overflow: the call machine simply tries the next agent.
 */
import { type AcdError, type AcdQueue, acdError, type OverflowTarget } from './acd.types.ts';

/** Why a call overflowed. */
export type OverflowReason = 'max-wait' | 'max-length' | 'no-agents';

/** Where a call goes and why. */
export interface OverflowDecision {
  readonly reason: OverflowReason;
  readonly target: OverflowTarget;
}

/** Queue facts at the moment a call arrives. */
export interface QueueFacts {
  /** Callers already waiting in the queue. */
  readonly waiting: number;
  /** Members logged in (available, busy or paused). */
  readonly loggedInMembers: number;
}

/** The queue fields overflow decisions read. */
export type OverflowQueue = Pick<AcdQueue, 'maxLength' | 'settings'>;

/** Q.850 34: no circuit available, sent when a call has bounced between queues too often. */
const TOO_MANY_HOPS = { kind: 'hangup', cause: 34 } as const;
/** Q.850 16: normal clearing, when a callback cannot be offered to a withheld number. */
const NO_CALLBACK_NUMBER = { kind: 'hangup', cause: 16 } as const;

/** True when `ani` can be called back: a full E.164 number, not withheld or internal. */
export const canCallBack = (ani: string): boolean => /^\+[1-9]\d{3,14}$/.test(ani);

/** Applies the loop guard and the callback-number check to a configured target. */
function decide(
  reason: OverflowReason,
  target: OverflowTarget,
  queue: OverflowQueue,
  ani: string,
  hops: number,
): OverflowDecision {
  if (target.kind === 'queue' && hops >= queue.settings.overflow.maxHops) {
    return { reason, target: TOO_MANY_HOPS };
  }
  if (target.kind === 'callback' && !canCallBack(ani))
    return { reason, target: NO_CALLBACK_NUMBER };
  return { reason, target };
}

/**
 * Decision on arrival: a full queue overflows at once; so does an empty one
 * (nobody logged in) when the queue has a no-agents target. Null: wait.
 */
export function overflowOnEntry(
  queue: OverflowQueue,
  facts: QueueFacts,
  ani: string,
  hops: number,
): OverflowDecision | null {
  const rules = queue.settings.overflow;
  if (queue.maxLength !== null && facts.waiting >= queue.maxLength) {
    return decide('max-length', rules.onMaxLength, queue, ani, hops);
  }
  if (facts.loggedInMembers === 0 && rules.onNoAgents !== null) {
    return decide('no-agents', rules.onNoAgents, queue, ani, hops);
  }
  return null;
}

/** Decision when the caller has waited the queue's `maxWaitS`. */
export function overflowOnMaxWait(
  queue: OverflowQueue,
  ani: string,
  hops: number,
): OverflowDecision {
  return decide('max-wait', queue.settings.overflow.onMaxWait, queue, ani, hops);
}

/** Decision when the last member logs out while callers wait; null keeps them waiting. */
export function overflowOnNoAgents(
  queue: OverflowQueue,
  ani: string,
  hops: number,
): OverflowDecision | null {
  const target = queue.settings.overflow.onNoAgents;
  return target === null ? null : decide('no-agents', target, queue, ani, hops);
}

/** Codes of overflow configuration errors. */
export type OverflowErrorCode = 'OVERFLOW_QUEUE_NOT_FOUND' | 'OVERFLOW_CROSSES_BUSINESS_LINE';

/**
 * Checks a queue's overflow targets against the other queues: a target
 * queue must exist, differ from the queue, and belong to the same business
 * line (ACD-11: one line's callers never land in another line's queue).
 */
export function validateOverflow(
  queue: Pick<AcdQueue, 'id' | 'businessLineId' | 'settings'>,
  queues: ReadonlyMap<string, { readonly businessLineId: string }>,
): AcdError<OverflowErrorCode>[] {
  const rules = queue.settings.overflow;
  const targets = [rules.onMaxWait, rules.onMaxLength, rules.onNoAgents];
  const errors: AcdError<OverflowErrorCode>[] = [];
  for (const t of targets) {
    if (t?.kind !== 'queue') continue;
    const other = queues.get(t.queueId);
    if (other === undefined || t.queueId === queue.id) {
      errors.push(
        acdError('OVERFLOW_QUEUE_NOT_FOUND', `overflow queue ${t.queueId} not usable`, {
          queueId: queue.id,
          target: t.queueId,
        }),
      );
    } else if (other.businessLineId !== queue.businessLineId) {
      errors.push(
        acdError('OVERFLOW_CROSSES_BUSINESS_LINE', `queue ${t.queueId} is another line's`, {
          queueId: queue.id,
          target: t.queueId,
        }),
      );
    }
  }
  return errors;
}
