/**
 * Retries (DIAL-4): after an attempt, when (and on which number) the record
 * is tried again, or why it is finished. Pure: the caller passes the
 * record's numbers and counts and the time.
 */
import type { RetryRules } from './campaign.ts';
import { type AttemptOutcome, reachedContact } from './outcome.ts';

/** State of one number of a record. */
export type NumberStatus = 'active' | 'invalid' | 'dnc' | 'done';

/** One number of a list record. */
export interface RecordNumber {
  readonly e164: string;
  /** IANA zone of the callee (inferred at import, overridable). */
  readonly timezone: string;
  readonly attempts: number;
  readonly status: NumberStatus;
}

/** Lifecycle of a list record. */
export type RecordStatus =
  | 'pending'
  | 'scheduled'
  | 'in-progress'
  | 'reserved'
  /** Held for a scheduled follow-up (DIAL-9): dialled by it, not by pacing. */
  | 'follow-up'
  | 'completed'
  | 'exhausted'
  | 'dnc'
  | 'invalid';

/** What happens to a record after an attempt. */
export type RetryDecision =
  | {
      readonly kind: 'retry';
      /** Earliest time of the next attempt (the calling window may push it later). */
      readonly at: number;
      readonly numbers: readonly RecordNumber[];
    }
  | {
      readonly kind: 'finished';
      readonly status: Exclude<
        RecordStatus,
        'pending' | 'scheduled' | 'in-progress' | 'reserved' | 'follow-up'
      >;
      readonly numbers: readonly RecordNumber[];
    };

const delayOf = (rules: RetryRules, outcome: AttemptOutcome): number | null => {
  switch (outcome) {
    case 'busy':
      return rules.busyS;
    case 'no-answer':
    case 'hangup-early':
      return rules.noAnswerS;
    case 'machine':
      return rules.machineS;
    case 'abandoned':
      return rules.abandonedS;
    case 'failed':
      return rules.failedS;
    case 'skipped':
      // A skipped preview comes back later, not to the same agent at once.
      return rules.noAnswerS ?? 3600;
    default:
      return null;
  }
};

/**
 * Decides after an attempt on `numbers[index]` ended with `outcome` at
 * `now`. A reached contact (connected, or a broadcast delivered) finishes
 * the record; an invalid number is dropped and the next one tried at once;
 * a number that reached its attempt limit is done; the record is exhausted
 * when no number is left or its own attempt limit is reached.
 */
export function afterAttempt(input: {
  readonly numbers: readonly RecordNumber[];
  readonly index: number;
  readonly outcome: AttemptOutcome;
  /** Attempts of the record so far, this one included. */
  readonly recordAttempts: number;
  readonly rules: RetryRules;
  readonly now: number;
}): RetryDecision {
  const { rules, outcome, now } = input;
  const counted = outcome === 'skipped' ? 0 : 1;
  const numbers = input.numbers.map((n, i) => {
    if (i !== input.index) return n;
    const attempts = n.attempts + counted;
    if (outcome === 'invalid') return { ...n, attempts, status: 'invalid' as const };
    if (reachedContact(outcome) || attempts >= rules.maxAttemptsPerNumber) {
      return { ...n, attempts, status: 'done' as const };
    }
    return { ...n, attempts };
  });
  if (reachedContact(outcome)) return { kind: 'finished', status: 'completed', numbers };
  const active = numbers.some((n) => n.status === 'active');
  if (!active) {
    const allInvalid = numbers.every((n) => n.status === 'invalid');
    return { kind: 'finished', status: allInvalid ? 'invalid' : 'exhausted', numbers };
  }
  if (input.recordAttempts >= rules.maxAttempts) {
    return { kind: 'finished', status: 'exhausted', numbers };
  }
  const delay = delayOf(rules, outcome);
  const current = numbers[input.index];
  // The same number is over (invalid, limit reached): the next number is tried at once.
  if (current?.status !== 'active') return { kind: 'retry', at: now, numbers };
  if (delay === null) {
    const rest = numbers.map((n, i) => (i === input.index ? { ...n, status: 'done' as const } : n));
    if (!rest.some((n) => n.status === 'active')) {
      return { kind: 'finished', status: 'exhausted', numbers: rest };
    }
    return { kind: 'retry', at: now, numbers: rest };
  }
  return { kind: 'retry', at: now + delay * 1000, numbers };
}

/**
 * The number to dial next: among active numbers the one tried least,
 * earlier in the list on a tie (the list's order is the contact's
 * preference). `callable` says whether a number may be called now (its
 * calling window); -1 when none may.
 */
export function nextNumber<N extends RecordNumber>(
  numbers: readonly N[],
  callable: (n: N) => boolean = () => true,
): number {
  let best = -1;
  for (const [i, n] of numbers.entries()) {
    if (n.status !== 'active' || !callable(n)) continue;
    const current = best < 0 ? undefined : numbers[best];
    if (current === undefined || n.attempts < current.attempts) best = i;
  }
  return best;
}
