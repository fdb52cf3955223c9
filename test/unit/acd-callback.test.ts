import test from 'ava';
import { enterCall } from '../../src/domain/acd/call.enter.ts';
import { stepCall } from '../../src/domain/acd/call.machine.ts';
import { type CallbackRequest, requestCallback } from '../../src/domain/acd/callback.request.ts';
import {
  type CallbackBook,
  type CallbackEvent,
  type CallbackTask,
  callbackAsWaiting,
  dueCallbacks,
  putTask,
  stepCallback,
} from '../../src/domain/acd/callback.ts';
import { dispatch, dispatchForAgent } from '../../src/domain/acd/dispatcher.ts';
import { removeWaiting } from '../../src/domain/acd/snapshot.calls.ts';
import { at, commandsOf, errorCodeOf, noRng, queue, World, waiting } from './acd-helpers.ts';

const settings = queue('Q', {
  settings: { callback: { maxAttempts: 2, retryDelayS: 600, expiresAfterS: 3600 } },
}).settings.callback;

const req = (over: Partial<CallbackRequest> = {}): CallbackRequest => ({
  id: 'cb-1',
  queueId: 'Q',
  businessLineId: 'bl-1',
  number: '+33612345678',
  reason: 'abandoned',
  ...over,
});

function book(...requests: [CallbackRequest, number][]): {
  book: CallbackBook;
  results: boolean[];
} {
  let b: CallbackBook = new Map();
  const results: boolean[] = [];
  for (const [r, now] of requests) {
    const res = requestCallback(b, r, settings, now);
    if (!res.ok) throw new Error(res.error.code);
    b = res.book;
    results.push(res.created);
  }
  return { book: b, results };
}

test('one open callback per number per queue: asking again returns the same task', (t) => {
  const { book: b, results } = book(
    [req(), at(0)],
    [req({ id: 'cb-2', reason: 'requested' }), at(60)],
    [req({ id: 'cb-3', queueId: 'Q2' }), at(70)],
    [req({ id: 'cb-4', number: '+33699999999' }), at(80)],
  );
  t.deepEqual(results, [true, false, true, true]);
  t.deepEqual(
    [...b.values()].map((x) => x.id),
    ['cb-1', 'cb-3', 'cb-4'],
  );
});

test('a closed task does not block a new request for the same number', (t) => {
  const { book: b } = book([req(), at(0)]);
  const task = b.get('Q|+33612345678')!;
  const done = stepCallback(
    stepCallback(task, { type: 'dial', agentId: 'a', callId: 'cb-call' }, at(1)).state,
    { type: 'connected' },
    at(30),
  );
  const next = requestCallback(putTask(b, done.state), req({ id: 'cb-9' }), settings, at(100));
  t.true(next.ok && next.created && next.task.id === 'cb-9');
});

test('a withheld or internal number cannot be called back', (t) => {
  for (const number of ['', 'anonymous', '1001']) {
    const r = requestCallback(new Map(), req({ number }), settings, at(0));
    t.is(errorCodeOf(r), 'CALLBACK_NUMBER_INVALID', number);
  }
});

test('a new task is scheduled now and its expiry armed', (t) => {
  const r = requestCallback(new Map(), req(), settings, at(0));
  t.like(r.ok ? r.task : null, {
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at(0),
    expiresAt: at(3600),
  });
  t.deepEqual(
    commandsOf(r).map((c) => c.type),
    ['start-timer', 'schedule-callback', 'publish'],
  );
});

test('callers who hang up after waiting X seconds get a callback; quicker hang-ups do not', (t) => {
  const q = queue('Q', { settings: { callback: { afterAbandonS: 45 } } });
  const hangUpAfter = (s: number) => {
    const r = enterCall(
      {
        callId: 'c1',
        ani: '+33612345678',
        dnis: '+33155550100',
        businessLineId: 'bl-1',
        queue: q,
        caller: { priority: 'normal', holds: [] },
        facts: { waiting: 0, loggedInMembers: 1 },
      },
      at(0),
    );
    if (!r.ok) throw new Error(r.error.code);
    return commandsOf(stepCall(r.state, { type: 'caller-hangup' }, at(s))).filter(
      (c) => c.type === 'create-callback',
    );
  };
  t.deepEqual(hangUpAfter(44), []);
  t.deepEqual(hangUpAfter(45), [
    {
      type: 'create-callback',
      callId: 'c1',
      queueId: 'Q',
      businessLineId: 'bl-1',
      number: '+33612345678',
      reason: 'abandoned',
    },
  ]);
});

test('the callback key books a callback, confirms it and hangs up', (t) => {
  const r = enterCall(
    {
      callId: 'c1',
      ani: '+33612345678',
      dnis: '+33155550100',
      businessLineId: 'bl-1',
      queue: queue('Q'),
      caller: { priority: 'normal', holds: [] },
      facts: { waiting: 0, loggedInMembers: 1 },
    },
    at(0),
  );
  if (!r.ok) throw new Error(r.error.code);
  const step = stepCall(r.state, { type: 'callback-key' }, at(30));
  t.is(step.state.phase.name, 'callback-requested');
  t.deepEqual(
    commandsOf(step)
      .map((c) => c.type)
      .filter((x) => ['create-callback', 'hangup-caller', 'stop-moh'].includes(x)),
    ['stop-moh', 'create-callback', 'hangup-caller'],
  );
});

