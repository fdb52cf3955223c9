/**
 * What the engine holds for one running campaign and for each outbound
 * call in progress. Plain data; the engine's functions change it.
 */
import type { DayCounts } from '../../domain/dialer/abandon-budget.ts';
import type { BroadcastStage } from '../../domain/dialer/broadcast.ts';
import type { Campaign } from '../../domain/dialer/campaign.ts';
import type { AttemptOutcome } from '../../domain/dialer/outcome.ts';
import type { PacingDecision } from '../../domain/dialer/pacing.ts';
import type { PacingStats } from '../../domain/dialer/pacing-stats.ts';
import type { ListRecord } from './ports.ts';

/** One outbound call. */
export interface OutboundCall {
  /** The callee leg's channel id, also the call's id. */
  readonly id: string;
  readonly campaignId: string;
  readonly record: ListRecord;
  readonly numberIndex: number;
  readonly e164: string;
  readonly attemptId: number;
  readonly startedAt: number;
  /** Agent reserved for the call (from the dial on in progressive and preview). */
  agentId: string | null;
  /** The agent's leg, once originated. */
  agentLeg: string | null;
  agentUp: boolean;
  answeredAt: number | null;
  /** When AMD said human (or the answer, without AMD). */
  humanAt: number | null;
  connectedAt: number | null;
  verdict: string | null;
  /** Set once the outcome is known before the legs are gone (machine, abandoned). */
  outcome: AttemptOutcome | null;
  calleeGone: boolean;
  bridgeId: string | null;
  /** Finished and written: late events are ignored. */
  done: boolean;
  /** Where a broadcast call is once a human answered (null otherwise). */
  broadcast: BroadcastStage | null;
  /** Keys kept (broadcast answer or agent key), written on the attempt. */
  keys: string;
}

/** A campaign the engine dials for. */
export interface CampaignRun {
  campaign: Campaign;
  /** The campaign's business line zone and the numbers' default country. */
  readonly zone: string;
  /** Agents of the campaign: assigned ones and members of its queues. */
  agentIds: string[];
  stats: PacingStats;
  days: DayCounts[];
  /** Records fetched and not yet dialled. */
  buffer: ListRecord[];
  /** A tick is running; another was asked for meanwhile. */
  ticking: boolean;
  again: boolean;
  last: PacingDecision | null;
  /** The campaign is being paused or stopped: no new calls. */
  stopping: boolean;
}
