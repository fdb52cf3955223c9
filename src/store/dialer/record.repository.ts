/** List records (`dialer_records`): a contact with its numbers, status and next attempt time. */
import type { DialerRepositories, ListRecord, StoredNumber } from '../../app/dialer/ports.ts';
import { dncKey } from '../../domain/dialer/dnc.ts';
import type { RecordStatus } from '../../domain/dialer/retry.ts';
import { type DbTime, fromDbTime, toDbTime } from '../db-time.ts';
import type { RepositoryDeps } from '../repositories/repository-deps.ts';

const RECORDS = 'dialer_records';
/** Rows per INSERT: well under SQLite's 32,766 bound variables (11 columns each). */
const INSERT_CHUNK = 500;

interface RecordRow {
  id: number | string;
  list_id: string;
  campaign_id: string;
  name: string;
  external_id: string | null;
  data: string;
  numbers: string;
  status: string;
  attempts: number;
  next_at: DbTime;
  agent_id: string | null;
}

function toRecord(row: RecordRow): ListRecord {
  return {
    id: Number(row.id),
    listId: row.list_id,
    campaignId: row.campaign_id,
    name: row.name,
    externalId: row.external_id,
    data: JSON.parse(row.data) as Record<string, string>,
    numbers: JSON.parse(row.numbers) as StoredNumber[],
    status: row.status as RecordStatus,
    attempts: row.attempts,
    nextAt: fromDbTime(row.next_at),
    agentId: row.agent_id,
  };
}

/** Record operations. */
export function createRecordRepository({
  db,
  clock,
}: RepositoryDeps): DialerRepositories['records'] {
  return {
    async get(id) {
      const row = (await db(RECORDS).where({ id }).first()) as RecordRow | undefined;
      return row === undefined ? undefined : toRecord(row);
    },
    async insertMany(rows) {
      const now = toDbTime(clock.now());
      const values = rows.map((r) => ({
        list_id: r.listId,
        campaign_id: r.campaignId,
        name: r.name,
        external_id: r.externalId,
        data: JSON.stringify(r.data),
        numbers: JSON.stringify(r.numbers),
        status: r.status,
        attempts: 0,
        next_at: toDbTime(r.nextAt),
        agent_id: null,
        updated_at: now,
      }));
      for (let i = 0; i < values.length; i += INSERT_CHUNK) {
        await db(RECORDS).insert(values.slice(i, i + INSERT_CHUNK));
      }
    },
    async due(campaignId, now, limit) {
      const rows = (await db(RECORDS)
        .where({ campaign_id: campaignId })
        .whereIn('status', ['pending', 'scheduled'])
        .where('next_at', '<=', toDbTime(now))
        .orderBy([{ column: 'next_at' }, { column: 'id' }])
        .limit(limit)) as RecordRow[];
      return rows.map(toRecord);
    },
    async save(id, patch) {
      await db(RECORDS)
        .where({ id })
        .update({
          ...(patch.status === undefined ? {} : { status: patch.status }),
          ...(patch.numbers === undefined ? {} : { numbers: JSON.stringify(patch.numbers) }),
          ...(patch.attempts === undefined ? {} : { attempts: patch.attempts }),
          ...(patch.nextAt === undefined ? {} : { next_at: toDbTime(patch.nextAt) }),
          ...(patch.agentId === undefined ? {} : { agent_id: patch.agentId }),
          updated_at: toDbTime(clock.now()),
        });
    },
    async releaseInProgress(campaignId, now) {
      return db(RECORDS)
        .where({ campaign_id: campaignId })
        .whereIn('status', ['in-progress', 'reserved'])
        .update({ status: 'scheduled', next_at: toDbTime(now), agent_id: null });
    },
    async countsByStatus(campaignId, listId) {
      const q = db(RECORDS)
        .select('status')
        .count({ n: '*' })
        .where({ campaign_id: campaignId })
        .groupBy('status');
      if (listId !== undefined) q.where({ list_id: listId });
      const rows = (await q) as Array<{ status: RecordStatus; n: number | string }>;
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
    async numberKeys(campaignId) {
      const keys = new Set<number>();
      const stream = db(RECORDS).select('numbers').where({ campaign_id: campaignId }).stream();
      for await (const row of stream as AsyncIterable<{ numbers: string }>) {
        for (const n of JSON.parse(row.numbers) as StoredNumber[]) keys.add(dncKey(n.e164));
      }
      return keys;
    },
    async reservedFor(campaignId, agentId) {
      const row = (await db(RECORDS)
        .where({ campaign_id: campaignId, agent_id: agentId, status: 'reserved' })
        .first()) as RecordRow | undefined;
      return row === undefined ? undefined : toRecord(row);
    },
  };
}
