/**
 * Nodes that need no digits: play, say, set, branch, schedule, firewall,
 * and the terminal nodes that hand the call on.
 */
import { DateTime } from 'luxon';
import { evaluate } from './expression.ts';
import { checkCaller } from './firewall.ts';
import {
  act,
  go,
  languageOf,
  type NodeEnv,
  type Note,
  note,
  type Outcome,
  resolvePrompt,
} from './flow.outcome.ts';
import { expressionOf, templateOf } from './flow.prepared.ts';
import type { NodeOf } from './flow.schema.ts';
import type { Action, Input } from './flow.step.ts';
import { renderTemplate } from './template.ts';
import { BUILTIN_VARS, readVar, toText, truthy, type Value, withVar } from './vars.ts';

/** Play: the prompt, with escape digits when interruptible. */
export function enterPlay(node: NodeOf<'play'>, env: NodeEnv): Outcome {
  const { flow, cursor } = env;
  const escapeDigits = node.interruptible ? node.escapeDigits : '';
  return act(
    { type: 'play', prompt: resolvePrompt(flow, node.prompt, cursor.vars), escapeDigits },
    cursor.vars,
  );
}

/** Play or say finished: a digit that cut it short is kept in `lastDigit`; a failure is noted, never fatal. */
export function resumeSpoken(next: string, input: Input, env: NodeEnv, onError = next): Outcome {
  const vars = env.cursor.vars;
  if (input.type === 'digits' && input.digits !== '') {
    return go(
      next,
      withVar(vars, BUILTIN_VARS.lastDigit, input.digits),
      note('interrupted', input.digits),
    );
  }
  if (input.type === 'failed') return go(onError, vars, note('error', input.reason));
  return go(next, vars);
}

/** Say: render the value and check it can be spoken as its kind. */
export function enterSay(node: NodeOf<'say'>, env: NodeEnv): Outcome {
  const { flow, cursor, ctx } = env;
  const text = renderTemplate(templateOf(flow, node.value), cursor.vars);
  const value = sayable(node.kind, text, ctx.timezone);
  if (typeof value !== 'string')
    return go(node.onError ?? node.next, cursor.vars, note('error', value.error));
  const engine = node.kind === 'tts' ? (flow.doc.ttsEngine ?? null) : null;
  const action: Action = {
    type: 'say',
    kind: node.kind,
    value,
    language: languageOf(flow, cursor.vars),
    engine,
  };
  return act(action, cursor.vars);
}

/**
 * SAY DIGITS takes 0-9 * #, SAY NUMBER an integer, SAY DATE Unix seconds;
 * a date may also be ISO text, read in the business line's zone.
 */
