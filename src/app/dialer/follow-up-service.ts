/**
 * Follow-ups as the API uses them (DIAL-9), with the caller's rights
 * checked here like the other agent-side dialer operations: an agent
 * books, lists and cancels its own; admins and supervisors do so for any
 * agent of their business lines' campaigns; QA does none of it. Booking
 * holds the record (status `follow-up`) so pacing leaves it to the
 * follow-up; the engine dials it when due (follow-up-runner.ts).
 */
import type { Campaign } from '../../domain/dialer/campaign.ts';
import { type FollowUp, isDueToday, scheduleProblem } from '../../domain/dialer/follow-up.ts';
import { DomainError, invalidField, notFound } from '../../domain/shared/errors.ts';
import { type Actor, scopeOf, seesLine } from '../actor.ts';
import { audit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import type { Store } from '../ports.ts';
import type { VisibleRecord } from './dialer-service.ts';
import type { DialerStore, ListRecord } from './ports.ts';

/** What the follow-up operations are built from. */
export interface FollowUpServiceDeps {
  store: Store;
  dialer: DialerStore;
  clock: Clock;
  /** The record as the caller may see it (masked numbers for agents). */
  show(actor: Actor, c: Campaign, r: ListRecord): VisibleRecord;
}

/** A follow-up with its campaign and contact, as the caller may see them. */
export interface VisibleFollowUp {
  readonly followUp: FollowUp;
  readonly campaign: Campaign;
  readonly record: VisibleRecord;
}

/** A follow-up as booked through the API. */
export interface FollowUpFields {
  recordId: number;
  dueAt: number;
  note: string;
  /** The agent it is for; agents may only name themselves (or leave it out). */
  agentId: string | null;
}

const LIMIT = 500;
/** Far enough ahead to hold the end of today in every time zone. */
const TODAY_AHEAD_MS = 36 * 3_600_000;

const forbidden = (message: string) => new DomainError('FORBIDDEN', message);

/** The follow-up operations of the dialer service. */
export function createFollowUpService(deps: FollowUpServiceDeps) {
  const { dialer, clock } = deps;

  /** The agent the caller acts for: its own, or (admins, supervisors) the one named. */
  function agentFor(actor: Actor, named: string | null): string {
    if (actor.role === 'qa') throw forbidden('role qa may not book or list follow-ups');
    if (actor.role === 'agent') {
      if (actor.agentId === null) throw invalidField('agentId', 'the caller is not an agent');
      if (named !== null && named !== actor.agentId) {
        throw forbidden('agents book and list their own follow-ups only');
      }
      return actor.agentId;
    }
    const agentId = named ?? actor.agentId;
    if (agentId === null) throw invalidField('agentId', 'name the agent the follow-up is for');
    return agentId;
  }

  async function worksCampaign(c: Campaign, agentId: string): Promise<boolean> {
    if (c.agentIds.includes(agentId)) return true;
    const members = await deps.store.queues.membersOf(c.queueIds);
    return members.some((m) => m.agentId === agentId);
  }

  async function zonesOf(campaigns: readonly Campaign[]): Promise<Map<string, string>> {
    const zones = new Map<string, string>();
    for (const lineId of new Set(campaigns.map((c) => c.businessLineId))) {
      zones.set(lineId, (await deps.store.businessLines.get(lineId))?.timezone ?? 'UTC');
    }
    return zones;
  }

  return {
    /** Books a call back to a contact of a campaign at `dueAt` for an agent of the campaign. */
    async scheduleFollowUp(actor: Actor, f: FollowUpFields): Promise<VisibleFollowUp> {
      const agentId = agentFor(actor, f.agentId);
      const record = await dialer.records.get(f.recordId);
      const c = record === undefined ? undefined : await dialer.campaigns.get(record.campaignId);
      if (record === undefined || c === undefined || !seesLine(actor, c.businessLineId)) {
        throw notFound('ListRecord', String(f.recordId));
      }
      if (c.settings.mode === 'broadcast') {
        throw new DomainError('CONFLICT', 'a broadcast campaign has no agents to call back', {
          reason: 'BROADCAST',
        });
      }
      if (!(await worksCampaign(c, agentId))) {
        throw invalidField('agentId', `agent ${agentId} does not work campaign ${c.name}`);
      }
      const problem = scheduleProblem(f.dueAt, clock.now());
      if (problem !== null) throw invalidField('dueAt', problem);
      const followUp = await dialer.transaction(async (tx) => {
        const created = await tx.followUps.create({
          campaignId: c.id,
          recordId: record.id,
          agentId,
          dueAt: f.dueAt,
          note: f.note.trim(),
          createdBy: actor.userId,
        });
        // A record on a call now is held when that call ends (call-flow.ts finish).
        if (record.status !== 'in-progress') {
          await tx.records.save(record.id, { status: 'follow-up' });
        }
        await audit({ audit: tx.audit } as never, clock, actor, {
          action: 'followUp.schedule',
          entity: 'FollowUp',
          entityId: created.id,
          after: created,
        });
        return created;
      });
      return { followUp, campaign: c, record: deps.show(actor, c, record) };
    },

    /**
     * Cancels a follow-up not dialled yet; its record goes back to pacing
     * unless another follow-up still holds it.
     */
    async cancelFollowUp(actor: Actor, id: string): Promise<VisibleFollowUp> {
      const found = await dialer.followUps.get(id);
      const c = found === undefined ? undefined : await dialer.campaigns.get(found.campaignId);
      if (found === undefined || c === undefined || !seesLine(actor, c.businessLineId)) {
        throw notFound('DialerFollowUp', id);
      }
      if (actor.role === 'qa') throw forbidden('role qa may not cancel follow-ups');
      if (actor.role === 'agent' && found.agentId !== actor.agentId) {
        throw forbidden('agents cancel their own follow-ups only');
      }
      if (found.status !== 'scheduled') {
        throw new DomainError('CONFLICT', `the follow-up is ${found.status}`, {
          reason: 'NOT_SCHEDULED',
        });
      }
      const record = await dialer.transaction(async (tx) => {
        await tx.followUps.update(id, { status: 'cancelled' });
        const held = await tx.records.get(found.recordId);
        if (held?.status === 'follow-up' && !(await tx.followUps.holds(held.id))) {
          await tx.records.save(held.id, { status: 'scheduled', nextAt: clock.now() });
        }
        await audit({ audit: tx.audit } as never, clock, actor, {
          action: 'followUp.cancel',
          entity: 'FollowUp',
          entityId: id,
          before: found,
        });
        return tx.records.get(found.recordId);
      });
      if (record === undefined) throw notFound('ListRecord', String(found.recordId));
      return {
        followUp: { ...found, status: 'cancelled' },
        campaign: c,
        record: deps.show(actor, c, record),
      };
    },

    /**
     * Follow-ups due today (the campaign's business line day), overdue ones
     * still waiting included: the caller's own for an agent; for admins and
     * supervisors, the named agent's or every one of their business lines.
     */
    async followUpsDue(actor: Actor, agentId: string | null): Promise<VisibleFollowUp[]> {
      const own = actor.role === 'agent' || agentId !== null ? agentFor(actor, agentId) : null;
      if (actor.role === 'qa') throw forbidden('role qa may not list follow-ups');
      const campaigns = await dialer.campaigns.list(scopeOf(actor), { offset: 0, limit: 1000 });
      const byId = new Map(campaigns.map((c) => [c.id, c]));
      const zones = await zonesOf(campaigns);
      const now = clock.now();
      const found = await dialer.followUps.list(
        { agentId: own, campaignIds: [...byId.keys()] },
        now + TODAY_AHEAD_MS,
        LIMIT,
      );
      const visible: VisibleFollowUp[] = [];
      for (const followUp of found) {
        const campaign = byId.get(followUp.campaignId);
        if (campaign === undefined) continue;
        if (!isDueToday(followUp, now, zones.get(campaign.businessLineId) ?? 'UTC')) continue;
        const record = await dialer.records.get(followUp.recordId);
        if (record === undefined) continue;
        visible.push({ followUp, campaign, record: deps.show(actor, campaign, record) });
      }
      return visible;
    },
  };
}
