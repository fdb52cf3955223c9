/**
 * Application argument splitting, as AST_STANDARD_APP_ARGS does it
 * (main/app.c `__ast_app_separate_args` with quote removal): split on the
 * delimiter except inside double quotes, parentheses or brackets; quotes are
 * removed; a backslash takes the next character literally.
 */
export function splitAppArgs(data: string, delim = ','): string[] {
  if (data === '') return [];
  const out: string[] = [];
  let cur = '';
  let paren = 0;
  let bracket = 0;
  let quoted = false;
  for (let i = 0; i < data.length; i++) {
    const c = data[i] as string;
    if (c === '\\' && i + 1 < data.length) {
      cur += data[++i];
      continue;
    }
    if (c === '"') {
      quoted = !quoted;
      continue;
    }
    if (!quoted) {
      if (c === '(') paren++;
      else if (c === ')' && paren > 0) paren--;
      else if (c === '[') bracket++;
      else if (c === ']' && bracket > 0) bracket--;
      else if (c === delim && paren === 0 && bracket === 0) {
        out.push(cur);
        cur = '';
        continue;
      }
    }
    cur += c;
  }
  out.push(cur);
  return out;
}
