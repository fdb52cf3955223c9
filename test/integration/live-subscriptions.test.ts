/**
 * The live subscriptions end to end: the PBX simulator, the real ACD, a
 * real HTTP server, clients over Server-Sent Events and over graphql-ws.
 * An agent's feed carries the screen pop with the caller's contact and
 * history when an offer rings; an agent cannot follow another agent; queue
 * figures and call phases follow a call entering the queue.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import test, { type ExecutionContext } from 'ava';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createHttpServer, type HttpServer } from '../../src/api/server.ts';
import type { Actor } from '../../src/app/actor.ts';
import type { GqlResult } from '../helpers/api.ts';
import { subscribeSse, subscribeWs, within, wsClient } from '../helpers/live-clients.ts';
import { type AcdUnderTest, DID, startAcd, waitForStatus } from './acd-harness.ts';

const CALLER = '+33612345678';

const AGENT_EVENTS = `subscription($agentId: ID) {
  agentEvents(agentId: $agentId) {
    __typename
    ... on AgentStateChange { from to callId agent { id } }
    ... on ScreenPop {
      callId ani dnis queueName waitS returning ivrPath agent { id }
      contact { name company }
      history { disposition notes agentName queueName startedAt }
    }
  }
}`;

interface Served {
  acd: AcdUnderTest;
  server: HttpServer;
  url: string;
  admin: Actor;
}

async function serve(): Promise<Served> {
  const acd = await startAcd();
  const server = createHttpServer({
    services: acd.services,
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    readiness: [],
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const admin = (await acd.services.auth.authenticate(acd.adminKey, null)) as Actor;
  return { acd, server, url: `http://127.0.0.1:${port}`, admin };
}

async function close(s: Served): Promise<void> {
  await s.server.shutdown();
  await s.acd.close();
}

/** A known customer of the line, with one earlier call. */
async function knownCaller(s: Served): Promise<void> {
  const line = (await s.acd.store.businessLines.getByName('Line'))!;
  await s.acd.services.contacts.create(s.admin, {
    businessLineId: line.id,
    name: 'Marie Laurent',
    company: 'Laurent SARL',
    phones: [{ e164: '06 12 34 56 78', label: 'mobile' }],
  });
  const t0 = Date.UTC(2026, 0, 5, 10, 0, 0);
  await s.acd.store.calls.upsertCall({
    linkedId: 'earlier.1',
    businessLineId: line.id,
    direction: 'inbound',
    ani: CALLER,
    dnis: DID,
    queueId: s.acd.queueId,
    agentId: s.acd.agents[1],
    startedAt: t0,
    answeredAt: t0 + 4000,
    endedAt: t0 + 90_000,
    hangupCause: 16,
    hangupBy: 'caller',
    disposition: 'order-placed',
    notes: 'wants the blue model',
  });
}

const typeOf = (r: GqlResult) => (r.data?.agentEvents as { __typename?: string })?.__typename;
const eventOf = (r: GqlResult) => r.data?.agentEvents as Record<string, unknown>;

function expectPop(t: ExecutionContext, pop: Record<string, unknown>, s: Served, agent: 0 | 1) {
  t.like(pop, {
    ani: CALLER,
    dnis: DID,
    queueName: 'Sales',
    returning: true,
    ivrPath: [],
    agent: { id: s.acd.agentGid(agent) },
    contact: { name: 'Marie Laurent', company: 'Laurent SARL' },
  });
  const history = pop.history as Array<Record<string, unknown>>;
  t.is(history.length, 1);
  t.like(history[0], {
    disposition: 'order-placed',
    notes: 'wants the blue model',
    agentName: 'Agent 2002',
    queueName: 'Sales',
    startedAt: '2026-01-05T10:00:00.000Z',
  });
}

