/**
 * Every distribution strategy (ACD-1) end to end: calls on the simulator's
 * trunk, the shipped dialplan, our ARI client and ACD runtime, agents
 * logging in through GraphQL, the call record in SQLite. Each scenario
 * checks which agent got which call and the records written.
 */
import test from 'ava';
import {
  hangUp,
  offersOf,
  type RoutingWorld,
  seeded,
  startWorld,
  type WorldSpec,
} from './acd-routing-harness.ts';

const running: RoutingWorld[] = [];
async function world(spec: WorldSpec): Promise<RoutingWorld> {
  const w = await startWorld(spec);
  running.push(w);
  return w;
}
test.after.always(async () => {
  for (const w of running) await w.close();
});

const DID = '5001';

/** One queue `Q` on DID 5001 with agents 3001.. in member order. */
function spec(strategy: WorldSpec['queues'][number]['strategy'], over: Partial<WorldSpec> = {}) {
  return {
    queues: [{ name: 'Q', strategy }],
    agents: ['3001', '3002', '3003'].map((ext) => ({ ext, queues: ['Q'] })),
    routes: [{ did: DID, queue: 'Q' }],
    ...over,
  } satisfies WorldSpec;
}

/** A call answered, checked in the record, then hung up: returns the agent's extension. */
async function serve(w: RoutingWorld, from: string): Promise<string> {
  const callId = w.call(from, DID);
  const ext = await w.answeredBy(callId);
  const { record, legs } = await hangUp(w, callId);
  if (
    record.agentId !== w.agents[ext] ||
    record.queueId !== w.queues.Q ||
    record.answeredAt === null
  ) {
    throw new Error(`record of ${callId} does not name ${ext} in Q: ${JSON.stringify(record)}`);
  }
  const answered = legs.filter((l) => l.role === 'agent' && l.answeredAt !== null);
  if (answered.length !== 1 || answered[0]!.agentId !== w.agents[ext]) {
    throw new Error(`legs of ${callId}: ${JSON.stringify(legs)}`);
  }
  return ext;
}

test('longest-idle: the agent free the longest gets each call', async (t) => {
  const w = await world(spec('longest-idle'));
  for (const ext of ['3003', '3001', '3002']) await w.ready(ext);
  const served: string[] = [];
  for (let i = 0; i < 4; i++) served.push(await serve(w, `+3361000000${i}`));
  t.deepEqual(served, ['3003', '3001', '3002', '3003']);
});

test('fewest-calls: the agent with the fewest calls today wins over the one idle longer', async (t) => {
  const w = await world(
    spec('fewest-calls', {
      agents: [
        { ext: '3001', queues: ['Q'] },
        { ext: '3002', queues: ['Q'] },
      ],
    }),
  );
  await w.ready('3001');
  const served = [await serve(w, '+33610000010'), await serve(w, '+33610000011')];
  // 3001 now has two calls and has been free longer than 3002, who has none.
  await w.ready('3002');
  served.push(await serve(w, '+33610000012'));
  t.deepEqual(served, ['3001', '3001', '3002']);
});

test('round-robin: each member in turn by member order, wrapping around', async (t) => {
  const w = await world(spec('round-robin'));
  // Ready in reverse order: longest idle would start with 3003.
  for (const ext of ['3003', '3002', '3001']) await w.ready(ext);
  const served: string[] = [];
  for (let i = 0; i < 4; i++) served.push(await serve(w, `+3361000002${i}`));
  t.deepEqual(served, ['3001', '3002', '3003', '3001']);
});

test('random: the seeded draw picks among the free members in member order', async (t) => {
  const w = await world(spec('random', { rng: seeded(2024) }));
  for (const ext of ['3001', '3002', '3003']) await w.ready(ext);
  const served: string[] = [];
  for (let i = 0; i < 5; i++) served.push(await serve(w, `+3361000003${i}`));
  const draw = seeded(2024);
  const members = ['3001', '3002', '3003'];
  const expected = served.map(() => members[Math.floor(draw() * members.length)]);
  t.deepEqual(served, expected);
  t.true(new Set(served).size > 1, 'the draw does not always land on the same agent');
});

test('linear: the lowest penalty first, then the next while the first is busy', async (t) => {
  const w = await world(
    spec('linear', {
      agents: [
        { ext: '3001', queues: ['Q'], penalties: { Q: 2 } },
        { ext: '3002', queues: ['Q'], penalties: { Q: 0 } },
        { ext: '3003', queues: ['Q'], penalties: { Q: 1 } },
      ],
    }),
  );
  for (const ext of ['3001', '3002', '3003']) await w.ready(ext);
  const calls = ['+33610000040', '+33610000041', '+33610000042'];
  const served: string[] = [];
  // Each call stays up, so the next one finds the previous agent busy.
  for (const from of calls) served.push(await w.answeredBy(w.call(from, DID)));
  t.deepEqual(served, ['3002', '3003', '3001']);
  const ids = w.events.flatMap((e) => (e.type === 'call-bridged' ? [e.callId] : []));
  for (const [i, callId] of ids.entries()) {
    const { record } = await hangUp(w, callId);
    t.is(record.agentId, w.agentId(served[i]!));
  }
});

