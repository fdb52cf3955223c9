/**
 * Per-node statistics for the supervisor (IVR-1): from counts of recorded
 * path events, how many calls reached each node, how many hung up there,
 * which digits were chosen, where calls left the IVR and what went wrong.
 */
import type { PathEvent } from './flow.step.ts';

/** Recorded path events of one node, grouped by event and detail. */
export interface PathEventCount {
  readonly nodeId: string;
  readonly nodeType: string;
  readonly event: PathEvent;
  readonly detail: string | null;
  /** How many times it was recorded. */
  readonly count: number;
  /** How many distinct calls recorded it. */
  readonly calls: number;
}

/** A detail (digit, exit, error reason) and how often it occurred. */
export interface DetailCount {
  readonly detail: string;
  readonly count: number;
}

/** What happened at one node. */
export interface NodeStats {
  readonly nodeId: string;
  readonly nodeType: string;
  /** Calls that entered the node at least once. */
  readonly calls: number;
  /** Entries, re-entries included (a caller who goes back to a menu counts again). */
  readonly entries: number;
  /** Callers who hung up while at this node. */
  readonly hangups: number;
  readonly invalid: number;
  readonly timeouts: number;
  /** Menu digits chosen. */
  readonly digits: readonly DetailCount[];
  /** How calls left the IVR here (to-queue, hangup...). */
  readonly exits: readonly DetailCount[];
  /** Errors by reason (lookup failures, missing prompts, unknown schedules...). */
  readonly errors: readonly DetailCount[];
  /** Every other event (period, branch, language...), as `event: detail`. */
  readonly other: readonly DetailCount[];
}

const byCount = (a: DetailCount, b: DetailCount) =>
  b.count - a.count || (a.detail < b.detail ? -1 : a.detail > b.detail ? 1 : 0);

interface Acc {
  nodeType: string;
  calls: number;
  entries: number;
  hangups: number;
  invalid: number;
  timeouts: number;
  digits: Map<string, number>;
  exits: Map<string, number>;
  errors: Map<string, number>;
  other: Map<string, number>;
}

const bump = (map: Map<string, number>, key: string, n: number) =>
  map.set(key, (map.get(key) ?? 0) + n);

function fold(acc: Acc, row: PathEventCount): void {
  const detail = row.detail ?? '';
  switch (row.event) {
    case 'enter':
      acc.calls += row.calls;
      acc.entries += row.count;
      return;
    case 'hangup':
      acc.hangups += row.count;
      return;
    case 'invalid':
      acc.invalid += row.count;
      return;
    case 'timeout':
      acc.timeouts += row.count;
      return;
    case 'digits':
      bump(acc.digits, detail, row.count);
      return;
    case 'exit':
      bump(acc.exits, detail, row.count);
      return;
    case 'error':
    case 'lookup-error':
      bump(acc.errors, detail === '' ? row.event : detail, row.count);
      return;
    default:
      bump(acc.other, detail === '' ? row.event : `${row.event}: ${detail}`, row.count);
  }
}

const list = (map: Map<string, number>): DetailCount[] =>
  [...map].map(([detail, count]) => ({ detail, count })).sort(byCount);

/**
 * Folds grouped counts into one entry per node, ordered by calls reached
 * (most first), then node id. Rows of one node must all carry the same
 * node type; the first one seen wins.
 */
export function nodeStats(rows: readonly PathEventCount[]): NodeStats[] {
  const nodes = new Map<string, Acc>();
  for (const row of rows) {
    let acc = nodes.get(row.nodeId);
    if (acc === undefined) {
      acc = {
        nodeType: row.nodeType,
        calls: 0,
        entries: 0,
        hangups: 0,
        invalid: 0,
        timeouts: 0,
        digits: new Map(),
        exits: new Map(),
        errors: new Map(),
        other: new Map(),
      };
      nodes.set(row.nodeId, acc);
    }
    fold(acc, row);
  }
  return [...nodes]
    .map(([nodeId, a]) => ({
      nodeId,
      nodeType: a.nodeType,
      calls: a.calls,
      entries: a.entries,
      hangups: a.hangups,
      invalid: a.invalid,
      timeouts: a.timeouts,
      digits: list(a.digits),
      exits: list(a.exits),
      errors: list(a.errors),
      other: list(a.other),
    }))
    .sort((a, b) => b.calls - a.calls || (a.nodeId < b.nodeId ? -1 : 1));
}
