/**
 * The schedule's GraphQL inputs (a whole schedule, one holiday) and the
 * enums they share with the IvrSchedule type, with their conversion to the
 * schedule document the service validates.
 */
import type { HolidayInput } from '../../app/ivr/schedules-service.ts';
import { WEEKDAYS, type Weekday } from '../../domain/ivr/schedule.schema.ts';
import type { ScheduleInput } from '../../domain/ivr/schedule.ts';
import { builder } from '../builder.ts';

export const WeekdayEnum = builder.enumType('IvrWeekday', {
  description: 'A day of the week.',
  values: Object.fromEntries(
    WEEKDAYS.map((d) => [d.toUpperCase(), { value: d, description: `The ${d} plan.` }]),
  ) as Record<string, { value: Weekday; description: string }>,
});

export const IntervalPeriodEnum = builder.enumType('IvrIntervalPeriod', {
  description: 'What an interval of a day is; time outside every interval is rest.',
  values: {
    OPEN: { value: 'open', description: 'Working hours.' },
    HALF_REST: { value: 'half-rest', description: 'Lunch, evening: reduced service.' },
  } as const,
});

const IvrIntervalInput = builder.inputType('IvrIntervalInput', {
  description: 'Part of a day; it may not cross midnight (split it).',
  fields: (t) => ({
    from: t.string({ required: true, description: 'Start, HH:mm.' }),
    to: t.string({ required: true, description: 'End, HH:mm (24:00 = midnight).' }),
    period: t.field({ type: IntervalPeriodEnum, description: 'Default OPEN.' }),
  }),
});

const IvrDayPlanInput = builder.inputType('IvrDayPlanInput', {
  description: 'The intervals of one weekday (days not given are closed).',
  fields: (t) => ({
    day: t.field({ type: WeekdayEnum, required: true, description: 'The day.' }),
    intervals: t.field({
      type: [IvrIntervalInput],
      required: true,
      description: 'Non-overlapping intervals.',
    }),
  }),
});

export const HolidayInputRef = builder.inputType('IvrHolidayInput', {
  description: 'A closed day or range.',
  fields: (t) => ({
    date: t.string({ required: true, description: 'YYYY-MM-DD, or MM-DD for every year.' }),
    to: t.string({ description: 'Last day of a range (YYYY-MM-DD), inclusive.' }),
    name: t.string({ description: 'Name.' }),
  }),
});

const IvrWorkingDayInput = builder.inputType('IvrWorkingDayInput', {
  description: 'A day worked although it is a weekend day or a holiday.',
  fields: (t) => ({
    date: t.string({ required: true, description: 'YYYY-MM-DD.' }),
    like: t.field({
      type: WeekdayEnum,
      description: 'Take the hours of this weekday (default MON).',
    }),
    hours: t.field({ type: [IvrIntervalInput], description: 'Or its own hours.' }),
    name: t.string({ description: 'Name.' }),
  }),
});

const IvrPublicHolidaysInput = builder.inputType('IvrPublicHolidaysInput', {
  description: 'A public holiday calendar by country (and state/region).',
  fields: (t) => ({
    country: t.string({ required: true, description: 'ISO 3166 country, e.g. FR.' }),
    state: t.string({ description: 'State or province code.' }),
    region: t.string({ description: 'Region code within the state.' }),
    types: t.stringList({ description: 'Holiday types counted (default: public).' }),
  }),
});

export const ScheduleInputRef = builder.inputType('IvrScheduleInput', {
  description: 'A whole schedule (an update replaces it).',
  fields: (t) => ({
    key: t.string({
      required: true,
      description: 'What schedule nodes name; unique in the business line.',
    }),
    name: t.string({ description: 'Name.' }),
    timezone: t.string({ required: true, description: 'IANA zone, e.g. Europe/Paris.' }),
    week: t.field({ type: [IvrDayPlanInput], required: true, description: 'Weekday plans.' }),
    publicHolidays: t.field({
      type: IvrPublicHolidaysInput,
      description: 'Public holiday calendar.',
    }),
    holidays: t.field({ type: [HolidayInputRef], description: 'Own closed days.' }),
    workingDays: t.field({ type: [IvrWorkingDayInput], description: 'Special working days.' }),
  }),
});

type Nullish<T> = T | null | undefined;
type IntervalArg = { from: string; to: string; period?: Nullish<'open' | 'half-rest'> };
const intervalsOf = (list: readonly IntervalArg[]) =>
  list.map((i) => ({ from: i.from, to: i.to, ...(i.period != null && { period: i.period }) }));

type HolidayArg = { date: string; to?: Nullish<string>; name?: Nullish<string> };
export const holidayOf = (h: HolidayArg): HolidayInput => ({
  date: h.date,
  ...(h.to != null && { to: h.to }),
  ...(h.name != null && { name: h.name }),
});

export function scheduleOf(input: {
  key: string;
  name?: Nullish<string>;
  timezone: string;
  week: readonly { day: Weekday; intervals: readonly IntervalArg[] }[];
  publicHolidays?: Nullish<{
    country: string;
    state?: Nullish<string>;
    region?: Nullish<string>;
    types?: Nullish<string[]>;
  }>;
  holidays?: Nullish<readonly HolidayArg[]>;
  workingDays?: Nullish<
    readonly {
      date: string;
      like?: Nullish<Weekday>;
      hours?: Nullish<readonly IntervalArg[]>;
      name?: Nullish<string>;
    }[]
  >;
}): ScheduleInput {
  const p = input.publicHolidays;
  return {
    id: input.key,
    ...(input.name != null && { name: input.name }),
    timezone: input.timezone,
    week: Object.fromEntries(input.week.map((d) => [d.day, intervalsOf(d.intervals)])),
    ...(p != null && {
      publicHolidays: {
        country: p.country,
        ...(p.state != null && { state: p.state }),
        ...(p.region != null && { region: p.region }),
        ...(p.types != null && { types: p.types as never }),
      },
    }),
    holidays: (input.holidays ?? []).map(holidayOf),
    workingDays: (input.workingDays ?? []).map((w) => ({
      date: w.date,
      ...(w.like != null && { like: w.like }),
      ...(w.hours != null && { hours: intervalsOf(w.hours) }),
      ...(w.name != null && { name: w.name }),
    })),
  };
}
