/**
 * Argument quoting for AGI command lines, matching how res_agi splits them
 * (parse_args): whitespace separates arguments, `"` toggles quoting, `\`
 * escapes the next character. So an argument that is empty or contains
 * whitespace, `"` or `\` is wrapped in double quotes with `"` and `\`
 * backslash-escaped. The wire forms this reproduces, from
 * fastagi-session-1.txt: `STREAM FILE hello-world ""`,
 * `EXEC NoOp "from fastagi"`, `SET VARIABLE LAB_AGI "hello"`.
 */
import { AgiError } from './agi-errors.ts';

// A line break would end the command and start a second one (command
// injection); NUL truncates the C string Asterisk parses.
const FORBIDDEN = /[\r\n\0]/;

/** Rejects values that cannot travel inside one AGI command line. */
export function assertSafe(value: string): void {
  if (FORBIDDEN.test(value)) {
    throw new AgiError('AGI_INVALID_VALUE', 'CR, LF or NUL in an AGI argument');
  }
}

/** Quotes `value` only when res_agi would otherwise split or unescape it. */
export function agiArg(value: string | number): string {
  const text = String(value);
  assertSafe(text);
  return text === '' || /[\s"\\]/.test(text) ? quote(text) : text;
}

/**
 * Always quotes. Used where the captured exchange does (the value of SET
 * VARIABLE, the message of VERBOSE), so the wire text matches the capture.
 */
export function agiQuoted(value: string | number): string {
  const text = String(value);
  assertSafe(text);
  return quote(text);
}

function quote(text: string): string {
  return `"${text.replace(/["\\]/g, '\\$&')}"`;
}
