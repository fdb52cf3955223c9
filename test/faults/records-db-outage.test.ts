/**
 * The MariaDB connection dies for a minute in the middle of simulated
 * traffic (RPT-1 acceptance), under every lane of the record writer. Calls enter the real ACD over ARI from the
 * PBX simulator's traffic generator; the durable record writer writes to
 * MariaDB through a TCP relay the test cuts: open connections are reset and
 * new ones refused for `DB_OUTAGE_S` seconds (default 60), while calls keep
 * arriving and ending. When the relay accepts again, the writer finds the
 * database by itself (its own retry schedule, on the wall clock) and every
 * call of the simulator's own log is in the database, once, with its final
 * picture. Waits are on runtime events and the writer's promises; the
 * outage length is the fault being injected, not a synchronisation.
 */
import { setTimeout as delay } from 'node:timers/promises';
import test from 'ava';
import pino from 'pino';
import { createRecordLanes } from '../../src/app/records/record-lanes.ts';
import type { RecordWriter } from '../../src/app/records/record-writer.ts';
import { createKnex } from '../../src/store/connection.ts';
import { openOutboxFile } from '../../src/store/records/outbox-file.ts';
import { laneOutboxPath } from '../../src/store/records/outbox-lanes.ts';
import { createRecordBatchStore } from '../../src/store/records/record-batch-store.ts';
import { testDatabases } from '../helpers/databases.ts';
import { memoryMetrics, tempOutboxPath } from '../helpers/records.ts';
import { startTcpCut, type TcpCut } from '../helpers/tcp-cut.ts';
import { type AcdUnderTest, DID, startAcd } from '../integration/acd-harness.ts';

const OUTAGE_MS = Number(process.env.DB_OUTAGE_S ?? 60) * 1000;
/** One call a second: about OUTAGE_S calls start while the database is away. */
const RATE_PER_MINUTE = 60;
const CALLS = Math.round(OUTAGE_MS / 1000) + 10;
/** Writer lanes (RECORD_WRITER_LANES' default). */
const LANES = 4;

const mariadb = testDatabases().find((d) => d.name === 'mariadb')!;
let acd: AcdUnderTest | undefined;
let relay: TcpCut | undefined;
const closers: Array<() => Promise<void>> = [];
test.after.always(async () => {
  await acd?.close();
  for (const close of closers) await close();
  await relay?.close();
});

test('no record is lost when the MariaDB connection dies for a minute under traffic', async (t) => {
  t.timeout(OUTAGE_MS + 120_000);
  const url = new URL(await mariadb.emptyDatabaseUrl());
  const direct = createKnex(url.toString(), { poolMax: 2 });
  closers.push(() => direct.destroy());
  const logger = pino({ level: process.env.FAULT_TEST_LOG ?? 'silent' });
  relay = await startTcpCut(url.hostname, Number(url.port || 3306));
  const viaRelay = new URL(url);
  viaRelay.hostname = '127.0.0.1';
  viaRelay.port = String(relay.port);
  const knex = createKnex(viaRelay.toString(), { poolMax: LANES + 2, logger });
  closers.push(() => knex.destroy());

  const metrics = memoryMetrics();
  let writer: RecordWriter | undefined;
  // The ACD's own store is the same database, reached directly: only the
  // record writer's connection goes through the relay.
  const a = await startAcd({
    databaseUrl: url.toString(),
    wrapUpS: 0,
    phone: { answerAfterS: 0.1 },
    records: () => {
      const outbox = tempOutboxPath();
      // Production's lanes on MariaDB: each lane's connection is cut and each finds its way back.
      writer = createRecordLanes({
        lanes: LANES,
        store: createRecordBatchStore(knex),
        outbox: (lane) => openOutboxFile(laneOutboxPath(outbox, lane, LANES), logger),
        logger,
        metrics: metrics.metrics,
        schedule: (ms, run) => {
          const timer = setTimeout(run, ms);
          return () => clearTimeout(timer);
        },
        seconds: () => performance.now() / 1000,
        // The production cap is 30 s; a shorter one keeps the test's tail short.
        retryMaxMs: 2_000,
      });
      void writer.start();
      return writer;
    },
  });
  acd = a;
  for (const agentId of a.agents) {
    await a.runtime.agentAction(agentId, { type: 'login' });
    await a.runtime.agentAction(agentId, { type: 'ready' });
  }

  const mark = a.events.length;
  const closed = () => a.events.slice(mark).filter((e) => e.type === 'call-closed').length;
  a.sim.control.startTraffic({
    seed: 11,
    dids: [{ did: DID, ratePerMinute: RATE_PER_MINUTE }],
    talk: { kind: 'fixed', value: 0.3 },
    patience: { kind: 'fixed', value: 30 },
    maxCalls: CALLS,
  });
  // A few calls are written directly before the fault.
  await a.waitFor('3 calls closed', () => closed() >= 3, mark);
  await writer!.idle();
  t.is(metrics.m.outboxed, 0, 'nothing went to the outbox before the fault');

  relay.cut();
  const closedBefore = closed();
  const outage = delay(OUTAGE_MS);
  // Calls go on ending while the database is away; each wait is for the next one.
  let outageOver = false;
  void outage.then(() => {
    outageOver = true;
  });
  while (!outageOver && closed() < CALLS) {
    const next = closed() + 1;
    await Promise.race([outage, a.waitFor(`call ${next} closed`, () => closed() >= next, mark)]);
  }
  await outage;
  const closedDuring = closed() - closedBefore;
  t.true(closedDuring >= OUTAGE_MS / 2000, `calls ended during the outage: ${closedDuring}`);
  t.true(writer!.degraded(), 'the writer is on the outbox');
  t.true(metrics.m.outboxed >= closedDuring, 'their records went to the outbox');
  t.true(relay.refused() > 0, 'the writer kept trying the database');

  relay.restore();
  await a.waitFor(`${CALLS} calls closed`, () => closed() >= CALLS, mark);
  await writer!.idle();
  t.false(writer!.degraded(), 'writing directly again');

  const placed = a.sim.control.trafficHistory().map((c) => c.channelId);
  t.is(placed.length, CALLS);
  const rows: Array<{ linked_id: string; ended_at: unknown }> = await direct('calls')
    .whereIn('linked_id', placed)
    .select('linked_id', 'ended_at');
  t.deepEqual(
    rows.map((r) => r.linked_id).sort(),
    [...placed].sort(),
    'every call of the simulator is recorded, once',
  );
  t.true(
    rows.every((r) => r.ended_at !== null),
    'each with its final picture',
  );
  const legs = await direct('call_legs').whereIn('channel_id', placed).count({ n: '*' });
  t.is(Number(legs[0]?.n), CALLS, 'one caller leg each, no duplicates');
});
