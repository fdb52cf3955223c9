/**
 * IVR schedules through the API (IVR-2): working hours per weekday,
 * half-rest periods, public holiday calendars, the customer's own closed
 * days and special working days. Every input goes through the schedule
 * schema; a bad one is refused with each bad field named.
 */
import type { IvrScheduleRecord } from '../../domain/ivr/ivr.records.ts';
import { type Schedule, type ScheduleInput, scheduleSchema } from '../../domain/ivr/schedule.ts';
import { DomainError, invalidField } from '../../domain/shared/errors.ts';
import type { Actor } from '../actor.ts';
import { requirePermission, scopeOf } from '../actor.ts';
import type { PageRequest } from '../ports.ts';
import {
  auditedIvrChange,
  type IvrServiceDeps,
  ivrStoreOf,
  readable,
  requireOnLine,
  visibleOr,
} from './service-deps.ts';
import type { IvrRepositories } from './store-ports.ts';

/** Parses a schedule document; VALIDATION_FAILED lists every bad field. */
export function parseSchedule(input: ScheduleInput): Schedule {
  const parsed = scheduleSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => ({
    path: i.path.map(String).join('.'),
    message: i.message,
  }));
  throw new DomainError(
    'VALIDATION_FAILED',
    fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('; '),
    { fields },
  );
}

type Holiday = Schedule['holidays'][number];

/** A closed day (or range) as the API gives it. */
export type HolidayInput = NonNullable<ScheduleInput['holidays']>[number];

/** Creates the schedule service. */
export function createIvrScheduleService(deps: IvrServiceDeps) {
  const ivr = () => ivrStoreOf(deps);

  async function forChange(tx: IvrRepositories, actor: Actor, id: string) {
    const row = visibleOr(actor, 'IvrSchedule', id, await tx.schedules.get(id));
    requireOnLine(actor, 'config:write', row.businessLineId);
    return row;
  }

  const change = (actor: Actor, id: string, action: string, edit: (s: Schedule) => ScheduleInput) =>
    auditedIvrChange<IvrScheduleRecord>(deps, actor, action, 'IvrSchedule', async (tx) => {
      const before = await forChange(tx, actor, id);
      const next = parseSchedule(edit(before.schedule));
      return { before, after: await tx.schedules.update(id, next) };
    }).then((r) => r!);

  return {
    async list(actor: Actor, page: PageRequest) {
      requirePermission(actor, 'config:read');
      return ivr().schedules.list(scopeOf(actor), page);
    },
    async load(actor: Actor, ids: readonly string[]) {
      const rows = await ivr().schedules.getMany(ids);
      return ids.map((id) =>
        rows.find((s) => s.id === id && readable(actor, 'config:read', s.businessLineId)),
      );
    },
    async create(actor: Actor, businessLineId: string, input: ScheduleInput) {
      requireOnLine(actor, 'config:write', businessLineId);
      const schedule = parseSchedule(input);
      if (!(await deps.store.businessLines.get(businessLineId))) {
        throw invalidField('businessLineId', `business line ${businessLineId} not found`);
      }
      return (await auditedIvrChange<IvrScheduleRecord>(
        deps,
        actor,
        'ivrSchedule.create',
        'IvrSchedule',
        async (tx) => ({
          after: await tx.schedules.create(businessLineId, schedule),
        }),
      ))!;
    },
    /** Replaces the schedule (its key may change; flows naming the old key then route as open). */
    update: (actor: Actor, id: string, input: ScheduleInput) =>
      change(actor, id, 'ivrSchedule.update', () => input),
    /** Adds a closed day (or range); one on the same date is replaced. */
    addHoliday: (actor: Actor, id: string, holiday: HolidayInput) =>
      change(actor, id, 'ivrSchedule.addHoliday', (s) => ({
        ...s,
        holidays: [...s.holidays.filter((h: Holiday) => h.date !== holiday.date), holiday],
      })),
    /** Removes the closed day starting on `date`; NOT_FOUND when there is none. */
    removeHoliday: (actor: Actor, id: string, date: string) =>
      change(actor, id, 'ivrSchedule.removeHoliday', (s) => {
        if (!s.holidays.some((h: Holiday) => h.date === date)) {
          throw new DomainError('NOT_FOUND', `no holiday on ${date}`, {
            entity: 'Holiday',
            id: date,
          });
        }
        return { ...s, holidays: s.holidays.filter((h: Holiday) => h.date !== date) };
      }),
    async delete(actor: Actor, id: string) {
      await auditedIvrChange<IvrScheduleRecord>(
        deps,
        actor,
        'ivrSchedule.delete',
        'IvrSchedule',
        async (tx) => {
          const before = await forChange(tx, actor, id);
          await tx.schedules.delete(id);
          return { before, after: null };
        },
      );
      return id;
    },
  };
}

/** The schedule service's operations. */
export type IvrScheduleService = ReturnType<typeof createIvrScheduleService>;
