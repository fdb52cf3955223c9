/** Dialer campaigns (`dialer_campaigns`) and their lists (`dialer_lists`). */
import type { CampaignInput, DialerRepositories } from '../../app/dialer/ports.ts';
import type { PageRequest, ScopeFilter } from '../../app/ports.ts';
import {
  type Campaign,
  type CampaignStatus,
  campaignSettingsSchema,
} from '../../domain/dialer/campaign.ts';
import { notFound } from '../../domain/shared/errors.ts';
import type { UniqueKey } from '../constraints.ts';
import { withConstraintErrors } from '../db-errors.ts';
import { type DbTime, fromDbTime, toDbTime } from '../db-time.ts';
import { checkPage } from '../repositories/listing.ts';
import type { RepositoryDeps } from '../repositories/repository-deps.ts';

const CAMPAIGNS = 'dialer_campaigns';
const LISTS = 'dialer_lists';

/** The unique campaign name per business line. */
export const CAMPAIGN_NAME_KEY: UniqueKey = {
  table: CAMPAIGNS,
  columns: ['business_line_id', 'name'],
  index: 'dialer_campaigns_business_line_id_name_unique',
  entity: 'Campaign',
  field: 'name',
};

interface CampaignRow {
  id: string;
  business_line_id: string;
  name: string;
  status: string;
  agent_ids: string;
  queue_ids: string;
  settings: string;
  created_at: DbTime;
  updated_at: DbTime;
}

function toCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id,
    businessLineId: row.business_line_id,
    name: row.name,
    status: row.status as CampaignStatus,
    agentIds: JSON.parse(row.agent_ids) as string[],
    queueIds: JSON.parse(row.queue_ids) as string[],
    // Stored settings are read with today's defaults for fields added since.
    settings: campaignSettingsSchema.parse(JSON.parse(row.settings)),
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
  };
}

function columnsOf(input: Partial<CampaignInput>) {
  return {
    ...(input.businessLineId === undefined ? {} : { business_line_id: input.businessLineId }),
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.status === undefined ? {} : { status: input.status }),
    ...(input.agentIds === undefined ? {} : { agent_ids: JSON.stringify(input.agentIds) }),
    ...(input.queueIds === undefined ? {} : { queue_ids: JSON.stringify(input.queueIds) }),
    ...(input.settings === undefined ? {} : { settings: JSON.stringify(input.settings) }),
  };
}

/** Campaign and list operations. */
export function createCampaignRepository({ db, clock }: RepositoryDeps): {
  campaigns: DialerRepositories['campaigns'];
  lists: DialerRepositories['lists'];
} {
  const get = async (id: string) => {
    const row = (await db(CAMPAIGNS).where({ id }).first()) as CampaignRow | undefined;
    return row === undefined ? undefined : toCampaign(row);
  };
  const unique = (name: string | undefined) => ({
    unique: name === undefined ? [] : [{ key: CAMPAIGN_NAME_KEY, value: name }],
  });
  return {
    campaigns: {
      get,
      async list(filter: ScopeFilter, page: PageRequest) {
        checkPage(page);
        if (filter.businessLineIds?.length === 0) return [];
        const q = db(CAMPAIGNS).orderBy([{ column: 'name' }, { column: 'id' }]);
        if (filter.businessLineIds) q.whereIn('business_line_id', [...filter.businessLineIds]);
        const rows = (await q.offset(page.offset).limit(page.limit)) as CampaignRow[];
        return rows.map(toCampaign);
      },
      async create(input) {
        const now = toDbTime(clock.now());
        const id = crypto.randomUUID();
        await withConstraintErrors(db, unique(input.name), () =>
          db(CAMPAIGNS).insert({ id, ...columnsOf(input), created_at: now, updated_at: now }),
        );
        return (await get(id))!;
      },
      async update(id, patch) {
        const updated = await withConstraintErrors(db, unique(patch.name), () =>
          db(CAMPAIGNS)
            .where({ id })
            .update({ ...columnsOf(patch), updated_at: toDbTime(clock.now()) }),
        );
        if (updated === 0) throw notFound('Campaign', id);
        return (await get(id))!;
      },
      async delete(id) {
        const deleted = await db(CAMPAIGNS).where({ id }).delete();
        if (deleted === 0) throw notFound('Campaign', id);
      },
    },
    lists: {
      async get(id) {
        const row = await db(LISTS).where({ id }).first();
        return row === undefined ? undefined : toList(row);
      },
      async ofCampaign(campaignId) {
        const rows = await db(LISTS).where({ campaign_id: campaignId }).orderBy('created_at');
        return rows.map(toList);
      },
      async create(input) {
        const id = crypto.randomUUID();
        const createdAt = clock.now();
        await db(LISTS).insert({
          id,
          campaign_id: input.campaignId,
          name: input.name,
          created_at: toDbTime(createdAt),
        });
        return { id, campaignId: input.campaignId, name: input.name, createdAt };
      },
    },
  };
}

const toList = (row: { id: string; campaign_id: string; name: string; created_at: DbTime }) => ({
  id: row.id,
  campaignId: row.campaign_id,
  name: row.name,
  createdAt: fromDbTime(row.created_at),
});