test.serial(
  'over SSE, an agent gets the screen pop with the contact when an offer rings',
  async (t) => {
    const s = await serve();
    try {
      await knownCaller(s);
      const feed = await subscribeSse(s.url, AGENT_EVENTS, {}, s.acd.tokens[0]);
      const first = eventOf((await feed.next())!);
      t.like(first, { __typename: 'AgentStateChange', from: null, to: 'LOGGED_OUT' });
      const login = await s.acd.gql('mutation { agentLogin { __typename } }', {}, s.acd.tokens[0]);
      t.like(login.data?.agentLogin, { __typename: 'MutationAgentLoginSuccess' });
      await feed.until('AVAILABLE', (r) => eventOf(r).to === 'AVAILABLE');
      const { channelId } = s.acd.sim.control.placeCall({ from: CALLER, to: DID, talkS: 1 });
      const ringing = await feed.until('RINGING', (r) => eventOf(r).to === 'RINGING');
      t.is(eventOf(ringing).callId, channelId);
      const pop = eventOf(await feed.until('screen pop', (r) => typeOf(r) === 'ScreenPop'));
      expectPop(t, pop, s, 0);
      t.is(pop.callId, channelId);
      await feed.until('ON_CALL', (r) => eventOf(r).to === 'ON_CALL');
      feed.close();
    } finally {
      await close(s);
    }
  },
);

test.serial(
  'over graphql-ws, the same pop reaches the agent (token in connectionParams)',
  async (t) => {
    const s = await serve();
    const client = wsClient(s.url, s.acd.tokens[1]);
    try {
      await knownCaller(s);
      const feed = subscribeWs(client, AGENT_EVENTS);
      t.like(eventOf((await feed.next())!), { from: null, to: 'LOGGED_OUT' });
      await s.acd.runtime.agentAction(s.acd.agents[1], { type: 'login' });
      const { channelId } = s.acd.sim.control.placeCall({ from: CALLER, to: DID, talkS: 1 });
      const pop = eventOf(await feed.until('screen pop', (r) => typeOf(r) === 'ScreenPop'));
      expectPop(t, pop, s, 1);
      t.is(pop.callId, channelId);
      feed.close();
    } finally {
      await client.dispose();
      await close(s);
    }
  },
);

