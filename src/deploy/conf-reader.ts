/**
 * A reader for Asterisk's `.conf` format (main/config.c), enough to lint the
 * files we ship: `[section]` with template flags `(!)` and parents
 * `(tmpl,...)`, `key = value` and `key => value`, `;` comments with `\;`
 * escapes, `;-- ... --;` block comments, and `#include` / `#tryinclude`
 * (resolved by the caller, which knows the directory). Every line keeps its
 * file and number so a problem points at it.
 */

/** Where a line came from. */
export interface ConfLocation {
  readonly file: string;
  readonly line: number;
}

/** `key = value` or `key => value` inside a section. */
export interface ConfEntry extends ConfLocation {
  readonly key: string;
  readonly value: string;
}

/** One `[name]` (or `[name](!,parent)`) and its entries. */
export interface ConfSection extends ConfLocation {
  readonly name: string;
  /** `(!)`: a template, never used on its own. */
  readonly template: boolean;
  /** Templates this section inherits from, in order. */
  readonly parents: readonly string[];
  readonly entries: ConfEntry[];
}

/** `#include` or `#tryinclude` (a missing file is not an error for the latter). */
export interface ConfInclude extends ConfLocation {
  readonly target: string;
  readonly optional: boolean;
}

/** A line the reader could not make sense of. */
export interface ConfSyntaxError extends ConfLocation {
  readonly message: string;
}

/** One file, read. */
export interface ConfDocument {
  readonly file: string;
  readonly sections: ConfSection[];
  readonly includes: ConfInclude[];
  readonly errors: ConfSyntaxError[];
}

/** Removes comments from one line; keeps `\;` as `;`. Tracks block comments across lines. */
function stripComment(line: string, state: { inBlock: boolean }): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    if (state.inBlock) {
      if (line.startsWith('--;', i)) {
        state.inBlock = false;
        i += 2;
      }
      continue;
    }
    const c = line[i];
    if (c === '\\' && line[i + 1] === ';') {
      out += ';';
      i++;
    } else if (line.startsWith(';--', i)) {
      state.inBlock = true;
      i += 2;
    } else if (c === ';') {
      break;
    } else {
      out += c;
    }
  }
  return out.trim();
}

function parseSectionHeader(text: string): { name: string; options: string[] } | undefined {
  const m = /^\[([^\]]+)\]\s*(?:\(([^)]*)\))?$/.exec(text);
  if (!m) return undefined;
  const options = (m[2] ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  return { name: (m[1] as string).trim(), options };
}

/** Reads one file's text. Includes are listed, not followed. */
export function readConf(file: string, text: string): ConfDocument {
  const doc: ConfDocument = { file, sections: [], includes: [], errors: [] };
  const state = { inBlock: false };
  let current: ConfSection | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const body = stripComment(raw, state);
    if (body === '') return;
    if (body.startsWith('#')) {
      const m = /^#(include|tryinclude)\s+"?([^"]+?)"?$/.exec(body);
      if (m)
        doc.includes.push({ file, line, target: m[2] as string, optional: m[1] === 'tryinclude' });
      else doc.errors.push({ file, line, message: `unsupported directive: ${body}` });
      return;
    }
    if (body.startsWith('[')) {
      const header = parseSectionHeader(body);
      if (!header) {
        doc.errors.push({ file, line, message: `bad section header: ${body}` });
        return;
      }
      current = {
        file,
        line,
        name: header.name,
        template: header.options.includes('!'),
        parents: header.options.filter((o) => o !== '!' && o !== '+'),
        entries: [],
      };
      doc.sections.push(current);
      return;
    }
    const kv = /^([^=]+?)\s*=>?\s*(.*)$/.exec(body);
    if (!kv) {
      doc.errors.push({ file, line, message: `not "key = value": ${body}` });
      return;
    }
    if (!current) {
      doc.errors.push({ file, line, message: `${kv[1]} outside any [section]` });
      return;
    }
    current.entries.push({ file, line, key: (kv[1] as string).trim(), value: kv[2] as string });
  });
  return doc;
}

/** The last value of `key` in a section (later lines win, as Asterisk reads most options). */
export function lastValue(section: ConfSection, key: string): string | undefined {
  const lower = key.toLowerCase();
  let found: string | undefined;
  for (const e of section.entries) if (e.key.toLowerCase() === lower) found = e.value.trim();
  return found;
}

/** Every value of `key` in a section, in order (`require = a`, `require = b`). */
export function valuesOf(section: ConfSection, key: string): ConfEntry[] {
  const lower = key.toLowerCase();
  return section.entries.filter((e) => e.key.toLowerCase() === lower);
}

/**
 * A section's own value for `key`, else its parents' (depth first, last
 * parent wins as in Asterisk's template inheritance), else undefined.
 */
export function inheritedValue(
  section: ConfSection,
  key: string,
  byName: (name: string) => ConfSection | undefined,
  seen: Set<string> = new Set(),
): string | undefined {
  const own = lastValue(section, key);
  if (own !== undefined) return own;
  let found: string | undefined;
  for (const parentName of section.parents) {
    if (seen.has(parentName)) continue;
    seen.add(parentName);
    const parent = byName(parentName);
    const value = parent ? inheritedValue(parent, key, byName, seen) : undefined;
    if (value !== undefined) found = value;
  }
  return found;
}
