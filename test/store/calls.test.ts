import test from 'ava';
import type { CallLeg, CallRecord } from '../../src/domain/call/call-record.ts';
import { testDatabases, unique } from '../helpers/databases.ts';
import { newBusinessLine, rejectsWith } from './seed.ts';

const page = { offset: 0, limit: 100 };
const T0 = Date.UTC(2025, 4, 20, 14, 0, 0, 0);

function callRecord(patch: Partial<CallRecord> = {}): Omit<CallRecord, 'id'> {
  return {
    linkedId: unique('1747749600.1'),
    businessLineId: null,
    direction: 'inbound',
    ani: '+33612345678',
    dnis: '+33140000000',
    queueId: null,
    agentId: null,
    startedAt: T0,
    answeredAt: null,
    endedAt: null,
    hangupCause: null,
    hangupBy: null,
    disposition: null,
    notes: null,
    // The details of 0006_records, as a record that never set them reads back.
    source: 'app',
    trunk: null,
    ivrPath: null,
    queueEnteredAt: null,
    holdMs: null,
    wrapUpMs: null,
    transfers: 0,
    callbackRequested: false,
    campaignId: null,
    attempt: null,
    costMicros: null,
    callerCountry: null,
    callerRegion: null,
    callerNumberType: null,
    ...patch,
  };
}

function callLeg(callId: string, patch: Partial<CallLeg> = {}): Omit<CallLeg, 'id'> {
  return {
    callId,
    channelId: unique('1747749600.2'),
    channelName: 'PJSIP/trunk-00000001',
    role: 'caller',
    agentId: null,
    startedAt: T0,
    answeredAt: null,
    endedAt: null,
    hangupCause: null,
    ringingAt: null,
    ...patch,
  };
}

