/**
 * The strategies the pacing simulation compares: progressive, fixed ratio,
 * our predictive pacer (the production `pace()` with its own measured
 * stats), and VICIdial's ADAPT_TAPERED as published, for reference.
 */
import type { AbandonCounts, AbandonWindow } from './abandon-budget.ts';
import { pace } from './pacing.ts';
import type { SimStrategy, SimView } from './pacing-simulation.ts';
import { emptyStats, noteDial, noteTalk, type PacingStats } from './pacing-stats.ts';
import type { PredictiveTuning } from './predictive.ts';

/** One call per free agent, each reserving its agent. */
export function progressiveStrategy(): SimStrategy {
  return { name: 'progressive', reservesAgent: true, decide: (v) => v.freeAgents };
}

/** `ratio` lines per free agent, minus the calls still ringing. */
export function fixedRatioStrategy(ratio: number): SimStrategy {
  return {
    name: `fixed-ratio-${ratio.toFixed(1)}`,
    reservesAgent: false,
    decide: (v) => Math.max(0, Math.ceil(ratio * v.freeAgents) - v.ringingAges.length),
  };
}

/** The production predictive pacer, learning the traffic as it goes. */
export function predictiveStrategy(tuning?: PredictiveTuning): SimStrategy {
  let stats: PacingStats = emptyStats();
  // One simulated day: today and the 30 days hold the same counts.
  let today: AbandonCounts = { answered: 0, abandoned: 0 };
  let window: AbandonWindow = { today, last30Days: today };
  return {
    name: 'predictive',
    reservesAgent: false,
    decide(v: SimView) {
      const decision = pace({
        mode: 'predictive',
        dialRatio: 1,
        maxLines: v.scenario.agents * 10,
        freeAgents: v.freeAgents,
        busyAgents: v.busy,
        ringingAges: v.ringingAges,
        waitingHumans: v.waitingHumans,
        dialable: Number.MAX_SAFE_INTEGER,
        wrapUpS: v.scenario.wrapS,
        abandonTargetPct: v.scenario.targetPct,
        stats,
        window,
        controller: {},
        ringTimeoutS: v.scenario.ringTimeoutS,
        ...(tuning ? { tuning } : {}),
      });
      return decision.calls;
    },
    onResolved(human, delayS) {
      stats = noteDial(stats, human, human ? delayS : null);
    },
    onAnswered(abandoned) {
      today = {
        answered: today.answered + 1,
        abandoned: today.abandoned + (abandoned ? 1 : 0),
      };
      window = { today, last30Days: today };
    },
    onTalkEnded(talkS) {
      stats = noteTalk(stats, talkS);
    },
  };
}

/**
 * VICIdial's ADAPT_TAPERED (as published): every 15 s, pct = 100 x (mean
 * ready agents - mean answered calls waiting) / mean agents; level =
 * clamp(level x (1 + pct/100), 1.0, 3.0); once today's drop rate exceeds
 * the limit after 50 calls, level x= min(1, time left in HHMM / 1000),
 * 1.0 after the end of the shift; every second it places round(level x
 * agents) - calls in progress (ringing, waiting and talking).
 * `dropLimitPct` is its published drop-limit setting
 * (adaptive_dropped_percentage); by default the scenario's abandon cap.
 */
export function adaptTaperedStrategy(maxLevel = 3, dropLimitPct?: number): SimStrategy {
  let level = 1;
  let samples = 0;
  let ready = 0;
  let waitingSum = 0;
  let lastAdjust = 0;
  return {
    name: 'adapt-tapered',
    reservesAgent: false,
    decide(v: SimView) {
      samples += 1;
      ready += v.freeAgents;
      waitingSum += v.waitingHumans;
      if (v.now - lastAdjust >= 15) {
        const agents = v.scenario.agents;
        const pct = (100 * (ready / samples - waitingSum / samples)) / agents;
        level = clamp(level * (1 + pct / 100), 1, maxLevel);
        const dropPct = v.answered === 0 ? 0 : (100 * v.abandoned) / v.answered;
        if (v.answered >= 50 && dropPct > (dropLimitPct ?? v.scenario.targetPct)) {
          const left = Math.max(0, v.end - v.now);
          const hhmm = Math.floor(left / 3600) * 100 + Math.floor((left % 3600) / 60);
          level = left <= 0 ? 1 : clamp(level * Math.min(1, hhmm / 1000), 1, maxLevel);
        }
        samples = 0;
        ready = 0;
        waitingSum = 0;
        lastAdjust = v.now;
      }
      const inProgress = v.ringingAges.length + v.waitingHumans + v.talking;
      return Math.max(0, Math.round(level * v.scenario.agents) - inProgress);
    },
  };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
