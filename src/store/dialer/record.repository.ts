/** List records (`dialer_records`): a contact with its numbers, status and next attempt time. */

import type { Knex } from 'knex';
import type {
  DialerRepositories,
  ListRecord,
  NewRecord,
  StoredNumber,
} from '../../app/dialer/ports.ts';
import { dncKey } from '../../domain/dialer/dnc.ts';
import { NumberSet } from '../../domain/dialer/number-set.ts';
import type { RecordStatus } from '../../domain/dialer/retry.ts';
import { isSqlite } from '../connection.ts';
import { type DbTime, fromDbTime, toDbTime } from '../db-time.ts';
import type { RepositoryDeps } from '../repositories/repository-deps.ts';

const RECORDS = 'dialer_records';
/**
 * Rows per multi-row INSERT. SQLite prepares every statement anew through
 * knex and its prepare cost grows faster than the rows: around a hundred
 * rows a statement was the fastest in a million-row import (500 took twice
 * as long). MariaDB pays a round trip per statement instead, so it takes
 * more (9,000 placeholders, under its 65,535).
 */
const SQLITE_CHUNK = 100;
const MARIADB_CHUNK = 1000;
const ROW_PLACEHOLDERS = '(?, ?, ?, ?, ?, ?, ?, 0, ?, null, ?)';

/** toDbTime remembering its last answer: an import's rows share a handful of times. */
function lastTime() {
  let ms = Number.NaN;
  let text = '';
  return (next: number) => {
    if (next !== ms) {
      ms = next;
      text = toDbTime(next);
    }
    return text;
  };
}

/** One raw multi-row INSERT per chunk: no per-row objects for knex to compile. */
async function insertRows(db: RepositoryDeps['db'], rows: readonly NewRecord[], now: string) {
  const chunk = isSqlite(db) ? SQLITE_CHUNK : MARIADB_CHUNK;
  const at = lastTime();
  let sql = '';
  let sqlRows = -1;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    if (part.length !== sqlRows) {
      sqlRows = part.length;
      sql = `insert into ${RECORDS} (list_id, campaign_id, name, external_id, data, numbers, status, attempts, next_at, agent_id, updated_at) values ${Array(sqlRows).fill(ROW_PLACEHOLDERS).join(', ')}`;
    }
    const bindings: unknown[] = [];
    for (const r of part) {
      bindings.push(
        r.listId,
        r.campaignId,
        r.name,
        r.externalId,
        JSON.stringify(r.data),
        JSON.stringify(r.numbers),
        r.status,
        at(r.nextAt),
        now,
      );
    }
    await db.raw(sql, bindings as Knex.RawBinding[]);
  }
}

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
      if (rows.length > 0) await insertRows(db, rows, toDbTime(clock.now()));
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
    async releaseInProgress(campaignId, now, keep = []) {
      const q = db(RECORDS)
        .where({ campaign_id: campaignId })
        .whereIn('status', ['in-progress', 'reserved']);
      if (keep.length > 0) q.whereNotIn('id', [...keep]);
      return q.update({ status: 'scheduled', next_at: toDbTime(now), agent_id: null });
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
      const keys = new NumberSet();
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
