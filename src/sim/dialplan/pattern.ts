/**
 * Extension patterns as Asterisk reads them (doc: "Pattern Matching" in the
 * Asterisk wiki; ordering follows pbx.c `ext_cmp`):
 * - `X` 0-9, `Z` 1-9, `N` 2-9, `[1-5a]` a set, `.` one or more of anything,
 *   `!` zero or more; any other character is literal; `-` is decoration.
 * - A literal extension beats every pattern; among patterns the one whose
 *   first differing position is the smaller character set wins (`_8X.`
 *   before `_X.`), with `.` after every set, `!` after `.`.
 */

/** One position of a compiled pattern. */
type Token =
  | { kind: 'set'; chars: ReadonlySet<string>; key: number }
  | { kind: 'dot'; key: number }
  | { kind: 'bang'; key: number };

const DIGITS = '0123456789';
// Sort keys from ext_cmp_pattern_pos(): (set size << 8) | lowest char code.
const KEY_DOT = 0x18000;
const KEY_BANG = 0x28000;
const KEY_END = 0x30000;

/** True for `_`-prefixed extensions. */
export function isPattern(ext: string): boolean {
  return ext.startsWith('_');
}

function setToken(chars: string): Token {
  const set = new Set(chars);
  let min = 0xff;
  for (const c of set) min = Math.min(min, c.charCodeAt(0));
  return { kind: 'set', chars: set, key: (set.size << 8) | min };
}

/** Expands a `[...]` body such as `1-5a` to its characters. */
function expandSet(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    const next = body[i + 2];
    if (body[i + 1] === '-' && next !== undefined) {
      for (let code = c.charCodeAt(0); code <= next.charCodeAt(0); code++) {
        out += String.fromCharCode(code);
      }
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

const compiled = new Map<string, Token[]>();

/**
 * Compiles a pattern (with its leading `_`). Throws on an unterminated `[`;
 * the parser turns that into a file:line error.
 */
export function compilePattern(pattern: string): Token[] {
  const hit = compiled.get(pattern);
  if (hit) return hit;
  const tokens: Token[] = [];
  const body = pattern.slice(1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '-') continue;
    const upper = c.toUpperCase();
    if (upper === 'X') tokens.push(setToken(DIGITS));
    else if (upper === 'Z') tokens.push(setToken(DIGITS.slice(1)));
    else if (upper === 'N') tokens.push(setToken(DIGITS.slice(2)));
    else if (c === '.') tokens.push({ kind: 'dot', key: KEY_DOT });
    else if (c === '!') tokens.push({ kind: 'bang', key: KEY_BANG });
    else if (c === '[') {
      const end = body.indexOf(']', i);
      if (end < 0) throw new Error(`unterminated [ in pattern ${pattern}`);
      tokens.push(setToken(expandSet(body.slice(i + 1, end))));
      i = end;
    } else tokens.push(setToken(c));
  }
  compiled.set(pattern, tokens);
  return tokens;
}

function matchFrom(tokens: Token[], ti: number, ext: string, ei: number): boolean {
  if (ti === tokens.length) return ei === ext.length;
  const t = tokens[ti] as Token;
  if (t.kind === 'set') {
    return (
      ei < ext.length && t.chars.has(ext[ei] as string) && matchFrom(tokens, ti + 1, ext, ei + 1)
    );
  }
  // `.` needs at least one more character, `!` none.
  const min = t.kind === 'dot' ? ei + 1 : ei;
  for (let end = ext.length; end >= min; end--) {
    if (matchFrom(tokens, ti + 1, ext, end)) return true;
  }
  return false;
}

/** Does extension `ext` (a dialled string) match `pattern` (literal or `_` pattern)? */
export function matches(pattern: string, ext: string): boolean {
  if (!isPattern(pattern)) return pattern === ext;
  return matchFrom(compilePattern(pattern), 0, ext, 0);
}

/**
 * Asterisk's extension order: negative when `a` is more specific than `b`.
 * Literal extensions come before patterns; literals compare as strings.
 */
export function compareExtensions(a: string, b: string): number {
  const pa = isPattern(a);
  const pb = isPattern(b);
  if (!pa && !pb) return a < b ? -1 : a > b ? 1 : 0;
  if (!pa) return -1;
  if (!pb) return 1;
  const ta = compilePattern(a);
  const tb = compilePattern(b);
  for (let i = 0; ; i++) {
    const ka = ta[i]?.key ?? KEY_END;
    const kb = tb[i]?.key ?? KEY_END;
    if (ka !== kb) return ka - kb;
    if (ka === KEY_END) return a < b ? -1 : a > b ? 1 : 0;
  }
}