test.serial('an agent cannot follow another agent, over SSE or graphql-ws', async (t) => {
  const s = await serve();
  const client = wsClient(s.url, s.acd.tokens[0]);
  try {
    const other = { agentId: s.acd.agentGid(1) };
    const sse = await subscribeSse(s.url, AGENT_EVENTS, other, s.acd.tokens[0]);
    const refused = (await sse.next())!;
    t.is(refused.errors?.[0]?.extensions?.code, 'NOT_FOUND');
    t.is(await sse.next(), null);
    const ws = subscribeWs(client, AGENT_EVENTS, other);
    t.is((await ws.next())?.errors?.[0]?.extensions?.code, 'NOT_FOUND');
    // Without a token the feed needs a caller; a wrong token is refused at connection.
    const anonymous = await subscribeSse(s.url, AGENT_EVENTS, other, undefined);
    t.is((await anonymous.next())?.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    const closed = await within(
      'refused connection',
      new Promise<number>((resolve) => {
        const bad = wsClient(s.url, 'not-a-valid-token');
        bad.on('closed', (event) => {
          resolve((event as { code: number }).code);
          void bad.dispose();
        });
      }),
    );
    t.is(closed, 4403);
  } finally {
    await client.dispose();
    await close(s);
  }
});

test.serial('queue figures and call phases follow a call entering the queue', async (t) => {
  const s = await serve();
  const client = wsClient(s.url, s.acd.adminKey);
  try {
    const queueId = encodeGlobalID('Queue', s.acd.queueId);
    const stats = subscribeWs(
      client,
      'subscription($q: ID) { queueStats(queueId: $q) { queue { name } waiting longestWaitS agentsByStatus { status count } } }',
      { q: queueId },
    );
    t.like((await stats.next())?.data?.queueStats, {
      queue: { name: 'Sales' },
      waiting: 0,
      longestWaitS: null,
      agentsByStatus: [{ status: 'LOGGED_OUT', count: 2 }],
    });
    const phases = await subscribeSse(
      s.url,
      'subscription { callEvents { callId queueName from to ani agentIds } }',
      {},
      s.acd.adminKey,
    );
    // Nobody is logged in: the caller waits.
    const { channelId } = s.acd.sim.control.placeCall({ from: CALLER, to: DID });
    t.like((await phases.next())?.data?.callEvents, {
      callId: channelId,
      queueName: 'Sales',
      from: null,
      to: 'WAITING',
      ani: CALLER,
      agentIds: [],
    });
    const waiting = await stats.until('one caller waiting', (r) => {
      return (r.data?.queueStats as { waiting: number }).waiting === 1;
    });
    t.like(waiting.data?.queueStats, { waiting: 1 });
    const live = await s.acd.gql('{ liveCalls { callId phase queueName ani waitS agent { id } } }');
    t.like(live.data?.liveCalls, [
      { callId: channelId, phase: 'WAITING', queueName: 'Sales', ani: CALLER, agent: null },
    ]);
    // An agent logs in and takes it: OFFERED, then CONNECTED with that agent.
    const mark = s.acd.events.length;
    await s.acd.runtime.agentAction(s.acd.agents[0], { type: 'login' });
    await waitForStatus(s.acd, s.acd.agents[0], 'on-call', mark);
    const offered = (await phases.next())?.data?.callEvents;
    t.like(offered, { from: 'WAITING', to: 'OFFERED', agentIds: [s.acd.agentGid(0)] });
    t.like((await phases.next())?.data?.callEvents, { from: 'OFFERED', to: 'CONNECTED' });
    s.acd.sim.control.remoteHangup(channelId);
    t.like((await phases.next())?.data?.callEvents, { from: 'CONNECTED', to: 'ENDED' });
    stats.close();
    phases.close();
  } finally {
    await client.dispose();
    await close(s);
  }
});

test.serial('an agent sees only calls it was offered in liveCalls and callEvents', async (t) => {
  const s = await serve();
  try {
    const mine = await subscribeSse(
      s.url,
      'subscription { callEvents { callId to agentIds } }',
      {},
      s.acd.tokens[1],
    );
    // Agent 2001 takes the first call; agent 2002 is offered nothing and sees nothing.
    const mark = s.acd.events.length;
    await s.acd.runtime.agentAction(s.acd.agents[0], { type: 'login' });
    const first = s.acd.sim.control.placeCall({ from: CALLER, to: DID });
    await waitForStatus(s.acd, s.acd.agents[0], 'on-call', mark);
    const theirs = await s.acd.gql('{ liveCalls { callId } }', {}, s.acd.tokens[1]);
    t.deepEqual(theirs.data?.liveCalls, []);
    const own = await s.acd.gql('{ liveCalls { callId agent { id } } }', {}, s.acd.tokens[0]);
    t.deepEqual(own.data?.liveCalls, [
      { callId: first.channelId, agent: { id: s.acd.agentGid(0) } },
    ]);
    // Agent 2002 logs in and is offered the second call: its feed starts there.
    await s.acd.runtime.agentAction(s.acd.agents[1], { type: 'login' });
    const second = s.acd.sim.control.placeCall({ from: '+33698765432', to: DID });
    const seen = await mine.until('its offer', (r) => {
      return (r.data?.callEvents as { to: string }).to === 'OFFERED';
    });
    t.like(seen.data?.callEvents, { callId: second.channelId, agentIds: [s.acd.agentGid(1)] });
    s.acd.sim.control.remoteHangup(first.channelId);
    s.acd.sim.control.remoteHangup(second.channelId);
    mine.close();
  } finally {
    await close(s);
  }
});
