/**
 * The IVR interpreter (IVR-1): a pure reducer. Given a prepared flow, the
 * call's cursor and the result of the last action, it returns the next
 * action, the new cursor and the path entries to record. Nodes that need
 * nothing from the call (set, branch, schedule, firewall pass...) are run
 * through in the same step. A hang-up at any point ends the step cleanly
 * and is recorded at the node where it happened.
 */
import {
  enterBranch,
  enterFirewall,
  enterPlay,
  enterSay,
  enterSchedule,
  enterSet,
  enterTerminal,
  resumeSpoken,
} from './flow.nodes-basic.ts';
import { enterChoice, enterCollect, resumeChoice, resumeCollect } from './flow.nodes-input.ts';
import {
  enterLookup,
  enterVoicemail,
  resumeLookup,
  resumeVoicemail,
  save,
} from './flow.nodes-io.ts';
import { go, type NodeEnv, type Note, note, type Outcome } from './flow.outcome.ts';
import type { PreparedFlow } from './flow.prepared.ts';
import type { FlowNode } from './flow.schema.ts';
import {
  type Action,
  type Cursor,
  type Input,
  isTerminal,
  type PathEntry,
  type RunContext,
  type Step,
} from './flow.step.ts';
import { BUILTIN_VARS, type Vars } from './vars.ts';

export type { Action, Cursor, Input, PathEntry, RunContext, Step } from './flow.step.ts';

/**
 * Most nodes run through in one step without waiting for the caller.
 * Validation rejects loops of such nodes; this bound guards flows built
 * without it so a bad document ends the call instead of spinning.
 */
export const MAX_NODES_PER_STEP = 1000;

/** The cursor of a call that has not started the flow yet; built-in variables filled from the context. */
export function initialCursor(flow: PreparedFlow, ctx: RunContext, vars: Vars = {}): Cursor {
  return {
    flowId: flow.doc.id,
    nodeId: null,
    phase: 'start',
    invalid: 0,
    timeouts: 0,
    vars: {
      [BUILTIN_VARS.language]: flow.doc.language,
      [BUILTIN_VARS.callerNumber]: ctx.callerNumber,
      [BUILTIN_VARS.dialedNumber]: ctx.dialedNumber,
      ...vars,
    },
    voicemail: null,
    hungUp: false,
  };
}

/**
 * Starts a call in `flow`, at its start node or at `atNode` (a goto from
 * another flow); `vars` carries variables over.
 */
export function begin(
  flow: PreparedFlow,
  ctx: RunContext,
  now: number,
  vars: Vars = {},
  atNode?: string,
): Step {
  const cursor = initialCursor(flow, ctx, vars);
  const path = new PathLog(flow.doc.id, now);
  return run({ flow, cursor, now, ctx }, atNode ?? flow.doc.start, cursor.vars, path);
}

/** One step: the result of the last action in, the next action out. */
export function next(
  flow: PreparedFlow,
  cursor: Cursor,
  input: Input,
  now: number,
  ctx: RunContext,
): Step {
  if (cursor.phase === 'ended')
    return { action: { type: 'end', reason: 'already-ended' }, cursor, path: [] };
  const env: NodeEnv = { flow, cursor, now, ctx };
  const path = new PathLog(flow.doc.id, now);
  if (cursor.nodeId === null || cursor.phase === 'start') {
    if (input.type === 'hangup') return ended(cursor, path);
    return run(env, flow.doc.start, cursor.vars, path);
  }
  const id = cursor.nodeId;
  const node = nodeAt(flow, id);
  if (node === undefined) return missingNode(env, id, path);
  if (input.type === 'hangup') {
    path.add(id, node.type, [note('hangup')]);
    if (cursor.phase === 'callback' && cursor.voicemail !== null) {
      return stop(env, id, node, save(cursor.voicemail, cursor.vars, true), path);
    }
    return ended({ ...cursor, hungUp: true }, path);
  }
  return settle(env, id, node, resume(node, input, env), path);
}

/** True when the flow has a node with this id (own property, never the prototype). */
function nodeAt(flow: PreparedFlow, id: string): FlowNode | undefined {
  return Object.hasOwn(flow.doc.nodes, id) ? flow.doc.nodes[id] : undefined;
}

/** Collects path entries for one step. */
class PathLog {
  readonly entries: PathEntry[] = [];
  constructor(
    private readonly flowId: string,
    private readonly at: number,
  ) {}

  add(nodeId: string, nodeType: string, notes: readonly Note[]): void {
    for (const n of notes) {
      this.entries.push({
        at: this.at,
        flowId: this.flowId,
        nodeId,
        nodeType,
        event: n.event,
        detail: n.detail,
      });
    }
  }
}

