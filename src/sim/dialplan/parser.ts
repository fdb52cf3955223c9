/**
 * extensions.conf reader. Supports what callwright's dialplan and a
 * hand-written test dialplan use: `[context]`, `[general]`, `[globals]`,
 * `exten => pattern,priority(label),App(args)`, `same => n,...`, numeric and
 * `n` priorities, `include => ctx`, `;` comments with `\;` escapes, `;-- --;`
 * block comments, and `#include file` from the same directory (inlined where
 * it stands, as Asterisk's config loader does). Every problem is a
 * DialplanParseError naming file:line.
 */
import { DialplanParseError } from './errors.ts';
import { KNOWN_FUNCTIONS } from './functions.ts';
import type { Context, DialplanConfig, DialplanFile, Extension } from './model.ts';
import { compilePattern, isPattern } from './pattern.ts';

interface ParseState {
  files: ReadonlyMap<string, string>;
  config: DialplanConfig;
  /** Raw `[globals]` lines, substituted once everything is read. */
  rawGlobals: Array<[string, string]>;
  section: { kind: 'general' | 'globals' | 'context'; ctx?: Context } | undefined;
  lastExten: Extension | undefined;
  /** Files being inlined, to catch `#include` loops. */
  stack: string[];
  inBlockComment: boolean;
}

/** Removes comments from one line; keeps `\;` as a literal `;`. */
function stripComments(line: string, st: ParseState): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    if (st.inBlockComment) {
      if (line.startsWith('--;', i)) {
        st.inBlockComment = false;
        i += 2;
      }
      continue;
    }
    const c = line[i];
    if (c === '\\' && line[i + 1] === ';') {
      out += ';';
      i++;
    } else if (line.startsWith(';--', i)) {
      st.inBlockComment = true;
      i += 2;
    } else if (c === ';') {
      break;
    } else {
      out += c;
    }
  }
  return out.trim();
}

/** Names the files that `#include` pulls in, so they are not read twice as roots. */
function includedNames(files: readonly DialplanFile[]): Set<string> {
  const names = new Set<string>();
  for (const f of files) {
    for (const m of f.text.matchAll(/^\s*#include\s+"?([^"\s]+)"?/gm)) names.add(m[1] as string);
  }
  return names;
}

/** Parses a set of dialplan files; the roots are those no other file includes. */
export function parseDialplan(files: readonly DialplanFile[]): {
  config: DialplanConfig;
  rawGlobals: Array<[string, string]>;
} {
  const st: ParseState = {
    files: new Map(files.map((f) => [f.name, f.text])),
    config: { contexts: new Map(), globals: new Map() },
    rawGlobals: [],
    section: undefined,
    lastExten: undefined,
    stack: [],
    inBlockComment: false,
  };
  const included = includedNames(files);
  for (const f of files) {
    if (included.has(f.name)) continue;
    st.section = undefined;
    st.lastExten = undefined;
    parseFile(st, f.name);
  }
  return { config: st.config, rawGlobals: st.rawGlobals };
}

function parseFile(st: ParseState, name: string): void {
  const text = st.files.get(name);
  if (text === undefined) throw new Error(`no dialplan file ${name}`);
  st.stack.push(name);
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, idx) => {
    const line = stripComments(raw, st);
    if (line !== '') parseLine(st, line, name, idx + 1);
  });
  st.stack.pop();
}

function parseLine(st: ParseState, line: string, file: string, lineNo: number): void {
  if (line.startsWith('#')) {
    parseDirective(st, line, file, lineNo);
    return;
  }
  const section = /^\[([^\]]+)\](\(.*\))?$/.exec(line);
  if (section) {
    openSection(st, (section[1] as string).trim(), file, lineNo);
    return;
  }
  const kv = /^([A-Za-z_][\w-]*)\s*=>?\s*(.*)$/.exec(line);
  if (!kv) throw new DialplanParseError(file, lineNo, `cannot parse line: ${line}`);
  const [, key, value] = kv as unknown as [string, string, string];
  const sec = st.section;
  if (!sec) throw new DialplanParseError(file, lineNo, `${key} outside any [section]`);
  if (sec.kind === 'globals') st.rawGlobals.push([key, value]);
  else if (sec.kind === 'context')
    parseContextLine(st, sec.ctx as Context, key, value, file, lineNo);
}

function parseContextLine(
  st: ParseState,
  ctx: Context,
  key: string,
  value: string,
  file: string,
  lineNo: number,
): void {
  switch (key.toLowerCase()) {
    case 'exten':
      parseExten(st, ctx, value, file, lineNo);
      break;
    case 'same':
      parseSame(st, value, file, lineNo);
      break;
    case 'include':
      ctx.includes.push({ name: value.trim(), file, line: lineNo });
      break;
    case 'ignorepat':
      break;
    default:
      throw new DialplanParseError(file, lineNo, `unsupported directive '${key}' in [${ctx.name}]`);
  }
}

