/**
 * Graph facts about a flow: its edges, what is reachable, loops that never
 * wait for the caller, and how many menu levels deep it goes.
 *
 * Depth rule (IVR-1 "up to 100 levels"): the level of a node is the
 * smallest number of menu and collect nodes a caller passes through, the
 * node itself included, on any path from `start`. The flow's depth is the
 * largest level of a reachable node. Taking the smallest count per node
 * means links back up the tree ("9 for the main menu") add no level, and it
 * is computable (the longest simple path is not, in general). A chain of
 * 100 menus has depth 100; one more menu makes 101.
 */
import type { FlowNode, NodeType } from './flow.schema.ts';

/** An edge `from -[label]-> to`; the label names the field, e.g. `options.1`. */
export interface Edge {
  readonly from: string;
  readonly label: string;
  readonly to: string;
}

/** Node types that wait for the caller (digits or a recording): a loop through one is not tight. */
export const WAITING_TYPES: ReadonlySet<NodeType> = new Set([
  'menu',
  'collect',
  'language',
  'voicemail',
]);

/** Node types that count as one level of depth. */
export const LEVEL_TYPES: ReadonlySet<NodeType> = new Set(['menu', 'collect']);

/** The deepest flow accepted. */
export const MAX_FLOW_DEPTH = 100;

/** The outgoing edges of one node, in a stable order. */
export function edgesOf(from: string, node: FlowNode): Edge[] {
  const e = (label: string, to: string | undefined): Edge[] =>
    to === undefined ? [] : [{ from, label, to }];
  switch (node.type) {
    case 'play':
    case 'set':
    case 'firewall':
    case 'language':
    case 'voicemail':
      return e('next', node.next);
    case 'menu':
      return [
        ...Object.entries(node.options).flatMap(([digit, to]) => e(`options.${digit}`, to)),
        ...e('onExhausted', node.onExhausted),
      ];
    case 'collect':
      return [...e('next', node.next), ...e('onInvalid', node.onInvalid)];
    case 'branch':
      return [
        ...node.conditions.flatMap((c, i) => e(`conditions[${i}]`, c.next)),
        ...e('default', node.default),
      ];
    case 'lookup':
      return [...e('next', node.next), ...e('onError', node.onError)];
    case 'say':
      return [...e('next', node.next), ...e('onError', node.onError)];
    case 'schedule':
      return Object.entries(node.periods).flatMap(([period, to]) => e(`periods.${period}`, to));
    case 'queue':
    case 'agent':
    case 'external':
    case 'hangup':
    case 'goto':
      return [];
  }
}

/** Fields that hold node ids, for nodes whose schema check failed (their edges are still checked). */
const EDGE_FIELDS = ['next', 'onExhausted', 'onInvalid', 'onError', 'default'] as const;

/** Best-effort edges of a node object that did not pass the schema. */
export function rawEdgesOf(from: string, raw: unknown): Edge[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const node = raw as Record<string, unknown>;
  const out: Edge[] = [];
  const add = (label: string, to: unknown) => {
    if (typeof to === 'string') out.push({ from, label, to });
  };
  const entries = (v: unknown) => (typeof v === 'object' && v !== null ? Object.entries(v) : []);
  if (node.type === 'menu') for (const [k, v] of entries(node.options)) add(`options.${k}`, v);
  if (Array.isArray(node.conditions)) {
    for (const [i, c] of node.conditions.entries()) {
      add(`conditions[${i}]`, (c as { next?: unknown } | null)?.next);
    }
  }
  for (const [k, v] of entries(node.periods)) add(`periods.${k}`, v);
  for (const field of EDGE_FIELDS) add(field, node[field]);
  return out;
}

/** Adjacency lists over the given nodes, keeping only edges to known nodes. */
export function adjacency(nodes: ReadonlyMap<string, FlowNode>): Map<string, string[]> {
  const adj = new Map<string, string[]>();
  for (const [id, node] of nodes) {
    adj.set(
      id,
      edgesOf(id, node)
        .map((edge) => edge.to)
        .filter((to) => nodes.has(to)),
    );
  }
  return adj;
}

/** Node ids reachable from `start`. */
export function reachableFrom(
  start: string,
  adj: ReadonlyMap<string, readonly string[]>,
): Set<string> {
  const seen = new Set<string>();
  const stack = adj.has(start) ? [start] : [];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const to of adj.get(id) ?? []) if (!seen.has(to)) stack.push(to);
  }
  return seen;
}

/**
 * Loops made only of nodes that never wait for the caller: each is a set of
 * node ids (a strongly connected component with a cycle), in document order.
 */
export function tightLoops(nodes: ReadonlyMap<string, FlowNode>): string[][] {
  const inner = new Map([...nodes].filter(([, node]) => !WAITING_TYPES.has(node.type)));
  const adj = adjacency(inner);
  const order = [...inner.keys()];
  return stronglyConnected(order, adj)
    .filter((scc) => scc.length > 1 || (adj.get(scc[0]!) ?? []).includes(scc[0]!))
    .map((scc) => order.filter((id) => scc.includes(id)));
}

/** Tarjan's algorithm, iterative so that large flows cannot overflow the stack. */
function stronglyConnected(
  order: readonly string[],
  adj: ReadonlyMap<string, readonly string[]>,
): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  const work: Array<{ id: string; next: number }> = [];
  const open = (id: string) => {
    index.set(id, index.size);
    low.set(id, index.get(id)!);
    stack.push(id);
    onStack.add(id);
    work.push({ id, next: 0 });
  };
  const lower = (id: string, value: number) => low.set(id, Math.min(low.get(id)!, value));
  for (const root of order) {
    if (!index.has(root)) open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const to = (adj.get(frame.id) ?? [])[frame.next++];
      if (to !== undefined) {
        if (!index.has(to)) open(to);
        else if (onStack.has(to)) lower(frame.id, index.get(to)!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) lower(parent.id, low.get(frame.id)!);
      if (low.get(frame.id) === index.get(frame.id))
        result.push(popComponent(frame.id, stack, onStack));
    }
  }
  return result;
}

function popComponent(rootId: string, stack: string[], onStack: Set<string>): string[] {
  const component: string[] = [];
  for (;;) {
    const id = stack.pop()!;
    onStack.delete(id);
    component.push(id);
    if (id === rootId) return component;
  }
}

/** The level of every reachable node (see the depth rule above), by 0-1 breadth-first search. */
export function levels(start: string, nodes: ReadonlyMap<string, FlowNode>): Map<string, number> {
  const adj = adjacency(nodes);
  const cost = (id: string) => (LEVEL_TYPES.has(nodes.get(id)!.type) ? 1 : 0);
  const level = new Map<string, number>();
  if (!nodes.has(start)) return level;
  level.set(start, cost(start));
  const deque: string[] = [start];
  let head = 0;
  // A double-ended queue over an array: zero-cost moves go to the front half.
  const front: string[] = [];
  while (front.length > 0 || head < deque.length) {
    const id = front.length > 0 ? front.pop()! : deque[head++]!;
    const here = level.get(id)!;
    for (const to of adj.get(id) ?? []) {
      const via = here + cost(to);
      if (via >= (level.get(to) ?? Number.POSITIVE_INFINITY)) continue;
      level.set(to, via);
      if (cost(to) === 0) front.push(to);
      else deque.push(to);
    }
  }
  return level;
}
