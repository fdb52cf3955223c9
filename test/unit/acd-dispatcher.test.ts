import test from 'ava';
import {
  type Assignment,
  applyAssignment,
  dispatch,
  dispatchForAgent,
  dispatchForCall,
} from '../../src/domain/acd/dispatcher.ts';
import { positionOf, queueFacts, removeWaiting } from '../../src/domain/acd/snapshot.calls.ts';
import { createSnapshot, putAgent, putQueue } from '../../src/domain/acd/snapshot.ts';
import { at, noRng, queue, seeded, World, waiting } from './acd-helpers.ts';

const pairs = (list: { callId: string; agentIds: readonly string[] }[]) =>
  list.map((a) => `${a.callId}>${a.agentIds.join('+')}`);

test('wrap-up holds across queues: a call in B waits until the agent is done with A', (t) => {
  const w = new World([queue('A', { wrapUpS: 30 }), queue('B')], [{ id: 'x', queues: ['A', 'B'] }]);
  w.login(at(0), 'x');
  w.serve('x', 'a-call', at(10), 30);
  w.wait(waiting('b-call', 'B', at(20)));
  t.is(dispatchForCall(w.snap, 'b-call', at(20), noRng), null);
  t.deepEqual(dispatch(w.snap, at(39), noRng), []);
  w.step('x', { type: 'wrap-up-elapsed' }, at(40));
  t.deepEqual(pairs([dispatchForAgent(w.snap, 'x', at(40))!]), ['b-call>x']);
});

test('an agent reserved in queue A is never offered by queue B', (t) => {
  const w = new World([queue('A'), queue('B')], [{ id: 'x', queues: ['A', 'B'] }]);
  w.login(at(0), 'x');
  w.wait(waiting('a1', 'A', at(1)));
  w.wait(waiting('b1', 'B', at(2)));
  const all = dispatch(w.snap, at(5), noRng);
  t.deepEqual(pairs(all), ['a1>x']);
  applyAssignment(w.snap, all[0]!);
  t.is(w.snap.agents.get('x')!.status, 'reserved');
  t.is(dispatchForCall(w.snap, 'b1', at(6), noRng), null);
  t.deepEqual(dispatch(w.snap, at(6), noRng), []);
});

test('ringing, on-call, wrap-up and paused agents are never picked in any queue', (t) => {
  const agents = ['r', 'o', 'w', 'p', 'free'].map((id) => ({ id, queues: ['A', 'B'] }));
  const w = new World([queue('A'), queue('B')], agents);
  w.login(at(0), 'r', 'o', 'w', 'p', 'free');
  w.step('r', { type: 'reserve', callId: 'z1', offerDeadline: at(30) }, at(1));
  w.step('r', { type: 'ring', callId: 'z1' }, at(1));
  w.step('o', { type: 'reserve', callId: 'z2', offerDeadline: at(30) }, at(1));
  w.step('o', { type: 'answer', callId: 'z2' }, at(2));
  w.serve('w', 'z3', at(1), 60);
  w.step('p', { type: 'pause', reason: 'lunch' }, at(1));
  for (let i = 0; i < 4; i++) w.wait(waiting(`c${i}`, i % 2 ? 'A' : 'B', at(3 + i)));
  t.deepEqual(pairs(dispatch(w.snap, at(10), noRng)), ['c0>free']);
});

test('each agent gets at most one call and each call at most one agent in a full pass', (t) => {
  const agents = ['a', 'b', 'c'].map((id) => ({ id, queues: ['A', 'B'] }));
  const w = new World([queue('A'), queue('B')], agents);
  w.login(at(0), 'a', 'b', 'c');
  for (let i = 0; i < 6; i++) w.wait(waiting(`c${i}`, i % 2 ? 'A' : 'B', at(10 + i)));
  const all = dispatch(w.snap, at(30), noRng);
  t.is(all.length, 3);
  t.deepEqual(
    all.map((a) => a.callId),
    ['c0', 'c1', 'c2'],
  );
  const agentsUsed = all.flatMap((a) => a.agentIds);
  t.is(new Set(agentsUsed).size, 3);
});

