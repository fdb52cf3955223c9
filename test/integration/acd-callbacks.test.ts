/**
 * Callbacks (ACD-9) end to end: the PBX simulator plays Asterisk (callers
 * on the trunk, agent phones, customers reached through the trunk), our ARI
 * client and ACD runtime book and dial the callbacks, settings and requests
 * go through GraphQL, and tasks and call records land in SQLite. Every wait
 * is on a runtime event; the only delays are the short ones configured
 * (abandon threshold, ring and retry times).
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import test from 'ava';
import type { CallbackTask } from '../../src/domain/acd/callback.ts';
import type { CalleeRule } from '../../src/sim/core/behaviours.ts';
import { type AcdUnderTest, DID, startAcd, waitForStatus } from './acd-harness.ts';

const running: AcdUnderTest[] = [];
async function acd(o: Parameters<typeof startAcd>[0] = {}): Promise<AcdUnderTest> {
  const a = await startAcd({ ringTimeoutS: 5, wrapUpS: 0, ...o });
  running.push(a);
  return a;
}
test.after.always(async () => {
  for (const a of running) await a.close();
});

/** Customers through the trunk: numbers ending in 3 never answer, 2 are busy, the rest answer at once. */
const CALLEES: CalleeRule[] = [
  { pattern: '3$', kind: 'noanswer' },
  { pattern: '2$', kind: 'busy' },
  {
    pattern: '.*',
    kind: 'human',
    answerAfterS: { kind: 'fixed', value: 0.2 },
    talkS: { kind: 'fixed', value: 600 },
  },
];

async function gqlOk(a: AcdUnderTest, query: string, variables = {}, token = a.adminKey) {
  const result = await a.gql(query, variables, token);
  const r = result.data?.r as { __typename?: string } | undefined;
  if (result.errors || r?.__typename === 'Problem') {
    throw new Error(`GraphQL failed: ${JSON.stringify(result)}`);
  }
  return result.data?.r as Record<string, unknown>;
}

const QUEUE_GID = (a: AcdUnderTest) => encodeGlobalID('Queue', a.queueId);

/** Stores the queue's callback settings through GraphQL. */
function settings(a: AcdUnderTest, input: Record<string, unknown>) {
  return gqlOk(
    a,
    `mutation($q: ID!, $i: QueueCallbackSettingsInput!) { r: setQueueCallbackSettings(queueId: $q, input: $i) {
      __typename ... on Problem { code message } } }`,
    { q: QUEUE_GID(a), i: input },
  );
}

/** Logs an agent in: it is available at once (and may be handed a due callback at once). */
async function ready(a: AcdUnderTest, i: 0 | 1): Promise<void> {
  const r = await a.runtime.agentAction(a.agents[i], { type: 'login' });
  if (!r.ok) throw new Error(`login: ${r.error.code}`);
}

/** The first callback change (from event index `after` on) matching `match`. */
async function callback(
  a: AcdUnderTest,
  what: string,
  match: (t: CallbackTask) => boolean,
  after = 0,
): Promise<CallbackTask> {
  const e = await a.waitFor(
    `callback ${what}`,
    (x) => x.type === 'callback-changed' && match(x.task),
    after,
  );
  if (e.type !== 'callback-changed') throw new Error('unexpected event');
  return e.task;
}

const changes = (a: AcdUnderTest) =>
  a.events.flatMap((e) => (e.type === 'callback-changed' ? [e.task] : []));

const REQUEST = `mutation($q: ID!, $n: String!, $d: DateTime) { r: requestCallback(queueId: $q, number: $n, dueAt: $d) {
  __typename ... on Problem { code message }
  ... on MutationRequestCallbackSuccess { data { id number status reason dueAt } } } }`;

