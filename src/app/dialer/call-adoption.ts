/**
 * Dialer calls a previous run left in progress (a restart, a failover):
 * each open attempt (no end written) is taken back as an outbound call
 * from its row, so that the PBX events of its legs finish it the usual way
 * and a conversation in progress is neither cut nor dialled again. Ids
 * say what each channel is: the callee leg's id is the attempt's channel
 * id, its agent leg `<id>-agent`, their bridge `cw-dialer-<id>`. A call
 * whose callee leg no longer exists ended while nobody listened: the
 * reconcile that follows finishes it like a missed hangup.
 */
import type { CampaignRun, OutboundCall } from './campaign-run.ts';
import type { Attempt, ListRecord } from './ports.ts';

/** The agent leg of a dialer call. */
export const agentLegOf = (callId: string): string => `${callId}-agent`;

/** The bridge of a dialer call with its agent. */
export const dialerBridgeOf = (callId: string): string => `cw-dialer-${callId}`;

/** The outbound call an open attempt stands for, with what the PBX still holds of it. */
export function adoptedCall(
  run: CampaignRun,
  attempt: Attempt,
  record: ListRecord,
  live: ReadonlySet<string>,
): OutboundCall {
  const leg = agentLegOf(attempt.channelId);
  const legLive = live.has(leg);
  const connected = attempt.connectedAt !== null;
  const index = record.numbers.findIndex((n) => n.e164 === attempt.e164);
  // Without AMD an answer is a human. With AMD the verdict is written only at the end:
  // an answered callee counts as human once connected to an agent.
  const human = attempt.answeredAt !== null && (connected || !run.campaign.settings.amd);
  return {
    id: attempt.channelId,
    campaignId: attempt.campaignId,
    record,
    numberIndex: Math.max(0, index),
    e164: attempt.e164,
    attemptId: attempt.id,
    startedAt: attempt.startedAt,
    agentId: attempt.agentId,
    agentLeg: legLive ? leg : null,
    agentUp: legLive && connected,
    answeredAt: attempt.answeredAt,
    humanAt: human ? attempt.answeredAt : null,
    connectedAt: attempt.connectedAt,
    verdict: attempt.amd,
    outcome: attempt.outcome,
    calleeGone: false,
    bridgeId: connected ? dialerBridgeOf(attempt.channelId) : null,
    done: false,
    broadcast: null,
    keys: attempt.dtmf ?? '',
  };
}

/** Whether a run's campaign plays a message with no agent (its calls cannot resume mid-message). */
export const isBroadcast = (run: CampaignRun): boolean =>
  run.campaign.settings.mode === 'broadcast';
