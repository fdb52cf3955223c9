/**
 * A flow that passed validation, with every expression, template, JSON
 * path and pattern parsed once. The interpreter only ever runs prepared
 * flows; a session keeps the one it started with (a published version is
 * immutable).
 */
import { type Expr, parseExpression } from './expression.ts';
import type { Flow } from './flow.schema.ts';
import { type PathStep, parseJsonPath } from './json-path.ts';
import { parseTemplate, type Template } from './template.ts';

/** A validated flow plus its parsed parts, keyed by source text. */
export interface PreparedFlow {
  readonly doc: Flow;
  readonly expressions: ReadonlyMap<string, Expr>;
  readonly templates: ReadonlyMap<string, Template>;
  readonly jsonPaths: ReadonlyMap<string, readonly PathStep[]>;
  readonly patterns: ReadonlyMap<string, RegExp>;
}

/** Mutable maps filled while checking a flow. */
export interface PreparedParts {
  readonly expressions: Map<string, Expr>;
  readonly templates: Map<string, Template>;
  readonly jsonPaths: Map<string, readonly PathStep[]>;
  readonly patterns: Map<string, RegExp>;
}

/** Empty maps to fill. */
export function emptyParts(): PreparedParts {
  return {
    expressions: new Map(),
    templates: new Map(),
    jsonPaths: new Map(),
    patterns: new Map(),
  };
}

// The lookups below fall back to parsing when a source is missing from the
// maps; validation fills them all, so the fallback only guards hand-built flows.

/** The parsed expression for `source`; throws on text validation would have rejected. */
export function expressionOf(flow: PreparedFlow, source: string): Expr {
  const known = flow.expressions.get(source);
  if (known) return known;
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(`unvalidated expression: ${parsed.error.message}`);
  return parsed.value;
}

/** The parsed template for `source`. */
export function templateOf(flow: PreparedFlow, source: string): Template {
  const known = flow.templates.get(source);
  if (known) return known;
  const parsed = parseTemplate(source);
  if (!parsed.ok) throw new Error(`unvalidated template: ${parsed.error.message}`);
  return parsed.value;
}

/** The parsed JSON path for `source`. */
export function jsonPathOf(flow: PreparedFlow, source: string): readonly PathStep[] {
  const known = flow.jsonPaths.get(source);
  if (known) return known;
  const parsed = parseJsonPath(source);
  if (!parsed.ok) throw new Error(`unvalidated JSON path: ${parsed.error.message}`);
  return parsed.value;
}

/** The compiled pattern for `source`. */
export function patternOf(flow: PreparedFlow, source: string): RegExp {
  return flow.patterns.get(source) ?? new RegExp(`^(?:${source})$`);
}