test('a caller who hangs up after X s is called back when an agent frees up: agent first, then the customer, bridged and recorded', async (t) => {
  const a = await acd();
  a.sim.control.setCallees(CALLEES);
  await settings(a, { afterAbandonS: 1 });
  const [agent] = a.agents;
  // The caller's patience runs from StasisStart, the ACD's wait from its own entry a moment later:
  // 3.5 s of patience is well over the 1 s threshold whatever that moment is.
  const { channelId } = a.sim.control.placeCall({ from: '+33612345670', to: DID, patienceS: 3.5 });
  const booked = await callback(a, 'booked', (x) => x.status === 'pending');
  t.like(booked, {
    number: '+33612345670',
    reason: 'abandoned',
    queueId: a.queueId,
    originCallId: channelId,
    attempts: 0,
  });
  await a.waitFor('caller gone', (e) => e.type === 'call-closed' && e.callId === channelId);
  t.like(await a.store.calls.getByLinkedId(channelId), {
    hangupBy: 'caller',
    callbackRequested: true,
  });

  const mark = a.events.length;
  await ready(a, 0);
  const connected = await callback(a, 'connected', (x) => x.status === 'connected', mark);
  t.like(connected, { id: booked.id, attempts: 1, agentId: agent });
  const callId = connected.callbackCallId!;
  const bridged = await a.waitFor(
    'bridge',
    (e) => e.type === 'call-bridged' && e.callId === callId,
  );
  t.like(bridged, { agentId: agent, bridgeId: `cw-call-${callId}` });
  // The agent's phone rang first, showing the customer's number; then the trunk leg.
  const originates = a.sim.control
    .requests()
    .filter((r) => r.method === 'POST' && /\/channels\?/.test(r.url));
  const order = originates.map((r) => decodeURIComponent(r.url));
  const agentAt = order.findIndex((u) => u.includes('endpoint=PJSIP/2001'));
  const customerAt = order.findIndex((u) => u.includes('endpoint=PJSIP/+33612345670@trunk'));
  t.true(agentAt >= 0 && customerAt > agentAt, order.join('\n'));
  t.true(order[agentAt]!.includes('+33612345670'), 'the agent sees who is called back');
  const inBridge = a.sim.control.bridges().find((b) => b.id === `cw-call-${callId}`);
  t.deepEqual(
    (inBridge?.channels as string[]).slice().sort(),
    [callId, `${callId}-customer`].sort(),
  );
  t.is(a.runtime.agentView(agent).status, 'on-call');
  const end = a.events.length;
  a.sim.control.remoteHangup(`${callId}-customer`);
  await waitForStatus(a, agent, 'available', end);
  await a.waitFor(
    'callback call closed',
    (e) => e.type === 'callback-call-closed' && e.callId === callId,
  );
  const recording = a.sim.control
    .requests()
    .find((r) => r.method === 'POST' && r.url.includes(`/bridges/cw-call-${callId}/record`));
  t.true(recording !== undefined && recording.status < 300, 'the call was recorded');
  const record = await a.store.calls.getByLinkedId(callId);
  t.like(record, {
    direction: 'outbound',
    dnis: '+33612345670',
    queueId: a.queueId,
    agentId: agent,
    hangupBy: 'external',
  });
  t.true(record!.answeredAt !== null && record!.endedAt! >= record!.answeredAt!);
  const legs = await a.store.calls.legsOf([record!.id]);
  t.deepEqual(legs.map((l) => l.role).sort(), ['agent', 'external']);
  t.deepEqual(a.sim.control.channels(), [], 'both legs are gone');

  const listed = await gqlOk(
    a,
    `query($q: ID) { r: callbacks(filter: { queueId: $q, statuses: [CONNECTED] }) { edges { node {
      status reason attempts agent { id } originalCall { linkedId } callbackCall { linkedId direction } } } } }`,
    { q: QUEUE_GID(a) },
  );
  t.deepEqual(listed, {
    edges: [
      {
        node: {
          status: 'CONNECTED',
          reason: 'ABANDONED',
          attempts: 1,
          agent: { id: a.agentGid(0) },
          originalCall: { linkedId: channelId },
          callbackCall: { linkedId: callId, direction: 'OUTBOUND' },
        },
      },
    ],
  });
  t.is((await a.store.callbacks.get(booked.id))?.status, 'connected');
});

