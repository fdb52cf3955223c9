/**
 * How the far ends behave: agent phones (registered or not, answer after N s,
 * never answer, busy, DND, hang up after N s of talk) and trunk callees by
 * number pattern (human, answering machine, busy, no answer, invalid number,
 * fax, congestion). A behaviour becomes a {@link RemoteScript}: when the far
 * end rings, what it finally does and when, and when it hangs up once
 * answered. Every duration is drawn from the seeded RNG.
 */
import type { AmdResult } from '../dialplan/app-host.ts';
import { type Distribution, draw, type Rng } from './rng.ts';

/** What an agent phone does when called. */
export interface PhoneBehaviour {
  /** Unregistered phones cannot be called (ARI 500 Allocation failed, Dial CHANUNAVAIL). */
  registered: boolean;
  /** answer: picks up after `answerAfterS`; never: rings until timeout; busy/dnd: 486 at once. */
  mode: 'answer' | 'never' | 'busy' | 'dnd';
  /** Seconds of ringing before the agent answers. */
  answerAfterS: number | Distribution;
  /** Seconds of talk after which the agent hangs up (undefined: the agent never hangs up first). */
  hangupAfterS?: number | Distribution;
}

/** Default phone: registered, answers after one second, never hangs up first. */
export const DEFAULT_PHONE: PhoneBehaviour = { registered: true, mode: 'answer', answerAfterS: 1 };

/** Outcome kinds of a trunk callee. */
export type CalleeKind =
  | 'human'
  | 'machine'
  | 'busy'
  | 'noanswer'
  | 'invalid'
  | 'fax'
  | 'congestion';

/** One callee rule: numbers matching `pattern` (a regular expression) behave as `kind`. */
export interface CalleeRule {
  pattern: string;
  kind: CalleeKind;
  /** Seconds of ringing before answer (human/machine/fax). */
  answerAfterS?: Distribution;
  /** Seconds the callee stays on the line once answered before hanging up. */
  talkS?: Distribution;
}

/**
 * Default rules by the number's last digit: 0,6-9 human (answers after 3-8 s),
 * 1 answering machine, 2 busy, 3 no answer, 4 invalid number (cause 1), 5 fax.
 */
export const DEFAULT_CALLEE_RULES: CalleeRule[] = [
  { pattern: '1$', kind: 'machine' },
  { pattern: '2$', kind: 'busy' },
  { pattern: '3$', kind: 'noanswer' },
  { pattern: '4$', kind: 'invalid' },
  { pattern: '5$', kind: 'fax' },
  { pattern: '.*', kind: 'human' },
];

/** Final outcome of ringing a far end. */
export type RemoteResult = 'answer' | 'busy' | 'noanswer' | 'invalid' | 'congestion';

/** The far end's script for one call attempt. */
export interface RemoteScript {
  /** ms until it signals ringing (undefined: it never rings). */
  ringAfterMs: number | undefined;
  result: RemoteResult;
  /** ms from the start until `result` (ignored for noanswer). */
  resultAfterMs: number;
  /** Once answered, ms until it hangs up (undefined: never). */
  hangupAfterMs: number | undefined;
  /** What AMD() concludes about this party, and how long it listens. */
  amd: AmdResult;
  amdMs: number;
}

const seconds = (rng: Rng, v: number | Distribution | undefined, fallback: Distribution): number =>
  Math.round(1000 * (typeof v === 'number' ? v : draw(rng, v ?? fallback)));

const HUMAN_AMD: AmdResult = { status: 'HUMAN', cause: 'HUMAN-300-800' };

/** The script of an agent phone. */
export function phoneScript(b: PhoneBehaviour, rng: Rng): RemoteScript {
  const base = { hangupAfterMs: undefined, amd: HUMAN_AMD, amdMs: 1500 };
  if (b.mode === 'busy' || b.mode === 'dnd') {
    return { ...base, ringAfterMs: undefined, result: 'busy', resultAfterMs: 50 };
  }
  if (b.mode === 'never') return { ...base, ringAfterMs: 20, result: 'noanswer', resultAfterMs: 0 };
  const answer = Math.max(30, seconds(rng, b.answerAfterS, { kind: 'fixed', value: 1 }));
  const hangup =
    b.hangupAfterS === undefined
      ? undefined
      : seconds(rng, b.hangupAfterS, { kind: 'fixed', value: 60 });
  return {
    ...base,
    ringAfterMs: 20,
    result: 'answer',
    resultAfterMs: answer,
    hangupAfterMs: hangup,
  };
}

/** The first rule matching a number (falls back to human). */
export function matchRule(rules: readonly CalleeRule[], number: string): CalleeRule {
  for (const r of rules) {
    try {
      if (new RegExp(r.pattern).test(number)) return r;
    } catch {
      // An invalid pattern never matches; the control API validates patterns on input.
    }
  }
  return { pattern: '.*', kind: 'human' };
}

/** The script of a trunk callee. */
export function calleeScript(rule: CalleeRule, rng: Rng): RemoteScript {
  const ring = 150;
  const answerAfter = (d: Distribution) => ring + seconds(rng, rule.answerAfterS, d);
  const talk = (d: Distribution) => seconds(rng, rule.talkS, d);
  switch (rule.kind) {
    case 'human':
      return {
        ringAfterMs: ring,
        result: 'answer',
        resultAfterMs: answerAfter({ kind: 'uniform', min: 3, max: 8 }),
        hangupAfterMs: talk({ kind: 'lognormal', median: 90, sigma: 0.6 }),
        amd: HUMAN_AMD,
        amdMs: 1800,
      };
    case 'machine':
      return {
        ringAfterMs: ring,
        result: 'answer',
        resultAfterMs: answerAfter({ kind: 'uniform', min: 8, max: 15 }),
        hangupAfterMs: talk({ kind: 'uniform', min: 20, max: 40 }),
        amd: { status: 'MACHINE', cause: 'LONGGREETING-2500-1500' },
        amdMs: 3500,
      };
    case 'fax':
      return {
        ringAfterMs: ring,
        result: 'answer',
        resultAfterMs: answerAfter({ kind: 'uniform', min: 1, max: 2 }),
        hangupAfterMs: talk({ kind: 'uniform', min: 15, max: 30 }),
        amd: { status: 'NOTSURE', cause: 'TOOLONG-5000' },
        amdMs: 5000,
      };
    case 'busy':
      return { ...failing('busy', ring + 1500) };
    case 'noanswer':
      return { ...failing('noanswer', 0), ringAfterMs: ring };
    case 'invalid':
      return { ...failing('invalid', 300) };
    case 'congestion':
      return { ...failing('congestion', 300) };
  }
}

function failing(result: RemoteResult, after: number): RemoteScript {
  return {
    ringAfterMs: undefined,
    result,
    resultAfterMs: after,
    hangupAfterMs: undefined,
    amd: { status: 'HANGUP', cause: 'HANGUP' },
    amdMs: 0,
  };
}
