/**
 * Disposition codes of a queue (AGT-6) on SQLite and MariaDB: the wrap-up
 * service checks a call's wrap-up against the codes its queue lists in its
 * ACD settings (`wrapUp`), refuses an unknown code, and a missing one when
 * the queue requires it, with the reason in the error; a queue without a
 * list takes any code, and a wrap-up without a code when not required.
 * A refused wrap-up writes nothing.
 */
import test, { type ExecutionContext } from 'ava';
import { createWrapUpService } from '../../src/app/acd/wrap-up-service.ts';
import type { Actor } from '../../src/app/actor.ts';
import type { CallRecord } from '../../src/domain/call/call-record.ts';
import { DomainError } from '../../src/domain/shared/errors.ts';
import type { OpenedStore } from '../../src/store/store.ts';
import { testDatabases, unique } from '../helpers/databases.ts';
import { newBusinessLine, queueInput } from './seed.ts';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0, 0);

function ended(businessLineId: string, queueId: string | null): Omit<CallRecord, 'id'> {
  return {
    linkedId: unique('1772442000.1'),
    businessLineId,
    direction: 'inbound',
    ani: '+33612345678',
    dnis: '5001',
    queueId,
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
    transfers: 0,
    callbackRequested: false,
    campaignId: null,
    attempt: null,
    costMicros: null,
    callerCountry: null,
    callerRegion: null,
    callerNumberType: null,
  };
}

const admin: Actor = {
  userId: 'admin-1',
  username: 'admin',
  role: 'admin',
  agentId: null,
  businessLineIds: [],
  via: 'api-key',
  source: null,
};

/** A call of a new queue whose wrap-up settings are `wrapUp` (none stored when undefined). */
async function callOfQueue(store: OpenedStore, wrapUp?: Record<string, unknown>) {
  const line = await newBusinessLine(store);
  const queue = await store.queues.create(queueInput(line.id, { name: unique('Sales') }));
  if (wrapUp !== undefined) await store.queueSettings.put(queue.id, { wrapUp });
  const call = await store.calls.upsertCall(ended(line.id, queue.id));
  const service = createWrapUpService({ store, clock: { now: () => T0 + 120_000 } });
  return { call, queue, service };
}

async function refusal(t: ExecutionContext, work: Promise<unknown>): Promise<DomainError> {
  const error = await t.throwsAsync(work);
  if (!(error instanceof DomainError)) throw error;
  t.is(error.code, 'VALIDATION_FAILED');
  return error;
}

for (const db of testDatabases()) {
  test(`[${db.name}] a listed code is written; an unknown one is refused and writes nothing`, async (t) => {
    const store = await db.store();
    const { call, queue, service } = await callOfQueue(store, {
      dispositions: ['sale', 'info'],
      dispositionRequired: true,
    });
    const written = await service.setWrapUp(admin, call.linkedId, {
      disposition: ' sale ',
      notes: 'ok',
    });
    t.is(written.disposition, 'sale');
    const error = await refusal(
      t,
      service.setWrapUp(admin, call.linkedId, { disposition: 'complaint', notes: 'changed' }),
    );
    t.regex(error.message, /"complaint" is not a disposition code of queue .*sale, info/);
    t.true(error.message.includes(queue.name));
    t.like(await store.calls.getByLinkedId(call.linkedId), { disposition: 'sale', notes: 'ok' });
  });

  test(`[${db.name}] a queue that requires a code refuses a wrap-up without one`, async (t) => {
    const store = await db.store();
    const { call, service } = await callOfQueue(store, {
      dispositions: ['sale'],
      dispositionRequired: true,
    });
    const error = await refusal(
      t,
      service.setWrapUp(admin, call.linkedId, { disposition: null, notes: 'n' }),
    );
    t.regex(error.message, /requires a disposition code \(one of: sale\)/);
    const empty = await refusal(
      t,
      service.setWrapUp(admin, call.linkedId, { disposition: '  ', notes: 'n' }),
    );
    t.regex(empty.message, /must not be empty/);
    t.like(await store.calls.getByLinkedId(call.linkedId), { disposition: null, notes: null });
  });

  test(`[${db.name}] without a list any code goes; without the requirement none is fine`, async (t) => {
    const store = await db.store();
    const { call, service } = await callOfQueue(store);
    const coded = await service.setWrapUp(admin, call.linkedId, {
      disposition: 'anything',
      notes: null,
    });
    t.is(coded.disposition, 'anything');
    const none = await service.setWrapUp(admin, call.linkedId, {
      disposition: null,
      notes: 'just notes',
    });
    t.like(none, { disposition: null, notes: 'just notes' });
  });
}
