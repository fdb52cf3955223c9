/**
 * Runs a flow without a call (`testIvrFlow`): each action takes its result
 * from a script instead of Asterisk and the HTTP endpoint. Plays, says and
 * saves complete on their own; a digit prompt takes the next scripted
 * digits (or times out when the script has none left); a lookup takes the
 * next scripted response.
 */
import { begin, next } from './flow.interpreter.ts';
import type { PreparedFlow } from './flow.prepared.ts';
import {
  type Action,
  type Cursor,
  type Input,
  isTerminal,
  type PathEntry,
  type RunContext,
} from './flow.step.ts';
import type { Vars } from './vars.ts';

/** One scripted caller or endpoint behaviour, consumed by the action it fits. */
export type ScriptItem =
  /** Digits typed at the next digit prompt ('' = just `#`). */
  | string
  | { readonly timeout: true }
  /** A digit pressed during the next play or say. */
  | { readonly interrupt: string }
  | { readonly lookup: { readonly status: number; readonly body: unknown } }
  | { readonly lookupError: string }
  | { readonly recorded: { readonly durationS: number; readonly hungUp?: boolean } }
  /** The next action fails (e.g. a missing sound file). */
  | { readonly fail: string }
  /** The caller hangs up during the next action. */
  | { readonly hangup: true };

/** What a simulated call did. */
export interface SimulationResult {
  /** Node ids in the order they were entered. */
  readonly visited: readonly string[];
  readonly actions: readonly Action[];
  readonly path: readonly PathEntry[];
  /** The last action (terminal unless `truncated`). */
  readonly last: Action;
  readonly cursor: Cursor;
  /** Script items nobody consumed. */
  readonly unused: number;
  /** The step limit stopped the run (e.g. a menu that loops on timeouts forever). */
  readonly truncated: boolean;
}

/** Options of a simulation. */
export interface SimulationOptions {
  readonly vars?: Vars;
  /** Most actions to run before giving up (default 500). */
  readonly maxActions?: number;
}

/** Runs `flow` against `script` at the fixed instant `now`. */
export function simulate(
  flow: PreparedFlow,
  script: readonly ScriptItem[],
  now: number,
  ctx: RunContext,
  options: SimulationOptions = {},
): SimulationResult {
  const queue = [...script];
  const limit = options.maxActions ?? 500;
  let step = begin(flow, ctx, now, options.vars);
  const actions: Action[] = [step.action];
  const path: PathEntry[] = [...step.path];
  while (!isTerminal(step.action) && actions.length < limit) {
    step = next(flow, step.cursor, inputFor(step.action, queue), now, ctx);
    actions.push(step.action);
    path.push(...step.path);
  }
  return {
    visited: path.filter((e) => e.event === 'enter').map((e) => e.nodeId),
    actions,
    path,
    last: step.action,
    cursor: step.cursor,
    unused: queue.length,
    truncated: !isTerminal(step.action),
  };
}

/** The scripted result of `action`, consuming the script item that fits it. */
function inputFor(action: Action, queue: ScriptItem[]): Input {
  const item = queue[0];
  const take = (input: Input): Input => {
    queue.shift();
    return input;
  };
  if (item !== undefined && typeof item !== 'string') {
    if ('hangup' in item) return take({ type: 'hangup' });
    if ('fail' in item) return take({ type: 'failed', reason: item.fail });
  }
  switch (action.type) {
    case 'get-digits':
      if (typeof item === 'string') return take({ type: 'digits', digits: item });
      if (item !== undefined && 'timeout' in item) return take({ type: 'timeout' });
      return { type: 'timeout' };
    case 'play':
    case 'say':
      if (item !== undefined && typeof item !== 'string' && 'interrupt' in item) {
        return take({ type: 'digits', digits: item.interrupt });
      }
      return { type: 'done' };
    case 'lookup':
      return lookupInput(item, take);
    case 'record-voicemail':
      if (item !== undefined && typeof item !== 'string' && 'recorded' in item) {
        const { durationS, hungUp = false } = item.recorded;
        return take({ type: 'recorded', file: 'simulated-message', durationS, hungUp });
      }
      return { type: 'recorded', file: 'simulated-message', durationS: 10, hungUp: false };
    default:
      return { type: 'done' };
  }
}

function lookupInput(item: ScriptItem | undefined, take: (input: Input) => Input): Input {
  if (item !== undefined && typeof item !== 'string') {
    if ('lookup' in item)
      return take({ type: 'lookup-result', status: item.lookup.status, body: item.lookup.body });
    if ('lookupError' in item) return take({ type: 'lookup-error', reason: item.lookupError });
  }
  return { type: 'lookup-error', reason: 'NO_SCRIPTED_RESPONSE' };
}