test('a caller who hangs up sooner than X s gets no callback', async (t) => {
  const a = await acd();
  await settings(a, { afterAbandonS: 30 });
  const { channelId } = a.sim.control.placeCall({ from: '+33612345670', to: DID, patienceS: 0.5 });
  await a.waitFor('caller gone', (e) => e.type === 'call-closed' && e.callId === channelId);
  t.deepEqual(changes(a), []);
  t.deepEqual(await a.store.callbacks.listOpen(), []);
});

test('a waiting caller pressing the callback key hears the confirmation, is hung up, and is booked', async (t) => {
  const a = await acd();
  await settings(a, { offerKey: '5' });
  const { channelId } = a.sim.control.placeCall({ from: '+33612345670', to: DID });
  await a.waitFor('caller queued', (e) => e.type === 'call-changed' && e.to === 'waiting');
  // 1 is not this queue's key and changes nothing; 5 books.
  a.sim.control.pressDigits(channelId, '15');
  const booked = await callback(a, 'booked', (x) => x.status === 'pending');
  t.like(booked, { reason: 'keypress', number: '+33612345670', originCallId: channelId });
  const closed = await a.waitFor('call closed', (e) => e.type === 'call-closed');
  t.like(closed, { callId: channelId, phase: 'callback-requested' });
  const requests = a.sim.control.requests();
  const played = requests.findIndex(
    (r) => r.method === 'POST' && r.url.includes(`/channels/${channelId}/play`),
  );
  const hungUp = requests.findIndex(
    (r) => r.method === 'DELETE' && r.url.includes(`/channels/${channelId}`),
  );
  t.true(played >= 0, 'the confirmation was played');
  t.true(decodeURIComponent(requests[played]!.url).includes('sound:callback-confirmed'));
  t.true(hungUp > played, 'then the caller was hung up');
  t.like(await a.store.calls.getByLinkedId(channelId), {
    hangupBy: 'system',
    callbackRequested: true,
  });
  t.is(changes(a).length, 1, 'one task, booked once');
});

test('requestCallback books through GraphQL; a second request for the number keeps one task and moves it', async (t) => {
  const a = await acd();
  const first = await gqlOk(a, REQUEST, { q: QUEUE_GID(a), n: '06 12 34 56 70' }, a.tokens[0]);
  const task = (first as { data: Record<string, unknown> }).data;
  t.like(task, { number: '+33612345670', status: 'PENDING', reason: 'REQUESTED', dueAt: null });
  const due = Date.now() + 3_600_000;
  const second = await gqlOk(
    a,
    REQUEST,
    { q: QUEUE_GID(a), n: '+33612345670', d: new Date(due).toISOString() },
    a.tokens[0],
  );
  t.like((second as { data: Record<string, unknown> }).data, {
    id: task.id,
    dueAt: new Date(due).toISOString(),
  });
  const rows = await a.store.knex('callback_tasks').where('number', '+33612345670');
  t.is(rows.length, 1);
  const open = await a.store.callbacks.listOpen();
  t.is(open.length, 1);
  t.like(open[0], { number: '+33612345670', nextAttemptAt: due });

  const cancel = `mutation($id: ID!) { r: cancelCallback(id: $id) { __typename
    ... on Problem { code } ... on MutationCancelCallbackSuccess { data { status } } } }`;
  const cancelled = await a.gql(cancel, { id: task.id }, a.tokens[0]);
  t.deepEqual(cancelled.data?.r, {
    __typename: 'MutationCancelCallbackSuccess',
    data: { status: 'CANCELLED' },
  });
  const again = await a.gql(cancel, { id: task.id }, a.tokens[0]);
  t.like(again.data?.r, { __typename: 'Problem', code: 'CONFLICT' });
  const bad = await a.gql(REQUEST, { q: QUEUE_GID(a), n: '12' }, a.tokens[0]);
  t.like(bad.data?.r, { __typename: 'Problem', code: 'INVALID_PHONE_NUMBER' });
});

