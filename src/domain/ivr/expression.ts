/**
 * The small, safe expression language of branch and set nodes. Parsed once
 * into a tree, evaluated by a pure function over the call's variables; there
 * is no eval, no function call and no property access, so an expression can
 * only compare and combine values.
 *
 * Grammar (lowest precedence first):
 *   or      := and (('or' | '||') and)*
 *   and     := not (('and' | '&&') not)*
 *   not     := ('not' | '!') not | compare
 *   compare := sum (('==' | '!=' | '<' | '<=' | '>' | '>=') sum)?
 *   sum     := unary (('+' | '-') unary)*
 *   unary   := '-' unary | atom
 *   atom    := number | 'text' | "text" | true | false | ${name} | '(' or ')'
 *
 * Meaning: an unset variable reads as ''. `+` adds when both sides read as
 * numbers (digits typed by the caller are text, `${count} + 1` still adds),
 * otherwise it joins text. `-` needs numbers. `==`/`!=` compare as numbers
 * when one side is a number and the other reads as one, else by type and
 * value ('007' != '7'). Orderings compare numbers when both sides read as
 * numbers, text when both are text, and are false otherwise. `and`/`or`
 * short-circuit and yield booleans.
 */
import { type Parsed, type SymbolText, type Token, tokenize } from './expression.lexer.ts';
import { readVar, toNumber, toText, truthy, type Value, type Vars } from './vars.ts';

export type { ExpressionError, Parsed } from './expression.lexer.ts';

/** Comparison and arithmetic operators. */
export type BinaryOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-';

/** A parsed expression. */
export type Expr =
  | { readonly k: 'lit'; readonly value: Value }
  | { readonly k: 'var'; readonly name: string }
  | { readonly k: 'not'; readonly e: Expr }
  | { readonly k: 'neg'; readonly e: Expr; readonly pos: number }
  | { readonly k: 'and' | 'or'; readonly l: Expr; readonly r: Expr }
  | {
      readonly k: 'bin';
      readonly op: BinaryOp;
      readonly l: Expr;
      readonly r: Expr;
      readonly pos: number;
    };

/** Deepest nesting of parentheses and unary operators accepted. */
export const MAX_EXPRESSION_DEPTH = 32;

class ParseFailure extends Error {
  constructor(
    readonly position: number,
    message: string,
  ) {
    super(message);
  }
}

const COMPARE: readonly SymbolText[] = ['==', '!=', '<', '<=', '>', '>='];

/** Recursive descent over the token list; depth is bounded so hostile input cannot blow the stack. */
class Parser {
  private at = 0;
  private depth = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parseAll(): Expr {
    const expr = this.or();
    const rest = this.peek();
    if (rest.kind !== 'end')
      throw new ParseFailure(rest.pos, `unexpected ${describe(rest)} at ${rest.pos}`);
    return expr;
  }

  private peek(): Token {
    return this.tokens[this.at]!;
  }

  private take(): Token {
    const token = this.tokens[this.at]!;
    if (token.kind !== 'end') this.at += 1;
    return token;
  }

  private isSymbol(...symbols: SymbolText[]): SymbolText | null {
    const t = this.peek();
    return t.kind === 'symbol' && symbols.includes(t.symbol) ? t.symbol : null;
  }

  private isWord(word: string): boolean {
    const t = this.peek();
    return t.kind === 'word' && t.word === word;
  }

  private nest<T>(pos: number, inner: () => T): T {
    this.depth += 1;
    if (this.depth > MAX_EXPRESSION_DEPTH) {
      throw new ParseFailure(
        pos,
        `expression nested deeper than ${MAX_EXPRESSION_DEPTH} at ${pos}`,
      );
    }
    const result = inner();
    this.depth -= 1;
    return result;
  }

