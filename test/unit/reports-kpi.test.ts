/**
 * Every KPI of docs/reports.md on hand-built call sets, against values
 * computed by hand: no calls, all abandoned, short abandons, service level
 * in both forms, talk/hold/wrap, trunk hold, occupancy; grouping by day
 * across midnight and across the DST changes of Europe/Paris; rollups of
 * buckets summing to the raw figures.
 */
import test from 'ava';
import type { CallRecord } from '../../src/domain/call/call-record.ts';
import { agentTimeInBucket } from '../../src/domain/reports/agent-time.ts';
import { BUCKET_MS, bucketStart } from '../../src/domain/reports/buckets.ts';
import { addCounters, countersOf, emptyCounters } from '../../src/domain/reports/call-facts.ts';
import { kpisOf } from '../../src/domain/reports/kpi.ts';
import { periodFinder, periodOf } from '../../src/domain/reports/periods.ts';
import { ALL, GRAINS, rollupRows } from '../../src/domain/reports/rollup.ts';

const T0 = Date.UTC(2026, 2, 10, 9, 0, 0); // Tuesday 10 March 2026, 10:00 in Paris
const S = 1000;
let seq = 0;

/** A queued inbound call: waits `wait` s, then is answered (talk s) or abandoned (talk undefined). */
function queued(o: {
  at?: number;
  wait: number;
  talk?: number;
  hold?: number;
  wrap?: number;
  queueId?: string;
  agentId?: string;
}): CallRecord {
  const at = o.at ?? T0;
  const answeredAt = o.talk === undefined ? null : at + o.wait * S;
  const endedAt = at + (o.wait + (o.talk ?? 0) + (o.hold ?? 0)) * S;
  seq += 1;
  return {
    id: `c${seq}`,
    linkedId: `l${seq}`,
    businessLineId: 'line',
    direction: 'inbound',
    ani: '+33612345678',
    dnis: '33170000001',
    queueId: o.queueId ?? 'q1',
    agentId: o.talk === undefined ? null : (o.agentId ?? 'a1'),
    startedAt: at,
    answeredAt,
    endedAt,
    hangupCause: 16,
    hangupBy: 'caller',
    disposition: null,
    notes: null,
    queueEnteredAt: at,
    holdMs: o.hold === undefined ? null : o.hold * S,
    wrapUpMs: o.wrap === undefined ? null : o.wrap * S,
    transfers: 0,
    callbackRequested: false,
  };
}

const sum = (calls: readonly CallRecord[], sl: number | null = 20) =>
  calls.reduce((c, call) => addCounters(c, countersOf(call, sl)), emptyCounters());

test('no calls: counts are 0 and every ratio is null, not 0', (t) => {
  const k = kpisOf(emptyCounters(), null);
  t.like(k, { calls: 0, offered: 0, answered: 0, abandoned: 0 });
  for (const ratio of [
    k.abandonRate,
    k.abandonRateExShort,
    k.asaMs,
    k.serviceLevel,
    k.serviceLevel2,
    k.attMs,
    k.ahtMs,
    k.athtMs,
  ]) {
    t.is(ratio, null);
  }
  t.is(k.occupancy, null);
});

test('all abandoned: abandon rate 1, no ASA, SL2 counts quick abandons', (t) => {
  const calls = [queued({ wait: 3 }), queued({ wait: 12 }), queued({ wait: 40 })];
  const k = kpisOf(sum(calls), null);
  t.like(k, { offered: 3, answered: 0, abandoned: 3, shortAbandoned: 1, abandonedExShort: 2 });
  t.is(k.abandonRate, 1);
  t.is(k.abandonRateExShort, 1); // (3 - 1) / (3 - 1)
  t.is(k.asaMs, null);
  t.is(k.serviceLevel, null); // nothing answered
  t.is(k.serviceLevel2, 2 / 3); // 3 s and 12 s are within 20 s
  t.is(k.avgAbandonWaitMs, ((3 + 12 + 40) / 3) * S);
});