test('a customer who does not answer is retried after the delay and the task fails after the last attempt', async (t) => {
  const a = await acd();
  a.sim.control.setCallees(CALLEES);
  await settings(a, { maxAttempts: 2, retryDelayS: 1, dialTimeoutS: 1 });
  await ready(a, 0);
  await gqlOk(a, REQUEST, { q: QUEUE_GID(a), n: '+33612345673' });
  const failed = await callback(a, 'failed', (x) => x.status === 'failed');
  t.like(failed, { attempts: 2, maxAttempts: 2, lastCause: 'no-answer' });
  const seen = changes(a).map((x) => `${x.status}:${x.attempts}:${x.lastCause ?? ''}`);
  t.deepEqual(seen, [
    'pending:0:',
    'dialling:1:',
    'pending:1:no-answer',
    'dialling:2:no-answer',
    'failed:2:no-answer',
  ]);
  const retry = changes(a).find((x) => x.status === 'pending' && x.attempts === 1)!;
  const secondDial = changes(a).find((x) => x.attempts === 2)!;
  t.true(secondDial.lastAttemptAt! >= retry.nextAttemptAt, 'the retry waited for its delay');
  const lastCall = secondDial.callbackCallId;
  await a.waitFor(
    'last call closed',
    (e) => e.type === 'callback-call-closed' && e.callId === lastCall,
  );
  const calls = await a.store.calls.list({ queueId: a.queueId }, { offset: 0, limit: 10 });
  t.deepEqual(
    calls.map((c) => [c.direction, c.answeredAt, c.hangupCause]),
    [
      ['outbound', null, 19],
      ['outbound', null, 19],
    ],
  );
  const over = a.events.findIndex(
    (e) => e.type === 'callback-changed' && e.task.status === 'failed',
  );
  await waitForStatus(a, a.agents[0], 'available', over);
});

test('an agent who does not answer gives the attempt back: the other agent calls the customer', async (t) => {
  const a = await acd({ ringTimeoutS: 1 });
  a.sim.control.setCallees(CALLEES);
  a.sim.control.setPhone('2001', { mode: 'never' });
  await ready(a, 0);
  await ready(a, 1);
  await gqlOk(a, REQUEST, { q: QUEUE_GID(a), n: '+33612345670' });
  const connected = await callback(a, 'connected', (x) => x.status === 'connected');
  t.like(connected, { attempts: 1, agentId: a.agents[1] });
  const [first, second] = a.agents;
  t.deepEqual(
    changes(a).map(
      (x) =>
        `${x.status}:${x.attempts}:${x.agentId === first ? 1 : x.agentId === second ? 2 : 0}:${x.lastCause ?? ''}`,
    ),
    [
      'pending:0:0:',
      'dialling:1:1:',
      'pending:0:1:agent-missed',
      'dialling:1:2:agent-missed',
      'connected:1:2:',
    ],
    'the longest idle agent first; its miss costs no attempt; then the other agent',
  );
  t.like(a.runtime.agentView(first), { status: 'available', reason: 'timeout' });
});

test('a queue overflowing to a callback books one for the caller, who hears the confirmation', async (t) => {
  const a = await acd();
  // Nobody logged in: the queue's overflow sends callers to a callback (the routing part's settings).
  await a.store.queueSettings.put(a.queueId, { overflow: { onNoAgents: { kind: 'callback' } } });
  await a.runtime.reloadConfig({ queueIds: [a.queueId] });
  const { channelId } = a.sim.control.placeCall({ from: '+33612345670', to: DID });
  const booked = await callback(a, 'booked', (x) => x.status === 'pending');
  t.like(booked, { reason: 'overflow', number: '+33612345670', originCallId: channelId });
  const closed = await a.waitFor('call closed', (e) => e.type === 'call-closed');
  t.like(closed, { callId: channelId, phase: 'overflowed' });
  const played = a.sim.control
    .requests()
    .find((r) => r.method === 'POST' && r.url.includes(`/channels/${channelId}/play`));
  t.true(decodeURIComponent(played?.url ?? '').includes('sound:callback-confirmed'));
  t.like(await a.store.calls.getByLinkedId(channelId), { callbackRequested: true });

  // The first agent to log in calls the customer back.
  a.sim.control.setCallees(CALLEES);
  const mark = a.events.length;
  await ready(a, 0);
  const connected = await callback(a, 'connected', (x) => x.status === 'connected', mark);
  t.is(connected.id, booked.id);
});
