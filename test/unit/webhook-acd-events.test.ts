/**
 * ACD runtime events to webhook events: types, data, and the business line
 * of the call's queue or of the agent, also for a call the runtime already
 * released when `call-closed` arrives. Plus the retry schedule.
 */
import test from 'ava';
import { createAcdWebhookMapper } from '../../src/app/webhooks/acd-webhook-events.ts';
import {
  DEFAULT_RETRY_POLICY,
  nextAttemptAt,
  subscribes,
} from '../../src/domain/webhooks/webhook.ts';

const NOW = Date.UTC(2026, 0, 1, 12);

function mapper() {
  const live = new Map([['call-1', 'line-A']]);
  const map = createAcdWebhookMapper(
    {
      callLine: (callId) => live.get(callId),
      agentLine: async (agentId) => (agentId === 'agent-1' ? 'line-B' : undefined),
    },
    () => NOW,
  );
  return { map, live };
}

test('call events go to the line of the call, even once the runtime released it', async (t) => {
  const { map, live } = mapper();
  t.deepEqual(
    await map({
      type: 'call-changed',
      callId: 'call-1',
      queueId: 'q1',
      from: null,
      to: 'waiting',
      at: 5,
    }),
    [
      {
        type: 'call.state-changed',
        businessLineId: 'line-A',
        occurredAt: 5,
        data: { callId: 'call-1', queueId: 'q1', from: null, to: 'waiting' },
      },
    ],
  );
  t.like(
    (await map({ type: 'offer-sent', callId: 'call-1', agentId: 'agent-1', channelId: 'c' }))[0],
    {
      type: 'call.offered',
      businessLineId: 'line-A',
      occurredAt: NOW,
      data: { callId: 'call-1', agentId: 'agent-1' },
    },
  );
  t.like(
    (await map({ type: 'call-bridged', callId: 'call-1', agentId: 'agent-1', bridgeId: 'b' }))[0],
    {
      type: 'call.answered',
    },
  );
  live.delete('call-1');
  t.like((await map({ type: 'call-closed', callId: 'call-1', phase: 'ended' }))[0], {
    type: 'call.ended',
    businessLineId: 'line-A',
    data: { callId: 'call-1', phase: 'ended' },
  });
  // Forgotten after the close: a stray late event has no line and is dropped.
  t.deepEqual(await map({ type: 'call-closed', callId: 'call-1', phase: 'ended' }), []);
});

test('agent state changes go to the agent line; unknown agents and other events publish nothing', async (t) => {
  const { map } = mapper();
  const change = {
    type: 'agent-state-changed',
    agentId: 'agent-1',
    from: 'available',
    to: 'paused',
    reason: 'lunch',
    callId: null,
    at: 9,
  } as const;
  t.deepEqual(await map(change), [
    {
      type: 'agent.state-changed',
      businessLineId: 'line-B',
      occurredAt: 9,
      data: { agentId: 'agent-1', from: 'available', to: 'paused', reason: 'lunch', callId: null },
    },
  ]);
  t.deepEqual(await map({ ...change, agentId: 'ghost' }), []);
  t.deepEqual(await map({ type: 'call-refused', channelId: 'c', code: 'NO_ROUTE' }), []);
});

test('subscriptions: listed types, *, and test pings to everyone', (t) => {
  t.true(subscribes(['call.ended'], 'call.ended'));
  t.false(subscribes(['call.ended'], 'call.offered'));
  t.true(subscribes(['*'], 'agent.state-changed'));
  t.true(subscribes(['call.ended'], 'webhook.test'));
});

test('retries back off exponentially up to the cap and stop after 24 h', (t) => {
  const p = DEFAULT_RETRY_POLICY;
  t.is(nextAttemptAt(p, 1, 0, 0), 10_000);
  t.is(nextAttemptAt(p, 2, 0, 0), 20_000);
  t.is(nextAttemptAt(p, 5, 0, 0), 160_000);
  t.is(nextAttemptAt(p, 20, 0, 0), 3_600_000);
  t.is(nextAttemptAt(p, 20, 0, p.giveUpAfterMs - 3_600_000), p.giveUpAfterMs);
  t.is(nextAttemptAt(p, 20, 0, p.giveUpAfterMs - 3_599_999), null);
});