function sayable(
  kind: NodeOf<'say'>['kind'],
  text: string,
  zone: string,
): string | { error: string } {
  const trimmed = text.trim();
  switch (kind) {
    case 'digits':
      return /^[0-9*#]+$/.test(trimmed) ? trimmed : { error: 'NOT_DIGITS' };
    case 'number':
      return /^-?\d{1,15}$/.test(trimmed) ? String(Number(trimmed)) : { error: 'NOT_AN_INTEGER' };
    case 'date': {
      if (/^\d{1,12}$/.test(trimmed)) return trimmed;
      const date = DateTime.fromISO(trimmed, { zone });
      return date.isValid ? String(Math.floor(date.toMillis() / 1000)) : { error: 'NOT_A_DATE' };
    }
    case 'tts':
      return trimmed === '' ? { error: 'EMPTY_TEXT' } : text;
  }
}

/**
 * Set: evaluate, store, and also set the channel variable when asked. An
 * expression that fails at run time (e.g. `-` on text) stores '' and is noted.
 */
export function enterSet(node: NodeOf<'set'>, env: NodeEnv): Outcome {
  const { flow, cursor } = env;
  let value: Value = '';
  const notes: Note[] = [];
  if (node.expression !== undefined) {
    const result = evaluate(expressionOf(flow, node.expression), cursor.vars);
    if (result.ok) value = result.value;
    else notes.push(note('error', result.error.message));
  } else if (node.template !== undefined) {
    value = renderTemplate(templateOf(flow, node.template), cursor.vars);
  }
  const vars = withVar(cursor.vars, node.variable, value);
  notes.push(note('set', node.variable));
  if (!node.channel) return go(node.next, vars, ...notes);
  return act({ type: 'set-variable', name: node.variable, value: toText(value) }, vars, notes);
}

/** Branch: the first condition that holds; one that fails to evaluate counts as false. */
export function enterBranch(node: NodeOf<'branch'>, env: NodeEnv): Outcome {
  const { flow, cursor } = env;
  const notes: Note[] = [];
  for (const [i, condition] of node.conditions.entries()) {
    const result = evaluate(expressionOf(flow, condition.when), cursor.vars);
    if (!result.ok) {
      notes.push(note('error', `conditions[${i}]: ${result.error.message}`));
      continue;
    }
    if (truthy(result.value))
      return go(condition.next, cursor.vars, ...notes, note('branch', `conditions[${i}]`));
  }
  return go(node.default, cursor.vars, ...notes, note('branch', 'default'));
}

/**
 * Schedule: the branch of the current period; half-rest and holiday fall
 * back to rest when the node has no branch for them. An unknown schedule
 * routes as open: callers reach people rather than a closed message.
 */
export function enterSchedule(node: NodeOf<'schedule'>, env: NodeEnv): Outcome {
  const { cursor, ctx, now } = env;
  if (!Object.hasOwn(ctx.schedules, node.scheduleId)) {
    return go(
      node.periods.open,
      cursor.vars,
      note('error', `SCHEDULE_NOT_FOUND ${node.scheduleId}`),
    );
  }
  const { period } = ctx.schedules[node.scheduleId]!.periodAt(now);
  return go(node.periods[period] ?? node.periods.rest, cursor.vars, note('period', period));
}

/** Firewall: block (with or without a prompt), mark VIP, or pass. Q.850 cause 21 is "call rejected". */
export function enterFirewall(node: NodeOf<'firewall'>, env: NodeEnv): Outcome {
  const { flow, cursor, ctx } = env;
  if (ctx.firewall === null) return go(node.next, cursor.vars, note('pass'));
  const result = checkCaller(ctx.firewall, ctx.callerNumber);
  const entryId = result.entry?.id ?? null;
  if (result.verdict === 'vip')
    return go(node.next, withVar(cursor.vars, BUILTIN_VARS.vip, true), note('vip', entryId));
  if (result.verdict === 'pass') return go(node.next, cursor.vars, note('pass'));
  const prompt =
    node.onBlock === 'reject' && node.rejectPrompt !== undefined
      ? resolvePrompt(flow, node.rejectPrompt, cursor.vars)
      : null;
  return act({ type: 'hangup', cause: 21, prompt }, cursor.vars, [note('blocked', entryId)]);
}

/** Terminal nodes: the action that hands the call on. */
export function enterTerminal(
  node: NodeOf<'queue' | 'agent' | 'external' | 'hangup' | 'goto'>,
  env: NodeEnv,
): Outcome {
  const { flow, cursor } = env;
  const vars = cursor.vars;
  switch (node.type) {
    case 'queue': {
      const vip = truthy(readVar(vars, BUILTIN_VARS.vip));
      const language = languageOf(flow, vars);
      return act(
        {
          type: 'to-queue',
          queueId: node.queueId,
          priority: node.priority,
          skills: node.skills,
          vip,
          language,
        },
        vars,
      );
    }
    case 'agent':
      return act(
        { type: 'to-agent', agentId: node.agentId ?? null, extension: node.extension ?? null },
        vars,
      );
    case 'external':
      return act({ type: 'to-external', number: node.number }, vars);
    case 'hangup': {
      const prompt = node.prompt === undefined ? null : resolvePrompt(flow, node.prompt, vars);
      return act({ type: 'hangup', cause: node.cause ?? null, prompt }, vars);
    }
    case 'goto':
      return act({ type: 'goto-flow', flowId: node.flowId, nodeId: node.nodeId ?? null }, vars);
  }
}
