/**
 * Caller id strings as ast_callerid_parse reads them: `"Name" <number>`,
 * `Name <number>`, `<number>`, or a bare number (or bare name).
 */

/** Parsed caller id; either part may be missing. */
export interface ParsedCallerId {
  name?: string;
  number?: string;
}

/** Parses a caller id string; the number is shrunk like ast_shrink_phone_number. */
export function parseCallerId(input: string): ParsedCallerId {
  const s = input.trim();
  const m = /^(.*?)\s*<([^>]*)>\s*$/.exec(s);
  if (m) {
    const name = (m[1] ?? '').trim().replace(/^"(.*)"$/, '$1');
    const number = shrink(m[2] ?? '');
    return { ...(name ? { name } : {}), ...(number ? { number } : {}) };
  }
  if (/^[0-9+*#()\-. ]+$/.test(s)) return { number: shrink(s) };
  const name = s.replace(/^"(.*)"$/, '$1');
  return name ? { name } : {};
}

function shrink(n: string): string {
  return /^[0-9+*#()\-. ]+$/.test(n) ? n.replace(/[()\-. ]/g, '') : n;
}