test('ring-all: every free agent rings, the first to answer wins, the others stop ringing', async (t) => {
  const w = await world(
    spec('ring-all', {
      // 3001 answers long after 3002 (3 s against 0.3 s, rings of 8 s): one clear winner, even on a slow machine.
      queues: [{ name: 'Q', strategy: 'ring-all', ringTimeoutS: 8 }],
      agents: [
        { ext: '3001', queues: ['Q'], phone: { answerAfterS: 3 } },
        { ext: '3002', queues: ['Q'], phone: { answerAfterS: 0.3 } },
        { ext: '3003', queues: ['Q'], phone: { mode: 'never' } },
      ],
    }),
  );
  for (const ext of ['3001', '3002', '3003']) await w.ready(ext);
  const callId = w.call('+33610000050', DID);
  t.is(await w.answeredBy(callId), '3002');
  t.deepEqual(offersOf(w, callId).sort(), ['3001', '3002', '3003']);
  for (const loser of ['3001', '3003']) {
    await w.waitFor(
      `${loser} free again`,
      (e) =>
        e.type === 'agent-state-changed' &&
        e.agentId === w.agents[loser] &&
        e.to === 'available' &&
        e.reason === 'answered-elsewhere',
    );
  }
  const { record, legs } = await hangUp(w, callId);
  t.is(record.agentId, w.agentId('3002'));
  const byAgent = new Map(
    legs.filter((l) => l.role === 'agent').map((l) => [w.extOf(l.agentId ?? ''), l]),
  );
  t.not(byAgent.get('3002')?.answeredAt, null);
  for (const loser of ['3001', '3003']) {
    t.like(
      byAgent.get(loser),
      { answeredAt: null, hangupCause: 26 },
      `${loser}: non-selected user clearing`,
    );
  }
  t.false(
    w.sim.control.channels().some((c) => /^PJSIP\/300[13]-/.test(String(c.name))),
    'no losing phone still rings',
  );
});

test('skills-based: the best level in the required skills wins', async (t) => {
  const w = await world({
    skills: ['french'],
    queues: [{ name: 'Q', strategy: 'skills-based', requiredSkills: { french: 3 } }],
    agents: [
      { ext: '3001', queues: ['Q'], skills: { french: 4 } },
      { ext: '3002', queues: ['Q'], skills: { french: 9 } },
      { ext: '3003', queues: ['Q'], skills: { french: 2 } },
    ],
    routes: [{ did: DID, queue: 'Q' }],
  });
  for (const ext of ['3001', '3003', '3002']) await w.ready(ext);
  t.is(await serve(w, '+33610000060'), '3002');
});

test('skills-based with relaxation: nobody qualifies at first; after the wait the lower level is accepted', async (t) => {
  const w = await world({
    skills: ['french'],
    queues: [
      {
        name: 'Q',
        strategy: 'skills-based',
        requiredSkills: { french: 7 },
        acdSettings: { relaxation: [{ afterS: 2, maxRequiredLevel: 3 }] },
      },
    ],
    agents: [
      { ext: '3001', queues: ['Q'], skills: { french: 4 } },
      { ext: '3002', queues: ['Q'], skills: { french: 2 } },
    ],
    routes: [{ did: DID, queue: 'Q' }],
  });
  await w.ready('3001');
  await w.ready('3002');
  const callId = w.call('+33610000070', DID);
  const waiting = await w.waitFor(
    'caller queued',
    (e) => e.type === 'call-changed' && e.callId === callId && e.to === 'waiting',
  );
  const offered = await w.waitFor(
    'offer',
    (e) => e.type === 'call-changed' && e.callId === callId && e.to === 'offered',
  );
  t.is(await w.answeredBy(callId), '3001', 'level 4 qualifies after relaxation, level 2 never');
  if (waiting.type !== 'call-changed' || offered.type !== 'call-changed')
    throw new Error('not call events');
  // The 2 s step counts from the call's entry, stamped a moment before its `waiting` event, so
  // the offer comes a little under 2 s after that event; without the step it would come at once.
  const afterWaiting = offered.at - waiting.at;
  t.true(
    afterWaiting >= 1500,
    `offered ${afterWaiting} ms after waiting, before the relaxation step`,
  );
  t.deepEqual(offersOf(w, callId), ['3001']);
  const { record } = await hangUp(w, callId);
  t.like(record, { agentId: w.agentId('3001'), queueId: w.queues.Q });
});
