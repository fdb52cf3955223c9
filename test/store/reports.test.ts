/**
 * Reports over real databases: calls written by the record writer (priced
 * and placed by the enricher from stored rate and prefix tables), rolled up
 * per 15 minutes by the rollup job, read back by the reports service. The
 * KPIs of the rollups equal those computed from the raw calls; periods are
 * local days; agent time gives occupancy; supervisors see only their lines.
 */
import test from 'ava';
import pino from 'pino';
import type { Actor } from '../../src/app/actor.ts';
import { createAgentStateLog } from '../../src/app/records/agent-state-log.ts';
import { createRecordEnricher } from '../../src/app/records/record-enricher.ts';
import { createReportsService } from '../../src/app/records/reports-service.ts';
import { createRollupJob } from '../../src/app/records/rollup-job.ts';
import type { RecordInput } from '../../src/domain/call/record-entry.ts';
import { addCounters, countersOf, emptyCounters } from '../../src/domain/reports/call-facts.ts';
import { kpisOf } from '../../src/domain/reports/kpi.ts';
import { createRecordBatchStore } from '../../src/store/records/record-batch-store.ts';
import type { OpenedStore } from '../../src/store/store.ts';
import { manualClock, testDatabases, unique } from '../helpers/databases.ts';
import { legOf, tempOutboxPath, writerOver } from '../helpers/records.ts';
import { agentInput, newBusinessLine, queueInput } from './seed.ts';

const logger = pino({ level: 'silent' });
const S = 1000;
// Monday 9 March 2026, 09:00 UTC (10:00 in Paris).
const DAY = Date.UTC(2026, 2, 9, 9, 0, 0);

const admin: Actor = {
  userId: 'u-admin',
  username: 'admin',
  role: 'admin',
  agentId: null,
  businessLineIds: [],
  via: 'api-key',
  source: null,
};

async function queue(store: OpenedStore, lineId: string, serviceLevelS: number) {
  return store.queues.create(queueInput(lineId, { serviceLevelS }));
}

function inbound(
  p: Partial<RecordInput> & { wait: number; talk?: number; at: number },
): RecordInput {
  const { wait, talk, at, ...rest } = p;
  return {
    linkedId: unique('lk'),
    businessLineId: null,
    direction: 'inbound',
    ani: '+33140000000',
    dnis: '33170000001',
    queueId: null,
    agentId: null,
    startedAt: at,
    answeredAt: talk === undefined ? null : at + wait * S,
    endedAt: at + (wait + (talk ?? 0)) * S,
    hangupCause: 16,
    hangupBy: 'caller',
    disposition: null,
    notes: null,
    queueEnteredAt: at,
    source: 'app',
    trunk: 'trunk',
    ...rest,
  };
}

async function world(store: OpenedStore) {
  const reports = createReportsService({ store, clock: manualClock(DAY + 12 * 3600 * S) });
  const enricher = createRecordEnricher({ store, logger });
  const { writer } = writerOver(
    createRecordBatchStore(store.knex, enricher.enrich),
    tempOutboxPath(),
  );
  await writer.start();
  const rollups = createRollupJob({ store, logger, schedule: () => () => {} });
  return { reports, enricher, writer, rollups };
}

