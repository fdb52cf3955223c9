/**
 * The JSON paths a lookup node uses to pick values out of a response:
 * `$.order.status`, `$.items[0].name`, `$['odd key']`, or the same without
 * the leading `$.`. Only own properties are read, so a path cannot reach
 * into prototypes.
 */
import type { Parsed } from './expression.lexer.ts';
import type { Value } from './vars.ts';

/** One step of a path: a property name or an array index. */
export type PathStep = string | number;

/** What reading a path found. */
export type PathRead =
  | { readonly found: true; readonly value: Value }
  | { readonly found: false; readonly reason: 'missing' | 'not-scalar' };

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*/;

/** Parses a path such as `$.a.b[0]['c d']`. */
export function parseJsonPath(source: string): Parsed<PathStep[]> {
  const steps: PathStep[] = [];
  let pos = source.startsWith('$') ? 1 : 0;
  let needDot = pos === 1;
  while (pos < source.length) {
    const read = readStep(source, pos, needDot || steps.length > 0);
    if (!read.ok) return read;
    steps.push(read.value.step);
    pos = read.value.end;
    needDot = true;
  }
  if (steps.length === 0) return { ok: false, error: { position: 0, message: 'empty JSON path' } };
  return { ok: true, value: steps };
}

function readStep(
  source: string,
  pos: number,
  dotted: boolean,
): Parsed<{ step: PathStep; end: number }> {
  const bad = (message: string): Parsed<never> => ({
    ok: false,
    error: { position: pos, message },
  });
  if (source[pos] === '[') {
    const index = /^\[(\d{1,6})\]/.exec(source.slice(pos));
    if (index) return { ok: true, value: { step: Number(index[1]), end: pos + index[0].length } };
    const quoted = /^\['([^'\\]{1,200})'\]/.exec(source.slice(pos));
    if (quoted) return { ok: true, value: { step: quoted[1]!, end: pos + quoted[0].length } };
    return bad(`bad [...] step at ${pos}`);
  }
  let at = pos;
  if (dotted) {
    if (source[at] !== '.') return bad(`expected "." or "[" at ${pos}`);
    at += 1;
  }
  const name = NAME.exec(source.slice(at, at + 200));
  if (!name) return bad(`expected a property name at ${at}`);
  return { ok: true, value: { step: name[0], end: at + name[0].length } };
}

/** Reads a scalar at `path`; null counts as missing, objects and arrays as not scalar. */
export function readJsonPath(document: unknown, path: readonly PathStep[]): PathRead {
  let current: unknown = document;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length)
        return { found: false, reason: 'missing' };
      current = current[step];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) {
        return { found: false, reason: 'missing' };
      }
      if (!Object.hasOwn(current, step)) return { found: false, reason: 'missing' };
      current = (current as Record<string, unknown>)[step];
    }
  }
  if (current === null || current === undefined) return { found: false, reason: 'missing' };
  if (typeof current === 'string' || typeof current === 'boolean')
    return { found: true, value: current };
  if (typeof current === 'number' && Number.isFinite(current))
    return { found: true, value: current };
  return { found: false, reason: 'not-scalar' };
}