function settle(env: NodeEnv, id: string, node: FlowNode, outcome: Outcome, path: PathLog): Step {
  if (outcome.kind === 'act') return stop(env, id, node, outcome, path);
  path.add(id, node.type, outcome.notes);
  return run(env, outcome.to, outcome.vars, path);
}

/** Enters nodes one after another until one needs the runner. */
function run(env: NodeEnv, first: string, firstVars: Vars, path: PathLog): Step {
  let id = first;
  let vars = firstVars;
  for (let hops = 0; hops < MAX_NODES_PER_STEP; hops += 1) {
    const node = nodeAt(env.flow, id);
    const cursor: Cursor = {
      ...env.cursor,
      nodeId: id,
      phase: 'await',
      invalid: 0,
      timeouts: 0,
      vars,
      voicemail: null,
    };
    const here = { ...env, cursor };
    if (node === undefined) return missingNode(here, id, path);
    path.add(id, node.type, [note('enter')]);
    const outcome = enter(node, here);
    if (outcome.kind === 'act') return stop(here, id, node, outcome, path);
    path.add(id, node.type, outcome.notes);
    id = outcome.to;
    vars = outcome.vars;
  }
  return fatal(env, id, 'LOOP_LIMIT', path);
}

/** Builds the step for an `act` outcome; terminal actions end the cursor. */
function stop(env: NodeEnv, id: string, node: FlowNode, outcome: Outcome, path: PathLog): Step {
  if (outcome.kind !== 'act') return settle(env, id, node, outcome, path);
  path.add(id, node.type, outcome.notes);
  const terminal = isTerminal(outcome.action);
  if (terminal && outcome.action.type !== 'end')
    path.add(id, node.type, [note('exit', outcome.action.type)]);
  const cursor: Cursor = {
    ...env.cursor,
    ...outcome.state,
    nodeId: id,
    vars: outcome.vars,
    phase: terminal ? 'ended' : (outcome.state?.phase ?? 'await'),
  };
  return { action: outcome.action, cursor, path: path.entries };
}

function ended(cursor: Cursor, path: PathLog): Step {
  const action: Action = { type: 'end', reason: 'caller-hangup' };
  return { action, cursor: { ...cursor, phase: 'ended', hungUp: true }, path: path.entries };
}

function missingNode(env: NodeEnv, id: string, path: PathLog): Step {
  return fatal(env, id, 'NODE_NOT_FOUND', path);
}

/** A flow that cannot go on: record why and hang up rather than leave the caller in silence. */
function fatal(env: NodeEnv, id: string, reason: string, path: PathLog): Step {
  const nodeType = nodeAt(env.flow, id)?.type ?? 'unknown';
  path.add(id, nodeType, [note('error', reason), note('exit', 'hangup')]);
  const action: Action = { type: 'hangup', cause: null, prompt: null };
  return { action, cursor: { ...env.cursor, nodeId: id, phase: 'ended' }, path: path.entries };
}

function enter(node: FlowNode, env: NodeEnv): Outcome {
  switch (node.type) {
    case 'play':
      return enterPlay(node, env);
    case 'menu':
    case 'language':
      return enterChoice(node, env);
    case 'collect':
      return enterCollect(node, env);
    case 'branch':
      return enterBranch(node, env);
    case 'set':
      return enterSet(node, env);
    case 'lookup':
      return enterLookup(node, env);
    case 'say':
      return enterSay(node, env);
    case 'schedule':
      return enterSchedule(node, env);
    case 'firewall':
      return enterFirewall(node, env);
    case 'voicemail':
      return enterVoicemail(node, env);
    case 'queue':
    case 'agent':
    case 'external':
    case 'hangup':
    case 'goto':
      return enterTerminal(node, env);
  }
}

function resume(node: FlowNode, input: Input, env: NodeEnv): Outcome {
  switch (node.type) {
    case 'play':
      return resumeSpoken(node.next, input, env);
    case 'say':
      return resumeSpoken(node.next, input, env, node.onError);
    case 'menu':
    case 'language':
      return resumeChoice(node, input, env);
    case 'collect':
      return resumeCollect(node, input, env);
    case 'lookup':
      return resumeLookup(node, input, env);
    case 'voicemail':
      return resumeVoicemail(node, input, env);
    case 'set':
      return go(node.next, env.cursor.vars);
    default:
      // Nodes that never wait (branch, schedule...) or already ended: re-enter to recover.
      return enter(node, env);
  }
}
