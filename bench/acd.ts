/**
 * The ACD dispatcher alone: 1,000 agents with skills in 20 queues and 5,000
 * waiting calls. Fifteen queues are overloaded (every member busy, calls
 * piling up); five are served (free agents, no backlog). Each decision is
 * one event and the dispatch it triggers, index updates included:
 *   - an agent of an overloaded queue frees up and takes the best call
 *     across its three queues (`dispatchForAgent`);
 *   - a call arrives in an overloaded queue and waits (`dispatchForCall`);
 *   - a call arrives in a served queue and the queue's strategy picks
 *     among ~100 free members (`dispatchForCall`);
 *   - an agent of a served queue frees up and finds nothing waiting.
 * The backlog stays at 5,000 calls. Target: >= 50,000 decisions/s and
 * p99 < 0.2 ms. Last line: `{"bench":"acd","decisions_per_sec":..,"p99_ms":..}`.
 */
import {
  type AcdQueue,
  parseAcdSettings,
  type SkillRequirement,
} from '../src/domain/acd/acd.types.ts';
import {
  type Assignment,
  applyAssignment,
  dispatchForAgent,
  dispatchForCall,
} from '../src/domain/acd/dispatcher.ts';
import { putWaiting } from '../src/domain/acd/snapshot.calls.ts';
import {
  type AcdSnapshot,
  createSnapshot,
  putAgent,
  putQueue,
  setAgentStatus,
  type WaitingCall,
} from '../src/domain/acd/snapshot.ts';
import type { QueueStrategy } from '../src/domain/directory/entities.ts';

const AGENTS = 1000;
const QUEUES = 20;
const OVERLOADED = 15;
const WAITING = 5000;
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 400_000);
const WARMUP = Math.min(50_000, DECISIONS);
const SERVED_STRATEGIES: QueueStrategy[] = [
  'longest-idle',
  'fewest-calls',
  'round-robin',
  'random',
  'skills-based',
];
const LANGUAGES = ['fr', 'en', 'de', 'es'];

/** mulberry32: a small seeded rng so every run makes the same decisions. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rng = seeded(20250303);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const int = (lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

function makeQueue(i: number): AcdQueue {
  const settings = parseAcdSettings({ relaxation: [{ afterS: 60, minLevelDelta: -1 }] });
  if (!settings.ok) throw new Error('bench settings invalid');
  const strategy: QueueStrategy =
    i < OVERLOADED
      ? i % 3 === 0
        ? 'longest-idle'
        : 'skills-based'
      : SERVED_STRATEGIES[i - OVERLOADED]!;
  return {
    id: `q${i}`,
    businessLineId: 'bl-1',
    strategy,
    ringTimeoutS: 15,
    maxWaitS: null,
    maxLength: null,
    wrapUpS: 0,
    requiredSkills: [{ skillId: `product-${i}`, minLevel: 3 }],
    settings: settings.settings,
  };
}

/** Agents 0..749 serve three overloaded queues, 750..999 two served queues. */
function addAgents(s: AcdSnapshot): { overloaded: string[]; served: string[] } {
  const overloaded: string[] = [];
  const served: string[] = [];
  for (let i = 0; i < AGENTS; i++) {
    const id = `agent-${i}`;
    const inOverloaded = i < (AGENTS * 3) / 4;
    const pool = inOverloaded ? OVERLOADED : QUEUES - OVERLOADED;
    const base = inOverloaded ? 0 : OVERLOADED;
    const queues = new Set<number>();
    while (queues.size < (inOverloaded ? 3 : 2)) queues.add(base + int(0, pool - 1));
    const skills = [...queues].map((q) => ({ skillId: `product-${q}`, level: int(3, 10) }));
    for (const lang of LANGUAGES)
      if (rng() < 0.5) skills.push({ skillId: lang, level: int(1, 10) });
    const memberships = [...queues].map((q) => ({
      queueId: `q${q}`,
      penalty: int(0, 3),
      createdAt: i,
    }));
    putAgent(s, { id, businessLineId: 'bl-1', skills }, memberships);
    (inOverloaded ? overloaded : served).push(id);
  }
  return { overloaded, served };
}

let callSeq = 0;
function newCall(queueIndex: number, now: number): WaitingCall {
  const r = rng();
  const requiredSkills: SkillRequirement[] =
    rng() < 0.25 ? [{ skillId: pick(LANGUAGES), minLevel: 2 }] : [];
  return {
    id: `call-${callSeq++}`,
    queueId: `q${queueIndex}`,
    businessLineId: 'bl-1',
    kind: 'call',
    priority: r < 0.02 ? 'vip' : r < 0.07 ? 'transferred' : 'normal',
    waitingSince: now,
    requiredSkills,
    holds: [],
    tried: [],
    notBefore: 0,
  };
}

