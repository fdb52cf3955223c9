/**
 * IVR schedules (`ivr_schedules`): key, name and zone as columns, the
 * weekly plan and holiday lists as a JSON document, read back through the
 * schedule schema so a stored plan is always a valid one.
 */
import type { IvrScheduleRepository } from '../../app/ivr/store-ports.ts';
import type { IvrScheduleRecord } from '../../domain/ivr/ivr.records.ts';
import { type Schedule, scheduleSchema } from '../../domain/ivr/schedule.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { withConstraintErrors } from '../db-errors.ts';
import { type DbTime, toDbTime } from '../db-time.ts';
import { checkText } from '../repositories/input-checks.ts';
import { distinct, inRequestOrder } from '../repositories/listing.ts';
import type { RepositoryDeps } from '../repositories/repository-deps.ts';
import { IVR_REFERENCED, IVR_UNIQUE_KEYS } from './ivr-constraints.ts';
import { fromJson, msOf, scopedPage, toJson } from './ivr-rows.ts';

const TABLE = 'ivr_schedules';

interface ScheduleRow {
  id: string;
  business_line_id: string;
  schedule_key: string;
  name: string;
  timezone: string;
  document: string;
  created_at: DbTime;
  updated_at: DbTime;
}

function toRecord(r: ScheduleRow): IvrScheduleRecord {
  const plan = fromJson(r.document) as Record<string, unknown>;
  return {
    id: r.id,
    businessLineId: r.business_line_id,
    schedule: scheduleSchema.parse({
      ...plan,
      id: r.schedule_key,
      name: r.name,
      timezone: r.timezone,
    }),
    createdAt: msOf(r.created_at),
    updatedAt: msOf(r.updated_at),
  };
}

/** The parts of a schedule kept in the JSON document. */
function documentOf(s: Schedule): string {
  const { id: _id, name: _name, timezone: _tz, ...plan } = s;
  return toJson(plan);
}

function columnsOf(s: Schedule) {
  checkText('key', s.id, 64);
  checkText('name', s.name, 120, true);
  return { schedule_key: s.id, name: s.name, timezone: s.timezone, document: documentOf(s) };
}

const rules = (s: Schedule, businessLineId?: string) => ({
  unique: [{ key: IVR_UNIQUE_KEYS.scheduleKey, value: s.id }],
  references: [
    { field: 'businessLineId', target: IVR_REFERENCED.businessLine, ids: [businessLineId] },
  ],
});

/** The schedule repository over `deps.db`. */
export function createIvrScheduleRepository(deps: RepositoryDeps): IvrScheduleRepository {
  const { db, clock } = deps;
  const load = async (id: string) => {
    const row = await db<ScheduleRow>(TABLE).where('id', id).first();
    return row ? toRecord(row) : undefined;
  };
  return {
    get: load,
    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await db<ScheduleRow>(TABLE).whereIn('id', distinct(ids));
      return inRequestOrder(ids, rows.map(toRecord));
    },
    async getByKey(businessLineId, key) {
      const row = await db<ScheduleRow>(TABLE)
        .where({ business_line_id: businessLineId, schedule_key: key })
        .first();
      return row ? toRecord(row) : undefined;
    },
    async list(filter, page) {
      const qb = db<ScheduleRow>(TABLE).orderBy('schedule_key').orderBy('id');
      return ((await scopedPage(qb, filter, page)) as ScheduleRow[]).map(toRecord);
    },
    async listForLine(businessLineId) {
      const rows = await db<ScheduleRow>(TABLE).where('business_line_id', businessLineId);
      return rows.map(toRecord);
    },
    async create(businessLineId, schedule) {
      const id = crypto.randomUUID();
      const now = toDbTime(clock.now());
      const row = {
        id,
        business_line_id: businessLineId,
        ...columnsOf(schedule),
        created_at: now,
        updated_at: now,
      };
      await withConstraintErrors(db, rules(schedule, businessLineId), () => db(TABLE).insert(row));
      return (await load(id))!;
    },
    async update(id, schedule) {
      const changes = { ...columnsOf(schedule), updated_at: toDbTime(clock.now()) };
      const n = await withConstraintErrors(db, rules(schedule), () =>
        db(TABLE).update(changes).where('id', id),
      );
      if (n === 0) throw notFound('IvrSchedule', id);
      return (await load(id))!;
    },
    async delete(id) {
      const n = await db(TABLE).delete().where('id', id);
      if (n === 0) throw notFound('IvrSchedule', id);
    },
  };
}
