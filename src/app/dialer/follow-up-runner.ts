/**
 * Dials a campaign's due follow-ups (DIAL-9) on each engine tick, before
 * pacing starts new calls: each goes to its owner when the owner is free,
 * waits while the owner is logged in but busy, and goes to any free agent
 * of the campaign when the owner is logged out. The decision is the pure
 * `routeFollowUp`; here the owner's state is read and the call placed.
 */
import { type OwnerState, routeFollowUp } from '../../domain/dialer/follow-up.ts';
import type { OutboundAgents } from '../acd/outbound-agents.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { CampaignRun } from './campaign-run.ts';
import type { DialerStore, ListRecord } from './ports.ts';

/** Result of dialling a record for an agent: the call id, or why not. */
export type FollowUpDial = { readonly callId: string } | 'agent-taken' | 'not-dialable';

/** What the runner works with. */
export interface FollowUpRunnerDeps {
  readonly store: DialerStore;
  readonly agents: OutboundAgents;
  readonly clock: Clock;
  readonly log: Logger;
  /** Dials `record` with `agentId` reserved for it (the engine's progressive dial). */
  dial(run: CampaignRun, record: ListRecord, agentId: string): Promise<FollowUpDial>;
}

const BATCH = 20;

function ownerState(agents: OutboundAgents, agentId: string): OwnerState {
  const load = agents.loads([agentId])[0];
  if (load === undefined || load.status === 'logged-out') return 'away';
  return agents.free([agentId]).length > 0 ? 'free' : 'busy';
}

/** Dials what is due now; returns how many calls it placed. */
export async function dialDueFollowUps(deps: FollowUpRunnerDeps, run: CampaignRun) {
  const now = deps.clock.now();
  const due = await deps.store.followUps.due(run.campaign.id, now, BATCH);
  let placed = 0;
  for (const f of due) {
    const route = routeFollowUp(f, ownerState(deps.agents, f.agentId), now);
    if (route.kind !== 'agent' && route.kind !== 'campaign') continue;
    const agentId =
      route.kind === 'agent'
        ? f.agentId
        : deps.agents.free(run.agentIds).find((id) => id !== f.agentId);
    // Nobody of the campaign is free: the next tick tries again.
    if (agentId === undefined) continue;
    const record = await deps.store.records.get(f.recordId);
    if (record === undefined) {
      await deps.store.followUps.update(f.id, { status: 'missed' });
      continue;
    }
    // The contact is on a call right now (it called in, or a retry): after it ends.
    if (record.status === 'in-progress') continue;
    // Marked first: a call that fails at once ends (and frees the record) before
    // dial() returns, and a follow-up still scheduled would hold the record again.
    await deps.store.followUps.update(f.id, {
      status: 'dialled',
      dialledFor: route.kind,
      dialledAgentId: agentId,
    });
    const dialled = await deps.dial(run, record, agentId);
    if (dialled === 'agent-taken') {
      await deps.store.followUps.update(f.id, {
        status: 'scheduled',
        dialledFor: null,
        dialledAgentId: null,
      });
      continue;
    }
    if (dialled === 'not-dialable') {
      // Do-not-call since, or outside the callee's hours: the record went back to pacing.
      deps.log.info({ followUpId: f.id, recordId: f.recordId }, 'follow-up not dialable');
      await deps.store.followUps.update(f.id, { status: 'missed' });
      continue;
    }
    await deps.store.followUps.update(f.id, { callId: dialled.callId });
    deps.log.info(
      { followUpId: f.id, callId: dialled.callId, agentId, dialledFor: route.kind },
      'follow-up dialled',
    );
    placed += 1;
  }
  return placed;
}