function task(over: Partial<CallbackTask> = {}): CallbackTask {
  const r = requestCallback(new Map(), req(), settings, at(0));
  if (!r.ok) throw new Error(r.error.code);
  return { ...r.task, ...over };
}

test('a due callback is dispatched when an agent of that queue is free, after live callers', (t) => {
  const w = new World(
    [queue('Q'), queue('Other')],
    [
      { id: 'a', queues: ['Q'] },
      { id: 'b', queues: ['Other'] },
    ],
  );
  w.wait(callbackAsWaiting(task({ id: 'cb-old' })));
  w.wait(waiting('live', 'Q', at(500)));
  w.login(at(100), 'a', 'b');
  t.deepEqual(
    dispatch(w.snap, at(550), noRng).map((x) => `${x.callId}>${x.agentIds}`),
    ['live>a'],
    'a caller on hold goes before an older callback; the other queue never takes it',
  );
  removeWaiting(w.snap, 'live');
  t.like(dispatchForAgent(w.snap, 'a', at(550)), {
    callId: 'cb-old',
    kind: 'callback',
    agentIds: ['a'],
  });
  t.is(dispatchForAgent(w.snap, 'b', at(550)), null);
});

test('a callback waiting for its retry time is not dispatched before it', (t) => {
  const w = new World([queue('Q')], [{ id: 'a', queues: ['Q'] }]);
  w.wait(callbackAsWaiting(task({ id: 'cb-later', nextAttemptAt: at(600) })));
  w.login(at(100), 'a');
  t.is(dispatchForAgent(w.snap, 'a', at(599)), null);
  t.deepEqual(dispatch(w.snap, at(599), noRng), []);
  t.is(dispatchForAgent(w.snap, 'a', at(600))?.callId, 'cb-later');
});

test('dueCallbacks lists pending tasks due now, oldest first', (t) => {
  const b: CallbackBook = new Map([
    ['1', task({ id: 'new', createdAt: at(50), number: '+33600000001' })],
    ['2', task({ id: 'old', createdAt: at(10), number: '+33600000002' })],
    ['3', task({ id: 'later', nextAttemptAt: at(500), number: '+33600000003' })],
    ['4', task({ id: 'dialling', status: 'dialling', number: '+33600000004' })],
    ['5', task({ id: 'expired', expiresAt: at(90), number: '+33600000005' })],
  ]);
  t.deepEqual(
    dueCallbacks(b, at(100)).map((x) => x.id),
    ['old', 'new'],
  );
});

function steps(start: CallbackTask, events: [CallbackEvent, number][]): CallbackTask {
  let s = start;
  for (const [event, now] of events) {
    const r = stepCallback(s, event, now);
    if (!r.ok) throw new Error(`${event.type}: ${r.error.code}`);
    s = r.state;
  }
  return s;
}

test('a callback is tracked to its outcome with attempts', (t) => {
  const connected = steps(task(), [
    [{ type: 'dial', agentId: 'a', callId: 'cb-call' }, at(10)],
    [{ type: 'failed', cause: 'busy' }, at(30)],
  ]);
  t.like(connected, { status: 'pending', attempts: 1, nextAttemptAt: at(630), lastCause: 'busy' });
  t.is(
    errorCodeOf(
      stepCallback(connected, { type: 'dial', agentId: 'a', callId: 'cb-call' }, at(629)),
    ),
    'CALLBACK_NOT_DUE',
  );
  const ok = steps(connected, [
    [{ type: 'dial', agentId: 'b', callId: 'cb-call' }, at(630)],
    [{ type: 'connected' }, at(650)],
  ]);
  t.like(ok, { status: 'connected', attempts: 2, agentId: 'b' });
  const failed = steps(connected, [
    [{ type: 'dial', agentId: 'b', callId: 'cb-call' }, at(630)],
    [{ type: 'failed', cause: 'no-answer' }, at(660)],
  ]);
  t.like(failed, { status: 'failed', attempts: 2, lastCause: 'no-answer' });
});

test('an agent missing the callback offer does not use up an attempt', (t) => {
  const s = steps(task(), [
    [{ type: 'dial', agentId: 'a', callId: 'cb-call' }, at(10)],
    [{ type: 'failed', cause: 'agent-missed' }, at(25)],
  ]);
  t.like(s, { status: 'pending', attempts: 0, nextAttemptAt: at(25) });
});

test('expiry closes only pending tasks, at their time; cancel closes a pending task', (t) => {
  const pending = task();
  t.is(stepCallback(pending, { type: 'expire' }, at(3599)).state, pending);
  t.is(stepCallback(pending, { type: 'expire' }, at(3600)).state.status, 'expired');
  const dialling = steps(pending, [[{ type: 'dial', agentId: 'a', callId: 'cb-call' }, at(3590)]]);
  t.is(stepCallback(dialling, { type: 'expire' }, at(3600)).state.status, 'dialling');
  t.is(stepCallback(pending, { type: 'cancel' }, at(5)).state.status, 'cancelled');
  t.is(errorCodeOf(stepCallback(dialling, { type: 'cancel' }, at(3600))), 'CALLBACK_CLOSED');
  const retryTooLate = steps(pending, [
    [{ type: 'dial', agentId: 'a', callId: 'cb-call' }, at(3100)],
    [{ type: 'failed', cause: 'busy' }, at(3110)],
  ]);
  t.is(retryTooLate.status, 'expired', 'a retry that would fall after expiry expires the task');
});
