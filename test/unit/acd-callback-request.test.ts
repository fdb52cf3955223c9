/**
 * Booking callbacks and their settings, pure (ACD-9): a scheduled request,
 * a second request for an open task (moved, filled in, or left alone), the
 * book keeping only open tasks, an attempt cut by a restart, the settings
 * the call machine reads, and how a customer leg's cause becomes an outcome.
 */
import test from 'ava';
import { callbackFailureOf } from '../../src/app/acd/callbacks/callback-attempt.ts';
import { type CallbackRequest, requestCallback } from '../../src/domain/acd/callback.request.ts';
import {
  callbackSettingsSchema,
  queueCallbackOf,
  settingsFromQueue,
} from '../../src/domain/acd/callback.settings.ts';
import {
  type CallbackFailure,
  type CallbackTask,
  callbackDueKey,
  callbackExpiryKey,
  putTask,
  stepCallback,
} from '../../src/domain/acd/callback.ts';
import { at, commandsOf, queue } from './acd-helpers.ts';

const settings = { maxAttempts: 2, retryDelayS: 60, expiresAfterS: 3600 };

const req = (over: Partial<CallbackRequest> = {}): CallbackRequest => ({
  id: 'cb-1',
  queueId: 'Q',
  businessLineId: 'bl-1',
  number: '+33612345678',
  reason: 'requested',
  ...over,
});

function booked(over: Partial<CallbackRequest> = {}, now = at(0)) {
  const r = requestCallback(new Map(), req(over), settings, now);
  if (!r.ok) throw new Error(r.error.code);
  return r;
}

test('a request for later is due then, and expires that long after its due time', (t) => {
  const r = booked({ dueAt: at(900), contactId: 'c-1', originCallId: 'call-1' });
  t.like(r.task, {
    dueAt: at(900),
    nextAttemptAt: at(900),
    expiresAt: at(900 + 3600),
    contactId: 'c-1',
    originCallId: 'call-1',
    callbackCallId: null,
  });
  t.deepEqual(commandsOf(r).slice(0, 2), [
    { type: 'start-timer', key: callbackExpiryKey('cb-1'), at: at(4500) },
    { type: 'schedule-callback', taskId: 'cb-1', at: at(900) },
  ]);
  t.is(booked({ dueAt: at(-50) }, at(0)).task.nextAttemptAt, at(0), 'a time past means now');
});

test('a second request moves a pending task to its new due time, keeping its id', (t) => {
  const first = booked();
  const again = requestCallback(first.book, req({ id: 'cb-2', dueAt: at(7200) }), settings, at(10));
  if (!again.ok) throw new Error(again.error.code);
  t.false(again.created);
  t.like(again.task, {
    id: 'cb-1',
    dueAt: at(7200),
    nextAttemptAt: at(7200),
    expiresAt: at(7200 + 3600),
    createdAt: at(0),
    updatedAt: at(10),
  });
  t.deepEqual(
    commandsOf(again).map((c) => c.type),
    ['start-timer', 'cancel-timer', 'schedule-callback', 'publish'],
  );
  t.like(commandsOf(again)[1], { key: callbackDueKey('cb-1') });
  t.is(again.book.size, 1);
});

test('a second request without news changes nothing; one with a contact fills it in', (t) => {
  const first = booked();
  const same = requestCallback(
    first.book,
    req({ id: 'cb-2', reason: 'keypress' }),
    settings,
    at(5),
  );
  t.true(same.ok && !same.created && same.task === first.task && same.commands.length === 0);
  const contact = requestCallback(
    first.book,
    req({ id: 'cb-3', contactId: 'c-9' }),
    settings,
    at(6),
  );
  t.true(contact.ok && contact.task.contactId === 'c-9' && contact.task.id === 'cb-1');
});

test('a task being dialled is not moved by a second request', (t) => {
  const first = booked();
  const dialling = stepCallback(first.task, { type: 'dial', agentId: 'a', callId: 'cb-x' }, at(1));
  const book = putTask(first.book, dialling.state);
  const again = requestCallback(book, req({ id: 'cb-2', dueAt: at(500) }), settings, at(2));
  t.true(again.ok && again.task.status === 'dialling' && again.commands.length === 0);
});

test('the book keeps open tasks only', (t) => {
  const first = booked();
  const task: CallbackTask = first.task;
  const cancelled = stepCallback(task, { type: 'cancel' }, at(1)).state;
  t.is(putTask(first.book, cancelled).size, 0);
  const otherNumber = { ...cancelled, id: 'cb-9', number: '+33699999999' };
  t.is(putTask(first.book, otherNumber).size, 1, 'closing a task never drops another');
});

test('a dial records the agent, the call and when; a restart-cut attempt counts as tried', (t) => {
  const dial = stepCallback(booked().task, { type: 'dial', agentId: 'a', callId: 'cb-x' }, at(3));
  t.like(dial.state, {
    status: 'dialling',
    attempts: 1,
    agentId: 'a',
    callbackCallId: 'cb-x',
    lastAttemptAt: at(3),
  });
  const cut = stepCallback(dial.state, { type: 'failed', cause: 'interrupted' }, at(4));
  t.like(cut.state, { status: 'pending', attempts: 1, nextAttemptAt: at(64) });
});

test('callback settings: off means no key and no abandon rule; defaults and limits', (t) => {
  const on = callbackSettingsSchema.parse({ afterAbandonS: 20, offerKey: '#' });
  t.deepEqual(queueCallbackOf(on), {
    afterAbandonS: 20,
    offerKey: '#',
    maxAttempts: 3,
    retryDelayS: 300,
    expiresAfterS: 14_400,
  });
  const off = queueCallbackOf({ ...on, enabled: false });
  t.like(off, { afterAbandonS: null, offerKey: null, maxAttempts: 3 });
  for (const bad of [{ offerKey: '12' }, { maxAttempts: 0 }, { expiresAfterS: 8 * 86_400 }]) {
    t.false(callbackSettingsSchema.safeParse(bad).success, JSON.stringify(bad));
  }
  const fromQueue = settingsFromQueue(
    queue('Q', { settings: { callback: { afterAbandonS: 45, offerKey: null } } }).settings.callback,
  );
  t.like(fromQueue, { enabled: true, afterAbandonS: 45, offerKey: null, dialTimeoutS: 30 });
});

test("a customer leg's Q.850 cause becomes the attempt's outcome", (t) => {
  const table: [number | null, CallbackFailure][] = [
    [17, 'busy'],
    [21, 'busy'],
    [18, 'no-answer'],
    [19, 'no-answer'],
    [1, 'unreachable'],
    [34, 'unreachable'],
    [null, 'unreachable'],
  ];
  for (const [cause, outcome] of table) t.is(callbackFailureOf(cause), outcome, String(cause));
});
