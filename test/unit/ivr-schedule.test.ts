import test from 'ava';
import {
  type Period,
  periodAt,
  scheduleCalendar,
  scheduleSchema,
} from '../../src/domain/ivr/schedule.ts';
import { parisOffice, utc } from './ivr-helpers.ts';

const paris = scheduleCalendar(scheduleSchema.parse(parisOffice));

const newYork = scheduleCalendar(
  scheduleSchema.parse({
    id: 'ny',
    timezone: 'America/New_York',
    week: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from: '09:00', to: '17:00' }]]),
    ),
    publicHolidays: { country: 'US' },
  }),
);

/** [label, calendar, instant (UTC), period, next change (UTC) or null, next period] */
const cases: Array<[string, typeof paris, string, Period, string | null, Period | null]> = [
  [
    'Paris weekday morning',
    paris,
    '2025-06-10T08:00:00',
    'open',
    '2025-06-10T10:00:00',
    'half-rest',
  ],
  ['Paris lunch', paris, '2025-06-10T10:30:00', 'half-rest', '2025-06-10T11:30:00', 'open'],
  ['Paris evening', paris, '2025-06-10T17:00:00', 'half-rest', '2025-06-10T18:00:00', 'rest'],
  ['Paris night', paris, '2025-06-10T21:00:00', 'rest', '2025-06-11T06:00:00', 'open'],
  ['Paris Sunday', paris, '2025-06-15T08:00:00', 'rest', '2025-06-16T06:00:00', 'open'],
  [
    'Paris ordinary Saturday afternoon',
    paris,
    '2025-06-21T10:30:00',
    'rest',
    '2025-06-23T06:00:00',
    'open',
  ],
  [
    'Paris 14 July (public holiday)',
    paris,
    '2025-07-14T08:00:00',
    'holiday',
    '2025-07-14T22:00:00',
    'rest',
  ],
  [
    'Paris custom closure over 15 August',
    paris,
    '2025-08-14T08:00:00',
    'holiday',
    '2025-08-18T22:00:00',
    'rest',
  ],
  [
    'Paris special working Saturday, lunch',
    paris,
    '2025-06-14T10:30:00',
    'half-rest',
    '2025-06-14T11:30:00',
    'open',
  ],
  [
    'Paris special working Saturday, afternoon',
    paris,
    '2025-06-14T13:00:00',
    'open',
    '2025-06-14T16:00:00',
    'half-rest',
  ],
  [
    'Paris worked public holiday, before hours',
    paris,
    '2025-05-08T07:00:00',
    'rest',
    '2025-05-08T08:00:00',
    'open',
  ],
  [
    'Paris worked public holiday, own hours',
    paris,
    '2025-05-08T09:00:00',
    'open',
    '2025-05-08T14:00:00',
    'rest',
  ],
  // Spring forward (30 March 2025): Monday opens at 08:00 CEST = 06:00 UTC, not 07:00.
  [
    'Paris weekend before spring forward',
    paris,
    '2025-03-29T11:00:00',
    'rest',
    '2025-03-31T06:00:00',
    'open',
  ],
  [
    'Paris Friday evening before spring forward',
    paris,
    '2025-03-28T18:30:00',
    'half-rest',
    '2025-03-28T19:00:00',
    'rest',
  ],
  // Fall back (26 October 2025): Monday opens at 08:00 CET = 07:00 UTC.
  [
    'Paris weekend before fall back',
    paris,
    '2025-10-25T10:00:00',
    'rest',
    '2025-10-27T07:00:00',
    'open',
  ],
  ['New York 4 July', newYork, '2025-07-04T14:00:00', 'holiday', '2025-07-05T04:00:00', 'rest'],
  [
    'New York substitute holiday 3 July 2026',
    newYork,
    '2026-07-03T14:00:00',
    'holiday',
    '2026-07-05T04:00:00',
    'rest',
  ],
  // Spring forward (9 March 2025): Monday 09:00 EDT = 13:00 UTC.
  [
    'New York weekend over spring forward',
    newYork,
    '2025-03-07T23:00:00',
    'rest',
    '2025-03-10T13:00:00',
    'open',
  ],
  // Fall back (2 November 2025): Monday 09:00 EST = 14:00 UTC.
  [
    'New York weekend over fall back',
    newYork,
    '2025-10-31T22:00:00',
    'rest',
    '2025-11-03T14:00:00',
    'open',
  ],
  ['New York working day', newYork, '2025-11-03T15:00:00', 'open', '2025-11-03T22:00:00', 'rest'],
];

for (const [label, calendar, at, period, change, nextPeriod] of cases) {
  test(`schedule: ${label}`, (t) => {
    const info = calendar.periodAt(utc(at));
    t.is(info.period, period);
    t.is(info.nextChangeAt, change === null ? null : utc(change));
    t.is(info.nextPeriod, nextPeriod);
  });
}