test('a mixed set: every KPI equals the hand-computed value', (t) => {
  const calls = [
    queued({ wait: 10, talk: 100, hold: 20, wrap: 30 }),
    queued({ wait: 30, talk: 200, wrap: 10 }),
    queued({ wait: 20, talk: 60 }),
    queued({ wait: 4 }), // short abandon
    queued({ wait: 25 }), // abandon after T
  ];
  const k = kpisOf(sum(calls, 20), null);
  t.like(k, {
    calls: 5,
    offered: 5,
    answered: 3,
    abandoned: 2,
    shortAbandoned: 1,
    abandonedExShort: 1,
  });
  t.is(k.abandonRate, 2 / 5);
  t.is(k.abandonRateExShort, 1 / 4);
  t.is(k.asaMs, ((10 + 30 + 20) / 3) * S);
  // Answered within 20 s: the 10 s and 20 s waits (20 s is "within").
  t.is(k.serviceLevel, 2 / 3);
  // SL2: (2 answered + 1 abandoned (4 s) within 20 s) / (3 + 2).
  t.is(k.serviceLevel2, 3 / 5);
  // Talk excludes hold: 100, 200, 60.
  t.is(k.talkMs, 360 * S);
  t.is(k.attMs, 120 * S);
  // Handle = talk + hold + wrap = 360 + 20 + 40.
  t.is(k.ahtMs, (420 / 3) * S);
  // Trunk hold: whole call durations, all five are inbound.
  const durations = [10 + 100 + 20, 30 + 200, 20 + 60, 4, 25];
  t.is(k.athtMs, (durations.reduce((a, b) => a + b) / 5) * S);
});

test('the service-level time can be chosen among the kept thresholds', (t) => {
  const calls = [
    queued({ wait: 10, talk: 5 }),
    queued({ wait: 14, talk: 5 }),
    queued({ wait: 29, talk: 5 }),
    queued({ wait: 29 }),
  ];
  const c = sum(calls, 20);
  t.is(kpisOf(c, null, 10).serviceLevel, 1 / 3);
  t.is(kpisOf(c, null, 15).serviceLevel, 2 / 3);
  t.is(kpisOf(c, null, 30).serviceLevel, 1);
  t.is(kpisOf(c, null, 30).serviceLevel2, 1);
  t.is(kpisOf(c, null, 10).serviceLevel2, 1 / 4);
  t.is(kpisOf(c, null).serviceLevelS, null);
});

test('internal calls hold no trunk and are not offered; live calls count nothing', (t) => {
  const internal = {
    ...queued({ wait: 0, talk: 30 }),
    direction: 'internal' as const,
    queueId: null,
    queueEnteredAt: null,
  };
  const live = { ...queued({ wait: 5, talk: 10 }), endedAt: null };
  const k = kpisOf(sum([internal, live]), null);
  t.like(k, { calls: 1, offered: 0, answered: 0 });
  t.is(k.athtMs, null);
  t.is(k.talkMs, 30 * S, 'talk of an answered call counts even when it was not queued');
});

test('occupancy and utilisation come from agent time', (t) => {
  const bucket = bucketStart(T0);
  const time = agentTimeInBucket(
    [
      {
        agentId: 'a1',
        businessLineId: 'line',
        state: 'available',
        startedAt: bucket,
        endedAt: bucket + 5 * 60 * S,
      },
      {
        agentId: 'a1',
        businessLineId: 'line',
        state: 'on-call',
        startedAt: bucket + 5 * 60 * S,
        endedAt: bucket + 11 * 60 * S,
      },
      {
        agentId: 'a1',
        businessLineId: 'line',
        state: 'wrap-up',
        startedAt: bucket + 11 * 60 * S,
        endedAt: bucket + 12 * 60 * S,
      },
      {
        agentId: 'a1',
        businessLineId: 'line',
        state: 'paused',
        startedAt: bucket + 12 * 60 * S,
        endedAt: bucket + 20 * 60 * S,
      },
    ],
    bucket,
  ).get('a1')!.time;
  t.deepEqual(time, {
    loggedInMs: 15 * 60 * S, // the pause runs past the bucket's end
    availableMs: 5 * 60 * S,
    busyMs: 6 * 60 * S,
    wrapMs: 1 * 60 * S,
    pausedMs: 3 * 60 * S,
  });
  const k = kpisOf(emptyCounters(), time);
  t.is(k.occupancy, 7 / 12); // (6 + 1) / (6 + 1 + 5)
  t.is(k.utilisation, 7 / 15);
});

