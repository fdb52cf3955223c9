/**
 * What flow validation reports. Codes are stable (the API and the editor
 * switch on them); the message names the node and the reason for people.
 */

/** Stable codes of flow problems. */
export type FlowIssueCode =
  | 'UNSUPPORTED_VERSION'
  | 'SCHEMA_INVALID'
  | 'BAD_NODE_ID'
  | 'UNKNOWN_NODE_TYPE'
  | 'DANGLING_EDGE'
  | 'UNREACHABLE_NODE'
  | 'LOOP_WITHOUT_INPUT'
  | 'TOO_DEEP'
  | 'MISSING_PROMPT'
  | 'UNKNOWN_LANGUAGE'
  | 'BAD_EXPRESSION'
  | 'BAD_TEMPLATE'
  | 'BAD_JSON_PATH'
  | 'BAD_URL'
  | 'BAD_REGEX'
  | 'BAD_NUMBER'
  | 'BAD_VARIABLE'
  | 'NO_TTS_ENGINE'
  | 'INCONSISTENT'
  /** A queue, schedule, mailbox, agent or flow the node names does not exist (checked at publish). */
  | 'UNKNOWN_REFERENCE';

/** One problem found in a flow document. */
export interface FlowIssue {
  readonly code: FlowIssueCode;
  /** The node concerned, or null for the document itself. */
  readonly nodeId: string | null;
  /** The field inside the node (or document), e.g. `options.1`, or null. */
  readonly field: string | null;
  /** Human text naming the node and the reason. */
  readonly message: string;
}

/** Builds an issue whose message starts with the node (or "flow") it concerns. */
export function issue(
  code: FlowIssueCode,
  nodeId: string | null,
  field: string | null,
  reason: string,
): FlowIssue {
  const where = nodeId === null ? 'flow' : `node "${nodeId}"`;
  const at = field === null ? '' : ` ${field}`;
  return { code, nodeId, field, message: `${where}${at}: ${reason}` };
}