for (const db of testDatabases()) {
  test(`[${db.name}] report KPIs from rollups equal the KPIs of the raw calls, by local day`, async (t) => {
    const store = await db.freshStore();
    const line = await newBusinessLine(store);
    const [q1, q2] = [await queue(store, line.id, 20), await queue(store, line.id, 60)];
    const w = await world(store);
    const calls = [
      inbound({
        at: DAY,
        wait: 10,
        talk: 100,
        queueId: q1.id,
        agentId: 'a1',
        holdMs: 5000,
        wrapUpMs: 7000,
      }),
      inbound({ at: DAY + 3 * 60 * S, wait: 3, queueId: q1.id }),
      inbound({ at: DAY + 20 * 60 * S, wait: 45, talk: 30, queueId: q2.id, agentId: 'a2' }),
      inbound({ at: DAY + 61 * 60 * S, wait: 25, queueId: q2.id }),
      // 23:50 in Paris: the next local day starts at 23:00 UTC.
      inbound({
        at: Date.UTC(2026, 2, 9, 22, 50),
        wait: 5,
        talk: 1200,
        queueId: q1.id,
        agentId: 'a1',
      }),
      inbound({
        at: Date.UTC(2026, 2, 9, 23, 10),
        wait: 15,
        talk: 60,
        queueId: q1.id,
        agentId: 'a1',
      }),
    ].map((r) => ({ ...r, businessLineId: line.id }));
    for (const record of calls)
      await w.writer.put({
        record,
        legs: [legOf({ channelId: record.linkedId, startedAt: record.startedAt })],
      });
    t.true((await w.rollups.runOnce()) >= 5);
    t.is(await w.rollups.runOnce(), 0, 'nothing left to rebuild');

    const rows = await w.reports.report(admin, {
      dimension: 'none',
      groupBy: 'day',
      from: Date.UTC(2026, 2, 8, 23),
      to: Date.UTC(2026, 2, 10, 23),
      businessLineIds: [line.id],
    });
    t.deepEqual(
      rows.map((r) => r.period),
      ['2026-03-09T00:00:00.000+01:00', '2026-03-10T00:00:00.000+01:00'],
      "the line's time zone (Europe/Paris) sets the days",
    );
    const slOf = (queueId: string | null) => (queueId === q1.id ? 20 : 60);
    const raw = (list: RecordInput[]) =>
      kpisOf(
        list.reduce(
          (c, r) => addCounters(c, countersOf({ ...r, id: r.linkedId }, slOf(r.queueId))),
          emptyCounters(),
        ),
        null,
      );
    t.deepEqual(rows[0]?.kpis, { ...raw(calls.slice(0, 5)), occupancy: null, utilisation: null });
    t.deepEqual(rows[1]?.kpis, { ...raw(calls.slice(5)), occupancy: null, utilisation: null });
    t.like(rows[0]?.kpis, { offered: 5, answered: 3, abandoned: 2, shortAbandoned: 1 });

    const byQueue = await w.reports.report(admin, {
      dimension: 'queue',
      groupBy: 'total',
      from: DAY - 3600 * S,
      to: DAY + 2 * 3600 * S,
    });
    t.deepEqual(
      byQueue.map((r) => [r.key, r.kpis.offered, r.kpis.serviceLevel]),
      // q1: 10 s answered within its 20 s (the 3 s call abandoned); q2: 45 s answered within its 60 s.
      [q1.id, q2.id].sort().map((id) => [id, 2, 1]),
    );
    await w.writer.close();
  });

  test(`[${db.name}] a bucket of more calls than one read holds is counted whole, ties on the start time included`, async (t) => {
    const store = await db.freshStore();
    const line = await newBusinessLine(store);
    const w = await world(store);
    // 2,500 calls in one bucket (reads take 1,000), seven at each start time: pages end inside a tie.
    const calls = Array.from({ length: 2500 }, (_, i) =>
      inbound({ at: DAY + Math.floor(i / 7) * S, wait: 5, talk: i % 2 === 0 ? 30 : undefined }),
    ).map((r) => ({ ...r, businessLineId: line.id }));
    await Promise.all(
      calls.map((record) =>
        w.writer.put({
          record,
          legs: [legOf({ channelId: record.linkedId, startedAt: record.startedAt })],
        }),
      ),
    );
    t.true((await w.rollups.runOnce()) >= 1);
    const [total] = await w.reports.report(admin, {
      dimension: 'none',
      groupBy: 'total',
      from: DAY,
      to: DAY + 3600 * S,
      businessLineIds: [line.id],
    });
    t.like(total?.kpis, { offered: 2500, answered: 1250, abandoned: 1250 });
    await w.writer.close();
  });

  test(`[${db.name}] days and weeks summed by the database match the hours, across a DST change`, async (t) => {
    const store = await db.freshStore();
    const line = await newBusinessLine(store);
    const q1 = await queue(store, line.id, 20);
    const w = await world(store);
    // Paris goes to summer time on Sunday 2026-03-29 at 01:00 UTC: that day has 23 hours.
    const starts = [
      Date.UTC(2026, 2, 27, 22, 59), // Friday 23:59 +01:00
      Date.UTC(2026, 2, 27, 23, 0), // Saturday 00:00 +01:00
      Date.UTC(2026, 2, 28, 22, 30), // Saturday 23:30 +01:00
      Date.UTC(2026, 2, 28, 23, 10), // Sunday 00:10 +01:00
      Date.UTC(2026, 2, 29, 21, 50), // Sunday 23:50 +02:00
      Date.UTC(2026, 2, 29, 22, 5), // Monday 00:05 +02:00
      Date.UTC(2026, 3, 2, 12, 0), // Thursday
    ];
    for (const [i, at] of starts.entries()) {
      const record = { ...inbound({ at, wait: 5 + i, queueId: q1.id }), businessLineId: line.id };
      await w.writer.put({
        record,
        legs: [legOf({ channelId: record.linkedId, startedAt: record.startedAt })],
      });
    }
    await w.rollups.runOnce();
    const period = {
      dimension: 'queue' as const,
      from: Date.UTC(2026, 2, 26, 23),
      to: Date.UTC(2026, 3, 5, 22),
      businessLineIds: [line.id],
    };
    const days = await w.reports.report(admin, { ...period, groupBy: 'day' });
    t.deepEqual(
      days.map((r) => [r.period, r.kpis.offered]),
      [
        ['2026-03-27T00:00:00.000+01:00', 1],
        ['2026-03-28T00:00:00.000+01:00', 2],
        ['2026-03-29T00:00:00.000+01:00', 2],
        ['2026-03-30T00:00:00.000+02:00', 1],
        ['2026-04-02T00:00:00.000+02:00', 1],
      ],
    );
    // The same calls grouped by hour (summed in Node from the buckets) add up to each day.
    const hours = await w.reports.report(admin, { ...period, groupBy: 'hour' });
    for (const day of days) {
      const next = days.find((d) => d.periodStart > day.periodStart)?.periodStart ?? period.to;
      const inDay = hours.filter((h) => h.periodStart >= day.periodStart && h.periodStart < next);
      t.is(
        inDay.reduce((n, h) => n + h.kpis.offered, 0),
        day.kpis.offered,
        day.period,
      );
    }
    const weeks = await w.reports.report(admin, { ...period, groupBy: 'week' });
    t.deepEqual(
      weeks.map((r) => [r.period, r.kpis.offered]),
      [
        ['2026-03-23T00:00:00.000+01:00', 5],
        ['2026-03-30T00:00:00.000+02:00', 2],
      ],
    );
    await w.writer.close();
  });

  test(`[${db.name}] calls are priced and placed from the stored tables; the region report counts them`, async (t) => {
    const store = await db.freshStore();
    const line = await newBusinessLine(store);
    await store.reports.saveRateTable(
      {
        id: crypto.randomUUID(),
        businessLineId: null,
        name: 'Default',
        currency: 'EUR',
        rates: [
          {
            prefix: '33',
            trunk: '',
            perMinuteMicros: 60_000,
            incrementS: 60,
            minimumS: 0,
            setupMicros: 10_000,
          },
        ],
      },
      DAY,
    );
    await store.reports.replaceRegionPrefixes([{ prefix: '331', region: 'Ile-de-France' }], DAY);
    const w = await world(store);
    await w.enricher.refresh();
    const paris = inbound({
      at: DAY,
      wait: 5,
      talk: 61,
      businessLineId: line.id,
      ani: '+33140000000',
    });
    const mobile = inbound({
      at: DAY,
      wait: 5,
      talk: 30,
      businessLineId: line.id,
      ani: '+33612345678',
    });
    for (const record of [paris, mobile]) await w.writer.put({ record, legs: [] });
    const stored = await store.calls.getByLinkedId(paris.linkedId);
    t.like(stored, {
      callerCountry: 'FR',
      callerRegion: 'Ile-de-France',
      callerNumberType: 'FIXED_LINE',
      costMicros: 10_000 + 120_000,
    });
    await w.rollups.runOnce();
    const regions = await w.reports.regions(admin, {
      groupBy: 'total',
      from: DAY,
      to: DAY + 3600 * S,
    });
    t.deepEqual(
      regions.map((r) => [r.region, r.numberType, r.calls, r.costMicros]),
      [
        ['FR', 'MOBILE', 1, 10_000 + 60_000],
        ['Ile-de-France', 'FIXED_LINE', 1, 130_000],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    await w.writer.close();
  });

  test(`[${db.name}] agent state intervals give occupancy and utilisation per agent`, async (t) => {
    const store = await db.freshStore();
    const line = await newBusinessLine(store);
    const agent = await store.agents.create(agentInput(line.id));
    const w = await world(store);
    const log = createAgentStateLog({ store, logger });
    const change = (from: string, to: string, minute: number) =>
      log.handle({
        type: 'agent-state-changed',
        agentId: agent.id,
        from: from as 'available',
        to: to as 'available',
        reason: null,
        callId: null,
        at: DAY + minute * 60 * S,
      });
    change('logged-out', 'available', 0);
    change('available', 'ringing', 4);
    change('ringing', 'on-call', 5);
    change('on-call', 'wrap-up', 11);
    change('wrap-up', 'available', 12);
    change('available', 'logged-out', 15);
    await log.settled();
    await w.rollups.runOnce();
    const [row] = await w.reports.report(admin, {
      dimension: 'agent',
      groupBy: 'total',
      from: DAY,
      to: DAY + 3600 * S,
    });
    t.is(row?.key, agent.id);
    // Busy 1 + 6 min, wrap 1 min, available 4 + 3 min, logged in 15 min.
    t.is(row?.kpis.occupancy, 8 / 15);
    t.is(row?.kpis.utilisation, 8 / 15);
    await w.writer.close();
  });

  test(`[${db.name}] a supervisor's report covers only its business lines`, async (t) => {
    const store = await db.freshStore();
    const [mine, other] = [await newBusinessLine(store), await newBusinessLine(store)];
    const w = await world(store);
    for (const lineId of [mine.id, other.id, other.id]) {
      await w.writer.put({
        record: inbound({ at: DAY, wait: 5, talk: 5, businessLineId: lineId }),
        legs: [],
      });
    }
    await w.rollups.runOnce();
    const supervisor: Actor = { ...admin, role: 'supervisor', businessLineIds: [mine.id] };
    const query = {
      dimension: 'business-line' as const,
      groupBy: 'total' as const,
      from: DAY,
      to: DAY + 3600 * S,
    };
    t.deepEqual(
      (await w.reports.report(supervisor, query)).map((r) => [r.key, r.kpis.calls]),
      [[mine.id, 1]],
    );
    t.deepEqual(await w.reports.report(supervisor, { ...query, businessLineIds: [other.id] }), []);
    t.is((await w.reports.report(admin, query)).length, 2);
    await t.throwsAsync(w.reports.report({ ...admin, role: 'agent' }, query), {
      message: /may not reports:read/,
    });
    await w.writer.close();
  });
}
