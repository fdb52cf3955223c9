/**
 * The IVR store on SQLite and MariaDB: flows and immutable versions,
 * schedules, firewall entries with attempt counters, DID routes, mailboxes
 * and messages, sessions with their paths and the per-node counts.
 */
import test from 'ava';
import { scheduleSchema } from '../../src/domain/ivr/schedule.ts';
import { isSqlite } from '../../src/store/connection.ts';
import { IVR_UNIQUE_KEYS } from '../../src/store/ivr/ivr-constraints.ts';
import { createIvrStore } from '../../src/store/ivr/ivr-store.ts';
import { manualClock, testDatabases, unique } from '../helpers/databases.ts';
import { newBusinessLine, queueInput, rejectsWith } from './seed.ts';

const IVR_TABLES = [
  'ivr_did_routes',
  'ivr_firewall_entries',
  'ivr_flow_versions',
  'ivr_flows',
  'ivr_mailboxes',
  'ivr_path_steps',
  'ivr_schedules',
  'ivr_sessions',
  'ivr_voicemails',
];

const doc = (id: string, prompt = 'hello-world') => ({
  schemaVersion: 1,
  id,
  name: 'Flow',
  start: 'p',
  nodes: { p: { type: 'play', prompt, next: 'h' }, h: { type: 'hangup' } },
});

