/**
 * Nodes that wait for digits: menu, language select and collect. Menus and
 * language selects share the retry rule: an invalid entry or a timeout
 * re-asks (with its own prompt first) until the retries are spent, counted
 * together or separately as the node says; then the exhausted branch.
 */
import { act, getDigits, go, type NodeEnv, type Note, note, type Outcome } from './flow.outcome.ts';
import { patternOf } from './flow.prepared.ts';
import type { NodeOf } from './flow.schema.ts';
import type { Input } from './flow.step.ts';
import { BUILTIN_VARS, withVar } from './vars.ts';

type Choice = NodeOf<'menu'> | NodeOf<'language'>;

/** Menu or language select: ask for one digit. */
export function enterChoice(node: Choice, env: NodeEnv): Outcome {
  return act(getDigits(env, node.prompt, [], 1, node.timeoutS), env.cursor.vars);
}

/** Menu or language select: act on the digit, or retry. */
export function resumeChoice(node: Choice, input: Input, env: NodeEnv): Outcome {
  const vars = env.cursor.vars;
  if (input.type === 'digits' && Object.hasOwn(node.options, input.digits)) {
    const picked = node.options[input.digits]!;
    if (node.type === 'menu') return go(picked, vars, note('digits', input.digits));
    return go(node.next, withVar(vars, BUILTIN_VARS.language, picked), note('language', picked));
  }
  if (input.type === 'digits')
    return retry(node, env, 'invalid', input.digits === '' ? 'empty' : input.digits);
  return retry(node, env, 'timeout', input.type === 'failed' ? input.reason : null);
}

function retry(
  node: Choice,
  env: NodeEnv,
  kind: 'invalid' | 'timeout',
  detail: string | null,
): Outcome {
  const { cursor } = env;
  const invalid = cursor.invalid + (kind === 'invalid' ? 1 : 0);
  const timeouts = cursor.timeouts + (kind === 'timeout' ? 1 : 0);
  const separate = node.type === 'menu' && node.retryCounting === 'separate';
  const used = separate ? (kind === 'invalid' ? invalid : timeouts) : invalid + timeouts;
  const notes: Note[] = [note(kind, detail)];
  if (used > node.maxRetries) {
    notes.push(note('exhausted', `${invalid} invalid, ${timeouts} timeouts`));
    const to = node.type === 'menu' ? node.onExhausted : node.next;
    return go(to, cursor.vars, ...notes);
  }
  const first = kind === 'invalid' ? node.invalidPrompt : node.timeoutPrompt;
  return act(getDigits(env, node.prompt, [first], 1, node.timeoutS), cursor.vars, notes, {
    invalid,
    timeouts,
  });
}

/** Collect: ask for up to maxLength digits. */
export function enterCollect(node: NodeOf<'collect'>, env: NodeEnv): Outcome {
  return act(getDigits(env, node.prompt, [], node.maxLength, node.timeoutS), env.cursor.vars);
}

/**
 * Collect: store valid digits, else retry or take onInvalid. Notes give the
 * length only: collected digits may be card or account numbers (SEC-3).
 */
export function resumeCollect(node: NodeOf<'collect'>, input: Input, env: NodeEnv): Outcome {
  const { cursor } = env;
  const value = input.type === 'digits' ? input.digits : '';
  const size = input.type === 'digits' ? `${value.length} digits` : input.type;
  if (collectValid(node, value, env)) {
    return go(node.next, withVar(cursor.vars, node.into, value), note('collected', size));
  }
  const invalid = cursor.invalid + 1;
  if (invalid > node.maxRetries)
    return go(node.onInvalid, cursor.vars, note('invalid', size), note('exhausted'));
  const action = getDigits(env, node.prompt, [node.invalidPrompt], node.maxLength, node.timeoutS);
  return act(action, cursor.vars, [note('invalid', size)], { invalid });
}

function collectValid(node: NodeOf<'collect'>, value: string, env: NodeEnv): boolean {
  if (value.length < node.minLength || value.length > node.maxLength) return false;
  if (!/^[0-9*]*$/.test(value)) return false;
  switch (node.validation?.kind) {
    case undefined:
      return true;
    case 'numeric':
      return /^\d*$/.test(value);
    case 'luhn':
      return luhnValid(value);
    case 'regex':
      return patternOf(env.flow, node.validation.pattern).test(value);
  }
}

/** The Luhn check digit rule of card numbers (ISO/IEC 7812-1). */
export function luhnValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