  private or(): Expr {
    let left = this.and();
    while (this.isWord('or') || this.isSymbol('||')) {
      this.take();
      left = { k: 'or', l: left, r: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.isWord('and') || this.isSymbol('&&')) {
      this.take();
      left = { k: 'and', l: left, r: this.not() };
    }
    return left;
  }

  private not(): Expr {
    if (this.isWord('not') || this.isSymbol('!')) {
      const pos = this.take().pos;
      return this.nest(pos, () => ({ k: 'not', e: this.not() }));
    }
    return this.compare();
  }

  private compare(): Expr {
    const left = this.sum();
    const op = this.isSymbol(...COMPARE);
    if (op === null) return left;
    const pos = this.take().pos;
    const right = this.sum();
    if (this.isSymbol(...COMPARE)) {
      const p = this.peek().pos;
      throw new ParseFailure(p, `comparisons cannot be chained (at ${p}); join them with and`);
    }
    return { k: 'bin', op: op as BinaryOp, l: left, r: right, pos };
  }

  private sum(): Expr {
    let left = this.unary();
    for (let op = this.isSymbol('+', '-'); op !== null; op = this.isSymbol('+', '-')) {
      const pos = this.take().pos;
      left = { k: 'bin', op: op as BinaryOp, l: left, r: this.unary(), pos };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isSymbol('-')) {
      const pos = this.take().pos;
      return this.nest(pos, () => ({ k: 'neg', e: this.unary(), pos }));
    }
    return this.atom();
  }

  private atom(): Expr {
    const t = this.take();
    switch (t.kind) {
      case 'number':
      case 'string':
        return { k: 'lit', value: t.value };
      case 'var':
        return { k: 'var', name: t.name };
      case 'word':
        if (t.word === 'true' || t.word === 'false') return { k: 'lit', value: t.word === 'true' };
        break;
      case 'symbol':
        if (t.symbol === '(') return this.nest(t.pos, () => this.group());
        break;
      case 'end':
        throw new ParseFailure(t.pos, `expression ends too early at ${t.pos}`);
    }
    throw new ParseFailure(t.pos, `unexpected ${describe(t)} at ${t.pos}`);
  }

  private group(): Expr {
    const inner = this.or();
    const close = this.take();
    if (close.kind !== 'symbol' || close.symbol !== ')') {
      throw new ParseFailure(close.pos, `missing ")" at ${close.pos}`);
    }
    return inner;
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'symbol':
      return `"${t.symbol}"`;
    case 'word':
      return `"${t.word}"`;
    case 'end':
      return 'end of expression';
    default:
      return t.kind;
  }
}

/** Parses an expression; errors carry the position of the offending character. */
export function parseExpression(source: string): Parsed<Expr> {
  const tokens = tokenize(source);
  if (!tokens.ok) return tokens;
  if (tokens.value.length === 1)
    return { ok: false, error: { position: 0, message: 'empty expression' } };
  try {
    return { ok: true, value: new Parser(tokens.value).parseAll() };
  } catch (error) {
    if (error instanceof ParseFailure) {
      return { ok: false, error: { position: error.position, message: error.message } };
    }
    throw error;
  }
}

/** Evaluates a parsed expression; `-` on text is an error at the operator's position. */
export function evaluate(expr: Expr, vars: Vars): Parsed<Value> {
  try {
    return { ok: true, value: evalNode(expr, vars) };
  } catch (error) {
    if (error instanceof ParseFailure) {
      return { ok: false, error: { position: error.position, message: error.message } };
    }
    throw error;
  }
}

function evalNode(e: Expr, vars: Vars): Value {
  switch (e.k) {
    case 'lit':
      return e.value;
    case 'var':
      return readVar(vars, e.name) ?? '';
    case 'not':
      return !truthy(evalNode(e.e, vars));
    case 'neg':
      return -numeric(evalNode(e.e, vars), e.pos);
    case 'and':
      return truthy(evalNode(e.l, vars)) && truthy(evalNode(e.r, vars));
    case 'or':
      return truthy(evalNode(e.l, vars)) || truthy(evalNode(e.r, vars));
    case 'bin':
      return binary(e.op, evalNode(e.l, vars), evalNode(e.r, vars), e.pos);
  }
}

function numeric(value: Value, pos: number): number {
  const n = toNumber(value);
  if (n === undefined)
    throw new ParseFailure(pos, `"${toText(value)}" is not a number (at ${pos})`);
  return n;
}

function binary(op: BinaryOp, l: Value, r: Value, pos: number): Value {
  const ln = toNumber(l);
  const rn = toNumber(r);
  switch (op) {
    case '+':
      return ln !== undefined && rn !== undefined ? ln + rn : toText(l) + toText(r);
    case '-':
      return numeric(l, pos) - numeric(r, pos);
    case '==':
      return equal(l, r, ln, rn);
    case '!=':
      return !equal(l, r, ln, rn);
    default:
      return order(op, l, r, ln, rn);
  }
}

function equal(l: Value, r: Value, ln?: number, rn?: number): boolean {
  const oneIsNumber = typeof l === 'number' || typeof r === 'number';
  if (oneIsNumber && ln !== undefined && rn !== undefined) return ln === rn;
  return typeof l === typeof r && l === r;
}

function order(op: BinaryOp, l: Value, r: Value, ln?: number, rn?: number): boolean {
  let cmp: number;
  if (ln !== undefined && rn !== undefined) cmp = ln - rn;
  else if (typeof l === 'string' && typeof r === 'string') cmp = l < r ? -1 : l > r ? 1 : 0;
  else return false;
  if (op === '<') return cmp < 0;
  if (op === '<=') return cmp <= 0;
  if (op === '>') return cmp > 0;
  return cmp >= 0;
}
