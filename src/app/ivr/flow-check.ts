/**
 * Validates a flow document for a business line: the document rules
 * (flow.validate.ts) and, when those pass, that every queue, schedule,
 * mailbox, agent and flow it names exists in that line. Publishing
 * requires a clean result; the editor shows every issue at once.
 */
import type { FlowIssue } from '../../domain/ivr/flow.issues.ts';
import type { PreparedFlow } from '../../domain/ivr/flow.prepared.ts';
import {
  type FlowReference,
  missingReferences,
  referencesOf,
} from '../../domain/ivr/flow.references.ts';
import { validateFlow } from '../../domain/ivr/flow.validate.ts';
import type { Store } from '../ports.ts';
import type { IvrStore } from './store-ports.ts';

/** The outcome of checking a document. */
export interface FlowCheck {
  readonly ok: boolean;
  readonly errors: readonly FlowIssue[];
  readonly warnings: readonly FlowIssue[];
  /** Deepest menu level. */
  readonly depth: number;
  readonly flow?: PreparedFlow;
}

async function exists(
  store: Store,
  ivr: IvrStore,
  businessLineId: string,
  ref: FlowReference,
): Promise<boolean> {
  switch (ref.kind) {
    case 'queue': {
      const byId = await store.queues.get(ref.ref);
      if (byId?.businessLineId === businessLineId) return true;
      return (await store.queues.getByName(businessLineId, ref.ref)) !== undefined;
    }
    case 'schedule':
      return (await ivr.schedules.getByKey(businessLineId, ref.ref)) !== undefined;
    case 'mailbox':
      return (await ivr.mailboxes.getByKey(businessLineId, ref.ref)) !== undefined;
    case 'agent':
      return (await store.agents.get(ref.ref))?.businessLineId === businessLineId;
    case 'flow':
      return (await ivr.flows.getByKey(ref.ref))?.businessLineId === businessLineId;
  }
}

/** Checks `document` for `businessLineId`. */
export async function checkFlow(
  deps: { store: Store; ivr: IvrStore },
  businessLineId: string,
  document: unknown,
): Promise<FlowCheck> {
  const result = validateFlow(document);
  if (!result.ok || result.flow === undefined) return result;
  const refs = referencesOf(result.flow.doc);
  const found = new Set<FlowReference>();
  for (const ref of refs) {
    if (await exists(deps.store, deps.ivr, businessLineId, ref)) found.add(ref);
  }
  const missing = missingReferences(refs, (r) => found.has(r));
  if (missing.length === 0) return result;
  return { ok: false, errors: missing, warnings: result.warnings, depth: result.depth };
}
