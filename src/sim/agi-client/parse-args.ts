/**
 * Splits one AGI command line into words as res_agi's parse_args() does:
 * whitespace separates words unless quoted; `"` toggles quoting and is
 * dropped; `""` is an empty word; a backslash makes the next character
 * literal.
 */
export function parseAgiArgs(line: string): string[] {
  const argv: string[] = [];
  let cur: string | undefined;
  let quoted = false;
  let escaped = false;
  for (const c of line) {
    if (c === '"' && !escaped) {
      quoted = !quoted;
      // Opening a quote after whitespace starts a (possibly empty) word.
      if (quoted && cur === undefined) cur = '';
      continue;
    }
    if ((c === ' ' || c === '\t') && !quoted && !escaped) {
      if (cur !== undefined) argv.push(cur);
      cur = undefined;
      continue;
    }
    if (c === '\\' && !escaped) {
      escaped = true;
      continue;
    }
    cur = (cur ?? '') + c;
    escaped = false;
  }
  if (cur !== undefined) argv.push(cur);
  return argv;
}
