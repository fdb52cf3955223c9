/**
 * A virtual-time discrete-event simulation of one campaign day, with no
 * sockets and no clock: agents, dials, answers, abandons (no agent within
 * 2 s), talk and wrap-up, driven by a pacing strategy asked once a second.
 * Users run it (`npm run bench -- pacing`) to check pacing for their own
 * traffic before a campaign starts; the tests run it to show the
 * predictive pacer keeps the abandon cap.
 */

import { seededRandom } from './seeded-random.ts';
import { type Callee, drawCallee, type Scenario } from './simulation-model.ts';

/** What a strategy sees at a decision. */
export interface SimView {
  readonly now: number;
  readonly end: number;
  readonly scenario: Scenario;
  /** Idle agents not reserved for a call. */
  readonly freeAgents: number;
  /** Per busy agent: talking (with the call's age) or in wrap-up (with the time left). */
  readonly busy: ReadonlyArray<
    { kind: 'talk'; ageS: number } | { kind: 'wrap'; remainingS: number }
  >;
  readonly ringingAges: readonly number[];
  readonly waitingHumans: number;
  /** Calls connected to an agent right now. */
  readonly talking: number;
  readonly answered: number;
  readonly abandoned: number;
}

/** A pacing strategy under test. */
export interface SimStrategy {
  readonly name: string;
  /** True: each dial reserves a free agent for itself (progressive). */
  readonly reservesAgent: boolean;
  /** Calls to place now. */
  decide(view: SimView): number;
  /** A dial was resolved (human verdict after `delayS`, or not a human). */
  onResolved?(human: boolean, delayS: number): void;
  /** A human was answered; `abandoned` when no agent took it within 2 s. */
  onAnswered?(abandoned: boolean): void;
  onTalkEnded?(talkS: number): void;
}

/** The figures of one simulated day. */
export interface SimResult {
  readonly dials: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly abandonPct: number;
  /** (talk + wrap) over logged-in time. */
  readonly occupancy: number;
  readonly connectsPerAgentHour: number;
}

interface Agent {
  state: 'free' | 'reserved' | 'talk' | 'wrap';
  until: number;
  since: number;
}

interface Waiting {
  readonly deadline: number;
  readonly talkS: number;
}

const GRACE_S = 2;

/** Runs one day of `scenario` under `strategy` with `seed`. */
export function simulateDay(scenario: Scenario, strategy: SimStrategy, seed: number): SimResult {
  const calleeRng = seededRandom(seed);
  const end = scenario.hours * 3600;
  const agents: Agent[] = Array.from({ length: scenario.agents }, () => ({
    state: 'free',
    until: 0,
    since: 0,
  }));
  type Ringing = { start: number; callee: Callee; agent: Agent | null };
  let ringing: Ringing[] = [];
  let waiting: Waiting[] = [];
  let dials = 0;
  let answered = 0;
  let abandoned = 0;
  let busyTime = 0;
  let connects = 0;

  const connect = (agent: Agent, now: number, talkS: number) => {
    agent.state = 'talk';
    agent.since = now;
    agent.until = now + talkS;
    connects += 1;
  };
  const freeAgent = () => agents.find((a) => a.state === 'free');

  /** Moves agents whose talk or wrap ended by `now`; serves waiting humans. */
  const advanceAgents = (now: number) => {
    for (const a of agents) {
      while ((a.state === 'talk' || a.state === 'wrap') && a.until <= now) {
        if (a.state === 'talk') {
          const talked = a.until - a.since;
          busyTime += Math.min(a.until, end) - Math.min(a.since, end);
          strategy.onTalkEnded?.(talked);
          a.state = 'wrap';
          a.since = a.until;
          a.until += scenario.wrapS;
        } else {
          busyTime += Math.min(a.until, end) - Math.min(a.since, end);
          const freeAt = a.until;
          expireWaiting(freeAt);
          const w = waiting.shift();
          if (w === undefined) a.state = 'free';
          else {
            connect(a, freeAt, w.talkS);
            strategy.onAnswered?.(false);
          }
        }
      }
    }
  };

  function expireWaiting(now: number) {
    if (waiting.every((w) => w.deadline >= now)) return;
    const still: Waiting[] = [];
    for (const w of waiting) {
      if (w.deadline < now) {
        abandoned += 1;
        strategy.onAnswered?.(true);
      } else still.push(w);
    }
    waiting = still;
  }

  /** What the strategy sees at `now` (built with plain loops: it runs every second). */
  const viewAt = (now: number): SimView => {
    let freeAgents = 0;
    let talking = 0;
    const busy: Array<SimView['busy'][number]> = [];
    for (const a of agents) {
      if (a.state === 'free') freeAgents += 1;
      else if (a.state === 'talk') {
        talking += 1;
        busy.push({ kind: 'talk', ageS: now - a.since });
      } else if (a.state === 'wrap') busy.push({ kind: 'wrap', remainingS: a.until - now });
    }
    const ringingAges = new Array<number>(ringing.length);
    for (const [i, r] of ringing.entries()) ringingAges[i] = now - r.start;
    return {
      now,
      end,
      scenario,
      freeAgents,
      busy,
      ringingAges,
      waitingHumans: waiting.length,
      talking,
      answered,
      abandoned,
    };
  };

  const resolve = (r: Ringing, now: number) => {
    const c = r.callee;
    if (!c.human) {
      strategy.onResolved?.(false, c.endS);
      if (r.agent !== null) r.agent.state = 'free';
      return;
    }
    strategy.onResolved?.(true, c.verdictS);
    answered += 1;
    const agent = r.agent ?? freeAgent();
    if (agent !== undefined) {
      connect(agent, now, c.talkS);
      strategy.onAnswered?.(false);
      return;
    }
    const deadline = now + Math.min(GRACE_S, c.patienceS);
    waiting.push({ deadline, talkS: c.talkS });
  };

  for (let now = 0; now < end; now += 1) {
    // Events within (now - 1, now] are taken in time order at one-second resolution.
    const due: Ringing[] = [];
    const still: Ringing[] = [];
    for (const r of ringing) (r.start + endOf(r.callee) <= now ? due : still).push(r);
    ringing = still;
    due.sort((x, y) => x.start + endOf(x.callee) - (y.start + endOf(y.callee)));
    advanceAgents(now);
    for (const r of due) resolve(r, r.start + endOf(r.callee));
    // Humans answered in this second who found an agent that freed just after.
    advanceAgents(now);
    expireWaiting(now);
    const calls = Math.max(0, Math.floor(strategy.decide(viewAt(now))));
    for (let i = 0; i < calls; i += 1) {
      const agent = strategy.reservesAgent ? freeAgent() : null;
      if (strategy.reservesAgent && agent === undefined) break;
      if (agent) agent.state = 'reserved';
      dials += 1;
      ringing.push({ start: now, callee: drawCallee(calleeRng, scenario), agent: agent ?? null });
    }
  }
  // Work under way at the end counts up to the end of the day.
  for (const a of agents) {
    if (a.state === 'talk' || a.state === 'wrap') busyTime += Math.max(0, end - a.since);
  }
  const agentSeconds = scenario.agents * end;
  return {
    dials,
    answered,
    abandoned,
    abandonPct: answered === 0 ? 0 : (100 * abandoned) / answered,
    occupancy: busyTime / agentSeconds,
    connectsPerAgentHour: connects / (scenario.agents * scenario.hours),
  };
}

const endOf = (c: Callee): number => (c.human ? c.verdictS : c.endS);
