/**
 * The durable batched record writer over real databases: idempotent writes
 * on Asterisk ids, application records winning over PBX captures, the
 * outbox while the database is away (a destroyed pool, a stopped server),
 * replay in order when it returns and after a restart, and poison entries.
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import type { Knex } from 'knex';
import { createKnex } from '../../src/store/connection.ts';
import { createRecordBatchStore } from '../../src/store/records/record-batch-store.ts';
import type { OpenedStore } from '../../src/store/store.ts';
import { type Backend, testDatabases, unique } from '../helpers/databases.ts';
import {
  legOf,
  pictureOf,
  recordOf,
  SwitchableStore,
  T0,
  tempOutboxPath,
  writerOver,
} from '../helpers/records.ts';

/** A batch store whose database is gone: a destroyed pool (SQLite) or a stopped server (MariaDB). */
async function deadStore(backend: Backend, live: OpenedStore) {
  let knex: Knex;
  if (backend === 'sqlite') {
    const { filename } = live.knex.client.config.connection as { filename: string };
    knex = createKnex(`sqlite:${filename}`);
    await knex.raw('select 1');
    await knex.destroy();
  } else {
    // Port 1 on loopback: nothing listens, connections are refused at once.
    knex = createKnex('mysql://root@127.0.0.1:1/callwright', { poolMax: 1 });
  }
  return createRecordBatchStore(knex);
}

async function callRow(store: OpenedStore, linkedId: string) {
  return store.calls.getByLinkedId(linkedId);
}

async function countCalls(store: OpenedStore, linkedIds: string[]): Promise<number> {
  const [row] = await store.knex('calls').whereIn('linked_id', linkedIds).count({ n: '*' });
  return Number(row?.n);
}

const outboxLines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '').length;

