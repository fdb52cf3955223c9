/**
 * Callback tasks and queue callback settings in the store (ACD-9), on
 * SQLite and MariaDB: a task is saved whole and read back field for field,
 * one open task per number per queue is enforced by the schema, and the
 * listings filter by scope, queue, status and number.
 */
import test from 'ava';
import type { Repositories } from '../../src/app/ports.ts';
import { callbackSettingsSchema } from '../../src/domain/acd/callback.settings.ts';
import type { CallbackTask } from '../../src/domain/acd/callback.ts';
import { testDatabases } from '../helpers/databases.ts';
import { newBusinessLine, queueInput, rejectsWith } from './seed.ts';

const page = { offset: 0, limit: 100 };
const T0 = Date.UTC(2025, 4, 20, 14, 0, 0, 0);

async function lineAndQueue(repos: Repositories) {
  const line = await newBusinessLine(repos);
  const queue = await repos.queues.create(queueInput(line.id));
  return { line, queue };
}

function task(
  businessLineId: string,
  queueId: string,
  patch: Partial<CallbackTask> = {},
): CallbackTask {
  return {
    id: crypto.randomUUID(),
    queueId,
    businessLineId,
    number: '+33612345678',
    contactId: null,
    reason: 'abandoned',
    status: 'pending',
    createdAt: T0,
    updatedAt: T0,
    dueAt: null,
    attempts: 0,
    maxAttempts: 3,
    retryDelayS: 300,
    nextAttemptAt: T0,
    expiresAt: T0 + 3_600_000,
    lastAttemptAt: null,
    agentId: null,
    lastCause: null,
    originCallId: '1747749600.12',
    callbackCallId: null,
    ...patch,
  };
}