function parseDirective(st: ParseState, line: string, file: string, lineNo: number): void {
  const m = /^#include\s+"?([^"\s]+)"?\s*$/.exec(line);
  if (!m) throw new DialplanParseError(file, lineNo, `unsupported directive: ${line}`);
  const target = m[1] as string;
  if (!st.files.has(target))
    throw new DialplanParseError(file, lineNo, `#include ${target}: no such file beside ${file}`);
  if (st.stack.includes(target))
    throw new DialplanParseError(file, lineNo, `#include ${target}: include loop`);
  parseFile(st, target);
}

function openSection(st: ParseState, name: string, file: string, lineNo: number): void {
  st.lastExten = undefined;
  if (name === 'general') {
    st.section = { kind: 'general' };
    return;
  }
  if (name === 'globals') {
    st.section = { kind: 'globals' };
    return;
  }
  // A context may be reopened further down (Asterisk merges them).
  let ctx = st.config.contexts.get(name);
  if (!ctx) {
    ctx = { name, extensions: new Map(), includes: [], file, line: lineNo };
    st.config.contexts.set(name, ctx);
  }
  st.section = { kind: 'context', ctx };
}

/** Splits off the first comma-separated field. */
function field(text: string): [string, string | undefined] {
  const i = text.indexOf(',');
  return i < 0 ? [text.trim(), undefined] : [text.slice(0, i).trim(), text.slice(i + 1)];
}

function parseExten(
  st: ParseState,
  ctx: Context,
  value: string,
  file: string,
  lineNo: number,
): void {
  const [pattern, rest] = field(value);
  if (pattern === '' || rest === undefined) {
    throw new DialplanParseError(file, lineNo, 'exten needs pattern,priority,application');
  }
  if (isPattern(pattern)) {
    try {
      compilePattern(pattern);
    } catch (e) {
      throw new DialplanParseError(file, lineNo, (e as Error).message);
    }
  }
  let ext = ctx.extensions.get(pattern);
  if (!ext) {
    ext = {
      pattern,
      isPattern: isPattern(pattern),
      steps: new Map(),
      labels: new Map(),
      lastPriority: 0,
    };
    ctx.extensions.set(pattern, ext);
  }
  st.lastExten = ext;
  addStep(ext, rest, file, lineNo);
}

function parseSame(st: ParseState, value: string, file: string, lineNo: number): void {
  if (!st.lastExten)
    throw new DialplanParseError(file, lineNo, "'same =>' without a preceding 'exten =>'");
  addStep(st.lastExten, value, file, lineNo);
}

/** Parses `priority[(label)]` into a number, or undefined for hints (not executed). */
function parsePriority(
  ext: Extension,
  spec: string,
  fail: (p: string) => Error,
): { priority: number; label?: string } | undefined {
  const pm = /^(\d+|n|hint)(?:\(([A-Za-z0-9_-]+)\))?$/.exec(spec);
  if (!pm) throw fail(`bad priority '${spec}'`);
  if (pm[1] === 'hint') return undefined;
  if (pm[1] === 'n' && ext.lastPriority === 0)
    throw fail(`'n' priority before priority 1 of ${ext.pattern}`);
  const priority = pm[1] === 'n' ? ext.lastPriority + 1 : Number(pm[1]);
  if (priority < 1) throw fail(`priority must be 1 or more, got ${spec}`);
  if (ext.steps.has(priority))
    throw fail(`duplicate priority ${priority} for extension ${ext.pattern}`);
  const label = pm[2];
  if (label && ext.labels.has(label)) throw fail(`duplicate label ${label} in ${ext.pattern}`);
  return label ? { priority, label } : { priority };
}

function addStep(ext: Extension, spec: string, file: string, lineNo: number): void {
  const fail = (problem: string): Error => new DialplanParseError(file, lineNo, problem);
  const [prioSpec, appSpec] = field(spec);
  const prio = parsePriority(ext, prioSpec, fail);
  if (!prio) return;
  if (appSpec === undefined) throw fail('missing application');
  const app = parseApp(appSpec, fail);
  checkFunctions(app.data, fail);
  ext.steps.set(prio.priority, { ...prio, app: app.name, appData: app.data, file, line: lineNo });
  if (prio.label) ext.labels.set(prio.label, prio.priority);
  ext.lastPriority = Math.max(ext.lastPriority, prio.priority);
}

function parseApp(spec: string, fail: (p: string) => Error): { name: string; data: string } {
  const text = spec.trim();
  const open = text.indexOf('(');
  const name = (open < 0 ? text : text.slice(0, open)).trim();
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw fail(`bad application name '${name}'`);
  if (open < 0) return { name, data: '' };
  if (!text.endsWith(')')) throw fail(`missing ')' after ${name}(`);
  return { name, data: text.slice(open + 1, -1) };
}

/** Rejects `${FUNC(` with a function the simulator does not implement. */
function checkFunctions(data: string, fail: (p: string) => Error): void {
  for (const m of data.matchAll(/\$\{([A-Za-z0-9_]+)\(/g)) {
    const fn = (m[1] as string).toUpperCase();
    if (!KNOWN_FUNCTIONS.has(fn)) throw fail(`unknown dialplan function ${m[1]}()`);
  }
}
