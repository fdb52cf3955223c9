/** Scheduled follow-ups (`dialer_follow_ups`, DIAL-9). */
import type { DialerRepositories } from '../../app/dialer/ports.ts';
import type { FollowUp, FollowUpStatus, FollowUpTarget } from '../../domain/dialer/follow-up.ts';
import { type DbTime, fromDbTime, toDbTime } from '../db-time.ts';
import type { RepositoryDeps } from '../repositories/repository-deps.ts';

const FOLLOW_UPS = 'dialer_follow_ups';

interface FollowUpRow {
  id: string;
  campaign_id: string;
  record_id: number | string;
  agent_id: string;
  due_at: DbTime;
  note: string;
  status: string;
  dialled_for: string | null;
  dialled_agent_id: string | null;
  call_id: string | null;
  created_by: string | null;
  created_at: DbTime;
  updated_at: DbTime;
}

const toFollowUp = (r: FollowUpRow): FollowUp => ({
  id: r.id,
  campaignId: r.campaign_id,
  recordId: Number(r.record_id),
  agentId: r.agent_id,
  dueAt: fromDbTime(r.due_at),
  note: r.note,
  status: r.status as FollowUpStatus,
  dialledFor: r.dialled_for as FollowUpTarget | null,
  dialledAgentId: r.dialled_agent_id,
  callId: r.call_id,
  createdBy: r.created_by,
  createdAt: fromDbTime(r.created_at),
  updatedAt: fromDbTime(r.updated_at),
});

/** Follow-up operations. */
export function createFollowUpRepository({
  db,
  clock,
}: RepositoryDeps): DialerRepositories['followUps'] {
  const get = async (id: string) => {
    const row = (await db(FOLLOW_UPS).where({ id }).first()) as FollowUpRow | undefined;
    return row === undefined ? undefined : toFollowUp(row);
  };
  return {
    get,
    async create(input) {
      const id = crypto.randomUUID();
      const now = toDbTime(clock.now());
      await db(FOLLOW_UPS).insert({
        id,
        campaign_id: input.campaignId,
        record_id: input.recordId,
        agent_id: input.agentId,
        due_at: toDbTime(input.dueAt),
        note: input.note,
        status: 'scheduled',
        dialled_for: null,
        dialled_agent_id: null,
        call_id: null,
        created_by: input.createdBy,
        created_at: now,
        updated_at: now,
      });
      return (await get(id))!;
    },
    async update(id, patch) {
      await db(FOLLOW_UPS)
        .where({ id })
        .update({
          ...(patch.status === undefined ? {} : { status: patch.status }),
          ...(patch.dialledFor === undefined ? {} : { dialled_for: patch.dialledFor }),
          ...(patch.dialledAgentId === undefined ? {} : { dialled_agent_id: patch.dialledAgentId }),
          ...(patch.callId === undefined ? {} : { call_id: patch.callId }),
          updated_at: toDbTime(clock.now()),
        });
    },
    async due(campaignId, now, limit) {
      const rows = (await db(FOLLOW_UPS)
        .where({ campaign_id: campaignId, status: 'scheduled' })
        .where('due_at', '<=', toDbTime(now))
        .orderBy([{ column: 'due_at' }, { column: 'id' }])
        .limit(limit)) as FollowUpRow[];
      return rows.map(toFollowUp);
    },
    async list(filter, until, limit) {
      const q = db(FOLLOW_UPS)
        .whereNot({ status: 'cancelled' })
        .where('due_at', '<=', toDbTime(until))
        .orderBy([{ column: 'due_at' }, { column: 'id' }])
        .limit(limit);
      if (filter.agentId !== null) q.where({ agent_id: filter.agentId });
      if (filter.campaignIds !== null) q.whereIn('campaign_id', [...filter.campaignIds]);
      return ((await q) as FollowUpRow[]).map(toFollowUp);
    },
    async holds(recordId) {
      const row = await db(FOLLOW_UPS)
        .where({ record_id: recordId, status: 'scheduled' })
        .first('id');
      return row !== undefined;
    },
  };
}