for (const db of testDatabases()) {
  test(`[${db.name}] a task is saved whole, read back, and updated in place`, async (t) => {
    const store = await db.store();
    const { line, queue } = await lineAndQueue(store);
    const contact = await store.contacts.create({
      businessLineId: line.id,
      name: 'Customer',
      company: null,
      notes: null,
      phones: [{ e164: '+33612345678', label: 'main' }],
    });
    const booked = task(line.id, queue.id, {
      contactId: contact.id,
      dueAt: T0 + 60_000,
      nextAttemptAt: T0 + 60_000,
    });
    t.deepEqual(await store.callbacks.save(booked), booked);
    const dialled = {
      ...booked,
      status: 'dialling',
      attempts: 1,
      agentId: crypto.randomUUID(),
      lastAttemptAt: T0 + 61_234,
      callbackCallId: `cb-${crypto.randomUUID()}`,
      updatedAt: T0 + 61_234,
    } as const;
    t.deepEqual(await store.callbacks.save(dialled), dialled);
    const done = { ...dialled, status: 'failed', lastCause: 'no-answer' } as const;
    await store.callbacks.save(done);
    t.deepEqual(await store.callbacks.get(booked.id), done);
    t.is((await store.knex('callback_tasks').where('id', booked.id)).length, 1);
    t.is(await store.callbacks.get(crypto.randomUUID()), undefined);
  });

  test(`[${db.name}] one open task per number per queue; closed tasks do not count`, async (t) => {
    const store = await db.store();
    const { line, queue } = await lineAndQueue(store);
    const other = await store.queues.create(queueInput(line.id));
    const first = await store.callbacks.save(task(line.id, queue.id));
    const again = task(line.id, queue.id, { reason: 'keypress' });
    const error = await rejectsWith(t, store.callbacks.save(again), 'DUPLICATE');
    t.like(error.details, { entity: 'CallbackTask', field: 'number' });
    // Another queue, or another number, may have its own open task.
    await store.callbacks.save(task(line.id, other.id));
    await store.callbacks.save(task(line.id, queue.id, { number: '+33612345679' }));
    // Once the first is closed the number may be booked again, and closed tasks pile up freely.
    await store.callbacks.save({ ...first, status: 'connected' });
    await store.callbacks.save(again);
    await store.callbacks.save({ ...again, status: 'cancelled' });
    await store.callbacks.save(task(line.id, queue.id, { status: 'expired' }));
    const open = await store.callbacks.list(
      { queueIds: [queue.id], statuses: ['pending', 'dialling'] },
      page,
    );
    t.deepEqual(
      open.map((x) => x.number),
      ['+33612345679'],
    );
  });

  test(`[${db.name}] listings filter by scope, queue, status and number`, async (t) => {
    const store = await db.store();
    const a = await lineAndQueue(store);
    const b = await lineAndQueue(store);
    const older = await store.callbacks.save(task(a.line.id, a.queue.id, { createdAt: T0 - 5000 }));
    const newer = await store.callbacks.save(
      task(a.line.id, a.queue.id, { number: '+33600000001', status: 'dialling' }),
    );
    const elsewhere = await store.callbacks.save(task(b.line.id, b.queue.id));
    const ids = (rows: CallbackTask[]) => rows.map((r) => r.id);
    t.deepEqual(ids(await store.callbacks.list({ businessLineIds: [a.line.id] }, page)), [
      newer.id,
      older.id,
    ]);
    t.deepEqual(ids(await store.callbacks.list({ queueIds: [b.queue.id] }, page)), [elsewhere.id]);
    t.deepEqual(
      ids(await store.callbacks.list({ queueIds: [a.queue.id], statuses: ['dialling'] }, page)),
      [newer.id],
    );
    t.deepEqual(
      ids(await store.callbacks.list({ queueIds: [a.queue.id], number: '+33612345678' }, page)),
      [older.id],
    );
    t.deepEqual(await store.callbacks.list({ businessLineIds: [] }, page), []);
    t.deepEqual(await store.callbacks.list({ queueIds: [a.queue.id] }, { offset: 1, limit: 1 }), [
      older,
    ]);
    t.deepEqual(ids(await store.callbacks.getMany([elsewhere.id, older.id, 'nope'])), [
      elsewhere.id,
      older.id,
    ]);
  });

  test(`[${db.name}] listOpen returns pending and dialling tasks, oldest first`, async (t) => {
    const store = await db.freshStore();
    const { line, queue } = await lineAndQueue(store);
    const dialling = await store.callbacks.save(
      task(line.id, queue.id, { status: 'dialling', createdAt: T0 - 1000, number: '+33600000002' }),
    );
    const pending = await store.callbacks.save(task(line.id, queue.id));
    await store.callbacks.save(
      task(line.id, queue.id, { status: 'failed', number: '+33600000003' }),
    );
    t.deepEqual(await store.callbacks.listOpen(), [dialling, pending]);
  });

  test(`[${db.name}] a task refers to an existing queue and contact`, async (t) => {
    const store = await db.store();
    const { line, queue } = await lineAndQueue(store);
    const missingQueue = task(line.id, crypto.randomUUID());
    const e1 = await rejectsWith(t, store.callbacks.save(missingQueue), 'VALIDATION_FAILED');
    t.like(e1.details, { field: 'queueId' });
    const missingContact = task(line.id, queue.id, { contactId: crypto.randomUUID() });
    const e2 = await rejectsWith(t, store.callbacks.save(missingContact), 'VALIDATION_FAILED');
    t.like(e2.details, { field: 'contactId' });
    await rejectsWith(
      t,
      store.callbacks.save(task(line.id, queue.id, { lastCause: 'x'.repeat(33) })),
      'VALIDATION_FAILED',
    );
  });

  test(`[${db.name}] queue callback settings are stored per queue and replaced whole`, async (t) => {
    const store = await db.store();
    const { queue } = await lineAndQueue(store);
    t.is(await store.callbackSettings.get(queue.id), undefined);
    const first = callbackSettingsSchema.parse({ afterAbandonS: 30, offerKey: '#' });
    t.deepEqual(await store.callbackSettings.put(queue.id, first), first);
    t.deepEqual(await store.callbackSettings.get(queue.id), first);
    const second = callbackSettingsSchema.parse({ enabled: false, offerKey: null, maxAttempts: 5 });
    await store.callbackSettings.put(queue.id, second);
    t.deepEqual(await store.callbackSettings.get(queue.id), second);
    t.deepEqual(
      (await store.callbackSettings.list()).filter((r) => r.queueId === queue.id),
      [{ queueId: queue.id, settings: second }],
    );
    t.true(await store.callbackSettings.delete(queue.id));
    t.false(await store.callbackSettings.delete(queue.id));
    const error = await rejectsWith(
      t,
      store.callbackSettings.put(crypto.randomUUID(), first),
      'VALIDATION_FAILED',
    );
    t.like(error.details, { field: 'queueId' });
  });

  test(`[${db.name}] deleting a queue deletes its tasks and settings`, async (t) => {
    const store = await db.store();
    const { line, queue } = await lineAndQueue(store);
    const saved = await store.callbacks.save(task(line.id, queue.id));
    await store.callbackSettings.put(queue.id, callbackSettingsSchema.parse({}));
    await store.queues.delete(queue.id);
    t.is(await store.callbacks.get(saved.id), undefined);
    t.is(await store.callbackSettings.get(queue.id), undefined);
  });
}
