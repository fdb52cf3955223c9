/**
 * The database goes away during simulated traffic (RPT-1 acceptance): the
 * PBX simulator's traffic generator places calls through the shipped
 * dialplan into the real ACD over ARI, which hands its records to the
 * durable writer. While the database is unreachable (a destroyed pool)
 * every record goes to the outbox; when it returns they are written in
 * order and no call of the simulator's own log is missing. Waits are on
 * runtime events and the writer's own promises.
 */
import test from 'ava';
import type { RecordWriter } from '../../src/app/records/record-writer.ts';
import { createKnex } from '../../src/store/connection.ts';
import { createRecordBatchStore } from '../../src/store/records/record-batch-store.ts';
import { ManualSchedule, SwitchableStore, tempOutboxPath, writerOver } from '../helpers/records.ts';
import { type AcdUnderTest, DID, startAcd } from './acd-harness.ts';

const CALLS = 8;

let acd: AcdUnderTest | undefined;
test.after.always(async () => {
  await acd?.close();
});

test('no record is lost while the database is away during traffic', async (t) => {
  let target: SwitchableStore | undefined;
  let writer: RecordWriter | undefined;
  const schedule = new ManualSchedule();
  const a = await startAcd({
    wrapUpS: 1,
    phone: { answerAfterS: 0.1 },
    records: (store) => {
      target = new SwitchableStore(createRecordBatchStore(store.knex));
      writer = writerOver(target, tempOutboxPath(), schedule).writer;
      void writer.start();
      return writer;
    },
  });
  acd = a;
  const live = target!.current;
  for (const agentId of a.agents) {
    await a.runtime.agentAction(agentId, { type: 'login' });
    await a.runtime.agentAction(agentId, { type: 'ready' });
  }

  // The pool is destroyed: every statement fails, and so does the ping.
  const dead = createKnex('sqlite::memory:');
  await dead.destroy();
  target!.current = createRecordBatchStore(dead);

  const mark = a.events.length;
  a.sim.control.startTraffic({
    seed: 7,
    dids: [{ did: DID, ratePerMinute: 240 }],
    talk: { kind: 'fixed', value: 0.3 },
    patience: { kind: 'fixed', value: 3 },
    maxCalls: CALLS,
  });
  const closed = () => a.events.slice(mark).filter((e) => e.type === 'call-closed').length;
  await a.waitFor(`${CALLS} calls closed`, () => closed() >= CALLS, mark);
  const placed = a.sim.control.trafficHistory().map((c) => c.channelId);
  t.is(placed.length, CALLS);
  // call-closed comes once the call's final record is durable (here: in the outbox).
  t.true(writer!.degraded(), 'the writer is on the outbox');
  const before = await a.store.knex('calls').whereIn('linked_id', placed).count({ n: '*' });
  t.is(Number(before[0]?.n), 0, 'nothing reached the database meanwhile');

  target!.current = live;
  schedule.fire();
  await writer!.idle();
  t.false(writer!.degraded());
  const rows: Array<{ linked_id: string; ended_at: unknown; queue_id: string | null }> =
    await a.store
      .knex('calls')
      .whereIn('linked_id', placed)
      .select('linked_id', 'ended_at', 'queue_id');
  t.deepEqual(
    rows.map((r) => r.linked_id).sort(),
    [...placed].sort(),
    'every call of the simulator is recorded',
  );
  t.true(
    rows.every((r) => r.ended_at !== null && r.queue_id === a.queueId),
    'with its final picture',
  );
  const legs = await a.store.knex('call_legs').whereIn('channel_id', placed);
  t.is(legs.length, CALLS, 'one caller leg each, no duplicates');
});