test('schedule: the day name tells which holiday or special day it is', (t) => {
  t.is(paris.periodAt(utc('2025-07-14T08:00:00')).dayName, 'Fête Nationale de la France');
  t.is(paris.periodAt(utc('2025-08-15T08:00:00')).dayName, 'Summer closure');
  t.is(paris.periodAt(utc('2025-06-14T08:00:00')).dayName, 'Open Saturday');
  t.is(paris.periodAt(utc('2025-06-10T08:00:00')).dayName, null);
  t.is(newYork.periodAt(utc('2025-07-04T14:00:00')).dayName, 'Independence Day');
});

/** A boundary inside the hour DST skips or repeats. */
const smallHours = scheduleCalendar(
  scheduleSchema.parse({
    id: 'n',
    timezone: 'Europe/Paris',
    week: { sun: [{ from: '00:00', to: '02:30' }] },
  }),
);

test('schedule: a boundary in the skipped hour takes effect at the spring-forward jump', (t) => {
  const info = smallHours.periodAt(utc('2025-03-30T00:30:00'));
  t.is(info.period, 'open');
  // 02:00 CET becomes 03:00 CEST at 01:00 UTC; 02:30 never happens.
  t.is(info.nextChangeAt, utc('2025-03-30T01:00:00'));
  t.is(info.nextPeriod, 'rest');
});

test('schedule: a boundary in the repeated hour is crossed on both passes of the fall-back', (t) => {
  const walk: Array<[string, Period, string]> = [
    ['2025-10-26T00:00:00', 'open', '2025-10-26T00:30:00'], // 02:00 CEST
    ['2025-10-26T00:45:00', 'rest', '2025-10-26T01:00:00'], // 02:45 CEST; clocks go back at 01:00 UTC
    ['2025-10-26T01:10:00', 'open', '2025-10-26T01:30:00'], // 02:10 CET, the second time round
    ['2025-10-26T01:30:00', 'rest', '2025-11-01T23:00:00'], // 02:30 CET; next Sunday 00:00 CET
  ];
  for (const [at, period, change] of walk) {
    const info = smallHours.periodAt(utc(at));
    t.is(info.period, period, at);
    t.is(info.nextChangeAt, utc(change), at);
  }
});

test('schedule: a change months ahead is found; a schedule that never changes says so', (t) => {
  const always = scheduleCalendar(
    scheduleSchema.parse({
      id: 'a',
      timezone: 'Europe/Paris',
      week: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [
          d,
          [{ from: '00:00', to: '24:00' }],
        ]),
      ),
      publicHolidays: { country: 'FR' },
    }),
  );
  const info = always.periodAt(utc('2025-07-15T10:00:00'));
  t.is(info.period, 'open');
  t.is(info.nextChangeAt, utc('2025-08-14T22:00:00'));
  t.is(info.nextPeriod, 'holiday');
  const closed = periodAt(
    scheduleSchema.parse({ id: 'c', timezone: 'UTC', week: {} }),
    utc('2025-01-01T00:00:00'),
  );
  t.deepEqual(closed, { period: 'rest', dayName: null, nextChangeAt: null, nextPeriod: null });
});

test('schedule: a yearly custom holiday and a region calendar', (t) => {
  const alsace = scheduleCalendar(
    scheduleSchema.parse({
      id: 'al',
      timezone: 'Europe/Paris',
      week: { fri: [{ from: '08:00', to: '18:00' }] },
      publicHolidays: { country: 'FR', state: '67' },
      holidays: [{ date: '12-24', name: 'Christmas Eve' }],
    }),
  );
  // Good Friday is a public holiday in Alsace-Moselle only (18 April 2025).
  t.is(alsace.periodAt(utc('2025-04-18T08:00:00')).period, 'holiday');
  t.is(alsace.periodAt(utc('2026-12-24T10:00:00')).dayName, 'Christmas Eve');
  t.is(paris.periodAt(utc('2025-04-18T08:00:00')).period, 'open');
});

const invalid: Array<[string, unknown]> = [
  [
    'overlapping intervals',
    {
      mon: [
        { from: '08:00', to: '12:00' },
        { from: '11:00', to: '14:00' },
      ],
    },
  ],
  ['an interval ending before it starts', { mon: [{ from: '18:00', to: '08:00' }] }],
  ['a time that does not exist', { mon: [{ from: '08:00', to: '25:00' }] }],
];

for (const [label, week] of invalid) {
  test(`schedule with ${label} is rejected`, (t) => {
    t.false(scheduleSchema.safeParse({ id: 's', timezone: 'Europe/Paris', week }).success);
  });
}

const invalidDocs: Array<[string, Record<string, unknown>]> = [
  ['an unknown time zone', { timezone: 'Mars/Olympus' }],
  ['an unknown country', { publicHolidays: { country: 'XX' } }],
  ['an unknown state', { publicHolidays: { country: 'US', state: 'ZZ' } }],
  ['a region without a state', { publicHolidays: { country: 'FR', region: 'X' } }],
  ['an impossible date', { holidays: [{ date: '2025-02-30' }] }],
  ['a range ending before it starts', { holidays: [{ date: '2025-08-10', to: '2025-08-01' }] }],
];

for (const [label, patch] of invalidDocs) {
  test(`schedule with ${label} is rejected`, (t) => {
    t.false(
      scheduleSchema.safeParse({ id: 's', timezone: 'Europe/Paris', week: {}, ...patch }).success,
    );
  });
}
