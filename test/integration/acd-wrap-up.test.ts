/**
 * Wrap-up (AGT-6) through GraphQL on the ACD harness: the disposition and
 * notes an agent gives during a queue call or a click-to-dial call survive
 * the record pictures the ACD writes afterwards; given after the call, they
 * replace what was there and are audited; an agent who was not on the
 * call, or an empty code, is refused and nothing is written.
 */
import test from 'ava';
import {
  connectCall,
  control,
  harnesses,
  loginReady,
  recordOf,
  waitClosed,
  waitControl,
} from './in-call-helpers.ts';

const h = harnesses();
test.after.always(() => h.closeAll());

const WRAP_UP = `mutation($callId: String!, $code: String!, $notes: String) {
  r: setCallWrapUp(callId: $callId, disposition: $code, notes: $notes) {
    __typename
    ... on MutationSetCallWrapUpSuccess { data { linkedId disposition notes } }
    ... on Problem { code message }
  }
}`;

test('a wrap-up given during the call is kept by the record written when it ends', async (t) => {
  const a = await h.start();
  const call = await connectCall(a, 0);
  const during = await a.gql(
    WRAP_UP,
    { callId: call.callId, code: 'order-placed', notes: ' Wants the blue model. ' },
    a.tokens[0],
  );
  t.deepEqual(during.data?.r, {
    __typename: 'MutationSetCallWrapUpSuccess',
    data: { linkedId: call.callId, disposition: 'order-placed', notes: 'Wants the blue model.' },
  });
  const mark = a.events.length;
  a.sim.control.remoteHangup(call.callId);
  await waitClosed(a, call.callId, mark);
  const { call: record } = await recordOf(a, call.callId);
  t.like(record, {
    disposition: 'order-placed',
    notes: 'Wants the blue model.',
    hangupBy: 'caller',
  });
  t.not(record.endedAt, null);
});

test('a wrap-up given during a click-to-dial call is kept when it ends', async (t) => {
  const a = await h.start();
  await loginReady(a, 0);
  const mark = a.events.length;
  const { callId } = await control(a, 'originateCall(number: "01 55 50 00 30")', a.tokens[0]);
  await waitControl(a, 'outbound', 'connected', mark);
  const during = await a.gql(
    WRAP_UP,
    { callId, code: 'follow-up', notes: 'Call back Monday' },
    a.tokens[0],
  );
  t.like(during.data?.r, { __typename: 'MutationSetCallWrapUpSuccess' });
  const end = a.events.length;
  a.sim.control.remoteHangup(`${callId}-out`);
  await waitClosed(a, callId, end);
  t.like((await recordOf(a, callId)).call, {
    direction: 'outbound',
    disposition: 'follow-up',
    notes: 'Call back Monday',
    hangupBy: 'external',
  });
});

test('after the call a wrap-up replaces the earlier one and is audited', async (t) => {
  const a = await h.start();
  const call = await connectCall(a, 0);
  const mark = a.events.length;
  a.sim.control.remoteHangup(call.callId);
  await waitClosed(a, call.callId, mark);
  for (const [code, notes] of [
    ['information', 'first'],
    ['complaint', null],
  ] as const) {
    const result = await a.gql(WRAP_UP, { callId: call.callId, code, notes }, a.tokens[0]);
    t.like(result.data?.r, { __typename: 'MutationSetCallWrapUpSuccess' });
  }
  t.like((await recordOf(a, call.callId)).call, { disposition: 'complaint', notes: null });
  const audit = await a.gql(
    '{ auditLog(entity: "Call") { edges { node { action before after } } } }',
  );
  const entries = (audit.data?.auditLog as { edges: Array<{ node: Record<string, unknown> }> })
    .edges;
  t.deepEqual(
    entries.map((e) => e.node.after),
    [
      { disposition: 'complaint', notes: null },
      { disposition: 'information', notes: 'first' },
    ],
  );
});

test('an agent who was not on the call, or an empty code, is refused', async (t) => {
  const a = await h.start();
  const call = await connectCall(a, 0);
  const stranger = await a.gql(WRAP_UP, { callId: call.callId, code: 'sale' }, a.tokens[1]);
  t.like(stranger.data?.r, { __typename: 'Problem', code: 'NOT_FOUND' });
  const empty = await a.gql(WRAP_UP, { callId: call.callId, code: '  ' }, a.tokens[0]);
  t.like(empty.data?.r, { __typename: 'Problem', code: 'VALIDATION_FAILED' });
  const unknown = await a.gql(WRAP_UP, { callId: 'no-such-call', code: 'sale' }, a.tokens[0]);
  t.like(unknown.data?.r, { __typename: 'Problem', code: 'NOT_FOUND' });
  t.is((await recordOf(a, call.callId)).call.disposition, null);
});
