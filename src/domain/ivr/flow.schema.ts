/**
 * The IVR flow document (IVR-1): a versioned, validated piece of data that
 * the interpreter runs node by node. This file holds the shape only; the
 * cross-node rules (edges, loops, depth, prompts per language) live in
 * flow.validate.ts. Node objects are strict so that a typo such as `nxet`
 * is reported instead of silently ignored; `ui` is free for the editor.
 */
import { z } from 'zod';
import {
  id,
  language,
  menuDigit,
  nodeRef,
  promptSchema,
  retries,
  timeoutS,
  ui,
  variable,
} from './flow.schema-parts.ts';

/** The document version this code reads. */
export const FLOW_SCHEMA_VERSION = 1;

/** Plays a prompt; when interruptible, a digit in `escapeDigits` skips the rest. */
const playNode = z.strictObject({
  type: z.literal('play'),
  prompt: promptSchema,
  interruptible: z.boolean().default(false),
  escapeDigits: z
    .string()
    .regex(/^[0-9*#]*$/)
    .default('0123456789*#'),
  next: nodeRef,
  ui,
});

/** A DTMF menu with invalid-entry and timeout retries. */
const menuNode = z.strictObject({
  type: z.literal('menu'),
  prompt: promptSchema,
  options: z.record(menuDigit, nodeRef),
  timeoutS,
  /** Re-prompts allowed after the first attempt. */
  maxRetries: retries,
  /** `shared`: invalid entries and timeouts use one budget; `separate`: each has `maxRetries`. */
  retryCounting: z.enum(['shared', 'separate']).default('shared'),
  invalidPrompt: promptSchema.optional(),
  timeoutPrompt: promptSchema.optional(),
  onExhausted: nodeRef,
  ui,
});

/** How collected digits are checked. */
const collectValidation = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('numeric') }),
  z.strictObject({ kind: z.literal('luhn') }),
  z.strictObject({ kind: z.literal('regex'), pattern: z.string().min(1).max(200) }),
]);

/** Collects several digits into a variable. */
const collectNode = z.strictObject({
  type: z.literal('collect'),
  prompt: promptSchema,
  minLength: z.number().int().min(0).max(64).default(1),
  maxLength: z.number().int().min(1).max(64),
  /** Asterisk's GET DATA always ends input on `#`; written here so the flow says so. */
  terminator: z.literal('#').default('#'),
  timeoutS,
  validation: collectValidation.optional(),
  into: variable,
  maxRetries: z.number().int().min(0).max(10).default(0),
  invalidPrompt: promptSchema.optional(),
  next: nodeRef,
  onInvalid: nodeRef,
  ui,
});

/** First condition that holds wins; else `default`. */
const branchNode = z.strictObject({
  type: z.literal('branch'),
  conditions: z.array(z.strictObject({ when: z.string(), next: nodeRef })).min(1),
  default: nodeRef,
  ui,
});

/** Sets a variable from an expression or a template; `channel` also sets it on the Asterisk channel. */
const setNode = z.strictObject({
  type: z.literal('set'),
  variable,
  expression: z.string().optional(),
  template: z.string().optional(),
  channel: z.boolean().default(false),
  next: nodeRef,
  ui,
});

/** An HTTP self-service lookup whose JSON answer fills variables. */
const lookupNode = z.strictObject({
  type: z.literal('lookup'),
  method: z.enum(['GET', 'POST']).default('GET'),
  url: z.string().min(1).max(2000),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), z.string().max(2000)).default({}),
  /** POST body: a JSON object of rendered templates. */
  body: z.record(z.string(), z.string().max(2000)).optional(),
  timeoutMs: z.number().int().min(100).max(30_000).default(3000),
  /** Variable -> JSON path in the response. */
  results: z.record(z.string(), z.string()).default({}),
  /** Result variables that may be absent without taking the error branch. */
  optional: z.array(z.string()).default([]),
  next: nodeRef,
  onError: nodeRef,
  ui,
});

/** Speaks a value: digits, a number, a date, or text through the flow's TTS engine. */
const sayNode = z.strictObject({
  type: z.literal('say'),
  kind: z.enum(['digits', 'number', 'date', 'tts']),
  value: z.string().min(1).max(2000),
  next: nodeRef,
  /** Taken when the value cannot be spoken (e.g. not a number); defaults to `next`. */
  onError: nodeRef.optional(),
  ui,
});

/** Branches on the period of a schedule (IVR-2). Missing periods fall back to `rest`. */
const scheduleNode = z.strictObject({
  type: z.literal('schedule'),
  scheduleId: z.string().min(1).max(64),
  periods: z.strictObject({
    open: nodeRef,
    'half-rest': nodeRef.optional(),
    rest: nodeRef,
    holiday: nodeRef.optional(),
  }),
  ui,
});