/** Busy agents, picked at random and removed in O(1). */
class Pool {
  private readonly items: string[] = [];
  add(id: string): void {
    this.items.push(id);
  }
  take(): string | undefined {
    if (this.items.length === 0) return undefined;
    const i = Math.floor(rng() * this.items.length);
    const id = this.items[i]!;
    this.items[i] = this.items[this.items.length - 1]!;
    this.items.pop();
    return id;
  }
}

interface World {
  s: AcdSnapshot;
  busyOverloaded: Pool;
  busyServed: Pool;
  now: number;
}

/** Reserves, then puts on a call, the agents of an assignment (as the app would after the answer). */
function take(w: World, a: Assignment | null, pool: Pool): boolean {
  if (a === null) return false;
  applyAssignment(w.s, a);
  for (const id of a.agentIds) {
    const agent = w.s.agents.get(id)!;
    setAgentStatus(w.s, id, 'on-call', agent.idleSince, agent.answeredToday + 1);
    pool.add(id);
  }
  return true;
}

function agentFrees(w: World, pool: Pool): boolean {
  const id = pool.take();
  if (id === undefined) return false;
  const agent = w.s.agents.get(id)!;
  setAgentStatus(w.s, id, 'available', w.now, agent.answeredToday);
  return take(w, dispatchForAgent(w.s, id, w.now), pool);
}

function callArrives(w: World, queueIndex: number, pool: Pool): boolean {
  const call = newCall(queueIndex, w.now);
  putWaiting(w.s, call);
  return take(w, dispatchForCall(w.s, call.id, w.now, rng), pool);
}

/** The four decision kinds, in the order `decide` cycles through them. */
const KINDS = [
  'agent_frees_backlog',
  'call_arrives_backlog',
  'call_arrives_free_agents',
  'agent_frees_no_backlog',
];

/** One decision of the mix; true when it offered a call to an agent. */
function decide(w: World, n: number): boolean {
  w.now += 2;
  switch (n & 3) {
    case 0:
      return agentFrees(w, w.busyOverloaded);
    case 1:
      return callArrives(w, int(0, OVERLOADED - 1), w.busyOverloaded);
    case 2:
      return callArrives(w, int(OVERLOADED, QUEUES - 1), w.busyServed);
    default:
      return agentFrees(w, w.busyServed);
  }
}

function setup(): World {
  const s = createSnapshot();
  for (let i = 0; i < QUEUES; i++) putQueue(s, makeQueue(i));
  const { overloaded, served } = addAgents(s);
  const w: World = {
    s,
    busyOverloaded: new Pool(),
    busyServed: new Pool(),
    now: Date.UTC(2025, 2, 3, 9),
  };
  for (const id of overloaded) {
    setAgentStatus(s, id, 'on-call', w.now, int(0, 40));
    w.busyOverloaded.add(id);
  }
  for (const id of served) setAgentStatus(s, id, 'available', w.now - int(0, 600_000), int(0, 40));
  for (let i = 0; i < WAITING; i++) {
    w.now += 10;
    putWaiting(s, newCall(i % OVERLOADED, w.now));
  }
  return w;
}

const percentile = (sorted: Float64Array, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Runs the benchmark and prints `{"bench":"acd",...}` as the last line. */
export default async function bench(): Promise<Record<string, unknown>> {
  const w = setup();
  process.stdout.write(
    `acd: ${AGENTS} agents, ${QUEUES} queues, ${w.s.calls.size} waiting calls\n`,
  );
  for (let n = 0; n < WARMUP; n++) decide(w, n);
  process.stdout.write(`acd: warmed up with ${WARMUP} decisions, ${w.s.calls.size} waiting\n`);
  const times = new Float64Array(DECISIONS);
  const step = Math.max(1, Math.floor(DECISIONS / 5));
  let assigned = 0;
  const start = process.hrtime.bigint();
  for (let n = 0; n < DECISIONS; n++) {
    const t0 = process.hrtime.bigint();
    if (decide(w, n)) assigned++;
    times[n] = Number(process.hrtime.bigint() - t0) / 1e6;
    if ((n + 1) % step === 0) {
      process.stdout.write(`acd: ${n + 1}/${DECISIONS} decisions, ${w.s.calls.size} waiting\n`);
    }
  }
  const elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
  const byKind = KINDS.map((_, k) => times.filter((_, n) => (n & 3) === k).sort());
  times.sort();
  const ms = (v: number, digits = 4) => Number(v.toFixed(digits));
  const result = {
    bench: 'acd',
    decisions_per_sec: Math.round(DECISIONS / elapsedS),
    p99_ms: ms(percentile(times, 99)),
    p50_ms: ms(percentile(times, 50)),
    max_ms: ms(percentile(times, 100), 3),
    p99_ms_by_kind: Object.fromEntries(
      KINDS.map((kind, k) => [kind, ms(percentile(byKind[k]!, 99))]),
    ),
    decisions: DECISIONS,
    assignments: assigned,
    agents: AGENTS,
    queues: QUEUES,
    waiting_calls: w.s.calls.size,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return result;
}
