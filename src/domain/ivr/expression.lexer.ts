/**
 * Tokens of the flow expression language (see expression.ts). The lexer
 * knows a closed set of shapes; anything else is an error at its position,
 * so text such as `require('fs')` or `a; b` never becomes a token.
 */
import { isVariableName } from './vars.ts';

/** An error in an expression or template, with the 0-based character position. */
export interface ExpressionError {
  readonly position: number;
  readonly message: string;
}

/** Either a value or the first error found. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ExpressionError };

/** Operators and punctuation, longest first so `<=` wins over `<`. */
const SYMBOLS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '(', ')'] as const;

/** An operator or parenthesis. */
export type SymbolText = (typeof SYMBOLS)[number];

/** The words the language knows; other bare words are rejected. */
export const KEYWORDS = ['and', 'or', 'not', 'true', 'false'] as const;

/** One token with its start position. */
export type Token =
  | { readonly kind: 'number'; readonly value: number; readonly pos: number }
  | { readonly kind: 'string'; readonly value: string; readonly pos: number }
  | { readonly kind: 'var'; readonly name: string; readonly pos: number }
  | { readonly kind: 'word'; readonly word: (typeof KEYWORDS)[number]; readonly pos: number }
  | { readonly kind: 'symbol'; readonly symbol: SymbolText; readonly pos: number }
  | { readonly kind: 'end'; readonly pos: number };

/** Longest expression accepted, in characters. */
export const MAX_EXPRESSION_LENGTH = 2000;

const fail = (position: number, message: string): Parsed<never> => ({
  ok: false,
  error: { position, message },
});

/** Splits `source` into tokens, ending with an `end` token. */
export function tokenize(source: string): Parsed<Token[]> {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return fail(
      MAX_EXPRESSION_LENGTH,
      `expression longer than ${MAX_EXPRESSION_LENGTH} characters`,
    );
  }
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < source.length) {
    if (/\s/.test(source[pos]!)) {
      pos += 1;
      continue;
    }
    const read = readToken(source, pos);
    if (!read.ok) return read;
    tokens.push(read.value.token);
    pos = read.value.end;
  }
  tokens.push({ kind: 'end', pos });
  return { ok: true, value: tokens };
}

function readToken(source: string, pos: number): Parsed<{ token: Token; end: number }> {
  const ch = source[pos]!;
  if (ch === '$') return readVariable(source, pos);
  if (ch === "'" || ch === '"') return readString(source, pos);
  const number = /^\d+(\.\d+)?/.exec(source.slice(pos, pos + 40));
  if (number) {
    return {
      ok: true,
      value: {
        token: { kind: 'number', value: Number(number[0]), pos },
        end: pos + number[0].length,
      },
    };
  }
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(pos, pos + 80));
  if (word) {
    const w = word[0] as (typeof KEYWORDS)[number];
    if (!KEYWORDS.includes(w)) {
      return fail(pos, `unknown word "${word[0]}" at ${pos}; variables are written \${name}`);
    }
    return { ok: true, value: { token: { kind: 'word', word: w, pos }, end: pos + w.length } };
  }
  const symbol = SYMBOLS.find((s) => source.startsWith(s, pos));
  if (symbol)
    return {
      ok: true,
      value: { token: { kind: 'symbol', symbol, pos }, end: pos + symbol.length },
    };
  return fail(pos, `unexpected character "${ch}" at ${pos}`);
}

/** `${name}`: the only way to read a variable. */
export function readVariable(source: string, pos: number): Parsed<{ token: Token; end: number }> {
  if (source[pos + 1] !== '{') return fail(pos, `"$" at ${pos} must start \${name}`);
  const close = source.indexOf('}', pos + 2);
  if (close < 0) return fail(pos, `unterminated \${ at ${pos}`);
  const name = source.slice(pos + 2, close);
  if (!isVariableName(name)) return fail(pos + 2, `"${name}" at ${pos + 2} is not a variable name`);
  return { ok: true, value: { token: { kind: 'var', name, pos }, end: close + 1 } };
}

/** A quoted string; `\` escapes the quote or itself, nothing else is special. */
function readString(source: string, pos: number): Parsed<{ token: Token; end: number }> {
  const quote = source[pos]!;
  let value = '';
  let i = pos + 1;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === quote)
      return { ok: true, value: { token: { kind: 'string', value, pos }, end: i + 1 } };
    if (ch === '\\') {
      const escaped = source[i + 1];
      if (escaped !== quote && escaped !== '\\') {
        return fail(i, `unknown escape at ${i}; only \\${quote} and \\\\ are allowed`);
      }
      value += escaped;
      i += 2;
      continue;
    }
    value += ch;
    i += 1;
  }
  return fail(pos, `unterminated string starting at ${pos}`);
}