for (const db of testDatabases()) {
  test(`[${db.name}] upsertCall inserts once and then updates by linkedId`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const ringing = callRecord({ businessLineId: line.id });
    const first = await store.calls.upsertCall(ringing);
    t.deepEqual(first, { id: first.id, ...ringing });

    const ended = {
      ...ringing,
      agentId: crypto.randomUUID(),
      queueId: crypto.randomUUID(),
      answeredAt: T0 + 12_345,
      endedAt: T0 + 98_765,
      hangupCause: 16,
      hangupBy: 'caller',
      disposition: 'sale',
      notes: 'Wants a callback next week.',
    };
    const second = await store.calls.upsertCall(ended);
    t.deepEqual(second, { id: first.id, ...ended }, 'same row, every field updated');
    t.deepEqual(await store.calls.upsertCall(ended), second, 'replaying changes nothing');

    const rows = await store.knex('calls').where('linked_id', ringing.linkedId);
    t.is(rows.length, 1);
    t.deepEqual(await store.calls.get(first.id), second);
    t.deepEqual(await store.calls.getByLinkedId(ringing.linkedId), second);
    t.is(await store.calls.getByLinkedId(unique('nope')), undefined);
  });

  test(`[${db.name}] upsertLeg inserts once and then updates by channelId`, async (t) => {
    const store = await db.store();
    const call = await store.calls.upsertCall(callRecord());
    const leg = callLeg(call.id);
    const first = await store.calls.upsertLeg(leg);
    t.deepEqual(first, { id: first.id, ...leg });
    const answered = { ...leg, answeredAt: T0 + 1, endedAt: T0 + 2, hangupCause: 17 };
    const second = await store.calls.upsertLeg(answered);
    t.deepEqual(second, { id: first.id, ...answered });
    await store.calls.upsertLeg(answered);
    t.is((await store.knex('call_legs').where('channel_id', leg.channelId)).length, 1);
    t.deepEqual(await store.calls.legsOf([call.id]), [second]);
  });

  test(`[${db.name}] legs are grouped by call in start order; unknown call is refused`, async (t) => {
    const store = await db.store();
    const [c1, c2] = [
      await store.calls.upsertCall(callRecord()),
      await store.calls.upsertCall(callRecord()),
    ];
    const agentLeg = await store.calls.upsertLeg(
      callLeg(c1.id, { role: 'agent', startedAt: T0 + 5000, channelName: 'PJSIP/1001-00000002' }),
    );
    const callerLeg = await store.calls.upsertLeg(callLeg(c1.id));
    const other = await store.calls.upsertLeg(callLeg(c2.id));
    const legs = await store.calls.legsOf([c1.id, c2.id]);
    t.deepEqual(
      legs.filter((l) => l.callId === c1.id),
      [callerLeg, agentLeg],
    );
    t.deepEqual(
      legs.filter((l) => l.callId === c2.id),
      [other],
    );
    t.deepEqual(await store.calls.legsOf([]), []);

    const ghost = crypto.randomUUID();
    const error = await rejectsWith(t, store.calls.upsertLeg(callLeg(ghost)), 'VALIDATION_FAILED');
    t.like(error.details, { field: 'callId', entity: 'Call', id: ghost });
    await rejectsWith(
      t,
      store.calls.upsertCall(callRecord({ businessLineId: ghost })),
      'VALIDATION_FAILED',
    );
  });

  test(`[${db.name}] lists calls newest first, filtered by scope, queue, agent and time`, async (t) => {
    const store = await db.store();
    const [l1, l2] = [await newBusinessLine(store), await newBusinessLine(store)];
    const [queue, agent] = [crypto.randomUUID(), crypto.randomUUID()];
    const at = (minutes: number) => T0 + minutes * 60_000;
    const c1 = await store.calls.upsertCall(
      callRecord({ businessLineId: l1.id, startedAt: at(0), queueId: queue, agentId: agent }),
    );
    const c2 = await store.calls.upsertCall(
      callRecord({ businessLineId: l1.id, startedAt: at(10), queueId: queue }),
    );
    const c3 = await store.calls.upsertCall(
      callRecord({ businessLineId: l2.id, startedAt: at(5) }),
    );
    // The agent took part in c3 through a transfer: it appears on a leg only.
    await store.calls.upsertLeg(callLeg(c3.id, { agentId: agent, role: 'agent' }));
    const ids = async (filter: Parameters<typeof store.calls.list>[0], offset = 0, limit = 10) =>
      (await store.calls.list(filter, { offset, limit })).map((c) => c.id);
    const both = [l1.id, l2.id];

    t.deepEqual(await ids({ businessLineIds: both }), [c2.id, c3.id, c1.id]);
    t.deepEqual(await ids({ businessLineIds: both }, 1, 1), [c3.id]);
    t.deepEqual(await ids({ businessLineIds: [l1.id] }), [c2.id, c1.id]);
    t.deepEqual(await ids({ businessLineIds: [] }), []);
    t.deepEqual(await ids({ queueId: queue }), [c2.id, c1.id]);
    t.deepEqual(await ids({ agentId: agent }), [c3.id, c1.id]);
    t.deepEqual(await ids({ agentId: agent, businessLineIds: [l1.id] }), [c1.id]);
    t.deepEqual(
      await ids({ businessLineIds: both, from: at(5) }),
      [c2.id, c3.id],
      'from inclusive',
    );
    t.deepEqual(await ids({ businessLineIds: both, to: at(5) }), [c1.id], 'to exclusive');
    t.deepEqual(await ids({ businessLineIds: both, from: at(1), to: at(10) }), [c3.id]);
    t.true((await store.calls.list({}, page)).length >= 3);
    t.deepEqual(
      await ids({ businessLineIds: both, from: -Infinity, to: Number.MAX_SAFE_INTEGER }),
      [c2.id, c3.id, c1.id],
      'bounds beyond the storable years are no bounds',
    );
    t.deepEqual(await ids({ businessLineIds: both, from: Number.MAX_SAFE_INTEGER }), []);
    t.deepEqual(await ids({ businessLineIds: both, to: 0 }), []);
    await rejectsWith(t, store.calls.list({ from: Number.NaN }, page), 'VALIDATION_FAILED');
  });

  test(`[${db.name}] refuses call records that do not fit`, async (t) => {
    const store = await db.store();
    for (const bad of [
      { direction: 'sideways' as never },
      { ani: '9'.repeat(65) },
      { startedAt: Number.NaN },
      { hangupCause: 16.5 },
      { linkedId: '' },
    ]) {
      await rejectsWith(t, store.calls.upsertCall(callRecord(bad)), 'VALIDATION_FAILED');
    }
  });
}
