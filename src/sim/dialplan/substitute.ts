/**
 * `${...}` and `$[...]` substitution (pbx_substitute_variables_helper_full):
 * innermost first, `${VAR}`, `${VAR:offset:length}`, `${FUNC(args)}`,
 * `${FUNC(args):offset:length}`, and expressions. Variable lookup order is
 * Asterisk's: channel built-ins (EXTEN, CONTEXT, PRIORITY, CHANNEL,
 * UNIQUEID, EPOCH from simulated time, then what the core derives), channel variables,
 * globals. An unset variable is empty.
 */
import type { AppHost, DialplanChannel } from './app-host.ts';
import { evaluateExpression } from './expression.ts';
import { readFunction, splitFunctionCall } from './functions.ts';
import { getChannelVar } from './vars.ts';

/** Everything substitution needs to see. */
export interface Scope {
  ch: DialplanChannel;
  host: AppHost;
  globals: ReadonlyMap<string, string>;
}

/** Variable value, or undefined when unset (AGI GET VARIABLE answers result=0 then). */
export function lookupVariable(scope: Scope, name: string): string | undefined {
  const { ch, host, globals } = scope;
  switch (name) {
    case 'EXTEN':
      return ch.exten;
    case 'CONTEXT':
      return ch.context;
    case 'PRIORITY':
      return String(ch.priority);
    case 'CHANNEL':
      return ch.name;
    case 'UNIQUEID':
      return ch.id;
    case 'EPOCH':
      // Simulated time, unless the core derives it itself.
      return host.builtinVar(ch, name) ?? String(Math.floor(host.now() / 1000));
  }
  return host.builtinVar(ch, name) ?? getChannelVar(ch, name) ?? globals.get(name);
}

/** ast_str_substring(): negative offset counts from the end, negative length trims the end. */
export function substring(value: string, offset: number, length: number | undefined): string {
  const lr = value.length;
  const start = offset < 0 ? Math.max(0, lr + offset) : offset;
  if (start >= lr) return '';
  if (length === undefined) return value.slice(start);
  if (length >= 0) return value.slice(start, start + length);
  const end = lr + length;
  return end > start ? value.slice(start, end) : '';
}

/** Splits `NAME:offset:length` at colons outside parentheses. */
function splitReference(ref: string): { name: string; offset?: number; length?: number } {
  let depth = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ':' && depth === 0) {
      const [off, len] = ref.slice(i + 1).split(':');
      const offset = Number.parseInt(off ?? '', 10);
      const length = Number.parseInt(len ?? '', 10);
      return {
        name: ref.slice(0, i),
        offset: Number.isNaN(offset) ? 0 : offset,
        ...(Number.isNaN(length) ? {} : { length }),
      };
    }
  }
  return { name: ref };
}

/** Value of one `${...}` body (already free of nested references). */
export function resolveReference(scope: Scope, ref: string): string {
  const { name, offset, length } = splitReference(ref);
  const call = splitFunctionCall(name);
  const value = call
    ? (readFunction(scope, call.name, call.args) ?? '')
    : (lookupVariable(scope, name) ?? '');
  return offset === undefined ? value : substring(value, offset, length);
}

/** Index just past the bracket closing the one opened before `from`. */
function closing(text: string, from: number, open: string, close: string): number {
  let depth = 1;
  let i = from;
  for (; i < text.length && depth > 0; i++) {
    if (text[i] === open) depth++;
    else if (text[i] === close) depth--;
  }
  return depth === 0 ? i : -1;
}

/**
 * Substitutes every `${...}` and `$[...]` in `text`. Throws
 * DialplanRuntimeError on an unknown function; expression warnings go to
 * `warn` (Asterisk logs them and substitutes an empty string).
 */
export function substitute(
  scope: Scope,
  text: string,
  warn: (msg: string) => void = () => {},
): string {
  if (!text.includes('$')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const two = text.slice(i, i + 2);
    if (two === '${' || two === '$[') {
      const [open, close] = two === '${' ? ['{', '}'] : ['[', ']'];
      const end = closing(text, i + 2, open as string, close as string);
      if (end < 0) {
        // Unterminated: Asterisk copies the rest literally.
        out += text.slice(i);
        break;
      }
      const inner = substitute(scope, text.slice(i + 2, end - 1), warn);
      out += two === '${' ? resolveReference(scope, inner) : evaluateExpression(inner, warn);
      i = end;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}