/** Checks the caller against the business line's lists (IVR-3). */
const firewallNode = z.strictObject({
  type: z.literal('firewall'),
  /** `reject`: play `rejectPrompt` then hang up; `silent`: hang up at once. */
  onBlock: z.enum(['reject', 'silent']).default('reject'),
  rejectPrompt: promptSchema.optional(),
  next: nodeRef,
  ui,
});

/** Lets the caller pick a language (IVR-7). */
const languageNode = z.strictObject({
  type: z.literal('language'),
  prompt: promptSchema,
  options: z.record(menuDigit, language),
  timeoutS,
  maxRetries: retries,
  invalidPrompt: promptSchema.optional(),
  timeoutPrompt: promptSchema.optional(),
  next: nodeRef,
  ui,
});

/** Records a message into a mailbox (IVR-4). */
const voicemailNode = z.strictObject({
  type: z.literal('voicemail'),
  mailboxId: z.string().min(1).max(64),
  greeting: promptSchema.optional(),
  maxSeconds: z.number().int().min(5).max(600).default(120),
  silenceS: z.number().int().min(1).max(30).default(5),
  beep: z.boolean().default(true),
  askCallback: z.boolean().default(false),
  callbackPrompt: promptSchema.optional(),
  next: nodeRef,
  ui,
});

/** Terminal nodes: the call leaves the IVR. */
const queueNode = z.strictObject({
  type: z.literal('queue'),
  queueId: z.string().min(1).max(64),
  priority: z.number().int().min(0).max(100).default(0),
  skills: z.array(z.string().min(1).max(64)).default([]),
  ui,
});
const agentNode = z.strictObject({
  type: z.literal('agent'),
  agentId: z.string().min(1).max(64).optional(),
  extension: z
    .string()
    .regex(/^\d{2,10}$/)
    .optional(),
  ui,
});
const externalNode = z.strictObject({
  type: z.literal('external'),
  number: z.string().min(1).max(32),
  ui,
});
const hangupNode = z.strictObject({
  type: z.literal('hangup'),
  /** Q.850 cause code, e.g. 16 normal clearing. */
  cause: z.number().int().min(1).max(127).optional(),
  prompt: promptSchema.optional(),
  ui,
});
const gotoNode = z.strictObject({ type: z.literal('goto'), flowId: id, nodeId: id.optional(), ui });

/** Every node type, discriminated on `type`. */
export const nodeSchema = z.discriminatedUnion('type', [
  playNode,
  menuNode,
  collectNode,
  branchNode,
  setNode,
  lookupNode,
  sayNode,
  scheduleNode,
  firewallNode,
  languageNode,
  voicemailNode,
  queueNode,
  agentNode,
  externalNode,
  hangupNode,
  gotoNode,
]);

/** The node type names. */
export const NODE_TYPES = [
  'play',
  'menu',
  'collect',
  'branch',
  'set',
  'lookup',
  'say',
  'schedule',
  'firewall',
  'language',
  'voicemail',
  'queue',
  'agent',
  'external',
  'hangup',
  'goto',
] as const;

/** A node as the interpreter sees it (defaults applied). */
export type FlowNode = z.infer<typeof nodeSchema>;

/** One node type. */
export type NodeType = FlowNode['type'];

/** The node of type `T`. */
export type NodeOf<T extends NodeType> = Extract<FlowNode, { type: T }>;

/** Most nodes one flow may hold (a 100-level tree with its prompts fits easily). */
export const MAX_NODES = 5000;

/** The flow document around its nodes. */
export const flowEnvelopeSchema = z.strictObject({
  schemaVersion: z.literal(FLOW_SCHEMA_VERSION),
  id,
  name: z.string().min(1).max(120),
  description: z.string().max(2000).optional(),
  /** Default prompt language; callers start in it. */
  language: language.default('en'),
  /** Languages the prompts may use; defaults to `[language]`. */
  languages: z.array(language).min(1).optional(),
  /** TTS engine for `say` nodes of kind `tts`, as configured on the Asterisk side (IVR-6). */
  ttsEngine: z.string().min(1).max(64).optional(),
  start: nodeRef,
  nodes: z
    .record(z.string(), z.unknown())
    .refine(
      (nodes) => Object.keys(nodes).length <= MAX_NODES,
      `a flow has at most ${MAX_NODES} nodes`,
    ),
});

/** A complete, parsed flow. */
export interface Flow extends Omit<z.infer<typeof flowEnvelopeSchema>, 'nodes' | 'languages'> {
  readonly languages: readonly string[];
  readonly nodes: Readonly<Record<string, FlowNode>>;
}

/** A node as authored (before defaults). */
export type NodeInput = z.input<typeof nodeSchema>;

/** A flow as authored (before defaults), e.g. JSON from the editor. */
export interface FlowDocument extends Omit<z.input<typeof flowEnvelopeSchema>, 'nodes'> {
  nodes: Record<string, NodeInput>;
}
