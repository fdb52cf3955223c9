/**
 * VICIdial's ADAPT_TAPERED as the pacing bench runs it: the dial level
 * moves every 15 s by the mean ready agents less the mean answered calls
 * waiting, stays within 1.0 and the maximum, tapers by the time left (in
 * HHMM over 1000) once today's drop rate is over the limit after 50 calls,
 * and each second places round(level x agents) less the calls in progress.
 */
import test from 'ava';
import type { SimView } from '../../src/domain/dialer/pacing-simulation.ts';
import { adaptTaperedStrategy } from '../../src/domain/dialer/pacing-strategies.ts';
import { DEFAULT_SCENARIO } from '../../src/domain/dialer/simulation-model.ts';

const scenario = { ...DEFAULT_SCENARIO, agents: 10, hours: 8, targetPct: 3 };
const END = scenario.hours * 3600;

function view(now: number, patch: Partial<SimView> = {}): SimView {
  return {
    now,
    end: END,
    scenario,
    freeAgents: 0,
    busy: [],
    ringingAges: [],
    waitingHumans: 0,
    talking: 0,
    answered: 0,
    abandoned: 0,
    ...patch,
  };
}

/** Feeds one decision per second over [from, to] and returns the last one. */
function run(
  s: ReturnType<typeof adaptTaperedStrategy>,
  from: number,
  to: number,
  patch: (now: number) => Partial<SimView>,
): number {
  let calls = 0;
  for (let now = from; now <= to; now += 1) calls = s.decide(view(now, patch(now)));
  return calls;
}

test('level 1.0 at the start: one line per agent less the calls in progress', (t) => {
  const s = adaptTaperedStrategy();
  // 10 agents x 1.0 - (3 ringing + 1 waiting + 2 talking).
  t.is(s.decide(view(0, { ringingAges: [1, 2, 3], waitingHumans: 1, talking: 2 })), 4);
  t.is(s.decide(view(1, { ringingAges: new Array(12).fill(1) })), 0, 'never negative');
});

test('every 15 s the level grows by the share of ready agents', (t) => {
  const s = adaptTaperedStrategy();
  // All 10 agents ready for the whole window: pct = 100, level 1.0 -> 2.0.
  t.is(
    run(s, 0, 15, () => ({ freeAgents: 10 })),
    20,
  );
  // Half of them ready on average: pct = 50, level 2.0 -> 3.0 (the maximum).
  t.is(
    run(s, 16, 30, () => ({ freeAgents: 5 })),
    30,
  );
  // Still ready: the level stays at the maximum.
  t.is(
    run(s, 31, 45, () => ({ freeAgents: 10 })),
    30,
  );
});

test('the level is averaged over the window, not taken from the last second', (t) => {
  const s = adaptTaperedStrategy();
  // Ready 10 agents during 4 of 16 samples: mean 2.5 ready -> pct 25 -> level 1.25.
  const calls = run(s, 0, 15, (now) => ({ freeAgents: now < 4 ? 10 : 0 }));
  t.is(calls, Math.round(1.25 * 10));
});

test('answered calls waiting pull the level down, never below 1.0', (t) => {
  const s = adaptTaperedStrategy();
  run(s, 0, 15, () => ({ freeAgents: 10 }));
  // Mean 6 waiting, no agent ready: pct = -60, level 2.0 -> 0.8, clamped to 1.0.
  t.is(
    run(s, 16, 30, () => ({ waitingHumans: 6 })),
    10 - 6,
  );
});

test('a custom maximum level caps the growth', (t) => {
  const s = adaptTaperedStrategy(1.5);
  t.is(
    run(s, 0, 15, () => ({ freeAgents: 10 })),
    15,
  );
});

test('over the drop limit after 50 calls the level tapers by the time left in HHMM / 1000', (t) => {
  const s = adaptTaperedStrategy();
  run(s, 0, 30, () => ({ freeAgents: 10 })); // level 3.0
  // 7 h 30 min left at the next adjustment: level 3.0 x 730 / 1000 = 2.19.
  const at = END - (7 * 3600 + 30 * 60);
  const calls = run(s, 31, at, (now) =>
    now < at ? {} : { answered: 100, abandoned: 5 /* 5% over the 3% limit */ },
  );
  t.is(calls, Math.round(2.19 * 10));
});

test('no taper under 50 answered calls or under the limit', (t) => {
  const few = adaptTaperedStrategy();
  run(few, 0, 30, () => ({ freeAgents: 10 }));
  t.is(
    run(few, 31, 45, () => ({ answered: 40, abandoned: 10 })),
    30,
  );
  const under = adaptTaperedStrategy();
  run(under, 0, 30, () => ({ freeAgents: 10 }));
  t.is(
    run(under, 31, 45, () => ({ answered: 1000, abandoned: 30 /* exactly 3% */ })),
    30,
  );
});

test('with ten hours or more left the taper factor is 1', (t) => {
  const long = { ...scenario, hours: 12 };
  const s = adaptTaperedStrategy();
  for (let now = 0; now <= 30; now += 1)
    s.decide({ ...view(now, { freeAgents: 10 }), scenario: long, end: long.hours * 3600 });
  const calls = s.decide({
    ...view(45, { answered: 100, abandoned: 10 }),
    scenario: long,
    end: long.hours * 3600,
  });
  // The window (one sample at 45 s) had no ready agent (pct 0): only the taper could lower 3.0.
  t.is(calls, 30);
});

test('over the limit in the last minute and after the end the level drops to 1.0', (t) => {
  const lastMinute = adaptTaperedStrategy();
  run(lastMinute, 0, 30, () => ({ freeAgents: 10 }));
  // 14 s left is 0000 in HHMM: the taper floors the level at 1.0.
  t.is(
    run(lastMinute, END - 14, END - 1, () => ({ answered: 100, abandoned: 10 })),
    10,
  );
  const after = adaptTaperedStrategy();
  run(after, 0, 30, () => ({ freeAgents: 10 }));
  t.is(after.decide(view(END, { answered: 100, abandoned: 10 })), 10);
});

test('the drop limit is its own setting: a lower one tapers where the cap would not', (t) => {
  const drops = { answered: 100, abandoned: 2 }; // 2%: under the 3% cap, over a 1.5% limit
  const at = END - (7 * 3600 + 30 * 60);
  const byCap = adaptTaperedStrategy();
  run(byCap, 0, 30, () => ({ freeAgents: 10 }));
  t.is(
    run(byCap, 31, at, (now) => (now < at ? {} : drops)),
    30,
  );
  const lowered = adaptTaperedStrategy(3, 1.5);
  run(lowered, 0, 30, () => ({ freeAgents: 10 }));
  t.is(
    run(lowered, 31, at, (now) => (now < at ? {} : drops)),
    Math.round(2.19 * 10),
  );
});