for (const db of testDatabases()) {
  test(`[${db.name}] the same picture twice makes one call row and one leg row`, async (t) => {
    const store = await db.store();
    const { writer } = writerOver(createRecordBatchStore(store.knex), tempOutboxPath());
    await writer.start();
    const picture = pictureOf({ answeredAt: T0 + 5000, endedAt: T0 + 60_000, hangupCause: 16 });
    await writer.put(picture);
    await writer.put(picture);
    await Promise.all([writer.put(picture), writer.put(picture)]);
    t.is(await countCalls(store, [picture.record.linkedId]), 1);
    const call = await callRow(store, picture.record.linkedId);
    t.truthy(call);
    const legs = await store.calls.legsOf([call!.id]);
    t.is(legs.length, 1);
    t.is(legs[0]?.channelId, picture.record.linkedId);
    t.is(call?.endedAt, T0 + 60_000);
    t.is(call?.source, 'app');
    await writer.close();
  });

  test(`[${db.name}] text with quotes, question marks, backslashes and emoji is stored as given`, async (t) => {
    const store = await db.store();
    const { writer } = writerOver(createRecordBatchStore(store.knex), tempOutboxPath());
    await writer.start();
    const notes = `it's "fine"? \\ yes; -- no ?? \n \u{1F600} ?`;
    const picture = pictureOf({ notes, disposition: 'a?b', ani: "O'Brien" });
    const other = pictureOf({ notes: null, disposition: '?' });
    await Promise.all([writer.put(picture), writer.put(other)]);
    const call = await callRow(store, picture.record.linkedId);
    t.is(call?.notes, notes);
    t.is(call?.disposition, 'a?b');
    t.is(call?.ani, "O'Brien");
    t.is((await callRow(store, other.record.linkedId))?.disposition, '?');
    await writer.close();
  });

  test(`[${db.name}] an older application picture arriving late changes nothing`, async (t) => {
    const store = await db.store();
    const { writer } = writerOver(createRecordBatchStore(store.knex), tempOutboxPath());
    await writer.start();
    const live = pictureOf({ answeredAt: T0 + 5000 });
    const linkedId = live.record.linkedId;
    const ended = pictureOf(
      { linkedId, answeredAt: T0 + 5000, endedAt: T0 + 60_000, hangupCause: 16 },
      [legOf({ channelId: linkedId, endedAt: T0 + 60_000, hangupCause: 16 })],
    );
    await writer.put({ ...ended, revision: 2 });
    // Revision 1 comes late, alone and in a batch after revision 2: both times it is stale.
    await writer.put({ ...live, revision: 1 });
    await Promise.all([
      writer.put({ ...ended, revision: 2 }),
      writer.put({ ...live, revision: 1 }),
    ]);
    const call = await callRow(store, linkedId);
    t.is(call?.endedAt, T0 + 60_000);
    t.is(call?.hangupCause, 16);
    const legs = await store.calls.legsOf([call!.id]);
    t.is(legs[0]?.endedAt, T0 + 60_000);
    // A picture without a revision (older writers, other features) still applies.
    await writer.put({ ...ended, record: { ...ended.record, notes: 'kept' } });
    t.is((await callRow(store, linkedId))?.notes, 'kept');
    await writer.close();
  });

  test(`[${db.name}] pictures handed over in one tick are written as one batch`, async (t) => {
    const store = await db.store();
    const target = new SwitchableStore(createRecordBatchStore(store.knex));
    const { writer } = writerOver(target, tempOutboxPath());
    await writer.start();
    const pictures = Array.from({ length: 120 }, () => pictureOf());
    await Promise.all(pictures.map((p) => writer.put(p)));
    t.is(target.writes, 1);
    t.is(
      await countCalls(
        store,
        pictures.map((p) => p.record.linkedId),
      ),
      120,
    );
    await writer.close();
  });

  test(`[${db.name}] a later picture updates the row; details it leaves out keep their value`, async (t) => {
    const store = await db.store();
    const { writer } = writerOver(createRecordBatchStore(store.knex), tempOutboxPath());
    await writer.start();
    const first = pictureOf({ trunk: 'trunk', holdMs: 4000, campaignId: null });
    await writer.put(first);
    const later = {
      record: { ...first.record, trunk: undefined, holdMs: undefined, endedAt: T0 + 9000 },
      legs: [{ ...first.legs[0]!, endedAt: T0 + 9000, hangupCause: 16 }],
    };
    await writer.put(later);
    const call = await callRow(store, first.record.linkedId);
    t.is(call?.trunk, 'trunk');
    t.is(call?.holdMs, 4000);
    t.is(call?.endedAt, T0 + 9000);
    const [leg] = await store.calls.legsOf([call!.id]);
    t.is(leg?.hangupCause, 16);
    await writer.close();
  });

  test(`[${db.name}] a PBX capture never changes or duplicates a call the application recorded`, async (t) => {
    const store = await db.store();
    const { writer } = writerOver(createRecordBatchStore(store.knex), tempOutboxPath());
    await writer.start();
    // Across batches, application first.
    const app = pictureOf({ ani: '+33100000001', endedAt: T0 + 30_000 });
    await writer.put(app);
    const captured = {
      record: { ...app.record, ani: 'other', endedAt: T0 + 99_000, source: 'pbx' as const },
      legs: [legOf({ channelId: app.record.linkedId, channelName: 'PJSIP/x' })],
    };
    await writer.put(captured);
    let call = await callRow(store, app.record.linkedId);
    t.is(call?.ani, '+33100000001');
    t.is(call?.endedAt, T0 + 30_000);
    t.is(call?.source, 'app');
    // Within one batch, PBX capture first.
    const app2 = pictureOf({ ani: '+33100000002' });
    const captured2 = {
      record: { ...app2.record, ani: 'other', source: 'pbx' as const },
      legs: [],
    };
    await Promise.all([writer.put(captured2), writer.put(app2)]);
    call = await callRow(store, app2.record.linkedId);
    t.is(call?.ani, '+33100000002');
    t.is(call?.source, 'app');
    // Across batches, PBX capture first: the application record replaces it.
    const app3 = pictureOf({ ani: '+33100000003' });
    await writer.put({ record: { ...app3.record, ani: 'other', source: 'pbx' }, legs: [] });
    await writer.put(app3);
    call = await callRow(store, app3.record.linkedId);
    t.is(call?.ani, '+33100000003');
    t.is(call?.source, 'app');
    t.is(
      await countCalls(store, [app.record.linkedId, app2.record.linkedId, app3.record.linkedId]),
      3,
    );
    await writer.close();
  });

  test(`[${db.name}] PBX captures of one call merge the same in any order`, async (t) => {
    const store = await db.store();
    const { writer } = writerOver(createRecordBatchStore(store.knex), tempOutboxPath());
    await writer.start();
    const results = [];
    for (const reversed of [false, true]) {
      const linkedId = unique('1747.pbx');
      const callee = unique('1747.callee');
      const a = {
        record: recordOf({
          linkedId,
          direction: 'internal',
          ani: '1001',
          dnis: '1002',
          startedAt: T0,
          answeredAt: T0 + 3000,
          endedAt: T0 + 20_000,
          hangupCause: 16,
          source: 'pbx',
        }),
        legs: [legOf({ channelId: linkedId, channelName: 'PJSIP/1001-1', startedAt: T0 })],
      };
      const b = {
        record: recordOf({
          linkedId,
          direction: 'internal',
          ani: '1001',
          dnis: '1002',
          startedAt: T0 + 100,
          answeredAt: T0 + 3000,
          endedAt: T0 + 21_000,
          hangupCause: 16,
          source: 'pbx',
        }),
        legs: [legOf({ channelId: callee, channelName: 'PJSIP/1002-2', startedAt: T0 + 100 })],
      };
      for (const p of reversed ? [b, a] : [a, b]) await writer.put(p);
      await writer.put(a); // a duplicate changes nothing
      const call = await callRow(store, linkedId);
      const legs = await store.calls.legsOf([call!.id]);
      results.push({
        startedAt: call?.startedAt,
        answeredAt: call?.answeredAt,
        endedAt: call?.endedAt,
        legs: legs.map((l) => l.channelName),
      });
    }
    t.deepEqual(results[0], {
      startedAt: T0,
      answeredAt: T0 + 3000,
      endedAt: T0 + 21_000,
      legs: ['PJSIP/1001-1', 'PJSIP/1002-2'],
    });
    t.deepEqual(results[1], results[0]);
    await writer.close();
  });

  test(`[${db.name}] a PBX capture whose channel belongs to another call is dropped`, async (t) => {
    const store = await db.store();
    const { writer } = writerOver(createRecordBatchStore(store.knex), tempOutboxPath());
    await writer.start();
    const agentLeg = legOf({ channelName: 'PJSIP/2001-3', role: 'agent' });
    const app = pictureOf({}, [agentLeg]);
    await writer.put(app);
    const stray = {
      record: recordOf({ linkedId: agentLeg.channelId, source: 'pbx' }),
      legs: [agentLeg],
    };
    await writer.put(stray);
    t.is(await callRow(store, agentLeg.channelId), undefined);
    await writer.close();
  });

  test(`[${db.name}] while the database is away records go to the outbox, then are written in order`, async (t) => {
    const store = await db.store();
    const live = createRecordBatchStore(store.knex);
    const target = new SwitchableStore(live);
    const outbox = tempOutboxPath();
    const { writer, schedule, metrics } = writerOver(target, outbox, undefined, 10);
    await writer.start();
    const before = pictureOf();
    await writer.put(before);

    target.current = await deadStore(db.name, store);
    const ringing = pictureOf({ ani: '+33199999999' });
    const ended = {
      record: { ...ringing.record, answeredAt: T0 + 1000, endedAt: T0 + 50_000, hangupCause: 16 },
      legs: [{ ...ringing.legs[0]!, endedAt: T0 + 50_000 }],
    };
    const others = Array.from({ length: 35 }, () => pictureOf());
    // Every put resolves although the database is away: the pictures are durable in the outbox.
    await writer.put(ringing);
    await Promise.all(others.map((p) => writer.put(p)));
    await writer.put(ended);
    t.true(writer.degraded());
    t.is(outboxLines(outbox), 37);
    t.is(metrics.m.outboxed, 37);
    t.false(metrics.m.up);
    t.is(
      await countCalls(
        store,
        others.map((p) => p.record.linkedId),
      ),
      0,
    );

    // A retry while still away keeps everything and backs off.
    t.is(schedule.fire(), 1);
    await writer.put(pictureOf({ linkedId: 'late-1' }));
    t.is(outboxLines(outbox), 38);

    target.current = live;
    schedule.fire();
    await writer.idle();
    t.false(writer.degraded());
    t.true(metrics.m.up);
    t.is(await countCalls(store, [...others.map((p) => p.record.linkedId), 'late-1']), 36);
    const call = await callRow(store, ringing.record.linkedId);
    t.is(call?.endedAt, T0 + 50_000, 'the later picture, replayed in order, wins');
    t.throws(() => readFileSync(outbox), { code: 'ENOENT' }, 'a drained outbox is removed');
    const delays = schedule.delays();
    t.true(delays.length === 0 || delays.every((d) => d > 0));

    // Writes go direct again.
    const after = pictureOf();
    await writer.put(after);
    t.truthy(await callRow(store, after.record.linkedId));
    t.truthy(await callRow(store, before.record.linkedId));
    await writer.close();
  });

  test(`[${db.name}] an outbox left by a stopped writer is replayed on start`, async (t) => {
    const store = await db.store();
    const outbox = tempOutboxPath();
    const first = writerOver(await deadStore(db.name, store), outbox);
    await first.writer.start();
    const pictures = Array.from({ length: 25 }, () => pictureOf());
    for (const p of pictures) await first.writer.put(p);
    await first.writer.close();
    t.is(outboxLines(outbox), 25);

    // The next run: the database is back.
    const second = writerOver(createRecordBatchStore(store.knex), outbox, undefined, 7);
    const fresh = pictureOf();
    const freshWritten = second.writer.put(fresh); // handed over before start: waits for the replay
    await second.writer.start();
    await freshWritten;
    await second.writer.idle();
    t.is(
      await countCalls(
        store,
        pictures.map((p) => p.record.linkedId),
      ),
      25,
    );
    t.truthy(await callRow(store, fresh.record.linkedId));
    t.false(second.writer.degraded());
    await second.writer.close();
  });

  test(`[${db.name}] a picture the database refuses is dropped and the rest of the batch written`, async (t) => {
    const store = await db.store();
    const { writer, metrics } = writerOver(createRecordBatchStore(store.knex), tempOutboxPath());
    await writer.start();
    const good = [pictureOf(), pictureOf()];
    const bad = pictureOf({ ani: 'x'.repeat(65) });
    await Promise.all([writer.put(good[0]!), writer.put(bad), writer.put(good[1]!)]);
    t.is(
      await countCalls(
        store,
        good.map((p) => p.record.linkedId),
      ),
      2,
    );
    t.is(await callRow(store, bad.record.linkedId), undefined);
    t.is(metrics.m.rejected, 1);
    t.false(writer.degraded());
    await writer.close();
  });

  test(`[${db.name}] written calls mark their 15-minute bucket for the rollups`, async (t) => {
    const store = await db.store();
    const { writer } = writerOver(createRecordBatchStore(store.knex), tempOutboxPath());
    await writer.start();
    const start = Date.UTC(2025, 6, 1, 10, 37, 12);
    await writer.put(pictureOf({ startedAt: start }));
    const rows: Array<{ bucket_start: unknown }> = await store
      .knex('rollup_dirty')
      .where('bucket_start', '2025-07-01 10:30:00.000');
    t.is(rows.length, 1);
    await writer.close();
  });
}
