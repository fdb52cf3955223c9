/**
 * What a flow names outside itself: queues, schedules, mailboxes, agents
 * and other flows. The document alone cannot tell whether they exist; the
 * app looks them up when a flow is validated for publishing, and this file
 * turns the missing ones into issues that name the node and the field.
 */
import { type FlowIssue, issue } from './flow.issues.ts';
import type { Flow } from './flow.schema.ts';

/** Kinds of records a node can name. */
export type ReferenceKind = 'queue' | 'schedule' | 'mailbox' | 'agent' | 'flow';

/** One name a node gives. */
export interface FlowReference {
  readonly kind: ReferenceKind;
  /** The id (or name, for queues) as written in the flow. */
  readonly ref: string;
  readonly nodeId: string;
  readonly field: string;
}

/** Every outside reference of `flow`, in document order. */
export function referencesOf(flow: Flow): FlowReference[] {
  const out: FlowReference[] = [];
  for (const [nodeId, node] of Object.entries(flow.nodes)) {
    const add = (kind: ReferenceKind, ref: string, field: string) =>
      out.push({ kind, ref, nodeId, field });
    switch (node.type) {
      case 'queue':
        add('queue', node.queueId, 'queueId');
        break;
      case 'schedule':
        add('schedule', node.scheduleId, 'scheduleId');
        break;
      case 'voicemail':
        add('mailbox', node.mailboxId, 'mailboxId');
        break;
      case 'agent':
        if (node.agentId !== undefined) add('agent', node.agentId, 'agentId');
        break;
      case 'goto':
        if (node.flowId !== flow.id) add('flow', node.flowId, 'flowId');
        break;
      default:
        break;
    }
  }
  return out;
}

const WHAT: Record<ReferenceKind, string> = {
  queue: 'queue',
  schedule: 'schedule',
  mailbox: 'mailbox',
  agent: 'agent',
  flow: 'flow',
};

/** Issues for the references `exists` says are missing. */
export function missingReferences(
  refs: readonly FlowReference[],
  exists: (ref: FlowReference) => boolean,
): FlowIssue[] {
  return refs
    .filter((r) => !exists(r))
    .map((r) =>
      issue(
        'UNKNOWN_REFERENCE',
        r.nodeId,
        r.field,
        `${WHAT[r.kind]} "${r.ref}" does not exist in this business line`,
      ),
    );
}
