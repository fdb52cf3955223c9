/**
 * Acceptance of the first ACD slice, end to end: the PBX simulator plays
 * Asterisk (a caller dials DID 5001, the shipped dialplan puts it into
 * Stasis, agent phones ring and answer), our ARI client and ACD runtime
 * drive the calls, agents act through GraphQL, and the call record lands
 * in a real SQLite database. Every wait is on a runtime event.
 */
import test from 'ava';
import { type AcdUnderTest, DID, startAcd, statusesOf, waitForStatus } from './acd-harness.ts';

const running: AcdUnderTest[] = [];
async function acd(o: Parameters<typeof startAcd>[0] = {}): Promise<AcdUnderTest> {
  const a = await startAcd(o);
  running.push(a);
  return a;
}
test.after.always(async () => {
  for (const a of running) await a.close();
});

const LIVE = 'status since reason callId';
const ACT = (name: string, args = '') =>
  `mutation { r: ${name}${args} { __typename ... on Problem { code message } ... on Mutation${name[0]!.toUpperCase()}${name.slice(1)}Success { data { ${LIVE} } } } }`;

/** Logs an agent in through GraphQL with its own key, pauses it, and makes it ready. */
async function loginReady(a: AcdUnderTest, i: 0 | 1): Promise<void> {
  const token = a.tokens[i];
  for (const [name, args] of [
    ['agentLogin', ''],
    ['agentPause', '(reason: "coffee")'],
    ['agentReady', ''],
  ] as const) {
    const result = await a.gql(ACT(name, args), {}, token);
    const r = result.data?.r as { __typename: string } | undefined;
    if (r?.__typename === 'Problem' || result.errors) {
      throw new Error(`${name} failed: ${JSON.stringify(result)}`);
    }
  }
}

/** The channel ids the simulator has in a bridge, by bridge id. */
function bridged(a: AcdUnderTest): Record<string, string[]> {
  return Object.fromEntries(
    a.sim.control.bridges().map((b) => [String(b.id), (b.channels as string[]).slice().sort()]),
  );
}

test('an inbound call reaches the ready agent, is bridged and recorded, and the record closes', async (t) => {
  const a = await acd({ wrapUpS: 1 });
  const [agent] = a.agents;
  await loginReady(a, 0);
  const live = await a.gql('query { r: agentStatus { status } }', {}, a.tokens[0]);
  t.deepEqual(live.data?.r, { status: 'AVAILABLE' });

  const { channelId } = a.sim.control.placeCall({ from: '+33612345678', to: DID });
  const bridgedEvent = await a.waitFor('call bridged', (e) => e.type === 'call-bridged');
  t.like(bridgedEvent, { callId: channelId, agentId: agent, bridgeId: `cw-call-${channelId}` });
  const offer = a.events.find((e) => e.type === 'offer-sent');
  t.like(offer, { agentId: agent, callId: channelId });
  const agentLeg = offer?.type === 'offer-sent' ? offer.channelId : '';
  t.deepEqual(bridged(a)[`cw-call-${channelId}`], [channelId, agentLeg].sort());
  const agentChannel = a.sim.control.channels().find((c) => c.id === agentLeg);
  t.regex(String(agentChannel?.name), /^PJSIP\/2001-/);
  t.is((agentChannel?.caller as { number: string }).number, '+33612345678');

  const onCall = await a.gql('query($a: ID) { r: agentStatus(agentId: $a) { status callId } }', {
    a: a.agentGid(0),
  });
  t.deepEqual(onCall.data?.r, { status: 'ON_CALL', callId: channelId });
  const during = await a.store.calls.getByLinkedId(channelId);
  t.like(during, { queueId: a.queueId, agentId: agent, endedAt: null });
  t.true(typeof during?.answeredAt === 'number');

  const mark = a.events.length;
  a.sim.control.remoteHangup(channelId);
  await a.waitFor('call closed', (e) => e.type === 'call-closed', mark);
  const record = await a.store.calls.getByLinkedId(channelId);
  t.like(record, { queueId: a.queueId, agentId: agent, hangupBy: 'caller', hangupCause: 16 });
  t.true(record!.endedAt! >= record!.answeredAt!);
  const legs = await a.store.calls.legsOf([record!.id]);
  t.deepEqual(legs.map((l) => l.role).sort(), ['agent', 'caller']);
  t.true(legs.every((l) => l.endedAt !== null));
  t.deepEqual(bridged(a), {}, 'both bridges are gone');
  const recordings = a.sim.control
    .requests()
    .filter((r) => r.method === 'POST' && r.url.includes(`/bridges/cw-call-${channelId}/record`));
  t.is(recordings.length, 1);
  t.true(recordings[0]!.url.includes(`name=call-${channelId}`) && recordings[0]!.status < 300);

  await waitForStatus(a, agent, 'available', mark);
  t.deepEqual(statusesOf(a, agent).slice(-3), ['on-call', 'wrap-up', 'available']);
});