for (const db of testDatabases()) {
  const open = async () => {
    const clock = manualClock();
    const store = await db.store(clock);
    return { store, clock, ivr: createIvrStore(store.knex, clock) };
  };

  test(`[${db.name}] a published version never changes; the draft and the active version do`, async (t) => {
    const { store, ivr, clock } = await open();
    const line = await newBusinessLine(store);
    const key = unique('flow');
    const flow = await ivr.flows.create({
      businessLineId: line.id,
      key,
      name: 'Main',
      description: '',
      draft: doc(key),
    });
    t.like(flow, { key, activeVersion: null, latestVersion: 0 });
    const v1 = await ivr.flows.publish(flow.id, {
      document: doc(key),
      note: 'first',
      publishedBy: null,
    });
    t.like(v1, { version: 1, note: 'first' });
    clock.advance(1000);
    await ivr.flows.updateDraft(flow.id, { draft: doc(key, 'beep') });
    const v2 = await ivr.flows.publish(flow.id, {
      document: doc(key, 'beep'),
      note: '',
      publishedBy: null,
    });
    t.is(v2.version, 2);
    t.deepEqual((await ivr.flows.getVersion(flow.id, 1))?.document, doc(key));
    t.like(await ivr.flows.get(flow.id), { activeVersion: 2, latestVersion: 2 });
    t.like(await ivr.flows.setActiveVersion(flow.id, 1), { activeVersion: 1 });
    await rejectsWith(t, ivr.flows.setActiveVersion(flow.id, 7), 'NOT_FOUND');
    t.deepEqual(
      (await ivr.flows.listVersions(flow.id)).map((v) => v.version),
      [2, 1],
    );
    t.like(await ivr.flows.getByKey(key), { id: flow.id });
    await rejectsWith(
      t,
      ivr.flows.create({ businessLineId: line.id, key, name: 'Again', description: '', draft: {} }),
      'DUPLICATE',
    );
  });

  test(`[${db.name}] schedules keep their plan, holidays and working days`, async (t) => {
    const { store, ivr } = await open();
    const line = await newBusinessLine(store);
    const schedule = scheduleSchema.parse({
      id: 'office',
      name: 'Office',
      timezone: 'Europe/Paris',
      week: {
        mon: [
          { from: '08:00', to: '12:00' },
          { from: '12:00', to: '13:00', period: 'half-rest' },
        ],
      },
      publicHolidays: { country: 'FR' },
      holidays: [{ date: '12-24', name: 'Eve' }],
      workingDays: [{ date: '2026-05-08', like: 'mon' }],
    });
    const row = await ivr.schedules.create(line.id, schedule);
    t.deepEqual(row.schedule, schedule);
    t.deepEqual((await ivr.schedules.getByKey(line.id, 'office'))?.schedule, schedule);
    await rejectsWith(t, ivr.schedules.create(line.id, schedule), 'DUPLICATE');
    const updated = await ivr.schedules.update(row.id, { ...schedule, holidays: [] });
    t.deepEqual(updated.schedule.holidays, []);
    t.is((await ivr.schedules.listForLine(line.id)).length, 1);
  });

  test(`[${db.name}] firewall entries are unique per list and count their attempts`, async (t) => {
    const { store, ivr } = await open();
    const line = await newBusinessLine(store);
    const entry = {
      businessLineId: line.id,
      list: 'block' as const,
      match: 'number' as const,
      value: '+33612345678',
      label: 'abuse',
    };
    const created = await ivr.firewall.create(entry);
    await rejectsWith(t, ivr.firewall.create(entry), 'DUPLICATE');
    // The same number may also be on the VIP list (block wins when both match).
    await ivr.firewall.create({ ...entry, list: 'vip' });
    await Promise.all([
      ivr.firewall.countAttempt(created.id, Date.UTC(2026, 0, 1)),
      ivr.firewall.countAttempt(created.id, Date.UTC(2026, 0, 2)),
    ]);
    t.like(await ivr.firewall.get(created.id), { attempts: 2, label: 'abuse' });
    t.is(
      (
        await ivr.firewall.list(
          { businessLineIds: [line.id], list: 'vip' },
          { offset: 0, limit: 10 },
        )
      ).length,
      1,
    );
    t.like(await ivr.firewall.update(created.id, { label: null }), { label: null });
  });

  test(`[${db.name}] a DID routes to one flow and can be re-pointed`, async (t) => {
    const { store, ivr } = await open();
    const line = await newBusinessLine(store);
    const [a, b] = await Promise.all(
      ['a', 'b'].map((n) => {
        const key = unique(n);
        return ivr.flows.create({
          businessLineId: line.id,
          key,
          name: n,
          description: '',
          draft: doc(key),
        });
      }),
    );
    const did = String(Date.now()).slice(-9);
    t.like(await ivr.didRoutes.put({ did, businessLineId: line.id, flowId: a!.id }), {
      flowId: a!.id,
    });
    t.like(await ivr.didRoutes.put({ did, businessLineId: line.id, flowId: b!.id }), {
      flowId: b!.id,
    });
    t.is((await ivr.didRoutes.list({ flowId: b!.id }, { offset: 0, limit: 5 })).length, 1);
    await rejectsWith(
      t,
      ivr.didRoutes.put({ did: `${did}1`, businessLineId: line.id, flowId: 'missing' }),
      'VALIDATION_FAILED',
    );
    t.true(await ivr.didRoutes.delete(did));
    t.false(await ivr.didRoutes.delete(did));
  });

  test(`[${db.name}] messages are left in a mailbox, assigned and handled`, async (t) => {
    const { store, ivr } = await open();
    const line = await newBusinessLine(store);
    const queue = await store.queues.create(queueInput(line.id));
    const box = await ivr.mailboxes.create({
      businessLineId: line.id,
      key: 'sales',
      name: 'Sales',
      queueId: queue.id,
    });
    await rejectsWith(
      t,
      ivr.mailboxes.create({ businessLineId: line.id, key: 'sales', name: 'x', queueId: null }),
      'DUPLICATE',
    );
    const message = await ivr.voicemails.create({
      mailboxId: box.id,
      businessLineId: line.id,
      channelId: '1700000000.1',
      callerNumber: '+33612345678',
      callbackNumber: '0611223344',
      recording: 'cw-voicemail-1',
      format: 'wav',
      durationS: 12,
      flowKey: 'main',
      flowVersion: 3,
      nodeId: 'vm',
    });
    t.like(message, { status: 'new', durationS: 12, assignedUserId: null });
    const handled = await ivr.voicemails.update(message.id, {
      status: 'handled',
      handledAt: Date.UTC(2026, 0, 1),
      handledBy: 'u1',
    });
    t.like(handled, { status: 'handled', handledAt: Date.UTC(2026, 0, 1) });
    const listed = await ivr.voicemails.list(
      { businessLineIds: [line.id], status: 'handled' },
      { offset: 0, limit: 5 },
    );
    t.deepEqual(
      listed.map((m) => m.id),
      [message.id],
    );
    await store.queues.delete(queue.id);
    t.like(await ivr.mailboxes.get(box.id), { queueId: null });
  });

  test(`[${db.name}] a session keeps its path; counts per node come from all sessions`, async (t) => {
    const { ivr } = await open();
    const flowKey = unique('stats');
    const base = {
      channelName: 'PJSIP/trunk-1',
      businessLineId: null,
      flowId: null,
      flowKey,
      flowVersion: 1,
      callerNumber: '+33612345678',
      dialedNumber: '8100',
      language: 'en',
      firewall: 'pass' as const,
      period: 'open' as const,
      outcomeDetail: null,
      error: null,
      startedAt: Date.UTC(2026, 0, 1, 9),
      endedAt: Date.UTC(2026, 0, 1, 9, 1),
    };
    const step = (nodeId: string, event: string, detail: string | null = null) => ({
      at: Date.UTC(2026, 0, 1, 9),
      flowKey,
      flowVersion: 1,
      nodeId,
      nodeType: 'menu',
      event: event as 'enter',
      detail,
    });
    const one = await ivr.sessions.save({ ...base, channelId: 'c1', outcome: 'queue' }, [
      step('main', 'enter'),
      step('main', 'invalid', '7'),
      step('main', 'digits', '1'),
    ]);
    await ivr.sessions.save({ ...base, channelId: 'c2', outcome: 'caller-hangup' }, [
      step('main', 'enter'),
      step('main', 'hangup'),
    ]);
    const path = await ivr.sessions.pathOf([one.id]);
    t.deepEqual(
      path.map((s) => [s.seq, s.event, s.detail]),
      [
        [0, 'enter', null],
        [1, 'invalid', '7'],
        [2, 'digits', '1'],
      ],
    );
    t.deepEqual(
      (await ivr.sessions.getByChannelIds(['c2'])).map((s) => s.outcome),
      ['caller-hangup'],
    );
    const counts = await ivr.sessions.countPathEvents({ flowKey, version: 1 });
    const enter = counts.find((c) => c.event === 'enter');
    t.like(enter, { nodeId: 'main', count: 2, calls: 2 });
    t.is(counts.find((c) => c.event === 'hangup')?.count, 1);
    t.deepEqual(await ivr.sessions.countPathEvents({ flowKey, version: 2 }), []);
  });

  test(`[${db.name}] migration 0004 creates the IVR tables (InnoDB, binary utf8mb4 on MariaDB)`, async (t) => {
    const { store } = await open();
    const tables: Array<{ name: string; engine?: string; collation?: string }> = isSqlite(
      store.knex,
    )
      ? await store
          .knex('sqlite_master')
          .select('name')
          .where('type', 'table')
          .where('name', 'like', 'ivr_%')
      : await store
          .knex('information_schema.tables')
          .select({ name: 'table_name', engine: 'engine', collation: 'table_collation' })
          .whereRaw('table_schema = database()')
          .where('table_name', 'like', 'ivr\\_%');
    t.deepEqual(tables.map((r) => r.name).sort(), [...IVR_TABLES].sort());
    for (const row of tables.filter((r) => r.engine !== undefined)) {
      t.is(row.engine, 'InnoDB', row.name);
      t.is(row.collation, 'utf8mb4_bin', row.name);
    }
  });

  test(`[${db.name}] the schema has every IVR unique key the repositories report`, async (t) => {
    const { store } = await open();
    for (const key of Object.values(IVR_UNIQUE_KEYS)) {
      const columns: string[] = isSqlite(store.knex)
        ? (
            (await store.knex.raw(`pragma index_info(${key.index})`)) as Array<{ name: string }>
          ).map((c) => c.name)
        : (
            await store
              .knex('information_schema.statistics')
              .select({ column: 'column_name' })
              .whereRaw('table_schema = database()')
              .where({ table_name: key.table, index_name: key.index, non_unique: 0 })
              .orderBy('seq_in_index')
          ).map((r: { column: string }) => r.column);
      t.deepEqual(columns, [...key.columns], key.index);
    }
  });
}
