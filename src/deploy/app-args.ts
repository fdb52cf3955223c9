/**
 * Dialplan application arguments split as Asterisk splits them
 * (main/app.c __ast_app_separate_args): on commas, except inside double
 * quotes, parentheses or brackets.
 */
export function splitAppArgs(data: string): string[] {
  if (data === '') return [];
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  let quoted = false;
  for (const c of data) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '(' || c === '[')) depth++;
    else if (!quoted && (c === ')' || c === ']') && depth > 0) depth--;
    else if (!quoted && depth === 0 && c === ',') {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur.trim());
  return out;
}