test('VIP calls go ahead of older normal calls, transferred ahead of normal', (t) => {
  const w = new World([queue('A'), queue('B')], [{ id: 'x', queues: ['A', 'B'] }]);
  w.wait(waiting('old-normal', 'A', at(0)));
  w.wait(waiting('transferred', 'B', at(50), { priority: 'transferred' }));
  w.wait(waiting('vip', 'B', at(90), { priority: 'vip' }));
  w.login(at(100), 'x');
  t.is(dispatchForAgent(w.snap, 'x', at(100))?.callId, 'vip');
  t.deepEqual(positionOf(w.snap, 'transferred'), 2);
  t.is(dispatch(w.snap, at(100), noRng)[0]?.callId, 'vip');
  removeWaiting(w.snap, 'vip');
  t.is(dispatchForAgent(w.snap, 'x', at(100))?.callId, 'transferred');
});

test('within a class the longest wait goes first, unless a queue weighs more', (t) => {
  const w = new World(
    [queue('A'), queue('B', { settings: { weight: 5 } }), queue('C')],
    [
      { id: 'x', queues: ['A', 'C'] },
      { id: 'y', queues: ['A', 'B'] },
    ],
  );
  w.wait(waiting('c-old', 'C', at(0)));
  w.wait(waiting('a-mid', 'A', at(5)));
  w.wait(waiting('b-new', 'B', at(9)));
  w.login(at(10), 'x', 'y');
  t.is(dispatchForAgent(w.snap, 'x', at(10))?.callId, 'c-old');
  t.is(dispatchForAgent(w.snap, 'y', at(10))?.callId, 'b-new');
});

test('agents and calls of different business lines never meet', (t) => {
  const snap = createSnapshot();
  putQueue(snap, queue('A'));
  putQueue(snap, queue('Z', { businessLineId: 'bl-2' }));
  const errors = putAgent(snap, { id: 'x', businessLineId: 'bl-1', skills: [] }, [
    { queueId: 'A', penalty: 0, createdAt: 0 },
    { queueId: 'Z', penalty: 0, createdAt: 0 },
  ]);
  t.deepEqual(
    errors.map((e) => e.code),
    ['BUSINESS_LINE_MISMATCH'],
  );
  t.deepEqual([...snap.agents.get('x')!.queues.keys()], ['A']);
  // Even a call of line 2 that somehow sits in line 1's queue is not given to a line 1 agent.
  const w = new World([queue('A')], [{ id: 'x', queues: ['A'] }]);
  w.login(at(0), 'x');
  w.wait(waiting('foreign', 'A', at(1), { businessLineId: 'bl-2' }));
  t.is(dispatchForCall(w.snap, 'foreign', at(2), noRng), null);
  t.is(dispatchForAgent(w.snap, 'x', at(2)), null);
  t.deepEqual(dispatch(w.snap, at(2), noRng), []);
});

test('skills: a call needing more than any free agent has waits, then relaxation lets it through', (t) => {
  const q = queue('S', {
    strategy: 'skills-based',
    requiredSkills: [{ skillId: 'fr', minLevel: 5 }],
    settings: { relaxation: [{ afterS: 60, minLevelDelta: -2 }] },
  });
  const w = new World(
    [q],
    [
      { id: 'junior', queues: ['S'], skills: { fr: 3 } },
      { id: 'none', queues: ['S'], skills: { de: 9 } },
    ],
  );
  w.login(at(0), 'junior', 'none');
  w.wait(waiting('c1', 'S', at(0)));
  t.is(dispatchForCall(w.snap, 'c1', at(59), noRng), null);
  t.deepEqual(dispatchForCall(w.snap, 'c1', at(60), noRng)?.agentIds, ['junior']);
});

