/**
 * The agent desk reducer (src/widget/agent/desk-state.ts), scenario by
 * scenario: a pop before or after the RINGING change of its call, a stale
 * card dropped when another call rings, a wrap-up left by an answered call
 * (kept after the agent is available again), none for a missed offer,
 * click-to-dial and dialer cards, attended transfer consultation.
 */
import test from 'ava';
import {
  type DeskEvent,
  type DeskState,
  EMPTY_DESK,
  stepDesk,
} from '../../src/widget/agent/desk-state.ts';
import type {
  AgentStatus,
  InboundPop,
  OutboundPop,
  StateChange,
} from '../../src/widget/agent/desk-types.ts';

const T = Date.UTC(2026, 2, 2, 9, 0, 0);

function state(to: AgentStatus, callId: string | null = null, at: string | null = null): DeskEvent {
  const change: StateChange = {
    __typename: 'AgentStateChange',
    from: null,
    to,
    at,
    reason: null,
    callId,
  };
  return { type: 'state', change, receivedAt: T };
}

function pop(callId: string, name = 'Marie Laurent'): DeskEvent {
  const p: InboundPop = {
    __typename: 'ScreenPop',
    callId,
    ani: '+33612345678',
    dnis: '5001',
    queueId: 'UXVldWU6MQ==',
    queueName: 'Sales',
    waitS: 12,
    at: null,
    returning: true,
    ivrPath: ['menu', 'sales'],
    contact: { id: 'Q29udGFjdDox', name, company: 'Laurent SARL', notes: null },
    history: [],
  };
  return { type: 'inbound-pop', pop: p };
}

const run = (events: DeskEvent[], from: DeskState = EMPTY_DESK) => events.reduce(stepDesk, from);

test('the first state tells the status and when it began (receipt time when unknown)', (t) => {
  t.like(run([state('AVAILABLE')]), { status: 'AVAILABLE', since: T, card: null });
  t.like(run([state('PAUSED', null, '2026-03-02T08:00:00.000Z')]), {
    status: 'PAUSED',
    since: Date.UTC(2026, 2, 2, 8, 0, 0),
  });
});

test('a pop before its RINGING change stays, and the answered call leaves a wrap-up', (t) => {
  const ringing = run([state('AVAILABLE'), pop('c1'), state('RINGING', 'c1')]);
  t.like(ringing, { status: 'RINGING', callId: 'c1', answered: false });
  t.like(ringing.card, {
    callId: 'c1',
    number: '+33612345678',
    queueName: 'Sales',
    returning: true,
  });
  const onCall = run([state('ON_CALL', 'c1')], ringing);
  t.true(onCall.answered);
  const after = run([state('WRAP_UP', 'c1')], onCall);
  t.is(after.card, null);
  t.deepEqual(
    after.wrapUps.map((w) => [w.callId, w.card.contact?.name]),
    [['c1', 'Marie Laurent']],
  );
  // The queue's wrap-up time ends: the agent is available, the wrap-up still waits.
  const available = run([state('AVAILABLE')], after);
  t.is(available.wrapUps.length, 1);
  t.deepEqual(run([{ type: 'wrap-up-done', callId: 'c1' }], available).wrapUps, []);
});

test('a pop after the RINGING change of its call fills the card', (t) => {
  const desk = run([state('AVAILABLE'), state('RINGING', 'c1'), pop('c1'), state('ON_CALL', 'c1')]);
  t.like(desk, { status: 'ON_CALL', answered: true });
  t.is(desk.card?.callId, 'c1');
});

test('a missed offer leaves no wrap-up', (t) => {
  const desk = run([state('AVAILABLE'), pop('c1'), state('RINGING', 'c1'), state('AVAILABLE')]);
  t.like(desk, { card: null, answered: false });
  t.deepEqual(desk.wrapUps, []);
});

test('another call ringing drops a stale card', (t) => {
  const desk = run([state('AVAILABLE'), pop('c1'), state('RINGING', 'c2')]);
  t.is(desk.card, null);
  t.is(desk.callId, 'c2');
});

test('a transferred-away call leaves a wrap-up; the same call again replaces it', (t) => {
  const first = run([
    state('AVAILABLE'),
    pop('c1'),
    state('RINGING', 'c1'),
    state('ON_CALL', 'c1'),
  ]);
  const transferred = run([{ type: 'consulting', callId: 'c1' }], first);
  t.is(transferred.consulting, 'c1');
  const gone = run([state('WRAP_UP', 'c1')], transferred);
  t.is(gone.consulting, null);
  const again = run(
    [pop('c1', 'Marie L.'), state('RINGING', 'c1'), state('ON_CALL', 'c1'), state('WRAP_UP')],
    gone,
  );
  t.deepEqual(
    again.wrapUps.map((w) => w.card.contact?.name),
    ['Marie L.'],
  );
});

test('click-to-dial and dialer calls get a card without an inbound pop', (t) => {
  const dialled = run([
    state('AVAILABLE'),
    state('RINGING', 'd1'),
    { type: 'dialled', callId: 'd1', number: '0612345678' },
    state('ON_CALL', 'd1'),
  ]);
  t.like(dialled.card, { callId: 'd1', direction: 'outbound', number: '0612345678' });
  t.true(dialled.answered);
  const outbound: OutboundPop = {
    callId: 'leg-1',
    attemptId: 'RGlhbEF0dGVtcHQ6Nw==',
    number: '06•••••678',
    script: 'Hello, this is…',
    connected: true,
    dispositions: ['interested', 'not-interested'],
    campaign: { name: 'Spring' },
    record: { name: 'Jean Dupont', externalId: 'C-1', data: {} },
  };
  const dialer = run([state('ON_CALL', 'o1'), { type: 'outbound-pop', pop: outbound }]);
  t.like(dialer.card, {
    callId: 'o1',
    number: '06•••••678',
    campaign: 'Spring',
    script: 'Hello, this is…',
    attemptId: 'RGlhbEF0dGVtcHQ6Nw==',
  });
  t.deepEqual(dialer.card?.dispositions, ['interested', 'not-interested']);
  t.is(run([state('WRAP_UP', 'o1')], dialer).wrapUps[0]?.card.attemptId, 'RGlhbEF0dGVtcHQ6Nw==');
});

test('hold and resume mark the call held; the end of the call clears it', (t) => {
  const onCall = run([
    state('AVAILABLE'),
    pop('c1'),
    state('RINGING', 'c1'),
    state('ON_CALL', 'c1'),
  ]);
  t.is(onCall.held, null);
  const held = run([{ type: 'hold', callId: 'c1', on: true }], onCall);
  t.is(held.held, 'c1');
  t.is(run([{ type: 'hold', callId: 'c1', on: false }], held).held, null);
  t.is(run([state('WRAP_UP', 'c1')], held).held, null);
});

test("an inbound card takes the queue's codes and requirement; older servers keep codes required", (t) => {
  const withCodes: DeskEvent = {
    type: 'inbound-pop',
    pop: {
      ...(pop('c1') as Extract<DeskEvent, { type: 'inbound-pop' }>).pop,
      dispositions: ['sale'],
      dispositionRequired: false,
    },
  };
  const card = run([state('AVAILABLE'), withCodes]).card;
  t.deepEqual(card?.dispositions, ['sale']);
  t.false(card?.dispositionRequired);
  const older = run([state('AVAILABLE'), pop('c2')]).card;
  t.deepEqual(older?.dispositions, []);
  t.true(older?.dispositionRequired);
});
