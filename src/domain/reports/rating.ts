/**
 * Call cost from rate tables (RPT-4). A rate applies to numbers starting
 * with its prefix (digits of the E.164 number without `+`; '' matches every
 * number) on its trunk ('' matches every trunk). The most specific rate
 * wins: a rate for the call's trunk before a rate for any trunk, then the
 * longest prefix. Formula (docs/reports.md):
 *
 *   billed seconds = 0 when the call was not answered, else
 *                    max(minimum, ceil(talked seconds / increment) * increment)
 *   cost           = setup fee + per-minute price * billed seconds / 60
 *
 * where talked seconds run from the answer to the end. An unanswered call
 * costs nothing (no setup fee either). Amounts are millionths of the
 * currency unit, rounded to the nearest millionth.
 */
import type { CallRecord } from '../call/call-record.ts';

/** One rate. */
export interface Rate {
  /** Digits the billed number starts with ('' for any). */
  readonly prefix: string;
  /** Trunk the rate applies to ('' for any). */
  readonly trunk: string;
  readonly perMinuteMicros: number;
  /** Billing increment in seconds (1 = per second, 60 = per minute). */
  readonly incrementS: number;
  /** Seconds billed at least, once answered. */
  readonly minimumS: number;
  readonly setupMicros: number;
}

/** The number a call is billed for: the callee of outbound calls, the caller of inbound ones. */
export function billedNumber(call: Pick<CallRecord, 'direction' | 'ani' | 'dnis'>): string | null {
  if (call.direction === 'internal') return null;
  const number = call.direction === 'outbound' ? call.dnis : call.ani;
  const digits = number.replace(/^\+/, '');
  return /^\d+$/.test(digits) ? digits : null;
}

/** The rate that applies to `digits` on `trunk`, or undefined. */
export function rateFor(
  rates: readonly Rate[],
  digits: string,
  trunk: string | null,
): Rate | undefined {
  let best: Rate | undefined;
  const score = (r: Rate) => (r.trunk === '' ? 0 : 1000) + r.prefix.length;
  for (const r of rates) {
    if (r.trunk !== '' && r.trunk !== trunk) continue;
    if (!digits.startsWith(r.prefix)) continue;
    if (best === undefined || score(r) > score(best)) best = r;
  }
  return best;
}

/** Seconds billed for `talkedMs` at `rate`. */
export function billedSeconds(talkedMs: number, rate: Rate): number {
  if (talkedMs <= 0) return 0;
  const increment = Math.max(1, rate.incrementS);
  const rounded = Math.ceil(talkedMs / 1000 / increment) * increment;
  return Math.max(rate.minimumS, rounded);
}

/** The cost of one finished call in millionths, or null when no rate applies. */
export function costOf(
  call: Pick<CallRecord, 'direction' | 'ani' | 'dnis' | 'answeredAt' | 'endedAt' | 'trunk'>,
  rates: readonly Rate[],
): number | null {
  if (call.endedAt === null) return null;
  const digits = billedNumber(call);
  if (digits === null) return null;
  const rate = rateFor(rates, digits, call.trunk ?? null);
  if (rate === undefined) return null;
  if (call.answeredAt === null) return 0;
  const seconds = billedSeconds(call.endedAt - call.answeredAt, rate);
  if (seconds === 0) return 0;
  return rate.setupMicros + Math.round((rate.perMinuteMicros * seconds) / 60);
}
