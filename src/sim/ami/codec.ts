/**
 * AMI framing: `Key: value\r\n` lines, a message ends with an empty line.
 * Asterisk accepts bare `\n` line ends from clients too (manager.c
 * get_input()), and finds headers case-insensitively, first match wins.
 */
import type { AmiFields } from './backend.ts';

/** One message as the client sent it. */
export type AmiMessage = AmiFields;

/** Serializes one message, empty line included. */
export function formatMessage(fields: AmiFields): string {
  let out = '';
  for (const [k, v] of fields) out += `${k}: ${v}\r\n`;
  return `${out}\r\n`;
}

/** First value of header `name` (any case); '' when absent, like astman_get_header(). */
export function header(msg: AmiMessage, name: string, skipEmpty = false): string {
  const lower = name.toLowerCase();
  for (const [k, v] of msg) {
    if (k.toLowerCase() === lower && (!skipEmpty || v !== '')) return v;
  }
  return '';
}

/** Every value of a repeatable header (`Variable:`). */
export function headers(msg: AmiMessage, name: string): string[] {
  const lower = name.toLowerCase();
  return msg.filter(([k]) => k.toLowerCase() === lower).map(([, v]) => v);
}

/** Splits `Key: value`; a line without a colon is kept with an empty value. */
function parseLine(line: string): [string, string] {
  const colon = line.indexOf(':');
  if (colon < 0) return [line.trim(), ''];
  // Asterisk skips the blanks after the colon (ast_skip_blanks).
  return [line.slice(0, colon).trim(), line.slice(colon + 1).replace(/^[ \t]+/, '')];
}

/** Incremental parser for what a client writes. */
export class AmiMessageReader {
  private buffer = '';
  private current: AmiFields = [];

  /** Feeds received text; returns the messages it completed. */
  feed(chunk: string): AmiMessage[] {
    this.buffer += chunk;
    const done: AmiMessage[] = [];
    for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (line === '') {
        // An empty line with nothing before it still "ends" a message:
        // Asterisk answers it with "Missing action in request".
        done.push(this.current);
        this.current = [];
      } else {
        this.current.push(parseLine(line));
      }
    }
    return done;
  }
}