test('longest-idle gives the call to the agent who has been free the longest', async (t) => {
  const a = await acd();
  const [first, second] = a.agents;
  await loginReady(a, 1);
  await loginReady(a, 0);
  const { channelId } = a.sim.control.placeCall({ from: '+33612345679', to: DID });
  const bridgedEvent = await a.waitFor('call bridged', (e) => e.type === 'call-bridged');
  t.like(bridgedEvent, { callId: channelId, agentId: second });
  t.is(a.runtime.agentView(first).status, 'available');
  const queues = await a.gql('{ r: liveQueues { waiting agentsByStatus { status count } } }');
  t.deepEqual(queues.data?.r, [
    {
      waiting: 0,
      agentsByStatus: [
        { status: 'AVAILABLE', count: 1 },
        { status: 'ON_CALL', count: 1 },
      ],
    },
  ]);
});

test('a phone that never answers rings out and the call goes to the next agent', async (t) => {
  const a = await acd({ ringTimeoutS: 1 });
  const [silent, next] = a.agents;
  a.sim.control.setPhone('2001', { mode: 'never' });
  await loginReady(a, 0);
  await loginReady(a, 1);
  const { channelId } = a.sim.control.placeCall({ from: '+33612345670', to: DID });
  const bridgedEvent = await a.waitFor('call bridged', (e) => e.type === 'call-bridged');
  t.like(bridgedEvent, { callId: channelId, agentId: next });
  const offered = a.events.flatMap((e) => (e.type === 'offer-sent' ? [e.agentId] : []));
  t.deepEqual(offered, [silent, next]);
  t.like(a.runtime.agentView(silent), { status: 'available', reason: 'timeout' });
  t.false(
    a.sim.control.channels().some((c) => String(c.name).startsWith('PJSIP/2001-')),
    'the first phone no longer rings',
  );
  t.like(await a.store.calls.getByLinkedId(channelId), { agentId: next });
});

test('a caller hanging up while the only agent rings leaves an abandoned record and a free agent', async (t) => {
  const a = await acd({ ringTimeoutS: 30 });
  const [agent] = a.agents;
  a.sim.control.setPhone('2001', { mode: 'never' });
  await loginReady(a, 0);
  const { channelId } = a.sim.control.placeCall({ from: '+33612345671', to: DID });
  await waitForStatus(a, agent, 'ringing');
  a.sim.control.remoteHangup(channelId);
  await a.waitFor('call closed', (e) => e.type === 'call-closed');
  t.like(a.runtime.agentView(agent), { status: 'available', reason: 'caller-gone' });
  t.like(await a.store.calls.getByLinkedId(channelId), {
    queueId: a.queueId,
    agentId: null,
    answeredAt: null,
    hangupBy: 'caller',
  });
  t.deepEqual(a.sim.control.channels(), [], 'no channel left ringing');
  t.deepEqual(a.runtime.queueView(a.queueId), {
    queueId: a.queueId,
    waiting: 0,
    longestWaitS: null,
  });
});

test('a caller hanging up while nobody is logged in is recorded as abandoned', async (t) => {
  const a = await acd();
  const { channelId } = a.sim.control.placeCall({ from: '+33612345672', to: DID });
  await a.waitFor('caller queued', (e) => e.type === 'call-changed' && e.to === 'waiting');
  const waiting = await a.gql('{ r: liveQueues { waiting } }');
  t.deepEqual(waiting.data?.r, [{ waiting: 1 }]);
  a.sim.control.remoteHangup(channelId);
  const closed = await a.waitFor('call closed', (e) => e.type === 'call-closed');
  t.like(closed, { callId: channelId, phase: 'abandoned' });
  t.like(await a.store.calls.getByLinkedId(channelId), { hangupBy: 'caller', agentId: null });
});

test('GraphQL refuses nonsense with stable codes', async (t) => {
  const a = await acd();
  const pause = await a.gql(ACT('agentPause', '(reason: "lunch")'), {}, a.tokens[0]);
  t.like(pause.data?.r, { __typename: 'Problem', code: 'AGENT_NOT_LOGGED_IN' });
  const missing = await a.gql(
    'mutation($a: ID) { r: agentLogin(agentId: $a) { __typename ... on Problem { code } } }',
    {
      a: 'QWdlbnQ6bm8tc3VjaC1hZ2VudA==',
    },
  );
  t.like(missing.data?.r, { __typename: 'Problem', code: 'NOT_FOUND' });
  const other = await a.gql(ACT('agentLogin', `(agentId: "${a.agentGid(1)}")`), {}, a.tokens[0]);
  t.like(other.data?.r, { __typename: 'Problem', code: 'NOT_FOUND' });
  const unknownStatus = await a.gql('query($a: ID) { r: agentStatus(agentId: $a) { status } }', {
    a: 'QWdlbnQ6bm8tc3VjaC1hZ2VudA==',
  });
  t.is(unknownStatus.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  a.sim.control.setPhone('2001', { registered: false });
  const unregistered = await a.gql(ACT('agentLogin'), {}, a.tokens[0]);
  t.like(unregistered.data?.r, { __typename: 'Problem', code: 'AGENT_PHONE_UNREGISTERED' });
  const blank = await a.gql(ACT('agentPause', '(reason: "  ")'), {}, a.tokens[0]);
  // Schema validation answers before the resolver, as a GraphQL error (like every input check).
  t.is(blank.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED');
});
