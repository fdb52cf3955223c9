// This file runs in a process whose local zone is Paris (with DST), so that any
// conversion through local time would shift the stored or the returned times.
process.env.TZ = 'Europe/Paris';

import test from 'ava';
import { fromDbTime, toDbTime } from '../../src/store/db-time.ts';
import { testDatabases, unique } from '../helpers/databases.ts';

/** Instants that local-time conversions get wrong, with their UTC wall text. */
const INSTANTS: Array<[number, string]> = [
  // Paris springs forward at 01:00 UTC: 02:30 local does not exist that day.
  [Date.UTC(2024, 2, 31, 2, 30, 0, 123), '2024-03-31 02:30:00.123'],
  // Paris falls back: 00:30 and 01:30 UTC are both 02:30 local.
  [Date.UTC(2024, 9, 27, 0, 30, 0, 1), '2024-10-27 00:30:00.001'],
  [Date.UTC(2024, 9, 27, 1, 30, 0, 2), '2024-10-27 01:30:00.002'],
  [Date.UTC(1970, 0, 1, 0, 0, 0, 0), '1970-01-01 00:00:00.000'],
  // Past the 32-bit TIMESTAMP limit (which DATETIME does not have).
  [Date.UTC(2038, 0, 19, 3, 14, 8, 999), '2038-01-19 03:14:08.999'],
  [Date.UTC(9999, 11, 31, 23, 59, 59, 999), '9999-12-31 23:59:59.999'],
];

test('the process really runs in a zone with an offset', (t) => {
  t.not(new Date(INSTANTS[0]![0]).getTimezoneOffset(), 0);
});

test('toDbTime writes the UTC wall time, fromDbTime reads every driver form', (t) => {
  for (const [ms, text] of INSTANTS) {
    t.is(toDbTime(ms), text);
    t.is(fromDbTime(text), ms);
    t.is(fromDbTime(new Date(ms)), ms);
    t.is(fromDbTime(ms), ms);
  }
  t.is(fromDbTime('2024-03-31T02:30:00Z'), Date.UTC(2024, 2, 31, 2, 30));
  t.is(fromDbTime('2024-03-31 02:30:00.5'), Date.UTC(2024, 2, 31, 2, 30, 0, 500));
  t.is(fromDbTime('2024-03-31 02:30:00.123456'), Date.UTC(2024, 2, 31, 2, 30, 0, 123));
  t.throws(() => toDbTime(Number.NaN), { instanceOf: RangeError });
  t.throws(() => toDbTime(Date.UTC(10000, 0, 1)), { instanceOf: RangeError });
  t.throws(() => fromDbTime('yesterday'), { instanceOf: RangeError });
});

for (const db of testDatabases()) {
  test(`[${db.name}] times round-trip to the millisecond and are stored as UTC`, async (t) => {
    const store = await db.store();
    for (const [ms, text] of INSTANTS) {
      const record = {
        linkedId: unique('tz'),
        businessLineId: null,
        direction: 'inbound' as const,
        ani: '100',
        dnis: '200',
        queueId: null,
        agentId: null,
        startedAt: ms,
        answeredAt: ms,
        endedAt: ms,
        hangupCause: null,
        hangupBy: null,
        disposition: null,
        notes: null,
      };
      const call = await store.calls.upsertCall(record);
      t.like(await store.calls.get(call.id), { startedAt: ms, answeredAt: ms, endedAt: ms });

      const [raw] = await store
        .knex('calls')
        .select(store.knex.raw('CAST(started_at AS CHAR) AS v'))
        .where('id', call.id);
      t.is(String(raw.v).slice(0, 23), text, 'the column holds the UTC wall time');

      const found = async (from: number, to: number) =>
        (await store.calls.list({ from, to }, { offset: 0, limit: 1000 })).some(
          (c) => c.id === call.id,
        );
      t.true(await found(ms, ms + 1), 'from is inclusive to the millisecond');
      t.false(await found(ms + 1, ms + 2));
      t.false(await found(ms - 1, ms), 'to is exclusive to the millisecond');
    }
  });

  test(`[${db.name}] the database session itself runs in UTC`, async (t) => {
    const store = await db.store();
    const sql =
      db.name === 'sqlite'
        ? "SELECT strftime('%Y-%m-%d %H:%M:%f', 'now') AS v"
        : 'SELECT CAST(NOW(3) AS CHAR) AS v';
    const before = Date.now();
    const result = await store.knex.raw(sql);
    const after = Date.now();
    const row = Array.isArray(result[0]) ? result[0][0] : result[0];
    const now = fromDbTime(String(row.v));
    // Within a second of the process's clock: a zone offset would be hours off.
    t.true(now >= before - 1000 && now <= after + 1000, `${row.v}`);
  });
}
