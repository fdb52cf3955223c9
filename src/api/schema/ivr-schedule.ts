/**
 * IvrSchedule: working hours per weekday, half-rest periods, holiday
 * calendars and special working days of a business line (IVR-2), in the
 * schedule's own time zone, DST-correct. Flows branch on its periods.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { IvrScheduleRecord } from '../../domain/ivr/ivr.records.ts';
import { WEEKDAYS, type Weekday } from '../../domain/ivr/schedule.schema.ts';
import { type PeriodInfo, type Schedule, scheduleCalendar } from '../../domain/ivr/schedule.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { BusinessLineRef } from './business-line.ts';
import {
  HolidayInputRef,
  holidayOf,
  IntervalPeriodEnum,
  ScheduleInputRef,
  scheduleOf,
  WeekdayEnum,
} from './ivr-schedule-input.ts';
import { IvrPeriodEnum } from './ivr-session.ts';
import { loadVisible } from './loading.ts';
import { pageOf } from './pagination.ts';
import { RESULT } from './problem.ts';

type Interval = Schedule['week']['mon'][number];
type Holiday = Schedule['holidays'][number];
type WorkingDay = Schedule['workingDays'][number];
type PublicHolidays = NonNullable<Schedule['publicHolidays']>;

const IvrIntervalRef = builder.objectRef<Interval>('IvrInterval').implement({
  description: 'Part of a day, in the schedule’s wall-clock time.',
  fields: (t) => ({
    from: t.exposeString('from', { description: 'Start, HH:mm.' }),
    to: t.exposeString('to', { description: 'End, HH:mm (24:00 = midnight).' }),
    period: t.field({
      type: IntervalPeriodEnum,
      description: 'Open or half-rest.',
      resolve: (i) => i.period,
    }),
  }),
});

const IvrDayPlanRef = builder
  .objectRef<{ day: Weekday; intervals: readonly Interval[] }>('IvrDayPlan')
  .implement({
    description: 'The intervals of one weekday.',
    fields: (t) => ({
      day: t.field({ type: WeekdayEnum, description: 'The day.', resolve: (d) => d.day }),
      intervals: t.field({
        type: [IvrIntervalRef],
        description: 'Open and half-rest intervals; the rest of the day is rest.',
        resolve: (d) => [...d.intervals],
      }),
    }),
  });

const IvrHolidayRef = builder.objectRef<Holiday>('IvrHoliday').implement({
  description: 'A day (or range) the business is closed.',
  fields: (t) => ({
    date: t.exposeString('date', { description: 'YYYY-MM-DD, or MM-DD for every year.' }),
    to: t.exposeString('to', { nullable: true, description: 'Last closed day of a range.' }),
    name: t.exposeString('name', { description: 'Name.' }),
  }),
});

const IvrWorkingDayRef = builder.objectRef<WorkingDay>('IvrWorkingDay').implement({
  description: 'A day worked although it is a weekend day or a holiday.',
  fields: (t) => ({
    date: t.exposeString('date', { description: 'YYYY-MM-DD.' }),
    like: t.field({
      type: WeekdayEnum,
      description: 'Whose hours it has (when `hours` is null).',
      resolve: (w) => w.like,
    }),
    hours: t.field({
      type: [IvrIntervalRef],
      nullable: true,
      description: 'Its own hours, if any.',
      resolve: (w) => (w.hours === undefined ? null : [...w.hours]),
    }),
    name: t.exposeString('name', { description: 'Name.' }),
  }),
});

const IvrPublicHolidaysRef = builder.objectRef<PublicHolidays>('IvrPublicHolidays').implement({
  description: 'A public holiday calendar (date-holidays) by country and region.',
  fields: (t) => ({
    country: t.exposeString('country', { description: 'ISO 3166 country, e.g. FR.' }),
    state: t.exposeString('state', { nullable: true, description: 'State or province code.' }),
    region: t.exposeString('region', {
      nullable: true,
      description: 'Region code within the state.',
    }),
    types: t.exposeStringList('types', {
      description: 'Holiday types counted: public, bank, school, optional, observance.',
    }),
  }),
});

const IvrPeriodInfoRef = builder.objectRef<PeriodInfo>('IvrPeriodInfo').implement({
  description: 'The period at an instant, and when it changes next.',
  fields: (t) => ({
    period: t.field({ type: IvrPeriodEnum, description: 'The period.', resolve: (p) => p.period }),
    dayName: t.exposeString('dayName', {
      nullable: true,
      description: 'Holiday or special day name.',
    }),
    nextChangeAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the period changes next (null: not within a year).',
      resolve: (p) => p.nextChangeAt,
    }),
    nextPeriod: t.field({
      type: IvrPeriodEnum,
      nullable: true,
      description: 'The period after that change.',
      resolve: (p) => p.nextPeriod,
    }),
  }),
});

/** The IvrSchedule node. */
export const IvrScheduleRef = builder.loadableNode('IvrSchedule', {
  description:
    'Opening hours of a business line, for schedule nodes of its flows. Roles: admin, supervisor, qa.',
  id: { resolve: (s: IvrScheduleRecord) => s.id },
  load: loadVisible<IvrScheduleRecord>('IvrSchedule', (s) => s.ivr.schedules),
  fields: (t) => ({
    key: t.string({
      description: 'What schedule nodes name in `scheduleId`.',
      resolve: (s) => s.schedule.id,
    }),
    name: t.string({ description: 'Name.', resolve: (s) => s.schedule.name }),
    timezone: t.string({
      description: 'IANA zone its times are in.',
      resolve: (s) => s.schedule.timezone,
    }),
    businessLine: t.field({
      type: BusinessLineRef,
      description: 'Owner.',
      resolve: (s) => s.businessLineId,
    }),
    week: t.field({
      type: [IvrDayPlanRef],
      description: 'The plan of each weekday, Monday first.',
      resolve: (s) => WEEKDAYS.map((day) => ({ day, intervals: s.schedule.week[day] })),
    }),
    publicHolidays: t.field({
      type: IvrPublicHolidaysRef,
      nullable: true,
      description: 'The public holiday calendar, if any.',
      resolve: (s) => s.schedule.publicHolidays ?? null,
    }),
    holidays: t.field({
      type: [IvrHolidayRef],
      description: 'Own closed days.',
      resolve: (s) => [...s.schedule.holidays],
    }),
    workingDays: t.field({
      type: [IvrWorkingDayRef],
      description: 'Special working days.',
      resolve: (s) => [...s.schedule.workingDays],
    }),
    periodAt: t.field({
      type: IvrPeriodInfoRef,
      description: 'The period at an instant (DST-correct), and the next change.',
      args: { at: t.arg({ type: 'DateTime', required: true, description: 'The instant.' }) },
      resolve: (s, args) => scheduleCalendar(s.schedule).periodAt(args.at.getTime()),
    }),
    createdAt: t.field({ type: 'DateTime', description: 'Created.', resolve: (s) => s.createdAt }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change.',
      resolve: (s) => s.updatedAt,
    }),
  }),
});

