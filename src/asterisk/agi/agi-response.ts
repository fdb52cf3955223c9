/**
 * AGI reply lines -> typed replies. What res_agi writes:
 * - `200 result=<n>` optionally followed by ` (<data>)` and ` key=value`
 *   pairs: `200 result=1 (Local/agi-dtmf@sim-customer-00000004;1)`,
 *   `200 result=0 endpos=10079` (fastagi-session-1.txt), `200 result= (timeout)`
 *   (GET DATA with no digit), `200 result=1 (speech) endpos=9 results=2 a b`;
 * - `510 Invalid or unknown command`, `511 Command Not Permitted on a dead
 *   channel or intercept routine`, `520 Invalid command syntax.  Proper usage
 *   not available.`;
 * - a multi-line usage block: `520-Invalid command syntax.  Proper usage
 *   follows:`, the usage text, `520 End of proper usage.`;
 * - a bare `HANGUP` line: not a reply but the notice that the channel hung up.
 */

/** A parsed `200` reply. */
export interface AgiResponse {
  readonly code: 200;
  /** `result=` as an integer; null when it is not one (GET DATA `*12`, or empty). */
  readonly result: number | null;
  /** `result=` exactly as written (GET DATA digits keep leading zeros here). */
  readonly resultText: string;
  /** The parenthesised part, e.g. the value of GET VARIABLE or `timeout`. */
  readonly data?: string;
  /** `endpos=` of playback and record commands. */
  readonly endpos?: number;
  /** Every `key=value` after the data, endpos included. */
  readonly extra: Readonly<Record<string, string>>;
  /** The line as received. */
  readonly raw: string;
}

/** A non-200 status reply. */
export interface AgiFailure {
  readonly status: number;
  /** The text after the status, first line only. */
  readonly text: string;
  /** The lines between `520-...` and `520 End of proper usage.`. */
  readonly usage?: string;
}

/** What one line (or the last line of a block) amounts to. */
export type AgiLine =
  | { readonly kind: 'success'; readonly response: AgiResponse }
  | { readonly kind: 'failure'; readonly failure: AgiFailure }
  | { readonly kind: 'hangup' }
  | { readonly kind: 'partial' }
  | { readonly kind: 'garbage'; readonly line: string };

const MAX_USAGE_LINES = 1_000;

/** Assembles reply lines, including multi-line `520-` blocks. One per session. */
export class AgiReplyReader {
  private block: { status: number; text: string; lines: string[] } | null = null;

  /** Classifies one line (without its line end). */
  feed(line: string): AgiLine {
    if (this.block) return this.continueBlock(line);
    if (line === 'HANGUP') return { kind: 'hangup' };
    const status = /^(\d{3})([ -])(.*)$/.exec(line);
    if (!status) return { kind: 'garbage', line };
    const code = Number(status[1]);
    const text = status[3] ?? '';
    if (status[2] === '-') {
      this.block = { status: code, text, lines: [] };
      return { kind: 'partial' };
    }
    if (code !== 200) return { kind: 'failure', failure: { status: code, text } };
    const response = parseSuccess(line, text);
    return response ? { kind: 'success', response } : { kind: 'garbage', line };
  }

  private continueBlock(line: string): AgiLine {
    const block = this.block;
    if (!block) return { kind: 'garbage', line };
    if (line.startsWith(`${block.status} `)) {
      this.block = null;
      const usage = block.lines.join('\n');
      return { kind: 'failure', failure: { status: block.status, text: block.text, usage } };
    }
    if (block.lines.length >= MAX_USAGE_LINES) {
      this.block = null;
      return { kind: 'garbage', line };
    }
    block.lines.push(line);
    return { kind: 'partial' };
  }
}

/**
 * Parses the part after `200 `. The data is the text between ` (` and the
 * LAST `)` that is followed only by ` key=value` pairs, so values that
 * contain parentheses (channel names, variables) stay whole.
 */
export function parseSuccess(raw: string, rest: string): AgiResponse | null {
  const m = /^result=(\S*)(.*)$/.exec(rest);
  if (!m) return null;
  const resultText = m[1] ?? '';
  let tail = m[2] ?? '';
  let data: string | undefined;
  const paren = /^ \((.*)\)((?:\s+\w+=.*)?)$/.exec(tail);
  if (paren) {
    data = paren[1] ?? '';
    tail = paren[2] ?? '';
  } else if (tail !== '' && !/^\s+\w+=/.test(tail)) {
    return null;
  }
  const pairs = [...tail.trim().matchAll(/(\w+)=(.*?)(?=\s+\w+=|$)/g)];
  const extra: Record<string, string> = Object.fromEntries(
    pairs.map((kv): [string, string] => [kv[1] ?? '', kv[2] ?? '']),
  );
  const endposText = extra.endpos;
  const endpos =
    endposText !== undefined && /^-?\d+$/.test(endposText) ? Number(endposText) : undefined;
  const result = /^-?\d+$/.test(resultText) ? Number(resultText) : null;
  return {
    code: 200,
    result,
    resultText,
    ...(data !== undefined ? { data } : {}),
    ...(endpos !== undefined ? { endpos } : {}),
    extra,
    raw,
  };
}