test('skills: a ceiling rule ("after 30 s accept level 2") and a call-level language skill', (t) => {
  const q = queue('S', {
    strategy: 'skills-based',
    requiredSkills: [{ skillId: 'sales', minLevel: 7 }],
    settings: { relaxation: [{ afterS: 30, maxRequiredLevel: 2 }] },
  });
  const w = new World(
    [q],
    [
      { id: 'fr-2', queues: ['S'], skills: { sales: 2, fr: 5 } },
      { id: 'de-9', queues: ['S'], skills: { sales: 9, de: 5 } },
    ],
  );
  w.login(at(0), 'fr-2', 'de-9');
  w.wait(waiting('c-fr', 'S', at(0), { requiredSkills: [{ skillId: 'fr', minLevel: 3 }] }));
  t.is(dispatchForCall(w.snap, 'c-fr', at(10), noRng), null);
  t.deepEqual(dispatchForCall(w.snap, 'c-fr', at(30), noRng)?.agentIds, ['fr-2']);
});

test('skills-based: the best level wins among eligible agents', (t) => {
  const q = queue('S', {
    strategy: 'skills-based',
    requiredSkills: [{ skillId: 'fr', minLevel: 2 }],
  });
  const w = new World(
    [q],
    [
      { id: 'ok', queues: ['S'], skills: { fr: 4 } },
      { id: 'best', queues: ['S'], skills: { fr: 8 } },
      { id: 'low', queues: ['S'], skills: { fr: 1 } },
    ],
  );
  w.login(at(0), 'ok', 'low');
  w.login(at(50), 'best');
  w.wait(waiting('c1', 'S', at(60)));
  t.deepEqual(dispatchForCall(w.snap, 'c1', at(60), noRng)?.agentIds, ['best']);
});

test('ring-all gets every eligible free agent; other strategies one', (t) => {
  const agents = ['a', 'b', 'c'].map((id) => ({ id, queues: ['R', 'L'] }));
  const w = new World([queue('R', { strategy: 'ring-all' }), queue('L')], agents);
  w.login(at(0), 'a', 'b', 'c');
  w.step('c', { type: 'pause', reason: 'x' }, at(1));
  w.wait(waiting('r1', 'R', at(2)));
  w.wait(waiting('l1', 'L', at(3)));
  const r = dispatchForCall(w.snap, 'r1', at(4), noRng)!;
  t.deepEqual(r.agentIds, ['a', 'b']);
  t.true(r.ringAll);
  t.deepEqual(dispatchForCall(w.snap, 'l1', at(4), noRng)?.agentIds, ['a']);
  // In one pass the ring-all call (older) takes both; the later call gets nobody.
  t.deepEqual(pairs(dispatch(w.snap, at(4), noRng)), ['r1>a+b']);
});

test('an agent who missed a call is skipped for that call until the re-offer delay ends', (t) => {
  const w = new World(
    [queue('A')],
    [
      { id: 'x', queues: ['A'] },
      { id: 'y', queues: ['A'] },
    ],
  );
  w.login(at(0), 'x');
  w.login(at(5), 'y');
  w.wait(waiting('c1', 'A', at(10), { tried: [{ agentId: 'x', until: at(40) }] }));
  t.deepEqual(dispatchForCall(w.snap, 'c1', at(20), noRng)?.agentIds, ['y']);
  w.step('y', { type: 'pause', reason: 'x' }, at(21));
  t.is(dispatchForCall(w.snap, 'c1', at(21), noRng), null);
  t.deepEqual(dispatchForCall(w.snap, 'c1', at(40), noRng)?.agentIds, ['x']);
});

test('random strategy through the dispatcher is deterministic with a seeded rng', (t) => {
  const run = (seed: number) => {
    const agents = Array.from({ length: 8 }, (_, i) => ({ id: `a${i}`, queues: ['Q'] }));
    const w = new World([queue('Q', { strategy: 'random' })], agents);
    w.login(at(0), ...agents.map((a) => a.id));
    for (let i = 0; i < 5; i++) w.wait(waiting(`c${i}`, 'Q', at(1 + i)));
    return pairs(dispatch(w.snap, at(10), seeded(seed)));
  };
  t.deepEqual(run(1), run(1));
  t.is(run(1).length, 5);
  t.notDeepEqual(run(1), run(2));
});

