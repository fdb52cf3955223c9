/**
 * `calls.setWrapUp` (AGT-6) on SQLite and MariaDB: it writes the disposition
 * and notes of one call by linked id and leaves every other column alone;
 * a call that does not exist reads as undefined; values that do not fit
 * their columns are refused the same way on both backends.
 */
import test from 'ava';
import type { CallRecord } from '../../src/domain/call/call-record.ts';
import { testDatabases, unique } from '../helpers/databases.ts';
import { newBusinessLine, rejectsWith } from './seed.ts';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0, 0);

function ended(businessLineId: string): Omit<CallRecord, 'id'> {
  return {
    linkedId: unique('1772442000.1'),
    businessLineId,
    direction: 'inbound',
    ani: '+33612345678',
    dnis: '5001',
    queueId: null,
    agentId: null,
    startedAt: T0,
    answeredAt: T0 + 4000,
    endedAt: T0 + 60_000,
    hangupCause: 16,
    hangupBy: 'caller',
    disposition: null,
    notes: null,
    source: 'app',
    trunk: 'trunk',
    ivrPath: null,
    queueEnteredAt: T0,
    holdMs: null,
    wrapUpMs: null,
    transfers: 1,
    callbackRequested: false,
    campaignId: null,
    attempt: null,
    costMicros: null,
    callerCountry: null,
    callerRegion: null,
    callerNumberType: null,
  };
}

for (const db of testDatabases()) {
  test(`[${db.name}] setWrapUp writes disposition and notes, nothing else`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const call = await store.calls.upsertCall(ended(line.id));
    const after = await store.calls.setWrapUp(call.linkedId, {
      disposition: 'order-placed',
      notes: 'Wants the blue model.',
    });
    t.deepEqual(after, { ...call, disposition: 'order-placed', notes: 'Wants the blue model.' });
    const cleared = await store.calls.setWrapUp(call.linkedId, {
      disposition: 'info',
      notes: null,
    });
    t.deepEqual(cleared, { ...call, disposition: 'info', notes: null });
    t.deepEqual(await store.calls.getByLinkedId(call.linkedId), cleared);
  });

  test(`[${db.name}] setWrapUp of an unknown call is undefined and writes nothing`, async (t) => {
    const store = await db.store();
    t.is(await store.calls.setWrapUp(unique('nope'), { disposition: 'x', notes: null }), undefined);
  });

  test(`[${db.name}] setWrapUp refuses a disposition longer than its column`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const call = await store.calls.upsertCall(ended(line.id));
    await rejectsWith(
      t,
      store.calls.setWrapUp(call.linkedId, { disposition: 'x'.repeat(65), notes: null }),
      'VALIDATION_FAILED',
    );
    t.is((await store.calls.getByLinkedId(call.linkedId))?.disposition, null);
  });
}
