/**
 * Text templates: literal text with `${name}` placeholders, used by set and
 * say nodes and by lookup URLs. `$$` writes a literal `$`; a `$` not
 * followed by `{` is literal too. Only variables can be interpolated, never
 * expressions, so a template cannot compute anything.
 */
import { MAX_EXPRESSION_LENGTH, type Parsed, readVariable } from './expression.lexer.ts';
import { readVar, toText, type Vars } from './vars.ts';

/** One part of a template: literal text or a variable reference. */
export type TemplatePart = string | { readonly name: string };

/** A parsed template. */
export type Template = readonly TemplatePart[];

/** Parses a template; errors name the position of the bad placeholder. */
export function parseTemplate(source: string): Parsed<Template> {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return {
      ok: false,
      error: {
        position: MAX_EXPRESSION_LENGTH,
        message: `template longer than ${MAX_EXPRESSION_LENGTH} characters`,
      },
    };
  }
  const parts: TemplatePart[] = [];
  let text = '';
  let pos = 0;
  while (pos < source.length) {
    const ch = source[pos]!;
    if (ch === '$' && source[pos + 1] === '$') {
      text += '$';
      pos += 2;
    } else if (ch === '$' && source[pos + 1] === '{') {
      const read = readVariable(source, pos);
      if (!read.ok) return read;
      if (text) parts.push(text);
      text = '';
      const token = read.value.token;
      if (token.kind === 'var') parts.push({ name: token.name });
      pos = read.value.end;
    } else {
      text += ch;
      pos += 1;
    }
  }
  if (text) parts.push(text);
  return { ok: true, value: parts };
}

/** Renders a template; `encode` is applied to each variable's text (e.g. URL encoding). */
export function renderTemplate(
  template: Template,
  vars: Vars,
  encode: (text: string) => string = (text) => text,
): string {
  return template
    .map((part) => (typeof part === 'string' ? part : encode(toText(readVar(vars, part.name)))))
    .join('');
}

/** The variable names a template reads. */
export function templateVariables(template: Template): string[] {
  return template.flatMap((part) => (typeof part === 'string' ? [] : [part.name]));
}