builder.queryField('ivrSchedules', (t) =>
  t.connection({
    type: IvrScheduleRef,
    description: "Schedules of the caller's business lines. Roles: admin, supervisor, qa.",
    authScopes: { permission: 'config:read' },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) => ctx.services.ivr.schedules.list(actorOf(ctx), page)),
  }),
);

builder.mutationFields((t) => ({
  createIvrSchedule: t.field({
    type: IvrScheduleRef,
    description: 'Creates a schedule. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      businessLineId: t.arg.globalID({
        for: BusinessLineRef,
        required: true,
        description: 'Owner.',
      }),
      input: t.arg({ type: ScheduleInputRef, required: true, description: 'The schedule.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.ivr.schedules.create(
        actorOf(ctx),
        args.businessLineId.id,
        scheduleOf(args.input),
      ),
  }),
  updateIvrSchedule: t.field({
    type: IvrScheduleRef,
    description: 'Replaces a schedule. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: IvrScheduleRef, required: true, description: 'The schedule.' }),
      input: t.arg({
        type: ScheduleInputRef,
        required: true,
        description: 'The whole new schedule.',
      }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.ivr.schedules.update(actorOf(ctx), args.id.id, scheduleOf(args.input)),
  }),
  addIvrHoliday: t.field({
    type: IvrScheduleRef,
    description:
      'Adds a closed day or range (replacing one on the same date). Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      scheduleId: t.arg.globalID({
        for: IvrScheduleRef,
        required: true,
        description: 'The schedule.',
      }),
      holiday: t.arg({ type: HolidayInputRef, required: true, description: 'The day.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.ivr.schedules.addHoliday(
        actorOf(ctx),
        args.scheduleId.id,
        holidayOf(args.holiday),
      ),
  }),
  removeIvrHoliday: t.field({
    type: IvrScheduleRef,
    description: 'Removes the closed day starting on a date. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      scheduleId: t.arg.globalID({
        for: IvrScheduleRef,
        required: true,
        description: 'The schedule.',
      }),
      date: t.arg.string({
        required: true,
        description: 'Its date as stored (YYYY-MM-DD or MM-DD).',
      }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.ivr.schedules.removeHoliday(actorOf(ctx), args.scheduleId.id, args.date),
  }),
  deleteIvrSchedule: t.field({
    type: 'ID',
    description:
      'Deletes a schedule; schedule nodes naming it then route as open (and report it). Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: IvrScheduleRef, required: true, description: 'The schedule.' }),
    },
    resolve: async (_root, args, ctx) => {
      await ctx.services.ivr.schedules.delete(actorOf(ctx), args.id.id);
      return encodeGlobalID('IvrSchedule', args.id.id);
    },
  }),
}));
