/**
 * Scheduled follow-ups (DIAL-9): an agent books a call back to a contact of
 * a campaign at a time. When it falls due it is dialled for that agent,
 * who is reserved for it as in progressive mode once free; an agent who is
 * away (logged out) when it falls due hands it to the campaign, and any
 * free agent of the campaign takes it. Pure: the caller passes the time
 * and the agent's state.
 */
import { localDay } from './abandon-budget.ts';

/** Lifecycle of a follow-up. */
export const FOLLOW_UP_STATUSES = ['scheduled', 'dialled', 'missed', 'cancelled'] as const;
/** One follow-up status. */
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** Whom a follow-up was dialled for. */
export type FollowUpTarget = 'agent' | 'campaign';

/** A follow-up. */
export interface FollowUp {
  readonly id: string;
  readonly campaignId: string;
  readonly recordId: number;
  /** The agent who owns it. */
  readonly agentId: string;
  readonly dueAt: number;
  readonly note: string;
  readonly status: FollowUpStatus;
  /** Set once dialled. */
  readonly dialledFor: FollowUpTarget | null;
  /** The agent reserved for the call it made (its owner, or another one of the campaign). */
  readonly dialledAgentId: string | null;
  /** The call it made (the callee leg's id). */
  readonly callId: string | null;
  /** User who booked it. */
  readonly createdBy: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The owner's state as the dialer sees it. */
export type OwnerState = 'free' | 'busy' | 'away';

/** What to do with a follow-up now. */
export type FollowUpRoute =
  | { readonly kind: 'not-due' }
  /** Dial it with its owner reserved. */
  | { readonly kind: 'agent' }
  /** The owner is away: dial it with any free agent of the campaign. */
  | { readonly kind: 'campaign' }
  /** The owner is logged in but busy: try again on the next tick. */
  | { readonly kind: 'wait' };

/** Whom a follow-up goes to now. */
export function routeFollowUp(
  f: Pick<FollowUp, 'dueAt' | 'status'>,
  owner: OwnerState,
  now: number,
): FollowUpRoute {
  if (f.status !== 'scheduled' || f.dueAt > now) return { kind: 'not-due' };
  if (owner === 'away') return { kind: 'campaign' };
  return owner === 'free' ? { kind: 'agent' } : { kind: 'wait' };
}

/** Earliest and latest booking, relative to now. */
const GRACE_MS = 60_000;
const MAX_AHEAD_MS = 366 * 86_400_000;

/** Why a follow-up may not be booked for `dueAt`, or null when it may. */
export function scheduleProblem(dueAt: number, now: number): string | null {
  if (!Number.isFinite(dueAt)) return 'dueAt: not a time';
  if (dueAt < now - GRACE_MS) return 'dueAt: in the past';
  if (dueAt > now + MAX_AHEAD_MS) return 'dueAt: more than a year ahead';
  return null;
}

/**
 * On an agent's list of the day: follow-ups falling on today's date in
 * `zone` (the campaign's business line), and older ones still waiting to
 * be dialled (overdue ones must not drop off the list at midnight).
 */
export function isDueToday(
  f: Pick<FollowUp, 'dueAt' | 'status'>,
  now: number,
  zone: string,
): boolean {
  if (f.status === 'cancelled') return false;
  if (localDay(f.dueAt, zone) === localDay(now, zone)) return true;
  return f.status === 'scheduled' && f.dueAt <= now;
}
