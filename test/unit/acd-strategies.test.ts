import test from 'ava';
import type { SkillRequirement } from '../../src/domain/acd/acd.types.ts';
import {
  type Candidate,
  EMPTY_MEMORY,
  type StrategyMemory,
  selectAgent,
} from '../../src/domain/acd/strategies.ts';
import type { QueueStrategy } from '../../src/domain/directory/entities.ts';
import { at, noRng, seeded } from './acd-helpers.ts';

function cand(
  agentId: string,
  over: Partial<Omit<Candidate, 'skills'>> & { skills?: Record<string, number> } = {},
): Candidate {
  return {
    agentId,
    idleSince: at(0),
    answeredToday: 0,
    penalty: 0,
    order: Number(agentId.replace(/\D/g, '')),
    ...over,
    skills: new Map(Object.entries(over.skills ?? {})),
  };
}

const q = (strategy: QueueStrategy, requiredSkills: SkillRequirement[] = []) => ({
  strategy,
  requiredSkills,
});

/** One agent table; each strategy's expected pick is below. */
const table: Candidate[] = [
  cand('a1', { idleSince: at(30), answeredToday: 5, penalty: 2, skills: { fr: 3, billing: 2 } }),
  cand('a2', { idleSince: at(10), answeredToday: 9, penalty: 1, skills: { fr: 5, billing: 5 } }),
  cand('a3', { idleSince: at(20), answeredToday: 1, penalty: 0, skills: { fr: 9 } }),
  cand('a4', { idleSince: at(40), answeredToday: 1, penalty: 0, skills: { fr: 4, billing: 6 } }),
];

const picks: [QueueStrategy, SkillRequirement[], string[]][] = [
  ['longest-idle', [], ['a2']],
  // a3 and a4 both took 1 call; a3 has been idle longer.
  ['fewest-calls', [], ['a3']],
  // a3 and a4 share penalty 0; member order breaks the tie.
  ['linear', [], ['a3']],
  ['round-robin', [], ['a1']],
  ['ring-all', [], ['a1', 'a2', 'a3', 'a4']],
  // Scores on fr+billing: a1 5, a2 10, a3 9, a4 10; a2 and a4 tie, a2 idle longer.
  [
    'skills-based',
    [
      { skillId: 'fr', minLevel: 1 },
      { skillId: 'billing', minLevel: 1 },
    ],
    ['a2'],
  ],
  // On fr alone a3 (9) wins outright.
  ['skills-based', [{ skillId: 'fr', minLevel: 1 }], ['a3']],
];

for (const [strategy, reqs, expected] of picks) {
  test(`${strategy} ${reqs.map((r) => r.skillId).join('+')} picks ${expected.join(',')}`, (t) => {
    const sel = selectAgent(q(strategy, reqs), table, at(100), noRng, EMPTY_MEMORY);
    t.deepEqual(sel?.agentIds, expected);
  });
}

test('the pick does not depend on the order candidates come in', (t) => {
  const reversed = [...table].reverse();
  for (const [strategy, reqs] of picks) {
    const a = selectAgent(q(strategy, reqs), table, at(100), seeded(7), EMPTY_MEMORY);
    const b = selectAgent(q(strategy, reqs), reversed, at(100), seeded(7), EMPTY_MEMORY);
    t.deepEqual(a, b, strategy);
  }
});

test('no candidates: no selection', (t) => {
  t.is(selectAgent(q('longest-idle'), [], at(0), noRng, EMPTY_MEMORY), null);
  t.is(selectAgent(q('ring-all'), [], at(0), noRng, EMPTY_MEMORY), null);
});

test('round-robin takes turns in member order, wraps, and skips who is not free', (t) => {
  let memory: StrategyMemory = EMPTY_MEMORY;
  const seen: string[] = [];
  const rounds = [
    table,
    table,
    table,
    table,
    table,
    [table[0]!, table[2]!],
    [table[0]!, table[2]!],
  ];
  for (const candidates of rounds) {
    const sel = selectAgent(q('round-robin'), candidates, at(100), noRng, memory)!;
    seen.push(...sel.agentIds);
    memory = sel.memory;
  }
  // a1 a2 a3 a4, wrap to a1; then only a1 and a3 free: after a1 comes a3, then a1 again.
  t.deepEqual(seen, ['a1', 'a2', 'a3', 'a4', 'a1', 'a3', 'a1']);
});

test('round-robin memory is the last pick, returned as new memory', (t) => {
  const sel = selectAgent(q('round-robin'), table, at(0), noRng, {
    lastOrder: 2,
    lastAgentId: 'a2',
  });
  t.deepEqual(sel, { agentIds: ['a3'], memory: { lastOrder: 3, lastAgentId: 'a3' } });
});

test('random is deterministic with a seeded rng and covers every candidate', (t) => {
  const draw = (seed: number) => {
    const rng = seeded(seed);
    return Array.from(
      { length: 40 },
      () => selectAgent(q('random'), table, at(0), rng, EMPTY_MEMORY)!.agentIds[0],
    );
  };
  t.deepEqual(draw(42), draw(42));
  t.notDeepEqual(draw(42), draw(43));
  t.deepEqual([...new Set(draw(42))].sort(), ['a1', 'a2', 'a3', 'a4']);
});

test('random maps the rng range onto members in order', (t) => {
  const pick = (r: number) =>
    selectAgent(q('random'), table, at(0), () => r, EMPTY_MEMORY)!.agentIds[0];
  t.is(pick(0), 'a1');
  t.is(pick(0.26), 'a2');
  t.is(pick(0.5), 'a3');
  t.is(pick(0.9999), 'a4');
});

test('skills-based ties on score fall to the longest idle, then member order', (t) => {
  const same = [
    cand('a7', { idleSince: at(5), skills: { de: 4 } }),
    cand('a5', { idleSince: at(5), skills: { de: 4 } }),
    cand('a6', { idleSince: at(9), skills: { de: 4 } }),
  ];
  const sel = selectAgent(
    q('skills-based', [{ skillId: 'de', minLevel: 2 }]),
    same,
    at(10),
    noRng,
    EMPTY_MEMORY,
  );
  t.deepEqual(sel?.agentIds, ['a5']);
});

test('skills-based with no requirement behaves as longest idle', (t) => {
  const sel = selectAgent(q('skills-based'), table, at(100), noRng, EMPTY_MEMORY);
  t.deepEqual(sel?.agentIds, ['a2']);
});