test('a call across midnight counts on the day it started', (t) => {
  const late = Date.UTC(2026, 2, 10, 22, 55, 0); // 23:55 in Paris
  const call = queued({ at: late, wait: 60, talk: 600 });
  t.true(call.endedAt! > Date.UTC(2026, 2, 10, 23, 0, 0), 'ends after local midnight');
  const day = periodOf(bucketStart(call.startedAt), 'day', 'Europe/Paris', late);
  t.is(day.label, '2026-03-10T00:00:00.000+01:00');
});

test('days across the DST changes are 23 and 25 hours long and group their buckets exactly', (t) => {
  const zone = 'Europe/Paris';
  // Spring forward: 29 March 2026 has 23 hours; fall back: 25 October 2026 has 25.
  for (const [date, hours] of [
    [Date.UTC(2026, 2, 28, 23, 0, 0), 23],
    [Date.UTC(2026, 9, 24, 22, 0, 0), 25],
  ] as const) {
    const day = periodOf(date, 'day', zone, date);
    t.is(day.start, date);
    const buckets = [];
    for (let b = date - 8 * BUCKET_MS; b < date + 30 * 3600 * S; b += BUCKET_MS) {
      if (periodOf(b, 'day', zone, date).start === day.start) buckets.push(b);
    }
    t.is(buckets.length, hours * 4);
    // The finder that reports use gives the same periods, bucket by bucket.
    const find = periodFinder('day', zone, date);
    for (let b = date - 8 * BUCKET_MS; b < date + 30 * 3600 * S; b += BUCKET_MS) {
      t.deepEqual(find(b), periodOf(b, 'day', zone, date));
    }
  }
  t.is(
    periodOf(Date.UTC(2026, 2, 29, 1, 30), 'hour', zone, 0).label,
    '2026-03-29T03:00:00.000+02:00',
  );
  t.is(periodOf(Date.UTC(2026, 2, 11, 12), 'week', zone, 0).label, '2026-03-09T00:00:00.000+01:00');
  t.is(
    periodOf(Date.UTC(2026, 2, 11, 12), 'month', zone, 0).label,
    '2026-03-01T00:00:00.000+01:00',
  );
});

test('rollup rows of buckets add up to the KPIs of the raw calls', (t) => {
  const calls = [
    queued({ at: T0, wait: 10, talk: 100 }),
    queued({ at: T0 + 7 * 60 * S, wait: 3 }),
    queued({ at: T0 + 20 * 60 * S, wait: 45, talk: 30, queueId: 'q2', agentId: 'a2' }),
    queued({ at: T0 + 50 * 60 * S, wait: 8, talk: 12, agentId: 'a2' }),
  ];
  const byBucket = new Map<number, CallRecord[]>();
  for (const c of calls)
    byBucket.set(bucketStart(c.startedAt), [...(byBucket.get(bucketStart(c.startedAt)) ?? []), c]);
  t.is(byBucket.size, 3);
  const rows = [...byBucket.values()].flatMap((group) =>
    rollupRows(group, (q) => (q === 'q1' ? 20 : 60)),
  );
  const raw = calls.reduce(
    (c, call) => addCounters(c, countersOf(call, call.queueId === 'q1' ? 20 : 60)),
    emptyCounters(),
  );
  // Every grain sums to the same totals: a report may read any of them.
  for (const grain of GRAINS) {
    const fromRows = rows
      .filter((r) => r.key.grain === grain)
      .reduce((c, r) => addCounters(c, r.counters), emptyCounters());
    t.deepEqual(fromRows, raw, grain);
    t.deepEqual(kpisOf(fromRows, null), kpisOf(raw, null));
  }
  const q2 = rows.filter((r) => r.key.grain === 'queue' && r.key.queueId === 'q2');
  t.is(q2.length, 1);
  t.is(q2[0]?.key.agentId, ALL);
  t.is(q2[0]?.counters.answeredInSl, 1, 'queue q2 uses its own 60 s');
  t.is(rows.filter((r) => r.key.grain === 'line').length, 3, 'one line row per bucket');
});
