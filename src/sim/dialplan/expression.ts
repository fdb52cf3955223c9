/**
 * `$[ ... ]` expressions (main/ast_expr2.y). Operators, loosest first:
 * `? ::` (ternary), `|`, `&`, comparisons `= == != < > <= >=`, `+ -`,
 * `* / %`, unary `! -`, regex `: =~`, parentheses. Values are strings;
 * arithmetic and ordering are numeric when both sides are numbers.
 * A malformed expression yields an empty string and a warning, as Asterisk
 * logs "syntax error" and substitutes nothing.
 */

type Tok = { op: string } | { str: string };

const OPS = ['::', '!=', '<=', '>=', '==', '=~', '|', '&', '=', '<', '>', '+', '-', '*', '/', '%'];
const SINGLE = new Set(['!', '(', ')', '?', ':', ',']);

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      const end = src.indexOf('"', i + 1);
      const stop = end < 0 ? src.length : end;
      toks.push({ str: src.slice(i + 1, stop) });
      i = stop + 1;
    } else {
      const op = OPS.find((o) => src.startsWith(o, i)) ?? (SINGLE.has(c) ? c : undefined);
      if (op) {
        toks.push({ op });
        i += op.length;
      } else {
        let j = i;
        while (j < src.length && !/[\s"]/.test(src[j] as string) && !isOpStart(src, j)) j++;
        toks.push({ str: src.slice(i, j) });
        i = j;
      }
    }
  }
  return toks;
}

function isOpStart(src: string, i: number): boolean {
  return SINGLE.has(src[i] as string) || OPS.some((o) => src.startsWith(o, i));
}

const NUM = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)\s*$/;

/** Asterisk's "is a number" test for expression operands. */
export function isNumeric(v: string): boolean {
  return NUM.test(v);
}

/** Empty or numerically zero: false in `|`, `&`, `!` and GotoIf. */
export function isZeroOrNull(v: string): boolean {
  return v === '' || (isNumeric(v) && Number(v) === 0);
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return '';
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

class ExprParser {
  private pos = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly warn: (msg: string) => void,
  ) {}

  parse(): string {
    const v = this.ternary();
    if (this.pos < this.toks.length) this.warn('syntax error: trailing tokens');
    return v;
  }

  private peekOp(...ops: string[]): string | undefined {
    const t = this.toks[this.pos];
    return t && 'op' in t && ops.includes(t.op) ? t.op : undefined;
  }

  private take(...ops: string[]): string | undefined {
    const op = this.peekOp(...ops);
    if (op) this.pos++;
    return op;
  }

  private ternary(): string {
    const cond = this.or();
    if (!this.take('?')) return cond;
    const yes = this.or();
    if (!this.take('::')) this.warn('syntax error: ? without ::');
    const no = this.or();
    return isZeroOrNull(cond) ? no : yes;
  }

  private or(): string {
    let l = this.and();
    while (this.take('|')) {
      const r = this.and();
      l = isZeroOrNull(l) ? r : l;
    }
    return l;
  }

  private and(): string {
    let l = this.cmp();
    while (this.take('&')) {
      const r = this.cmp();
      l = isZeroOrNull(l) || isZeroOrNull(r) ? '0' : l;
    }
    return l;
  }

  private cmp(): string {
    let l = this.add();
    for (
      let op = this.take('=', '==', '!=', '<', '>', '<=', '>=');
      op;
      op = this.take('=', '==', '!=', '<', '>', '<=', '>=')
    ) {
      const r = this.add();
      l = compare(l, r, op) ? '1' : '0';
    }
    return l;
  }

  private add(): string {
    let l = this.mul();
    for (let op = this.take('+', '-'); op; op = this.take('+', '-')) {
      const r = this.mul();
      l = this.arith(l, r, op);
    }
    return l;
  }

  private mul(): string {
    let l = this.unary();
    for (let op = this.take('*', '/', '%'); op; op = this.take('*', '/', '%')) {
      const r = this.unary();
      l = this.arith(l, r, op);
    }
    return l;
  }

  private unary(): string {
    if (this.take('!')) return isZeroOrNull(this.unary()) ? '1' : '0';
    if (this.take('-')) return this.arith('0', this.unary(), '-');
    return this.regex();
  }

  private regex(): string {
    let l = this.primary();
    for (let op = this.take(':', '=~'); op; op = this.take(':', '=~')) {
      const r = this.primary();
      l = regexMatch(l, r, op === ':');
    }
    return l;
  }

  private primary(): string {
    if (this.take('(')) {
      const v = this.ternary();
      if (!this.take(')')) this.warn('syntax error: missing )');
      return v;
    }
    const t = this.toks[this.pos];
    if (t && 'str' in t) {
      this.pos++;
      return t.str;
    }
    // A missing operand: `$[ = 1]` after an empty variable.
    this.warn('syntax error: missing operand');
    return '';
  }

  private arith(l: string, r: string, op: string): string {
    if (!isNumeric(l) || !isNumeric(r)) {
      this.warn(`non-numeric argument to ${op}`);
      return '';
    }
    const a = Number(l);
    const b = Number(r);
    if ((op === '/' || op === '%') && b === 0) {
      this.warn('division by zero');
      return '';
    }
    const v =
      op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : a % b;
    return fmt(v);
  }
}

function compare(l: string, r: string, op: string): boolean {
  const numeric = isNumeric(l) && isNumeric(r);
  const c = numeric ? Number(l) - Number(r) : l < r ? -1 : l > r ? 1 : 0;
  switch (op) {
    case '=':
    case '==':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    default:
      return c >= 0;
  }
}

/** `:` anchors at the start; returns the first group, else the match length. */
function regexMatch(value: string, pattern: string, anchored: boolean): string {
  let re: RegExp;
  try {
    re = new RegExp(anchored ? `^(?:${pattern})` : pattern);
  } catch {
    return '';
  }
  const m = re.exec(value);
  if (!m) return /\(/.test(pattern) ? '' : '0';
  return m[1] !== undefined ? m[1] : String(m[0].length);
}

/** Evaluates the (already substituted) text between `$[` and `]`. */
export function evaluateExpression(src: string, warn: (msg: string) => void = () => {}): string {
  const toks = tokenize(src);
  if (toks.length === 0) return '';
  return new ExprParser(toks, warn).parse();
}
