/**
 * Validation of a flow document (IVR-1). Every problem is reported at once,
 * each naming its node and reason: schema errors per node, unknown node
 * types, dangling edges, loops that never wait for the caller, depth over
 * 100 levels (see flow.graph.ts for the rule), missing prompts and prompts
 * in languages the flow does not define. Unreachable nodes are warnings.
 * A valid document comes back prepared for the interpreter.
 */
import type { z } from 'zod';
import { type CheckScope, checkNode } from './flow.checks.ts';
import {
  edgesOf,
  levels,
  MAX_FLOW_DEPTH,
  rawEdgesOf,
  reachableFrom,
  tightLoops,
} from './flow.graph.ts';
import { type FlowIssue, issue } from './flow.issues.ts';
import { emptyParts, type PreparedFlow } from './flow.prepared.ts';
import {
  FLOW_SCHEMA_VERSION,
  type Flow,
  type FlowNode,
  flowEnvelopeSchema,
  NODE_TYPES,
  nodeSchema,
} from './flow.schema.ts';
import { MISSING_PROMPT_MESSAGE, NODE_ID } from './flow.schema-parts.ts';

export type { FlowIssue, FlowIssueCode } from './flow.issues.ts';

/** Outcome of validating a flow document. */
export interface FlowValidation {
  readonly ok: boolean;
  readonly errors: readonly FlowIssue[];
  readonly warnings: readonly FlowIssue[];
  /** The deepest menu level found (0 when it cannot be computed). */
  readonly depth: number;
  /** Present when `ok`: the flow ready to run. */
  readonly flow?: PreparedFlow;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates `doc` (parsed JSON) and returns every error and warning. */
export function validateFlow(doc: unknown): FlowValidation {
  if (!isRecord(doc))
    return failed([issue('SCHEMA_INVALID', null, null, 'a flow is a JSON object')]);
  if (doc.schemaVersion !== FLOW_SCHEMA_VERSION) {
    const reason = `schemaVersion ${JSON.stringify(doc.schemaVersion)} is not supported (expected ${FLOW_SCHEMA_VERSION})`;
    return failed([issue('UNSUPPORTED_VERSION', null, 'schemaVersion', reason)]);
  }
  const errors: FlowIssue[] = [];
  const envelope = flowEnvelopeSchema.safeParse(doc);
  if (!envelope.success) errors.push(...zodIssues(null, envelope.error));
  const scope = scopeOf(doc, errors);
  const rawNodes = isRecord(doc.nodes) ? doc.nodes : {};
  const parts = emptyParts();
  const nodes = parseNodes(rawNodes, scope, parts, errors);
  const start = typeof doc.start === 'string' ? doc.start : '';
  const graph = checkGraph(start, rawNodes, nodes, errors);
  if (errors.length > 0 || !envelope.success)
    return { ok: false, errors, warnings: graph.warnings, depth: graph.depth };
  const flowDoc: Flow = {
    ...envelope.data,
    languages: scope.languages,
    nodes: Object.fromEntries(nodes),
  };
  return {
    ok: true,
    errors,
    warnings: graph.warnings,
    depth: graph.depth,
    flow: { doc: flowDoc, ...parts },
  };
}

function failed(errors: FlowIssue[]): FlowValidation {
  return { ok: false, errors, warnings: [], depth: 0 };
}

function zodIssues(nodeId: string | null, error: z.ZodError): FlowIssue[] {
  return error.issues.map((i) => {
    const field = i.path.length > 0 ? i.path.map(String).join('.') : null;
    const code = i.message === MISSING_PROMPT_MESSAGE ? 'MISSING_PROMPT' : 'SCHEMA_INVALID';
    return issue(code, nodeId, field, i.message);
  });
}

/** Languages of the flow, read leniently so node checks still run when the envelope is broken. */
function scopeOf(doc: Record<string, unknown>, errors: FlowIssue[]): CheckScope {
  const language = typeof doc.language === 'string' ? doc.language : 'en';
  const listed = Array.isArray(doc.languages)
    ? doc.languages.filter((l) => typeof l === 'string')
    : [language];
  const languages = [...new Set(listed)];
  if (!languages.includes(language)) {
    errors.push(
      issue(
        'UNKNOWN_LANGUAGE',
        null,
        'language',
        `default language "${language}" is not in languages`,
      ),
    );
  }
  const ttsEngine = typeof doc.ttsEngine === 'string' ? doc.ttsEngine : undefined;
  return { language, languages, ttsEngine };
}

function parseNodes(
  raw: Record<string, unknown>,
  scope: CheckScope,
  parts: ReturnType<typeof emptyParts>,
  errors: FlowIssue[],
): Map<string, FlowNode> {
  const nodes = new Map<string, FlowNode>();
  for (const [id, value] of Object.entries(raw)) {
    if (!NODE_ID.test(id))
      errors.push(issue('BAD_NODE_ID', id, null, 'a node id is 1-64 letters, digits or _ . : -'));
    const type = isRecord(value) ? value.type : undefined;
    if (!NODE_TYPES.includes(type as FlowNode['type'])) {
      const reason = `unknown node type ${JSON.stringify(type)}; expected one of ${NODE_TYPES.join(', ')}`;
      errors.push(issue('UNKNOWN_NODE_TYPE', id, 'type', reason));
      continue;
    }
    const parsed = nodeSchema.safeParse(value);
    if (!parsed.success) {
      errors.push(...zodIssues(id, parsed.error));
      continue;
    }
    nodes.set(id, parsed.data);
    checkNode(id, parsed.data, scope, parts, errors);
  }
  return nodes;
}

/** Start and edges point at nodes, loops wait for input, depth stays within the limit. */
function checkGraph(
  start: string,
  raw: Record<string, unknown>,
  nodes: ReadonlyMap<string, FlowNode>,
  errors: FlowIssue[],
): { warnings: FlowIssue[]; depth: number } {
  const adj = checkEdges(start, raw, nodes, errors);
  for (const loop of tightLoops(nodes)) {
    const reason = `nodes ${loop.join(' -> ')} loop without waiting for the caller (add a menu or collect)`;
    errors.push(issue('LOOP_WITHOUT_INPUT', loop[0]!, null, reason));
  }
  const level = levels(start, nodes);
  const depth = Math.max(0, ...level.values());
  const tooDeep = [...level].find(([, l]) => l > MAX_FLOW_DEPTH);
  if (tooDeep) {
    const reason = `is ${tooDeep[1]} menu levels deep; a flow may be at most ${MAX_FLOW_DEPTH} levels deep`;
    errors.push(issue('TOO_DEEP', tooDeep[0], null, reason));
  }
  if (!Object.hasOwn(raw, start)) return { warnings: [], depth };
  const reached = reachableFrom(start, adj);
  const warnings = Object.keys(raw)
    .filter((id) => !reached.has(id))
    .map((id) => issue('UNREACHABLE_NODE', id, null, `cannot be reached from start "${start}"`));
  return { warnings, depth };
}

/**
 * Reports edges to missing nodes and returns the adjacency of all nodes;
 * nodes that failed the schema still contribute the edges they name, so
 * one broken node does not hide the problems (or the reachability) behind it.
 */
function checkEdges(
  start: string,
  raw: Record<string, unknown>,
  nodes: ReadonlyMap<string, FlowNode>,
  errors: FlowIssue[],
): Map<string, string[]> {
  const exists = (id: string) => Object.hasOwn(raw, id);
  if (!exists(start)) {
    errors.push(issue('DANGLING_EDGE', null, 'start', `points to missing node "${start}"`));
  }
  const adj = new Map<string, string[]>();
  for (const [id, value] of Object.entries(raw)) {
    const node = nodes.get(id);
    const edges = node ? edgesOf(id, node) : rawEdgesOf(id, value);
    for (const edge of edges) {
      if (!exists(edge.to)) {
        errors.push(issue('DANGLING_EDGE', id, edge.label, `points to missing node "${edge.to}"`));
      }
    }
    adj.set(id, edges.map((e) => e.to).filter(exists));
  }
  return adj;
}