test('incremental decisions leave no pair a full pass could still make', (t) => {
  const rng = seeded(99);
  const strategies = ['longest-idle', 'round-robin', 'fewest-calls'] as const;
  const queues = strategies.map((strategy, i) => queue(`Q${i}`, { strategy }));
  const agents = Array.from({ length: 12 }, (_, i) => ({
    id: `a${i}`,
    queues: [`Q${i % 3}`, `Q${(i + 1) % 3}`],
  }));
  const w = new World(queues, agents);
  let served = 0;
  const take = (a: Assignment | null, now: number) => {
    if (a === null) return;
    served++;
    removeWaiting(w.snap, a.callId);
    const agentId = a.agentIds[0]!;
    w.step(agentId, { type: 'reserve', callId: a.callId, offerDeadline: now + 15_000 }, now);
    w.step(agentId, { type: 'answer', callId: a.callId }, now);
  };
  let now = at(0);
  for (let step = 0; step < 400; step++) {
    now += 1000;
    if (rng() < 0.5) {
      const id = `c${step}`;
      w.wait(waiting(id, `Q${Math.floor(rng() * 3)}`, now));
      take(dispatchForCall(w.snap, id, now, rng), now);
    } else {
      const agentId = agents[Math.floor(rng() * agents.length)]!.id;
      const activity = w.agents.get(agentId)!.activity;
      if (activity.status === 'logged-out') w.login(now, agentId);
      else if (activity.status === 'on-call') {
        w.step(agentId, { type: 'call-ended', callId: activity.callId, wrapUpS: 0 }, now);
      } else continue;
      take(dispatchForAgent(w.snap, agentId, now), now);
    }
    t.deepEqual(dispatch(w.snap, now, rng), [], `step ${step}`);
  }
  t.true(served > 100, `served ${served}`);
  t.true(w.snap.calls.size > 0, 'calls were left waiting at times');
});

test('snapshot: position counts higher classes first; queue length leaves callbacks out', (t) => {
  const w = new World([queue('A')], []);
  w.wait(waiting('n1', 'A', at(0)));
  w.wait(waiting('n2', 'A', at(5)));
  w.wait(waiting('v1', 'A', at(9), { priority: 'vip' }));
  w.wait(waiting('cb', 'A', at(-100), { kind: 'callback', priority: 'callback' }));
  // A call coming back after a failed offer slots in at its old place.
  removeWaiting(w.snap, 'n1');
  w.wait(waiting('n1', 'A', at(0)));
  t.deepEqual(
    ['v1', 'n1', 'n2', 'cb'].map((id) => positionOf(w.snap, id)),
    [1, 2, 3, 4],
  );
  t.deepEqual(queueFacts(w.snap, 'A'), { waiting: 3, loggedInMembers: 0 });
  t.is(positionOf(w.snap, 'gone'), null);
});

test('snapshot: moving an agent or a queue to another business line drops the crossing memberships', (t) => {
  const w = new World([queue('A'), queue('B')], [{ id: 'x', queues: ['A', 'B'] }]);
  w.login(at(0), 'x');
  putQueue(w.snap, queue('B', { businessLineId: 'bl-2' }));
  t.deepEqual([...w.snap.agents.get('x')!.queues.keys()], ['A']);
  t.false(w.snap.queues.get('B')!.free.has('x'));
  const errors = putAgent(w.snap, { id: 'x', businessLineId: 'bl-2', skills: [] }, [
    { queueId: 'A', penalty: 0, createdAt: 0 },
    { queueId: 'B', penalty: 0, createdAt: 0 },
  ]);
  t.deepEqual(
    errors.map((e) => e.code),
    ['BUSINESS_LINE_MISMATCH'],
  );
  t.deepEqual([...w.snap.agents.get('x')!.queues.keys()], ['B']);
  t.false(w.snap.queues.get('A')!.members.has('x'));
  t.true(w.snap.queues.get('B')!.free.has('x'), 'the agent keeps its status');
});
